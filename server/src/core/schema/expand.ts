// Heartbeat and Kibana read `ssl.verification_mode: full` and `ssl: {verification_mode: full}`
// alike. Dotted keys are expanded into nested maps (guided by the schema, so free-form maps such
// as `fields` or `params` keep their keys) before validation, completion and hover.

import { Finding } from '../findings';
import { span } from '../text/span';
import { Entry, MapNode, Node } from '../tree';
import { Schema, declares, deref, itemSchema, propertySchema } from './schemas';

/** Entries made from a dotted key (or merged from one): a repeat involving them is reported here. */
const fromDotted = new WeakSet<Entry>();

export function expandDottedKeys(map: MapNode, schema: Schema, root: Schema, findings: Finding[]): MapNode {
  if (expandsToItself(map, schema, root)) {
    // The usual case, and every monitor of every analysis: no copy unless something below changes.
    let entries: Entry[] | undefined;
    map.entries.forEach((entry, i) => {
      const value = expandNode(entry.value, propertySchema(schema, entry.key, root), root, findings);
      if (value !== entry.value) (entries ??= [...map.entries])[i] = { ...entry, value };
    });
    return entries ? { kind: 'map', span: map.span, entries } : map;
  }
  const out: Entry[] = [];
  const index = new Map<string, Entry>();
  const add = (entry: Entry, split: boolean) => {
    const existing = index.get(entry.key);
    if (existing && existing.value.kind === 'map' && entry.value.kind === 'map') {
      const merged: MapNode = {
        kind: 'map',
        span: span(Math.min(existing.value.span.start, entry.value.span.start), Math.max(existing.value.span.end, entry.value.span.end)),
        entries: [...existing.value.entries, ...entry.value.entries],
      };
      existing.value = merged;
      fromDotted.add(existing);
      return;
    }
    // Repeats of plain keys were reported by the parser already.
    if (existing && (split || fromDotted.has(entry) || fromDotted.has(existing))) {
      findings.push({
        code: 'duplicate-key',
        severity: 'warning',
        message: `\`${entry.key}\` is set twice (once with a dotted key): only the last value counts.`,
        span: existing.keySpan,
        related: [{ span: entry.keySpan, message: `\`${entry.key}\` is set again here` }],
      });
    }
    const copy = { ...entry };
    if (split || fromDotted.has(entry)) fromDotted.add(copy);
    index.set(entry.key, copy);
    out.push(copy);
  };
  for (const entry of map.entries) {
    const dot = splitAt(entry.key, schema, root);
    if (dot > 0) {
      const head = entry.key.slice(0, dot);
      const rest = entry.key.slice(dot + 1);
      const restStart = entry.keySpan.end - rest.length - (entry.keySpan.end - entry.keySpan.start > entry.key.length ? 1 : 0);
      const inner: Entry = { key: rest, keySpan: span(restStart, restStart + rest.length), value: entry.value };
      fromDotted.add(inner);
      const nested: MapNode = { kind: 'map', span: span(restStart, entry.value.span.end), entries: [inner] };
      add({ key: head, keySpan: span(entry.keySpan.start, restStart - 1), value: nested }, true);
    } else add(entry, false);
  }
  for (const entry of out) entry.value = expandNode(entry.value, propertySchema(schema, entry.key, root), root, findings);
  return { kind: 'map', span: map.span, entries: out };
}

/** Where a dotted key is split (its head is a key of the schema, the whole is not), or -1. */
function splitAt(key: string, schema: Schema, root: Schema): number {
  const dot = key.indexOf('.');
  return dot > 0 && !declares(schema, key, root) && declares(schema, key.slice(0, dot), root) ? dot : -1;
}

/** No key to split, none twice, none made from a dotted key: nothing of this map to merge or report. */
function expandsToItself(map: MapNode, schema: Schema, root: Schema): boolean {
  const entries = map.entries;
  for (const entry of entries) if (fromDotted.has(entry) || splitAt(entry.key, schema, root) > 0) return false;
  // A monitor's maps are small: compared pairwise, without a set per map.
  if (entries.length > 32) return new Set(entries.map((e) => e.key)).size === entries.length;
  for (let i = 1; i < entries.length; i++) for (let j = 0; j < i; j++) if (entries[i].key === entries[j].key) return false;
  return true;
}

function expandNode(node: Node, schema: Schema | undefined, root: Schema, findings: Finding[]): Node {
  const s = deref(schema, root);
  if (!s) return node;
  if (node.kind === 'map') return expandDottedKeys(node, s, root, findings);
  if (node.kind === 'seq') {
    const items = itemSchema(s, root);
    if (!items) return node;
    const expanded = node.items.map((i) => expandNode(i, items, root, findings));
    return expanded.every((item, i) => item === node.items[i]) ? node : { ...node, items: expanded };
  }
  return node;
}
