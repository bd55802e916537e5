// The one value tree every format is converted to (YAML and JSON alike), so that schema
// validation, rules, completion and hover work on a single shape whose nodes carry spans.

import { Span } from './text/span';

export type Scalar = string | number | boolean | null;

export interface ScalarNode {
  kind: 'scalar';
  span: Span;
  value: Scalar;
  /** The scalar's text without quotes or block header: `10s` stays `10s`, `"200"` is `200`. */
  source: string;
  /** How it was written; embedded documents are only read from string styles. */
  style: ScalarStyle;
}

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded' | 'json';

export interface SeqNode {
  kind: 'seq';
  span: Span;
  items: Node[];
}

export interface Entry {
  key: string;
  keySpan: Span;
  value: Node;
}

export interface MapNode {
  kind: 'map';
  span: Span;
  entries: Entry[];
}

export type Node = ScalarNode | SeqNode | MapNode;

export function isMap(node: Node | undefined): node is MapNode {
  return node?.kind === 'map';
}

export function isSeq(node: Node | undefined): node is SeqNode {
  return node?.kind === 'seq';
}

export function isScalar(node: Node | undefined): node is ScalarNode {
  return node?.kind === 'scalar';
}

/** The last entry with this key (the one a YAML or JSON reader keeps when keys repeat). */
export function entryOf(map: MapNode, key: string): Entry | undefined {
  for (let i = map.entries.length - 1; i >= 0; i--) if (map.entries[i].key === key) return map.entries[i];
  return undefined;
}

export function get(map: MapNode, key: string): Node | undefined {
  return entryOf(map, key)?.value;
}

/** A scalar's value as a string, or undefined for anything else. */
export function stringValue(node: Node | undefined): string | undefined {
  return node?.kind === 'scalar' && node.value !== null ? String(node.value) : undefined;
}

/** Plain JavaScript value of a node, for the JSON-Schema validator; repeated keys keep the last value. */
export function toJS(node: Node): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toJS);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const e of node.entries) out[e.key] = toJS(e.value);
      return out;
    }
  }
}

/** Follows a JSON pointer's segments from a node; returns the node and, for a map member, its entry. */
export function resolvePath(root: Node, segments: string[]): { node: Node; entry?: Entry } | undefined {
  let node: Node = root;
  let entry: Entry | undefined;
  for (const segment of segments) {
    if (node.kind === 'map') {
      entry = entryOf(node, segment);
      if (!entry) return undefined;
      node = entry.value;
    } else if (node.kind === 'seq') {
      const item = node.items[Number(segment)];
      if (!item) return undefined;
      node = item;
      entry = undefined;
    } else return undefined;
  }
  return { node, entry };
}

/** The path of keys and indices to the innermost node containing the offset. */
export function pathAt(root: Node, offset: number): { path: (string | number)[]; node: Node; entry?: Entry; onKey: boolean } {
  const path: (string | number)[] = [];
  let node: Node = root;
  let entry: Entry | undefined;
  let onKey = false;
  for (;;) {
    if (node.kind === 'map') {
      const hit = node.entries.find(
        (e) => (offset >= e.keySpan.start && offset <= e.keySpan.end) || (offset >= e.value.span.start && offset <= e.value.span.end),
      );
      if (!hit) break;
      path.push(hit.key);
      entry = hit;
      if (offset >= hit.keySpan.start && offset <= hit.keySpan.end) {
        onKey = true;
        node = hit.value;
        break;
      }
      node = hit.value;
    } else if (node.kind === 'seq') {
      const index = node.items.findIndex((i) => offset >= i.span.start && offset <= i.span.end);
      if (index < 0) break;
      path.push(index);
      entry = undefined;
      node = node.items[index];
    } else break;
  }
  return { path, node, entry, onKey };
}
