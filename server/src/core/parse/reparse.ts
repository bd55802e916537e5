// Re-reads a YAML file after an edit that stays inside one block scalar (the `|` body of a
// ConfigMap data entry, where monitors are written): the scalar's entry is parsed again on its
// own and every span after it moved, instead of the whole file, whose parse is most of the time
// an edit of a large ConfigMap takes (the yaml library parses whole texts only). Anything else
// (an edit of the structure, a file with syntax errors or aliases) returns undefined, and the
// caller parses the whole text.

import { Finding } from '../findings';
import { changedRange } from '../text/changedRange';
import { Span, span } from '../text/span';
import { Entry, Node, ScalarNode } from '../tree';
import { YamlDocument, YamlParse, parseYaml } from './yamlTree';

/** The header of a block scalar entry, with no anchor or tag (which other nodes could share): `key: |`, `key: >-`. */
const BLOCK_HEADER = /^ *("[^"\n]*"|'[^'\n]*'|[^\s#"'][^\n#]*?) *: +[|>][1-9+-]{0,2} *(#[^\n]*)?$/;

/** A parse re-read in part: the entries' values it moved (new node → the node before), and by how much. */
export interface Reparse {
  parse: YamlParse;
  moved: Map<Node, Node>;
  by: number;
}

/** The parse of `text`, from `parse`, that of `before`; undefined when the change is not inside one block scalar. */
export function reparseYaml(before: string, parse: YamlParse, text: string): Reparse | undefined {
  if (parse.aliased || parse.findings.some((f) => f.severity === 'error') || text.includes('\r') || before.includes('\r')) return undefined;
  const change = changedRange(before, text);
  const moved = new Map<Node, Node>();
  if (!change) return { parse, moved, by: 0 };
  // Typing at the start of the line after a block (a new line of it) differs from the text there first.
  const lineStart = before.lastIndexOf('\n', change.start - 1) + 1;
  const typedAtLineStart = lineStart > 0 && before.slice(lineStart, change.start).trim() === '';
  const found = blockEntryAt(parse, change.start, change.end) ?? (typedAtLineStart ? blockEntryAt(parse, lineStart - 1, lineStart - 1) : undefined);
  if (!found) return undefined;
  const { doc, path, entry } = found;
  const regionStart = before.lastIndexOf('\n', entry.keySpan.start - 1) + 1;
  const bodyStart = before.indexOf('\n', entry.value.span.start) + 1;
  const header = before.slice(regionStart, bodyStart - 1);
  const indent = entry.keySpan.start - regionStart;
  if (bodyStart === 0 || change.start < bodyStart || !BLOCK_HEADER.test(header) || before.slice(regionStart, entry.keySpan.start).trim() !== '') return undefined;
  const delta = text.length - before.length;
  const oldEnd = regionEnd(before, bodyStart, indent);
  const newEnd = regionEnd(text, bodyStart, indent);
  // Everything after the entry's region is as it was (the text before it is, up to the change).
  if (newEnd !== oldEnd + delta || (change.end > oldEnd && before.slice(oldEnd) !== text.slice(newEnd))) return undefined;
  // The entry read alone must read as it did within the file, so that reading it alone is known to be reading it as the file does.
  const was = entryAlone(before.slice(regionStart, oldEnd), entry.key);
  if (!was || !sameScalar(was.value, entry.value as ScalarNode, regionStart)) return undefined;
  // A copy, not a slice: the entry's strings are kept until it is edited again, and a slice would keep this whole text with them.
  const now = entryAlone(JSON.parse(JSON.stringify(text.slice(regionStart, newEnd))) as string, entry.key);
  if (!now) return undefined;
  const value = moveNode(now.value, regionStart, new Map()) as ScalarNode;
  const at = bodyStart;
  const documents = parse.documents.map((d) => {
    if (d === doc) return { root: replaceAlong(path, 0, { ...entry, value }, at, delta, moved), span: span(d.span.start, d.span.end + delta) };
    return d.span.start > at ? { root: d.root && moveNode(d.root, delta, moved), span: moveSpan(d.span, delta) } : d;
  });
  const findings = parse.findings.map((f) => (f.span.start > at ? moveFinding(f, delta) : f));
  return { parse: { documents, findings, aliased: false }, moved, by: delta };
}


/** The nodes down to the innermost entry whose value is a block scalar holding [start, end]. */
function blockEntryAt(parse: YamlParse, start: number, end: number): { doc: YamlDocument; path: Node[]; entry: Entry } | undefined {
  const doc = parse.documents.find((d) => d.span.start <= start && end <= d.span.end);
  const path: Node[] = [];
  let node = doc?.root;
  while (node) {
    path.push(node);
    if (node.kind === 'map') {
      const entry = node.entries.find((e) => e.keySpan.start < start && end <= e.value.span.end);
      if (!entry) return undefined;
      const value = entry.value;
      if (value.kind === 'scalar') return value.style === 'literal' || value.style === 'folded' ? { doc: doc!, path, entry } : undefined;
      node = value;
    } else if (node.kind === 'seq') node = node.items.find((item) => item.span.start <= start && end <= item.span.end);
    else return undefined;
  }
  return undefined;
}

/** The end of a block entry whose key is indented `indent`: the start of the next line with content indented as much or less, or the end of the text. */
function regionEnd(text: string, bodyStart: number, indent: number): number {
  let line = bodyStart;
  while (line < text.length) {
    let column = 0;
    while (text.charCodeAt(line + column) === 32) column++;
    const c = text.charCodeAt(line + column);
    if (column <= indent && c !== 10 && !Number.isNaN(c)) return line;
    const next = text.indexOf('\n', line);
    if (next < 0) return text.length;
    line = next + 1;
  }
  return text.length;
}

/** The one entry an entry's text holds when read alone (offsets of that text), or undefined when it reads as anything else. */
function entryAlone(region: string, key: string): Entry | undefined {
  const alone = parseYaml(region);
  const root = alone.documents.length === 1 ? alone.documents[0].root : undefined;
  if (alone.findings.length || alone.aliased || root?.kind !== 'map' || root.entries.length !== 1) return undefined;
  const [entry] = root.entries;
  const value = entry.value;
  return entry.key === key && value.kind === 'scalar' && (value.style === 'literal' || value.style === 'folded') ? entry : undefined;
}

function sameScalar(alone: Node, inFile: ScalarNode, offset: number): boolean {
  return alone.kind === 'scalar' && alone.value === inFile.value && alone.style === inFile.style && alone.span.start + offset === inFile.span.start && alone.span.end + offset === inFile.span.end;
}

/** A copy of the nodes along `path` with the edited entry replaced: the spans holding the change grow by `delta`, those after it move. */
function replaceAlong(path: Node[], depth: number, edited: Entry, at: number, delta: number, moved: Map<Node, Node>): Node {
  const node = path[depth];
  const grown = span(node.span.start, node.span.end + delta);
  const inner = (child: Node) => (depth + 1 < path.length && child === path[depth + 1] ? replaceAlong(path, depth + 1, edited, at, delta, moved) : undefined);
  if (node.kind === 'map') {
    return {
      kind: 'map',
      span: grown,
      entries: node.entries.map((e) => {
        if (e.keySpan.start > at) return moveEntry(e, delta, moved);
        if (e.value.span.end < at) return e;
        if (depth + 1 === path.length) return edited;
        return { ...e, value: inner(e.value) ?? e.value };
      }),
    };
  }
  if (node.kind === 'seq') return { kind: 'seq', span: grown, items: node.items.map((item) => (item.span.start > at ? moveNode(item, delta, moved) : (inner(item) ?? item))) };
  return node;
}

function moveEntry(entry: Entry, delta: number, moved: Map<Node, Node>): Entry {
  const value = moveNode(entry.value, delta, moved);
  if (value.kind === 'scalar') moved.set(value, entry.value);
  return { key: entry.key, keySpan: moveSpan(entry.keySpan, delta), value };
}

function moveNode(node: Node, delta: number, moved: Map<Node, Node>): Node {
  switch (node.kind) {
    case 'scalar':
      return { ...node, span: moveSpan(node.span, delta) };
    case 'seq':
      return { kind: 'seq', span: moveSpan(node.span, delta), items: node.items.map((item) => moveNode(item, delta, moved)) };
    case 'map':
      return { kind: 'map', span: moveSpan(node.span, delta), entries: node.entries.map((e) => moveEntry(e, delta, moved)) };
  }
}

export function moveSpan(s: Span, delta: number): Span {
  return span(s.start + delta, s.end + delta);
}

export function moveFinding(f: Finding, delta: number): Finding {
  return {
    ...f,
    span: moveSpan(f.span, delta),
    related: f.related?.map((r) => (r.file ? r : { ...r, span: moveSpan(r.span, delta) })),
    fixes: f.fixes?.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, span: moveSpan(e.span, delta) })) })),
  };
}
