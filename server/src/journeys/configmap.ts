// Writes browser-config entries (`<id>.json: |` literal blocks of pretty JSON) into a ConfigMap
// file, and finds them again. Pure: text in, text and edits out.
//
// The file is read with yaml's Document API (`parseAllDocuments`) to find the ConfigMaps, their
// `data` and each entry's key, but it is edited as text, one entry's lines at a time: every byte
// outside the entries written stays as it was. `doc.toString()` would re-print the whole file —
// indentation normalised to its `indent` option, comment spacing, quoting, long plain scalars
// folded at `lineWidth` — so a reviewer would see changes to entries nobody touched.

import { Document, Pair, ParsedNode, YAMLMap, isMap, isScalar, parseAllDocuments } from 'yaml';
import { renderEntryJson, sameValue } from './entry';

/** The name a new ConfigMap gets, as in the design document. */
export const DEFAULT_CONFIGMAP = 'browser-journey-configs';

export class ConfigMapError extends Error {}

export interface EntryInput {
  /** The monitor id: the entry holding it (under any key) is the one updated. */
  id: string;
  /** The key of a new entry. */
  key: string;
  /** The entry's content given what the ConfigMap holds now (undefined: no entry, or not JSON). */
  build(existing: Record<string, unknown> | undefined): Record<string, unknown>;
}

export interface EntryChange {
  id: string;
  key: string;
  configMap: string;
  status: 'created' | 'updated' | 'unchanged';
}

/** A replacement in the original text (offsets in UTF-16 code units). */
export interface TextChange {
  start: number;
  end: number;
  newText: string;
}

export interface UpsertResult {
  text: string;
  changes: EntryChange[];
  /** Non-overlapping, in order; empty when nothing changed. */
  edits: TextChange[];
}

/** A `*.json` data entry of a ConfigMap in the file. */
export interface EntryLocation {
  configMap: string;
  key: string;
  /** Offset of the key. */
  keyStart: number;
  /** The entry's lines: from the start of the key's line to the end of its value's last line. */
  block: { start: number; end: number };
  /** The entry's JSON, when it parses. */
  value?: Record<string, unknown>;
  /** The indentation of a literal block's content lines, if it is one. */
  contentIndent?: number;
}

interface ConfigMapDoc {
  name: string;
  doc: Document.Parsed;
  root: YAMLMap<ParsedNode, ParsedNode | null>;
  dataPair?: Pair<ParsedNode, ParsedNode | null>;
  entries: EntryLocation[];
}

/**
 * Inserts or updates one entry per input, in one pass over the file. An entry is found by its
 * JSON `id` in any ConfigMap of the file; a new one goes to the ConfigMap named `configMap`
 * (default: `browser-journey-configs`, else the file's only ConfigMap with browser entries, else
 * its only ConfigMap), created — with its file — when missing. An entry whose JSON already equals
 * what `build` returns is left byte for byte, whatever its formatting.
 */
export function upsertEntries(text: string | undefined, inputs: EntryInput[], options: { configMap?: string } = {}): UpsertResult {
  const ids = inputs.map((i) => i.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) throw new ConfigMapError(`two journeys have the id \`${twice}\`: one entry cannot hold both`);
  const original = text ?? '';
  const eol = original.includes('\r\n') ? '\r\n' : '\n';
  const configMaps = readConfigMaps(original);
  const edits: TextChange[] = [];
  const changes: EntryChange[] = [];
  const fresh: { input: EntryInput; value: Record<string, unknown> }[] = [];
  const byId = new Map<string, EntryLocation>();
  for (const cm of configMaps) for (const e of cm.entries) if (typeof e.value?.id === 'string' && !byId.has(e.value.id)) byId.set(e.value.id, e);
  const byKey = new Map(configMaps.flatMap((cm) => cm.entries.map((e) => [`${cm.name}\0${e.key}`, e] as const)));

  let target: ConfigMapDoc | undefined;
  const targetFor = () => (target ??= chooseTarget(configMaps, options.configMap));
  for (const input of inputs) {
    let existing = byId.get(input.id);
    if (!existing && configMaps.length) {
      const sameKey = byKey.get(`${targetFor()?.name ?? ''}\0${input.key}`);
      if (sameKey && sameKey.value && typeof sameKey.value.id === 'string' && sameKey.value.id !== input.id) {
        throw new ConfigMapError(`entry \`${input.key}\` of ConfigMap ${sameKey.configMap} already holds monitor \`${sameKey.value.id}\`, not \`${input.id}\``);
      }
      existing = sameKey; // named after this id but not valid JSON: rewritten
    }
    if (existing) {
      const value = input.build(existing.value);
      if (existing.value && sameValue(existing.value, value)) {
        changes.push({ id: input.id, key: existing.key, configMap: existing.configMap, status: 'unchanged' });
        continue;
      }
      edits.push({ start: existing.block.start, end: existing.block.end, newText: rewriteBlock(original, existing, value, eol) });
      changes.push({ id: input.id, key: existing.key, configMap: existing.configMap, status: 'updated' });
    } else {
      fresh.push({ input, value: input.build(undefined) });
    }
  }
  if (fresh.length) {
    const cm = configMaps.length ? targetFor() : undefined;
    const name = cm?.name ?? options.configMap ?? DEFAULT_CONFIGMAP;
    edits.push(insertion(original, cm, fresh, name, eol));
    for (const f of fresh) changes.push({ id: f.input.id, key: f.input.key, configMap: name, status: 'created' });
  }
  edits.sort((a, b) => a.start - b.start || a.end - b.end);
  return { text: applyEdits(original, edits), changes, edits };
}

/** Every `*.json` entry of every ConfigMap in the file (for the consistency check). */
export function findEntries(text: string): EntryLocation[] {
  return readConfigMaps(text).flatMap((cm) => cm.entries);
}

/**
 * The lines of the mapping entry whose key starts at `keyStart`: its key's line and every
 * following line indented deeper (blank lines inside included, trailing ones not).
 */
export function entryBlock(text: string, keyStart: number): { start: number; end: number } {
  const start = text.lastIndexOf('\n', keyStart - 1) + 1;
  const keyIndent = keyStart - start;
  let pos = lineEnd(text, keyStart);
  let end = pos;
  while (pos < text.length) {
    const next = lineEnd(text, pos);
    const line = text.slice(pos, next).replace(/\r?\n$/, '');
    if (line.trim() !== '') {
      if (indentOf(line) <= keyIndent) break;
      end = next;
    }
    pos = next;
  }
  return { start, end };
}

/** The text of an entry: `<key>: |` and the JSON's lines, each indented by `contentIndent`. */
export function renderBlock(keyText: string, keyIndent: number, contentIndent: number, value: Record<string, unknown>, eol = '\n'): string {
  const pad = ' '.repeat(contentIndent);
  const lines = renderEntryJson(value).split('\n');
  return `${' '.repeat(keyIndent)}${keyText}: |${eol}${lines.map((l) => pad + l).join(eol)}${eol}`;
}

/** The block replacing an existing entry: its key written as it was, its content at its own indentation. */
export function rewriteBlock(text: string, entry: EntryLocation, value: Record<string, unknown>, eol = '\n'): string {
  const keyIndent = entry.keyStart - entry.block.start;
  const keyText = keyTextAt(text, entry.keyStart);
  const contentIndent = entry.contentIndent && entry.contentIndent > keyIndent ? entry.contentIndent : keyIndent + 2;
  return renderBlock(keyText, keyIndent, contentIndent, value, eol);
}

// ---------------------------------------------------------------------------------------------

function readConfigMaps(text: string): ConfigMapDoc[] {
  if (!text.trim()) return [];
  const docs = parseAllDocuments(text);
  const found: ConfigMapDoc[] = [];
  for (const doc of Array.isArray(docs) ? docs : []) {
    // Text edits need exact places: a file that does not parse is not edited at all.
    const error = doc.errors[0];
    if (error) throw new ConfigMapError(`the file is not valid YAML${error.linePos ? ` (line ${error.linePos[0].line})` : ''}: ${error.message.split('\n')[0]}; fix it first`);
    const root = doc.contents;
    if (!isMap(root)) continue;
    if (doc.get('kind') !== 'ConfigMap') continue;
    const metadataName: unknown = doc.getIn(['metadata', 'name']);
    const name = typeof metadataName === 'string' ? metadataName : 'ConfigMap';
    const dataPair = root.items.find((p) => isScalar(p.key) && p.key.value === 'data');
    const entries: EntryLocation[] = [];
    const data = dataPair?.value;
    if (isMap(data) && !data.flow) {
      for (const pair of data.items) {
        if (!isScalar(pair.key) || typeof pair.key.value !== 'string' || !/\.json$/.test(pair.key.value) || !pair.key.range) continue;
        const keyStart = pair.key.range[0];
        const raw = isScalar(pair.value) && typeof pair.value.value === 'string' ? pair.value.value : undefined;
        let value: Record<string, unknown> | undefined;
        try {
          const parsed: unknown = raw === undefined ? undefined : JSON.parse(raw);
          if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) value = parsed as Record<string, unknown>;
        } catch {
          value = undefined;
        }
        const block = entryBlock(text, keyStart);
        const literal = isScalar(pair.value) && (pair.value.type === 'BLOCK_LITERAL' || pair.value.type === 'BLOCK_FOLDED');
        const firstContent = literal ? firstContentIndent(text, lineEnd(text, keyStart), block.end) : undefined;
        entries.push({ configMap: name, key: pair.key.value, keyStart, block, value, contentIndent: firstContent });
      }
    }
    found.push({ name, doc, root, dataPair, entries });
  }
  return found;
}

function chooseTarget(configMaps: ConfigMapDoc[], wanted: string | undefined): ConfigMapDoc | undefined {
  if (wanted) {
    const named = configMaps.find((c) => c.name === wanted);
    if (!named && configMaps.length) throw new ConfigMapError(`no ConfigMap named ${wanted} in the file (it holds ${configMaps.map((c) => c.name).join(', ')})`);
    return named;
  }
  const named = configMaps.find((c) => c.name === DEFAULT_CONFIGMAP);
  if (named) return named;
  const withEntries = configMaps.filter((c) => c.entries.length);
  if (withEntries.length === 1) return withEntries[0];
  if (configMaps.length === 1) return configMaps[0];
  if (!configMaps.length) return undefined;
  throw new ConfigMapError(`the file holds several ConfigMaps (${configMaps.map((c) => c.name).join(', ')}): name the one to write to`);
}

/** Where and how new entries go: after the target's last data entry, or a new `data:`, or a new ConfigMap. */
function insertion(text: string, cm: ConfigMapDoc | undefined, fresh: { input: EntryInput; value: Record<string, unknown> }[], name: string, eol: string): TextChange {
  if (!cm) {
    // A new ConfigMap: a file of its own, or a document appended to a file holding other things.
    const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${name}`, '  labels:', '    managed-by: gitops', '    component: synthetic-monitor', '    monitor-type: browser', 'data:'];
    const blocks = fresh.map((f) => renderBlock(keyText(f.input.key), 2, 4, f.value, eol));
    const body = lines.join(eol) + eol + blocks.join(eol);
    if (!text.trim()) return { start: 0, end: text.length, newText: body };
    const lead = text.endsWith('\n') ? '' : eol;
    const separator = /(^|\n)---\s*$/.test(text.trimEnd()) ? '' : `---${eol}`;
    return { start: text.length, end: text.length, newText: `${lead}${separator}${body}` };
  }
  const unit = indentUnit(text, cm);
  const data = cm.dataPair?.value;
  const last = isMap(data) && data.items.length ? data.items[data.items.length - 1] : undefined;
  if (isMap(data) && !data.flow && last?.key && (last.key as ParsedNode).range) {
    const firstKey = (data.items[0].key as ParsedNode).range![0];
    const keyIndent = firstKey - (text.lastIndexOf('\n', firstKey - 1) + 1);
    const contentIndent = cm.entries.find((e) => e.contentIndent)?.contentIndent ?? keyIndent + unit;
    const at = entryBlock(text, (last.key as ParsedNode).range![0]).end;
    const blank = blankBetweenEntries(text, data) ? eol : '';
    const lead = at === text.length && !text.endsWith('\n') ? eol : '';
    return { start: at, end: at, newText: lead + fresh.map((f) => blank + renderBlock(keyText(f.input.key), keyIndent, contentIndent, f.value, eol)).join('') };
  }
  if (isMap(data) && data.items.length) throw new ConfigMapError(`\`data\` of ConfigMap ${cm.name} is written in flow style ({…}): write it as a block mapping to add entries`);
  const topIndent = (cm.root.items[0]?.key as ParsedNode | undefined)?.range ? indentAt(text, (cm.root.items[0].key as ParsedNode).range![0]) : 0;
  const blocks = fresh.map((f) => renderBlock(keyText(f.input.key), topIndent + unit, topIndent + 2 * unit, f.value, eol)).join('');
  const dataLine = `${' '.repeat(topIndent)}data:${eol}`;
  if (cm.dataPair?.key && (cm.dataPair.key as ParsedNode).range) {
    // `data:` empty, `~`, `null` or `{}`: the line is written anew, with the entries under it.
    const block = entryBlock(text, (cm.dataPair.key as ParsedNode).range![0]);
    const lineOnly = { start: block.start, end: lineEnd(text, (cm.dataPair.key as ParsedNode).range![0]) };
    return { start: lineOnly.start, end: lineOnly.end, newText: dataLine + blocks };
  }
  const lastTop = cm.root.items[cm.root.items.length - 1];
  const at = entryBlock(text, (lastTop.key as ParsedNode).range![0]).end;
  const lead = at === text.length && !text.endsWith('\n') ? eol : '';
  return { start: at, end: at, newText: lead + dataLine + blocks };
}

/** How far the ConfigMap indents a nested mapping (its `metadata:` children), 2 when unknown. */
function indentUnit(text: string, cm: ConfigMapDoc): number {
  for (const pair of cm.root.items) {
    const value = pair.value;
    if (isMap(value) && !value.flow && value.items[0]?.key && (value.items[0].key as ParsedNode).range && (pair.key as ParsedNode).range) {
      const unit = indentAt(text, (value.items[0].key as ParsedNode).range![0]) - indentAt(text, (pair.key as ParsedNode).range![0]);
      if (unit > 0) return unit;
    }
  }
  return 2;
}

function blankBetweenEntries(text: string, data: YAMLMap<ParsedNode, ParsedNode | null>): boolean {
  if (data.items.length < 2) {
    // One entry: a blank line after a block of several lines reads better, as in the design document.
    const only = data.items[0]?.key as ParsedNode | undefined;
    if (!only?.range) return false;
    const block = entryBlock(text, only.range[0]);
    return text.slice(block.start, block.end).split('\n').length > 3;
  }
  for (let i = 1; i < data.items.length; i++) {
    const previous = (data.items[i - 1].key as ParsedNode).range;
    const next = (data.items[i].key as ParsedNode).range;
    if (previous && next && /\n[ \t]*\r?\n/.test(text.slice(entryBlock(text, previous[0]).end - 1, next[0]))) return true;
  }
  return false;
}

function keyText(key: string): string {
  return /^[A-Za-z0-9_][-._A-Za-z0-9]*$/.test(key) ? key : JSON.stringify(key);
}

/** An existing key as written (plain or quoted), up to the colon. */
function keyTextAt(text: string, keyStart: number): string {
  const quote = text[keyStart];
  if (quote === '"' || quote === "'") {
    const close = text.indexOf(quote, keyStart + 1);
    return text.slice(keyStart, close + 1);
  }
  const colon = text.slice(keyStart, lineEnd(text, keyStart)).search(/:(\s|$)/);
  return text.slice(keyStart, keyStart + colon).trimEnd();
}

function firstContentIndent(text: string, from: number, to: number): number | undefined {
  for (const line of text.slice(from, to).split('\n')) if (line.trim()) return indentOf(line);
  return undefined;
}

function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function indentAt(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

export function applyEdits(text: string, edits: TextChange[]): string {
  let out = '';
  let at = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    out += text.slice(at, edit.start) + edit.newText;
    at = edit.end;
  }
  return out + text.slice(at);
}
