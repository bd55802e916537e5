// Carries out a plan through the project API: the replaces' deletes first, then creates and
// updates in batches (at most 250 monitors and about 50 MB a request, as the agent sends them),
// then — only when asked, and only if every write succeeded — deletes of this project's monitors
// that git no longer has. Nothing is deleted while the plan withholds it (Plan.blockers).

import { BulkUpdateResponse, FailedMonitor, ProjectMonitor } from '../core/kibana/types';
import { Plan, PlanItem } from '../core/kibana/plan';

/** What the push needs of a Kibana client. */
export interface ProjectApi {
  bulkUpdate(project: string, monitors: ProjectMonitor[]): Promise<BulkUpdateResponse>;
  bulkDelete(project: string, journeyIds: string[]): Promise<string[]>;
}

export interface PushResult {
  created: string[];
  updated: string[];
  deleted: string[];
  /** Each refused monitor with Kibana's reason (the item carries file and span). */
  failed: { item?: PlanItem; failure: FailedMonitor }[];
  /** Monitors not sent because of our own errors on them (PlanItem.errors). */
  notPushed: PlanItem[];
  /** Deletes not carried out because a write failed (a re-run after the fix does them). */
  deletesSkipped: boolean;
  /** Deletes and replaces not carried out while an input may hide monitors (a re-run after the fix does them). */
  withheld: PlanItem[];
}

const MAX_BATCH = 250;
const MAX_BATCH_BYTES = 50_000 * 1024;

export async function pushPlan(plan: Plan, api: ProjectApi, options: { prune: boolean }): Promise<PushResult> {
  const result: PushResult = { created: [], updated: [], deleted: [], failed: [], notPushed: [], deletesSkipped: false, withheld: [] };
  // Monitors the plan already knows Kibana would refuse, or that have errors, are not sent.
  for (const item of plan.items) {
    if (item.action !== 'invalid') continue;
    if (item.errors) result.notPushed.push(item);
    for (const failure of item.failures) result.failed.push({ item, failure });
  }
  result.withheld = plan.items.filter((i) => i.withheld && (i.action === 'replace' || options.prune));
  const replaces = plan.items.filter((i) => i.action === 'replace' && !i.withheld);
  // Kibana refuses a type change: the old monitor goes first, and the new one is then created.
  if (replaces.length) result.deleted.push(...(await api.bulkDelete(plan.project, replaces.map((i) => i.id))));
  const byId = new Map(plan.items.filter((i) => i.desired).map((i) => [i.id, i]));
  const writes = plan.items.filter((i) => i.action === 'create' || i.action === 'update' || (i.action === 'replace' && !i.withheld)).map((i) => i.desired!.payload);
  for (const batch of batches(writes)) {
    const response = await api.bulkUpdate(plan.project, batch);
    result.created.push(...response.createdMonitors);
    result.updated.push(...response.updatedMonitors);
    for (const failure of response.failedMonitors) result.failed.push({ item: failedItem(failure, batch, byId), failure });
  }
  const deletes = options.prune ? plan.items.filter((i) => i.action === 'delete' && !i.withheld).map((i) => i.id) : [];
  if (deletes.length && (result.failed.length || result.notPushed.length)) {
    result.deletesSkipped = true;
    return result;
  }
  for (let i = 0; i < deletes.length; i += MAX_BATCH) result.deleted.push(...(await api.bulkDelete(plan.project, deletes.slice(i, i + MAX_BATCH))));
  return result;
}

/**
 * The plan item a failure is about. Kibana leaves `id` out of several failures (a type change, a
 * failed create or update: `project_monitor_formatter.ts`), but echoes the monitor as `payload` —
 * as sent (`id`), or as saved (`journey_id`, under `attributes` for a saved object); failing all
 * that, a batch of one monitor has one candidate.
 */
function failedItem(failure: FailedMonitor, batch: ProjectMonitor[], byId: Map<string, PlanItem>): PlanItem | undefined {
  const payload = failure.payload as Record<string, unknown> | undefined;
  const echoed = payload && typeof payload === 'object' ? (payload.id ?? payload.journey_id ?? (payload.attributes as Record<string, unknown> | undefined)?.journey_id) : undefined;
  const id = failure.id ?? (typeof echoed === 'string' ? echoed : batch.length === 1 ? batch[0].id : undefined);
  return id === undefined ? undefined : byId.get(id);
}

/** Splits monitors into requests of at most MAX_BATCH monitors and MAX_BATCH_BYTES of JSON. */
export function batches(monitors: ProjectMonitor[]): ProjectMonitor[][] {
  const out: ProjectMonitor[][] = [];
  let current: ProjectMonitor[] = [];
  let bytes = 0;
  for (const monitor of monitors) {
    const size = Buffer.byteLength(JSON.stringify(monitor));
    if (current.length && (current.length >= MAX_BATCH || bytes + size > MAX_BATCH_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(monitor);
    bytes += size;
  }
  if (current.length) out.push(current);
  return out;
}
