// The plan: what a push would do, field by field. Both sides are compared as Kibana stores them:
// the desired monitors go through Kibana's own normalisation (normalise.ts), the actual ones are
// the stored configurations read back, so an unchanged monitor shows no difference.

import { Span } from '../text/span';
import type { Adoption } from './adopt';
import { DesiredMonitor } from './desired';
import { SECRET_KEYS } from './defaults';
import { normaliseProjectMonitor } from './normalise';
import { FailedMonitor, KibanaLocation, StoredMonitor } from './types';

export type Action = 'create' | 'update' | 'delete' | 'unchanged' | 'invalid';

export interface FieldChange {
  /** Kibana's (dotted) key. */
  field: string;
  before?: unknown;
  after?: unknown;
  /** A secret field (§5.11): values are never shown. */
  secret: boolean;
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
  summary: Record<Action, number> & { editedOutsideGit: number };
  /** UI-made monitors the desired ones adopt (their `adopts` key), as read from Kibana (adopt.ts). */
  adoptions?: Adoption[];
}

/** Keys Kibana manages itself, or that follow from others: never a difference worth showing. */
const IGNORED = new Set(['config_id', 'revision', 'created_at', 'updated_at', 'hash', 'id', 'custom_heartbeat_id', 'spaceId', 'spaces', 'original_space', '__ui']);
const JSON_STRINGS = new Set(['params', 'playwright_options']);
const SECRETS = new Set<string>(SECRET_KEYS);

/**
 * @param secretsRead whether Kibana's copy of a journey was read with its secret fields (the
 *   monitor list leaves them out, §5.11); by default every copy is taken as complete.
 */
export function planChanges(desired: DesiredMonitor[], actual: StoredMonitor[], ctx: PlanContext, secretsRead: (journeyId: string) => boolean = () => true): Plan {
  const stored = new Map(actual.map((m) => [String(m.journey_id), m]));
  const counts = new Map<string, number>();
  for (const d of desired) counts.set(d.payload.id, (counts.get(d.payload.id) ?? 0) + 1);
  const items: PlanItem[] = [];
  for (const d of desired) {
    const base = { id: d.payload.id, name: d.payload.name, type: String(d.payload.type ?? 'browser'), file: d.file, span: d.span, desired: d, changes: [], editedOutsideGit: false, failures: [] };
    if ((counts.get(d.payload.id) ?? 0) > 1) {
      items.push({ ...base, action: 'invalid', failures: [{ id: d.payload.id, reason: 'Duplicate monitor id', details: `\`${d.payload.id}\` is the id of ${counts.get(d.payload.id)} monitors; ids must be unique in a project.` }] });
      continue;
    }
    const predicted = normaliseProjectMonitor(d.payload, ctx);
    if (!predicted.ok) {
      items.push({ ...base, action: 'invalid', failures: predicted.failures });
      continue;
    }
    const current = stored.get(d.payload.id);
    if (!current) {
      items.push({ ...base, action: 'create', changes: diff({}, predicted.attributes), after: predicted.attributes });
      continue;
    }
    // An equal hash vouches for the secrets: Kibana holds exactly what we would send.
    const secretsEqual = current.hash !== '' && current.hash === d.payload.hash;
    const secretsUnknown = !secretsEqual && !secretsRead(d.payload.id);
    const before = secretsEqual || secretsUnknown ? { ...current, ...pick(predicted.attributes, (f) => SECRETS.has(f)) } : current;
    const changes = diff(before, predicted.attributes);
    const editedOutsideGit = current.hash === '';
    const action = changes.length || editedOutsideGit || secretsUnknown ? 'update' : 'unchanged';
    items.push({ ...base, action, changes, editedOutsideGit, secretsUnknown, before, after: predicted.attributes });
  }
  const wanted = new Set(desired.map((d) => d.payload.id));
  for (const [id, current] of stored) {
    if (wanted.has(id)) continue;
    items.push({ action: 'delete', id, name: current.name as string, type: current.type as string, changes: [], editedOutsideGit: current.hash === '', failures: [], before: current });
  }
  const summary = { create: 0, update: 0, delete: 0, unchanged: 0, invalid: 0, editedOutsideGit: 0 };
  for (const item of items) {
    summary[item.action]++;
    if (item.editedOutsideGit) summary.editedOutsideGit++;
  }
  return { ...ctx, items, summary, existing: actual.length };
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
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
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
