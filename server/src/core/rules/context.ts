// What a monitor rule sees: one monitor (keys already expanded), its format and target, and a
// sink for findings. Rules report in the monitor document's own offsets.

import { Settings, Target } from '../../protocol/settings';
import { Finding, Fix } from '../findings';
import { MonitorType } from '../schema/schemas';
import { memoised } from '../text/memo';
import { Span } from '../text/span';
import { Entry, MapNode, Node, entryOf, resolvePath } from '../tree';

export interface MonitorContext {
  monitor: MapNode;
  type: MonitorType;
  /** `journey`: a journey's `monitor.use({...})` options (camelCase keys, id and name derived from the journey). */
  format: 'heartbeat' | 'browser-json' | 'journey';
  target: Target;
  settings: Settings;
  /** The monitor document's text: rules read indentation from it for their fixes. */
  text: string;
  /** A name to derive ids from: the ConfigMap data key without extension, if any. */
  entryName?: string;
  report(finding: Finding): void;
}

export type MonitorRule = (ctx: MonitorContext) => void;

/** A `${...}` reference: a Kibana param, an environment variable or autodiscover's `${data.*}`, replaced before the value is read. */
export const PLACEHOLDER = /\$\{[^}]*\}/;

/** The entry at a dotted path in the expanded monitor (`check.response.status`). */
export function entryAt(monitor: MapNode, path: string): Entry | undefined {
  const { parents, last } = splitPath(path);
  const parent = parents.length ? resolvePath(monitor, parents)?.node : monitor;
  return parent?.kind === 'map' ? entryOf(parent, last) : undefined;
}

/** A path's keys down to the last, and the last: the rules ask every monitor for the same few paths. */
const splitPath = memoised((path: string) => {
  const parts = path.split('.');
  return { parents: parts.slice(0, -1), last: parts[parts.length - 1] };
});

export function nodeAt(monitor: MapNode, path: string): Node | undefined {
  return entryAt(monitor, path)?.value;
}

/** A list's items, or the single value as a one-item list (YAML lets either stand for a list). */
export function itemsOf(node: Node | undefined): Node[] {
  if (!node) return [];
  if (node.kind === 'seq') return node.items;
  return node.kind === 'scalar' && node.value === null ? [] : [node];
}

/** Where to report something missing from a monitor: its first key. */
export function monitorAnchor(monitor: MapNode): Span {
  return monitor.entries[0]?.keySpan ?? monitor.span;
}

/** A fix that adds `key: value` as the monitor's first key, indented like its other keys. */
export function insertKeyFix(ctx: MonitorContext, key: string, value: string): Fix | undefined {
  const first = ctx.monitor.entries[0];
  if (!first) return undefined;
  const column = first.keySpan.start - (ctx.text.lastIndexOf('\n', first.keySpan.start - 1) + 1);
  const line = ctx.format === 'browser-json' ? `"${key}": ${JSON.stringify(value)},` : `${key}: ${JSON.stringify(value)}`;
  return {
    title: `Add \`${key}: ${value}\``,
    edits: [{ span: { start: first.keySpan.start, end: first.keySpan.start }, newText: `${line}\n${' '.repeat(column)}` }],
    preferred: true,
  };
}
