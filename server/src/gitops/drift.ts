// One drift check: the desired monitors against the project's monitors in Kibana, cheaply. The
// project API lists every journey with its stored hash (a page per 1,000 monitors); equal hashes
// are in sync (Kibana resets the hash on any edit, §3.2), so only the monitors that differ are read
// in full, by id, to say which fields drifted.

import { Blocker, DesiredMonitor } from '../core/kibana/desired';
import { Plan, PlanItem, planChanges } from '../core/kibana/plan';
import { KibanaClient } from '../kibana/client';
import { checkTarget, locationsFor } from './prepare';
import { ProjectConfig } from './projectConfig';

export const DRIFT_KINDS = ['changed-in-git', 'edited-outside-git', 'missing-in-kibana', 'orphaned'] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

export const DRIFT_LABEL: Record<DriftKind, string> = {
  'changed-in-git': 'changed in git but not pushed',
  'edited-outside-git': 'edited outside git',
  'missing-in-kibana': 'missing in Kibana',
  orphaned: 'orphaned in Kibana',
};

export interface Drift {
  kind: DriftKind;
  /** The plan's item: id, name, file and span, and the fields that differ. */
  item: PlanItem;
}

export interface DriftReport {
  drifts: Drift[];
  counts: Record<DriftKind, number>;
  inSync: number;
  /** What a push would do to converge: the drifted monitors only (for `--correct`). */
  plan: Plan;
}

/** `blockers`: inputs that may hide monitors; the plan's deletes are withheld while there are any. */
export async function checkDrift(client: KibanaClient, desired: DesiredMonitor[], project: ProjectConfig, blockers: Blocker[] = []): Promise<DriftReport> {
  const kibanaVersion = await checkTarget(client);
  const stored = new Map((await client.projectMonitors(project.project)).map((m) => [m.journey_id, m.hash]));
  const kinds = new Map<string, DriftKind>();
  const drifted: DesiredMonitor[] = [];
  for (const d of desired) {
    const hash = stored.get(d.payload.id);
    if (hash === d.payload.hash) continue;
    kinds.set(d.payload.id, hash === undefined ? 'missing-in-kibana' : hash === '' ? 'edited-outside-git' : 'changed-in-git');
    drifted.push(d);
  }
  const wanted = new Set(desired.map((d) => d.payload.id));
  for (const id of stored.keys()) if (!wanted.has(id)) kinds.set(id, 'orphaned');
  const toRead = [...kinds].filter(([, kind]) => kind !== 'missing-in-kibana').map(([id]) => id);
  const full = toRead.length ? await client.listMonitorsOfProject(project.project, toRead) : [];
  const ctx = { project: project.project, space: project.space, kibanaVersion, locations: await locationsFor(drifted, full, undefined) };
  // The list leaves secrets out: they are not compared here (a changed hash already says the monitor drifted).
  // Planned are the drifted monitors only, but `existing` counts all the project's, as for a push.
  const plan = { ...planChanges(drifted, full, ctx, { secretsRead: () => false, blockers }), existing: stored.size };
  const counts = Object.fromEntries(DRIFT_KINDS.map((k) => [k, 0])) as Record<DriftKind, number>;
  const drifts: Drift[] = [];
  for (const item of plan.items) {
    const kind = kinds.get(item.id);
    if (!kind) continue;
    counts[kind]++;
    drifts.push({ kind, item });
  }
  // A journey Kibana listed with a hash but not in full (deleted meanwhile) still counts as orphaned.
  const planned = new Set(plan.items.map((i) => i.id));
  for (const [id, kind] of kinds) {
    if (kind !== 'orphaned' || planned.has(id)) continue;
    counts.orphaned++;
    drifts.push({ kind, item: { action: 'delete', id, changes: [], editedOutsideGit: false, failures: [] } });
  }
  return { drifts, counts, inSync: desired.length - drifted.length, plan };
}
