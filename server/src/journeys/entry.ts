// A journey's `browser-journey-configs` entry as data: the fields the journey and its project's
// synthetics.config.ts set, the defaults for what neither does, and how they merge into the entry a
// ConfigMap (or a browser-monitor JSON file) already holds.

import { AnalysedJourney } from '../core/journeys/analyse';
import { entryOf, toJS } from '../core/tree';
import type { GenerateDefaults, GenerateProblem, GeneratedJourney } from './generated';
import { LiteralObject } from './monitorUse';
import { Refusal } from './refusal';
import { SyntheticsConfig, mergeLikePush } from './syntheticsConfig';

/** `monitor.use` keys, and the browser-config keys they become. */
const CARRIED: Record<string, string> = {
  id: 'id',
  name: 'name',
  schedule: 'schedule',
  locations: 'locations',
  privateLocations: 'private_locations',
  tags: 'tags',
  params: 'params',
  enabled: 'enabled',
  alert: 'alert',
  retestOnFailure: 'retest_on_failure',
  screenshot: 'screenshots',
  throttling: 'throttling',
  playwrightOptions: 'playwright_options',
  fields: 'labels',
  namespace: 'namespace',
};

/** The order of a new entry's keys (the seed's `example-journey.json`); other keys follow. */
export const ENTRY_KEY_ORDER = ['name', 'id', 'type', 'schedule', 'locations', 'private_locations', 'source', 'params', 'tags', 'enabled'];

/**
 * What the journey's project says for it: name, id, type, and the fields the format has of its
 * `monitor.use` and option tags, merged as push merges them over the project's settings from its
 * synthetics.config.ts (`project`, in `monitor.use` terms; syntheticsConfig.ts). The script is added by the caller.
 */
export function ownFields(
  journey: AnalysedJourney,
  config: LiteralObject | undefined,
  where: (offset: number) => GenerateProblem,
  project: Pick<SyntheticsConfig, 'monitor' | 'unread'> = { monitor: {}, unread: [] },
): { own: Record<string, unknown>; warnings: GenerateProblem[] } {
  const warnings: GenerateProblem[] = [];
  const own: Record<string, unknown> = { name: journey.name, id: journey.id, type: 'browser' };
  const journeys: Record<string, unknown> = {};
  // `journey({ name, id, tags }, …)`: its tags apply unless `monitor.use` sets others (@elastic/synthetics' Journey).
  const optionTags = journey.options && entryOf(journey.options, 'tags');
  if (optionTags?.value.kind === 'seq') journeys.tags = toJS(optionTags.value);
  for (const [key, value] of Object.entries(config?.value ?? {})) {
    if (CARRIED[key]) journeys[key] = value;
    else warnings.push({ ...where(config?.keyOffsets.get(key) ?? journey.nameSpan.start), message: `\`monitor.use\` option \`${key}\` is not carried into the entry: the browser-config format has no such field.` });
  }
  const merged = mergeLikePush(project.monitor, journeys) as Record<string, unknown>;
  for (const [key, value] of Object.entries(merged)) {
    const target = CARRIED[key];
    if (!target || value === undefined) continue;
    // The project's value unknown (a static read), and the journey's merged into it rather than replacing it: left out.
    if (project.unread.includes(key) && (!(key in journeys) || (value !== null && typeof value === 'object' && !Array.isArray(value)))) continue;
    if (key === 'schedule') {
      const at = config?.keyOffsets.get(key) ?? journey.nameSpan.start;
      const from = key in journeys ? '' : ' (the project\'s, from synthetics.config.ts)';
      if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) throw new Refusal(`\`schedule\`${from} must be a whole number of minutes, not ${JSON.stringify(value)}.`, at);
      own.schedule = { number: String(value), unit: 'm' };
    } else own[target] = value;
  }
  return { own, warnings };
}

/** The project-wide values, written only where the entry has no value yet. */
export function defaultFields(d: GenerateDefaults = {}): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  defaults.schedule = { number: String(d.schedule ?? 10), unit: 'm' };
  if (d.locations?.length) defaults.locations = [...d.locations];
  if (d.privateLocations?.length) defaults.private_locations = [...d.privateLocations];
  defaults.enabled = true;
  return defaults;
}

/**
 * The entry after generating into `existing`: the journey's own fields replace the entry's, the
 * defaults fill only what the entry lacks, and every other field the entry holds (set by whoever
 * owns the ConfigMap: locations, params, alert…) stays. A new entry's keys follow ENTRY_KEY_ORDER.
 */
export function mergeEntry(existing: Record<string, unknown> | undefined, generated: GeneratedJourney): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...(existing ?? {}) };
  for (const [key, value] of Object.entries(generated.own)) merged[key] = value;
  for (const [key, value] of Object.entries(generated.defaults)) if (!(key in merged)) merged[key] = value;
  if (existing) {
    // Existing keys keep their place; new ones follow, in the usual order.
    const added = Object.keys(merged).filter((k) => !(k in existing));
    return Object.fromEntries([...Object.keys(existing), ...orderKeys(added)].map((k) => [k, merged[k]]));
  }
  return Object.fromEntries(orderKeys(Object.keys(merged)).map((k) => [k, merged[k]]));
}

function orderKeys(keys: string[]): string[] {
  const rank = (k: string) => (ENTRY_KEY_ORDER.includes(k) ? ENTRY_KEY_ORDER.indexOf(k) : ENTRY_KEY_ORDER.length);
  return [...keys].sort((a, b) => rank(a) - rank(b));
}

/** The top-level fields whose values differ between two entries (key order aside). */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => !sameValue(before[k], after[k]));
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => k in b && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/**
 * The entry's JSON as the seed writes it: two-space indentation, objects one key a line, lists of
 * plain values on one line (`["a", "b"]`), so a review sees one changed field as one changed line.
 */
export function renderEntryJson(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    if (value.every((v) => v === null || typeof v !== 'object')) return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
    const inner = indent + '  ';
    return `[\n${value.map((v) => inner + renderEntryJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (!entries.length) return '{}';
    const inner = indent + '  ';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${renderEntryJson(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The ConfigMap key of a new entry: `<id>.json`, with what a ConfigMap key cannot hold (`[-._a-zA-Z0-9]`) as `-`. */
export function entryKeyFor(id: string): string {
  const base = id.replace(/[^-._a-zA-Z0-9]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'journey';
  return `${base}.json`;
}
