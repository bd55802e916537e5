// The plan: what a push would do, field by field. Both sides are compared as Kibana stores them:
// the desired monitors go through Kibana's own normalisation (normalise.ts), the actual ones are
// the stored configurations read back, so an unchanged monitor shows no difference.

import { Span } from '../text/span';
import type { Adoption } from './adopt';
import { Blocker, DesiredMonitor, MonitorError } from './desired';
import { SECRET_KEYS } from './defaults';
import { normaliseProjectMonitor } from './normalise';
import { FailedMonitor, KibanaLocation, StoredMonitor } from './types';

/** `replace`: a type change asked for with --replace, carried out as a delete then a create. */
export type Action = 'create' | 'update' | 'replace' | 'delete' | 'unchanged' | 'invalid';

export interface FieldChange {
  /** Kibana's (dotted) key. */
  field: string;
  before?: unknown;
  after?: unknown;
  /** A secret field (§5.11): values are never shown. */
  secret: boolean;
}

/** A written field Kibana drops or rewrites, with the value it stores instead (stored form). */
export interface StoredNote {
  field: string;
  stored: unknown;
  note: string;
}

export interface PlanItem {
  action: Action;
  id: string;
  name?: string;
  type?: string;
  /** Where the monitor is defined (not for deletes). */
  file?: string;
  span?: Span;
  changes: FieldChange[];
  /** Kibana holds an edit made in its UI or API since the last push (its stored hash was reset); a push overwrites it. */
  editedOutsideGit: boolean;
  /** Why Kibana would refuse the monitor (invalid). */
  failures: FailedMonitor[];
  /** Written fields Kibana stores otherwise (create, update, unchanged). */
  notes?: StoredNote[];
  /** Our own errors on the monitor (invalid): it is not sent. */
  errors?: MonitorError[];
  /** How to get past a refusal (a type change: a new id, or --replace). */
  fix?: string;
  /** A delete (or replace) not carried out while an input may hide monitors (Plan.blockers). */
  withheld?: boolean;
  desired?: DesiredMonitor;
  /**
   * Kibana's copy was read without its secret fields and its hash is not ours: the secrets were not
   * compared (the update goes ahead for other fields; see preparePlan for how the rest is settled).
   */
  secretsUnknown?: boolean;
  /** The monitor as Kibana holds it now, and as it will after a push (stored form), for full diffs. */
  before?: StoredMonitor;
  after?: StoredMonitor;
}

export interface PlanContext {
  project: string;
  space: string;
  kibanaVersion: string;
  locations: KibanaLocation[];
}

export interface Plan extends PlanContext {
  items: PlanItem[];
  /**
   * The project's monitors Kibana listed, planned or not (invalid ones included): what a prune's
   * `--max-deletions` percentage is of.
   */
  existing: number;
  /** Inputs that may hide monitors: every delete and replace is withheld while there are any. */
  blockers: Blocker[];
  /** `withheld`: deletes and replaces withheld, also counted under their action. */
  summary: Record<Action, number> & { editedOutsideGit: number; withheld: number };
  /** UI-made monitors the desired ones adopt (their `adopts` key), as read from Kibana (adopt.ts). */
  adoptions?: Adoption[];
}

export interface PlanOptions {
  /**
   * Whether Kibana's copy of a journey was read with its secret fields (the monitor list leaves
   * them out, §5.11); by default every copy is taken as complete.
   */
  secretsRead?: (journeyId: string) => boolean;
  /** Journey ids whose type change is to be carried out as a delete and a create (--replace). */
  replace?: ReadonlySet<string>;
  blockers?: Blocker[];
}

/** Kibana's refusal of a type change, as `project_monitor_formatter.ts` words it (with no `id`: see gitops/push.ts). */
export const TYPE_CHANGE_REASON = 'Cannot update monitor to different type.';

/** Keys Kibana manages itself, or that follow from others: never a difference worth showing. */
const IGNORED = new Set(['config_id', 'revision', 'created_at', 'updated_at', 'hash', 'id', 'custom_heartbeat_id', 'spaceId', 'spaces', 'original_space', '__ui']);
const JSON_STRINGS = new Set(['params', 'playwright_options']);
const SECRETS = new Set<string>(SECRET_KEYS);

export function planChanges(desired: DesiredMonitor[], actual: StoredMonitor[], ctx: PlanContext, options: PlanOptions = {}): Plan {
  const { secretsRead = () => true, replace = new Set<string>(), blockers = [] } = options;
  const stored = new Map(actual.map((m) => [String(m.journey_id), m]));
  const counts = new Map<string, number>();
  for (const d of desired) counts.set(d.payload.id, (counts.get(d.payload.id) ?? 0) + 1);
  const items: PlanItem[] = [];
  for (const d of desired) {
    const base = { id: d.payload.id, name: d.payload.name, type: d.payload.type === undefined ? undefined : String(d.payload.type), file: d.file, span: d.span, desired: d, changes: [], editedOutsideGit: false, failures: [] };
    if (d.errors) {
      items.push({ ...base, action: 'invalid', errors: d.errors });
      continue;
    }
    if ((counts.get(d.payload.id) ?? 0) > 1) {
      items.push({ ...base, action: 'invalid', failures: [{ id: d.payload.id, reason: 'Duplicate monitor id', details: `\`${d.payload.id}\` is the id of ${counts.get(d.payload.id)} monitors; ids must be unique in a project.` }] });
      continue;
    }
    const predicted = normaliseProjectMonitor(d.payload, ctx);
    if (!predicted.ok) {
      items.push({ ...base, action: 'invalid', failures: predicted.failures });
      continue;
    }
    const notes = (d.rewrites ?? []).map((r) => ({ field: r.field, stored: predicted.attributes[r.field], note: r.what }));
    const current = stored.get(d.payload.id);
    if (!current) {
      items.push({ ...base, action: 'create', changes: diff({}, predicted.attributes), after: predicted.attributes, notes });
      continue;
    }
    if (current.type !== predicted.attributes.type) {
      // Kibana keeps a monitor's type for good: a new type is a new monitor, made only by deleting the old one.
      if (replace.has(d.payload.id)) {
        items.push({ ...base, action: 'replace', changes: diff({}, predicted.attributes), editedOutsideGit: current.hash === '', before: current, after: predicted.attributes });
        continue;
      }
      const details = `Monitor ${d.payload.id} of type ${String(current.type)} cannot be updated to type ${String(d.payload.type)}. Please delete the monitor first and try again.`;
      const fix = `give it a new id (a push with --prune then deletes the old monitor), or replace it: \`push --replace ${d.payload.id}\` deletes it from Kibana, then creates it anew.`;
      items.push({ ...base, action: 'invalid', failures: [{ id: d.payload.id, reason: TYPE_CHANGE_REASON, details }], fix, before: current });
      continue;
    }
    // An equal hash vouches for the secrets: Kibana holds exactly what we would send.
    const secretsEqual = current.hash !== '' && current.hash === d.payload.hash;
    const secretsUnknown = !secretsEqual && !secretsRead(d.payload.id);
    const before = secretsEqual || secretsUnknown ? { ...current, ...pick(predicted.attributes, (f) => SECRETS.has(f)) } : current;
    const changes = diff(before, predicted.attributes);
    const editedOutsideGit = current.hash === '';
    const action = changes.length || editedOutsideGit || secretsUnknown ? 'update' : 'unchanged';
    items.push({ ...base, action, changes, editedOutsideGit, secretsUnknown, before, after: predicted.attributes, notes });
  }
  const wanted = new Set(desired.map((d) => d.payload.id));
  for (const [id, current] of stored) {
    if (wanted.has(id)) continue;
    items.push({ action: 'delete', id, name: current.name as string, type: current.type as string, changes: [], editedOutsideGit: current.hash === '', failures: [], before: current });
  }
  const summary = { create: 0, update: 0, replace: 0, delete: 0, unchanged: 0, invalid: 0, editedOutsideGit: 0, withheld: 0 };
  for (const item of items) {
    // While an input may hide monitors, any delete may be of a monitor still in git.
    if (blockers.length && (item.action === 'delete' || item.action === 'replace')) item.withheld = true;
    summary[item.action]++;
    if (item.editedOutsideGit) summary.editedOutsideGit++;
    if (item.withheld) summary.withheld++;
  }
  return { ...ctx, items, summary, existing: actual.length, blockers };
}

function pick(monitor: StoredMonitor, keep: (field: string) => boolean): StoredMonitor {
  return Object.fromEntries(Object.entries(monitor).filter(([field]) => keep(field)));
}

/** The fields that differ between two stored forms, with empty values counting as absent (Kibana drops them). */
export function diff(before: StoredMonitor, after: StoredMonitor): FieldChange[] {
  const changes: FieldChange[] = [];
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((f) => !IGNORED.has(f)).sort();
  for (const field of fields) {
    const a = canonical(field, before[field]);
    const b = canonical(field, after[field]);
    if (a === b || JSON.stringify(a) === JSON.stringify(b)) continue;
    changes.push({ field, before: a, after: b, secret: SECRETS.has(field) });
  }
  return changes;
}

/**
 * A stored monitor as it reads in a diff: Kibana's own bookkeeping left out, values in their
 * comparable form, secrets masked, bundles elided.
 */
export function comparable(monitor: StoredMonitor): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of Object.keys(monitor).sort()) {
    if (IGNORED.has(field)) continue;
    const value = canonical(field, monitor[field]);
    if (value === undefined) continue;
    out[field] = SECRETS.has(field) ? '(secret)' : field === 'source.project.content' ? '(bundled journey)' : value;
  }
  return out;
}

/** One comparable form per value: parsed JSON strings, locations by id, scalars as strings, sorted keys. */
function canonical(field: string, value: unknown): unknown {
  if (JSON_STRINGS.has(field) && typeof value === 'string') {
    try {
      value = value === '' ? undefined : JSON.parse(value);
    } catch {
      // not JSON: compared as written
    }
  }
  if (field === 'locations' && Array.isArray(value)) value = value.map((l) => (l && typeof l === 'object' ? (l as { id: string }).id : l)).sort();
  return normalise(value);
}

function normalise(value: unknown): unknown {
  if (value === null || value === undefined || value === '') return undefined;
  if (Array.isArray(value)) return value.length ? value.map(normalise) : undefined;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => [k, normalise(v)] as const)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return typeof value === 'boolean' ? value : String(value);
}
