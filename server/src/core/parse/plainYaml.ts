// A reader of the plain YAML that monitors (and ConfigMaps of them) are written in: block mappings
// and lists, one-line scalars (plain, or quoted without escapes), one-line flow lists of them,
// simple literal blocks, comments before the content or at the end of a line. It gives the
// tree the yaml library's reading gives (parseYaml), spans included, in a tenth of the time: the
// library is general (a lexer, a CST, a document model, then our conversion), and reading the
// entries of a large ConfigMap with it is most of what opening one costs. Anything else (anchors,
// tags, other block scalars, flow mappings, escapes, multi-line scalars, duplicate keys, several
// documents, tabs, numbers other than plain integers, anything malformed) returns undefined, and
// the library reads the text. A test holds the two readings equal over random edits of real files.

import { span } from '../text/span';
import { Entry, MapNode, Node, ScalarNode, SeqNode } from '../tree';
import type { YamlParse } from './yamlTree';

interface Line {
  /** Offset of the line's first character, of its content (after the indentation), and of its end (its line break, or the text's end). */
  start: number;
  content: number;
  end: number;
  /** A comment line: only a literal block may hold one (as its text). */
  comment: boolean;
}

/** Thrown to give up: the text is not of the plain kind this reader reads. */
class NotPlain extends Error {}

const KEY = /[A-Za-z0-9_][A-Za-z0-9_./-]*/y;
/** The core schema's values other than strings (yaml's schema/core); only plain decimal integers are read here, the rest is left to the library. */
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const SIMPLE_INT = /^-?(?:0|[1-9][0-9]{0,14})$/;
const OTHER_NUMBER = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

/** The text's reading, or undefined when it is not plain (the library reads it then). */
export function readPlainYaml(text: string): YamlParse | undefined {
  if (text.includes('\t') || text.includes('\r')) return undefined;
  try {
    return new PlainReader(text).read();
  } catch (error) {
    if (error instanceof NotPlain) return undefined;
    throw error;
  }
}

class PlainReader {
  /** The lines with content, and the comment lines after the first of them (blank lines and leading comments left out). */
  private readonly lines: Line[] = [];
  private next = 0;

  constructor(private readonly text: string) {
    for (let start = 0; start <= text.length; ) {
      const found = text.indexOf('\n', start);
      const end = found < 0 ? text.length : found;
      let content = start;
      while (content < end && text.charCodeAt(content) === 32) content++;
      const c = text[content];
      // Comment lines among the content are attached to nodes in ways not modelled here (which node's span they extend).
      if (c === '#' && this.lines.length) this.lines.push({ start, content, end, comment: true });
      if (content < end && c !== '#') {
        if (c === '%' || text.startsWith('---', content) || text.startsWith('...', content)) throw new NotPlain();
        this.lines.push({ start, content, end, comment: false });
      }
      start = end + 1;
    }
  }

  read(): YamlParse {
    if (!this.lines.length) throw new NotPlain();
    const first = this.lines[0];
    const root = this.block(first.content - first.start, first.content);
    if (this.line()) throw new NotPlain();
    return { documents: [{ root, span: span(first.start, this.text.length) }], findings: [], aliased: false };
  }

  /** A block mapping or list whose first line is the next, read from `at` (a list item's content may start mid-line). */
  private block(indent: number, at: number): MapNode | SeqNode {
    return this.text.startsWith('- ', at) ? this.list(indent, at) : this.mapping(indent, at);
  }

  private mapping(indent: number, at: number): MapNode {
    const entries: Entry[] = [];
    const keys = new Set<string>();
    let end = at;
    for (let first = true; ; first = false) {
      const line = this.line();
      if (!first && (!line || this.indentOf(line) < indent)) break;
      if (!first && this.indentOf(line) > indent) throw new NotPlain();
      const from = first ? at : line.content;
      KEY.lastIndex = from;
      if (!KEY.test(this.text)) throw new NotPlain();
      const keyEnd = KEY.lastIndex;
      const key = this.text.slice(from, keyEnd);
      const after = this.text[keyEnd + 1];
      if (this.text[keyEnd] !== ':' || (after !== ' ' && keyEnd + 1 !== line.end) || typeof plainValue(key) !== 'string' || keys.has(key)) throw new NotPlain();
      keys.add(key);
      this.next++;
      const rest = skipSpaces(this.text, keyEnd + 1);
      let value: Node;
      if (rest === line.end || this.text[rest] === '#') {
        // The value is the block below: indented more, or a list at the key's indentation.
        const below = this.line();
        const indentBelow = below ? this.indentOf(below) : -1;
        if (!below || indentBelow < indent || (indentBelow === indent && !this.text.startsWith('- ', below.content))) throw new NotPlain();
        value = this.block(indentBelow, below.content);
      } else value = this.inline(rest, line, indent);
      entries.push({ key, keySpan: span(from, keyEnd), value });
      end = this.endOf(value);
    }
    return { kind: 'map', span: span(at, end), entries };
  }

  private list(indent: number, at: number): SeqNode {
    const items: Node[] = [];
    let end = at;
    for (let first = true; ; first = false) {
      const line = this.line();
      if (!first && (!line || this.indentOf(line) < indent || !this.text.startsWith('- ', line.content))) {
        if (line && this.indentOf(line) > indent) throw new NotPlain();
        break;
      }
      if (!first && this.indentOf(line) > indent) throw new NotPlain();
      const dash = first ? at : line.content;
      const content = skipSpaces(this.text, dash + 1);
      if (content === line.end || '#-?:'.includes(this.text[content])) throw new NotPlain();
      KEY.lastIndex = content;
      const keyed = KEY.test(this.text) && this.text[KEY.lastIndex] === ':' && (this.text[KEY.lastIndex + 1] === ' ' || KEY.lastIndex + 1 === line.end);
      let item: Node;
      if (keyed) item = this.mapping(content - line.start, content);
      else {
        this.next++;
        item = this.inline(content, line, indent);
      }
      items.push(item);
      end = this.endOf(item);
    }
    return { kind: 'seq', span: span(at, end), items };
  }

  /** A value written on its line from `at`: a flow list, a quoted or a plain scalar, maybe followed by a comment. Nothing may continue it below. */
  private inline(at: number, line: Line, indent: number): Node {
    let node: Node;
    let after: number;
    if (this.text[at] === '[') {
      const close = this.text.indexOf(']', at);
      if (close < 0 || close > line.end) throw new NotPlain();
      node = { kind: 'seq', span: span(at, close + 1), items: this.flowItems(at + 1, close) };
      after = close + 1;
    } else if (this.text[at] === '"' || this.text[at] === "'") {
      node = this.quoted(at, line.end);
      after = node.span.end;
    } else if (this.text[at] === '|' && at + 1 === line.end) {
      return this.literal(at, line, indent);
    } else {
      if ('|>&*!{}[]%@`,?:-#'.includes(this.text[at]) && !/^-[0-9]/.test(this.text.slice(at, at + 2))) throw new NotPlain();
      let end = at;
      while (end < line.end && !(this.text.charCodeAt(end) === 35 /* # */ && this.text.charCodeAt(end - 1) === 32)) end++;
      while (end > at && this.text.charCodeAt(end - 1) === 32) end--;
      const source = this.text.slice(at, end);
      if (source.includes(': ') || source.endsWith(':')) throw new NotPlain();
      node = plainScalar(source, at, end);
      after = end;
    }
    const rest = skipSpaces(this.text, after);
    if (rest !== line.end && !(this.text[rest] === '#' && rest > after)) throw new NotPlain();
    // A more indented line below would continue the scalar (or be an error): the library's to read.
    const below = this.line();
    if (below && this.indentOf(below) > indent) throw new NotPlain();
    return node;
  }

  private flowItems(from: number, close: number): Node[] {
    const items: Node[] = [];
    if (this.text.slice(from, close).trim() === '') return items;
    for (let at = from; at <= close; ) {
      const start = skipSpaces(this.text, at);
      let item: ScalarNode;
      let after: number;
      if (this.text[start] === '"' || this.text[start] === "'") {
        item = this.quoted(start, close);
        after = skipSpaces(this.text, item.span.end);
      } else {
        let end = start;
        while (end < close && this.text[end] !== ',') end++;
        after = end;
        while (end > start && this.text.charCodeAt(end - 1) === 32) end--;
        const source = this.text.slice(start, end);
        if (!source || /[#{}[\]"'&*!|>%@`?]|:(?: |$)/.test(source) || (source[0] === '-' && !/^-[0-9]/.test(source))) throw new NotPlain();
        item = plainScalar(source, start, end);
      }
      items.push(item);
      if (after === close) break;
      if (this.text[after] !== ',') throw new NotPlain();
      at = after + 1;
      if (skipSpaces(this.text, at) === close) throw new NotPlain(); // a trailing comma
    }
    return items;
  }

  /** A quoted scalar closing before `limit`, without escapes (`\` in double quotes, `''` in single ones). */
  private quoted(at: number, limit: number): ScalarNode {
    const quote = this.text[at];
    const close = this.text.indexOf(quote, at + 1);
    if (close < 0 || close >= limit) throw new NotPlain();
    const value = this.text.slice(at + 1, close);
    if ((quote === '"' && value.includes('\\')) || this.text[close + 1] === quote) throw new NotPlain();
    return { kind: 'scalar', span: span(at, close + 1), value, source: value, style: quote === '"' ? 'double' : 'single' };
  }

  /**
   * A literal block (`|`, kept to its simplest: no indicators, comment, leading or trailing blank
   * lines, or whitespace-only lines), which ends before the first line indented as its key or less.
   */
  private literal(at: number, line: Line, indent: number): ScalarNode {
    const body: string[] = [];
    let blockIndent = -1;
    let end = line.end + 1;
    while (end < this.text.length) {
      const found = this.text.indexOf('\n', end);
      const lineEnd = found < 0 ? this.text.length : found;
      const raw = this.text.slice(end, lineEnd);
      const spaces = skipSpaces(this.text, end) - end;
      if (raw === '') {
        if (blockIndent < 0) throw new NotPlain();
        body.push('');
      } else if (spaces === raw.length) throw new NotPlain();
      else if (blockIndent < 0 ? spaces > indent : spaces >= blockIndent) {
        if (blockIndent < 0) blockIndent = spaces;
        body.push(raw.slice(blockIndent));
      } else if (spaces <= indent) break;
      else throw new NotPlain();
      end = found < 0 ? this.text.length : lineEnd + 1;
    }
    if (!body.length || body[body.length - 1] === '') throw new NotPlain();
    while (this.next < this.lines.length && this.lines[this.next].start < end) this.next++;
    const value = body.join('\n') + '\n';
    return { kind: 'scalar', span: span(at, end), value, source: value, style: 'literal' };
  }

  /** The next line of content: a comment line there is not read here. */
  private line(): Line {
    const line = this.lines[this.next];
    if (line?.comment) throw new NotPlain();
    return line;
  }

  private indentOf(line: Line): number {
    return line.content - line.start;
  }

  /** Where a node of a block ends, as the library has it: past the line break of its last line. */
  private endOf(node: Node): number {
    // A block collection or a literal block ends where its span does; a one-line value, past its line.
    const block = node.kind === 'scalar' ? node.style === 'literal' : this.text[node.span.start] !== '[';
    if (block) return node.span.end;
    const lineEnd = this.text.indexOf('\n', node.span.end);
    return lineEnd < 0 ? this.text.length : lineEnd + 1;
  }
}

function plainScalar(source: string, start: number, end: number): ScalarNode {
  return { kind: 'scalar', span: span(start, end), value: plainValue(source), source, style: 'plain' };
}

/** A plain scalar's value in the core schema; throws for the numbers the library is left to read. */
function plainValue(source: string): ScalarNode['value'] {
  if (NULL.test(source)) return null;
  if (BOOL.test(source)) return source[0] === 't' || source[0] === 'T';
  if (SIMPLE_INT.test(source) && source !== '-0') return Number(source);
  if (OTHER_NUMBER.test(source)) throw new NotPlain();
  return source;
}

function skipSpaces(text: string, at: number): number {
  while (text.charCodeAt(at) === 32) at++;
  return at;
}
