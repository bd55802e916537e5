// Reads YAML (one or many documents) into value trees. Duplicate keys, merge keys and aliases are
// handled here, with budgets so that alias bombs and very deep nesting cannot hang or crash us.

import * as yaml from 'yaml';
import { Finding } from '../findings';
import { readPlainYaml } from './plainYaml';
import { Span, span } from '../text/span';
import { Entry, MapNode, Node, ScalarNode, ScalarStyle } from '../tree';

export interface YamlDocument {
  /** Undefined for an empty document. */
  root: Node | undefined;
  span: Span;
}

export interface YamlParse {
  documents: YamlDocument[];
  findings: Finding[];
  /** Whether an alias (or merge key) was expanded: then a node's text may be read in more than one place. */
  aliased: boolean;
}

/** Nodes one text may produce through alias expansion before we stop expanding. */
const NODE_BUDGET = 200_000;
/** Deeper than this, nothing we read can be a monitor: the rest is left unread. */
const MAX_DEPTH = 200;

const STYLES: Record<string, ScalarStyle> = {
  PLAIN: 'plain',
  QUOTE_SINGLE: 'single',
  QUOTE_DOUBLE: 'double',
  BLOCK_LITERAL: 'literal',
  BLOCK_FOLDED: 'folded',
};

export function parseYaml(text: string): YamlParse {
  return readPlainYaml(text) ?? readWithLibrary(text);
}

/** The yaml library's reading of any YAML, converted: what readPlainYaml reads faster for the plain kind. */
export function readWithLibrary(text: string): YamlParse {
  const findings: Finding[] = [];
  let docs: yaml.Document.Parsed[];
  try {
    docs = yaml.parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false, keepSourceTokens: false }) as yaml.Document.Parsed[];
    if (!Array.isArray(docs)) docs = [];
  } catch (error) {
    // The yaml composer recurses per nesting level; pathological depth ends here, not in a crash.
    findings.push(syntaxFinding(span(0, Math.min(text.length, 1)), `YAML could not be read: ${(error as Error).message}`));
    return { documents: [], findings, aliased: false };
  }
  const converter = new Converter(findings);
  const documents: YamlDocument[] = [];
  for (const doc of docs) {
    for (const error of doc.errors) findings.push(syntaxFinding(span(error.pos[0], Math.max(error.pos[1], error.pos[0])), error.message));
    const range = doc.range ?? [0, text.length, text.length];
    documents.push({ root: doc.contents ? converter.convert(doc.contents, doc, 0) : undefined, span: span(range[0], range[2]) });
  }
  return { documents, findings, aliased: converter.aliased };
}

function syntaxFinding(at: Span, message: string): Finding {
  return { code: 'yaml-syntax', severity: 'error', message: firstLine(message), span: at, hidesMonitors: true };
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

class Converter {
  private created = 0;
  private budgetReported = false;
  private depthReported = false;
  /** The alias being expanded, outermost: where an alias bomb is reported (not deep inside what it repeats). */
  private expanding: Span | undefined;
  aliased = false;

  constructor(private readonly findings: Finding[]) {}

  convert(node: unknown, doc: yaml.Document.Parsed, depth: number): Node {
    const range = rangeOf(node);
    if (++this.created > NODE_BUDGET || depth > MAX_DEPTH) return this.overLimit(range, depth > MAX_DEPTH);
    if (yaml.isAlias(node)) {
      this.aliased = true;
      const target = node.resolve(doc);
      if (!target) return nullScalar(range);
      const outermost = this.expanding === undefined;
      if (outermost) this.expanding = range;
      try {
        return this.convert(target, doc, depth + 1);
      } finally {
        if (outermost) this.expanding = undefined;
      }
    }
    if (yaml.isScalar(node)) {
      const value = node.value;
      const scalar: ScalarNode = {
        kind: 'scalar',
        span: range,
        value: value === null || ['string', 'number', 'boolean'].includes(typeof value) ? (value as ScalarNode['value']) : String(value),
        source: node.source ?? String(value),
        style: STYLES[node.type ?? 'PLAIN'] ?? 'plain',
      };
      return scalar;
    }
    if (yaml.isSeq(node)) {
      return { kind: 'seq', span: range, items: node.items.map((item) => this.convert(item, doc, depth + 1)) };
    }
    if (yaml.isMap(node)) return this.convertMap(node, doc, depth, range);
    return nullScalar(range);
  }

  private convertMap(node: yaml.YAMLMap, doc: yaml.Document.Parsed, depth: number, range: Span): MapNode {
    const map: MapNode = { kind: 'map', span: range, entries: [] };
    const seen = new Map<string, Entry>();
    const merged: Entry[] = [];
    for (const pair of node.items) {
      const keyNode = pair.key;
      const keySpan = keyNode ? rangeOf(keyNode) : span(range.start, range.start);
      const key = yaml.isScalar(keyNode) ? String(keyNode.value) : keyNode ? String(keyNode) : '';
      const valueStart = keySpan.end;
      const value = pair.value == null ? nullScalar(span(valueStart, valueStart)) : this.convert(pair.value, doc, depth + 1);
      if (key === '<<' && (yaml.isAlias(pair.value) || yaml.isSeq(pair.value))) {
        // YAML merge key: the referenced maps' entries count unless written here too.
        for (const source of value.kind === 'seq' ? value.items : [value]) if (source.kind === 'map') merged.push(...source.entries);
        continue;
      }
      const entry: Entry = { key, keySpan, value };
      const previous = seen.get(key);
      if (previous) {
        this.findings.push({
          code: 'duplicate-key',
          severity: 'warning',
          message: `Duplicate key \`${key}\`: readers keep only the last value, so the earlier one is ignored.`,
          span: previous.keySpan,
          related: [{ span: keySpan, message: `\`${key}\` is set again here` }],
        });
      }
      seen.set(key, entry);
      map.entries.push(entry);
    }
    for (const entry of merged) if (!seen.has(entry.key)) map.entries.unshift(entry);
    return map;
  }

  private overLimit(at: Span, depth: boolean): Node {
    if (depth ? !this.depthReported : !this.budgetReported) {
      if (depth) this.depthReported = true;
      else this.budgetReported = true;
      // An error, not a warning: what is not read may hold monitors, which a prune would then delete.
      this.findings.push({
        code: 'yaml-too-large',
        severity: 'error',
        message: depth
          ? `Nesting deeper than ${MAX_DEPTH} levels is not read, so monitors below this point cannot be seen: flatten it.`
          : `Aliases expand to more than ${NODE_BUDGET} nodes (an alias bomb?); the rest is not read, so monitors in it cannot be seen: remove the aliases.`,
        span: depth ? at : (this.expanding ?? at),
        hidesMonitors: true,
      });
    }
    return nullScalar(at);
  }
}

function rangeOf(node: unknown): Span {
  const range = (node as { range?: [number, number, number] | null })?.range;
  return range ? span(range[0], range[1]) : span(0, 0);
}

function nullScalar(at: Span): ScalarNode {
  return { kind: 'scalar', span: at, value: null, source: '', style: 'plain' };
}
