// A document embedded in a YAML string (a ConfigMap `data:` entry): its text, and the map from
// its offsets back to the outer file. Literal blocks map exactly line by line; folded blocks and
// one-line quoted strings map exactly when they contain no escapes or foldings we would have to
// undo; anything else is reported at the entry's key. Each reconstruction is checked against the
// YAML parser's own value, so a mapping is never trusted unless the texts agree.

import { Span, span } from '../text/span';
import { ScalarNode } from '../tree';

export interface Embedded {
  /** The string's value: what is parsed and validated. */
  text: string;
  /**
   * The value plus the blank lines that follow a block inside its indentation: where the user
   * types the next key. Cursor features (completion, hover) read this text; `toInner` maps into it.
   */
  editText: string;
  /** False when positions inside cannot be mapped and findings go to `fallback`. */
  exact: boolean;
  /** Indentation of the block's lines, added after each line break of text inserted inside it. */
  indent: string;
  /** Where findings land when the mapping is not exact: the entry's key. */
  fallback: Span;
  /** The length of `text` without its final line breaks: findings past it stay on the last line. */
  contentEnd: number;
  toOuter(offset: number): number;
  /** The inner offset of an outer one, or undefined when it lies outside the mapped lines. */
  toInner(offset: number): number | undefined;
  /** For an entry read alone (entryDocument) then placed: its reading and where it starts. */
  placement?: EntryDocument;
}

/**
 * Where each mapped line starts, inside and outside, in order on both sides: two lists rather than
 * an object per line, as a ConfigMap's every line is one and they are kept for its edits.
 */
interface Segments {
  inner: number[];
  outer: number[];
}

export function embeddedText(outer: string, scalar: ScalarNode, keySpan: Span): Embedded {
  const value = typeof scalar.value === 'string' ? scalar.value : String(scalar.value ?? '');
  const contentEnd = value.replace(/\n+$/, '').length;
  const block = scalar.style === 'literal' || scalar.style === 'folded' ? blockSegments(outer, scalar, keySpan, value) : undefined;
  const segments = block ? block.segments : scalar.style === 'literal' || scalar.style === 'folded' ? undefined : inlineSegments(outer, scalar, value);
  if (!segments) return { text: value, editText: value, exact: false, indent: '', fallback: keySpan, contentEnd, toOuter: () => keySpan.start, toInner: () => undefined };
  const editText = block?.editText ?? value;
  const limit = outer.length;
  return {
    text: value,
    editText,
    exact: true,
    indent: ' '.repeat(block?.indent ?? 0),
    fallback: keySpan,
    contentEnd,
    toOuter: (offset) => mapOffset(segments, offset, limit),
    toInner: (offset) => innerOffset(segments, offset, editText.length),
  };
}

/** An entry's document read from the entry's text alone (its key's line to the blank lines after its value), and where that text starts. */
export interface EntryDocument {
  alone: Embedded;
  start: number;
}

/**
 * embeddedText in two steps, so that an entry an edit moves is not read again: read from the
 * entry's text alone, then placed (`placed`) where the entry starts. Undefined for a value written
 * elsewhere (an alias), which is read in place.
 */
export function entryDocument(outer: string, scalar: ScalarNode, keySpan: Span): EntryDocument | undefined {
  if (scalar.span.start < keySpan.end) return undefined;
  const start = outer.lastIndexOf('\n', keySpan.start - 1) + 1;
  TRAILING_BLANK_LINES.lastIndex = scalar.span.end;
  TRAILING_BLANK_LINES.exec(outer);
  const entryText = outer.slice(start, TRAILING_BLANK_LINES.lastIndex);
  return { alone: embeddedText(entryText, { ...scalar, span: span(scalar.span.start - start, scalar.span.end - start) }, span(keySpan.start - start, keySpan.end - start)), start };
}

const TRAILING_BLANK_LINES = /(?:[ \t]*(?:\n|$))*/y;

/** An entry's document where the entry starts. */
export function placed(placement: EntryDocument): Embedded {
  const { alone, start } = placement;
  // Written out rather than spread from `alone`: one shape for every placed entry, which V8 builds fastest (every entry after an edit is placed anew).
  return {
    text: alone.text,
    editText: alone.editText,
    exact: alone.exact,
    indent: alone.indent,
    contentEnd: alone.contentEnd,
    fallback: span(alone.fallback.start + start, alone.fallback.end + start),
    toOuter: (offset) => alone.toOuter(offset) + start,
    toInner: (offset) => alone.toInner(offset - start),
    placement,
  };
}

/** A finding's span in the outer file. Past the content (an error at end of input) stays on the entry's last line. */
export function mapSpan(embedded: Embedded, inner: Span): Span {
  if (!embedded.exact) return embedded.fallback;
  const end = embedded.contentEnd;
  return span(embedded.toOuter(Math.min(inner.start, end)), embedded.toOuter(Math.min(inner.end, end)));
}

/** The last segment whose offset on one side (`starts`) is at or before `offset`. */
function segmentAt(starts: number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

function mapOffset(segments: Segments, offset: number, limit: number): number {
  const at = segmentAt(segments.inner, offset);
  return Math.min(limit, segments.outer[at] + (offset - segments.inner[at]));
}

function innerOffset(segments: Segments, offset: number, length: number): number | undefined {
  if (offset < segments.outer[0]) return undefined;
  const low = segmentAt(segments.outer, offset);
  const inner = segments.inner[low] + (offset - segments.outer[low]);
  const lineEnd = low + 1 < segments.inner.length ? segments.inner[low + 1] - 1 : length;
  return inner <= lineEnd ? inner : undefined;
}

function inlineSegments(outer: string, scalar: ScalarNode, value: string): Segments | undefined {
  const quote = scalar.style === 'double' || scalar.style === 'single' ? 1 : 0;
  const start = scalar.span.start + quote;
  // Only a string written exactly as its value (no escapes, no line folding) maps 1:1.
  return outer.slice(start, start + value.length) === value && !value.includes('\n') ? { inner: [0], outer: [start] } : undefined;
}

/**
 * A block scalar's lines mapped into its value, which their text must rebuild. Offsets rather than
 * split lines: it runs for every entry of a ConfigMap the first time it is read.
 */
function blockSegments(outer: string, scalar: ScalarNode, keySpan: Span, value: string): { segments: Segments; indent: number; editText: string } | undefined {
  const headerEnd = outer.indexOf('\n', scalar.span.start);
  if (headerEnd < 0) return undefined;
  const header = /^[|>]([1-9]?)([+-]?)([1-9]?)/.exec(outer.slice(scalar.span.start, headerEnd));
  if (!header) return undefined;
  const explicit = Number(header[1] || header[3] || 0);
  const chomp = header[2] as '' | '+' | '-';
  const bodyEnd = Math.max(scalar.span.end, headerEnd + 1);
  // The block's lines as [start, end) pairs, without their line breaks.
  const lines: number[] = [];
  let at = headerEnd + 1;
  while (at < bodyEnd) {
    const found = outer.indexOf('\n', at);
    const end = found < 0 || found >= bodyEnd ? bodyEnd : found;
    if (end > at && outer.charCodeAt(end - 1) === 13) return undefined;
    lines.push(at, end);
    at = end + 1;
  }
  // Blank lines after the block, before the next content: part of the entry for a cursor.
  const blockLines = lines.length;
  BLANK_LINES.lastIndex = at;
  const blank = at < outer.length ? BLANK_LINES.exec(outer)![0] : '';
  for (let start = at, rest = blank; ; ) {
    const found = rest.indexOf('\n');
    if (found < 0) {
      // The last of them, unless the run ended with its line break (then nothing follows it).
      if (rest !== '' || lines.length === blockLines) lines.push(start, start + rest.length);
      break;
    }
    lines.push(start, start + found);
    start += found + 1;
    rest = rest.slice(found + 1);
  }

  const lineStart = outer.lastIndexOf('\n', keySpan.start) + 1;
  const keyIndent = spacesAt(outer, lineStart, keySpan.start);
  let indent = keyIndent + explicit;
  if (!explicit) {
    let first = -1;
    for (let i = 0; i < blockLines && first < 0; i += 2) if (outer.slice(lines[i], lines[i + 1]).trim() !== '') first = i;
    let typing = -1;
    for (let i = blockLines; i < lines.length && typing < 0 && first < 0; i += 2) if (lines[i + 1] - lines[i] > keyIndent) typing = i;
    indent = first >= 0 ? spacesAt(outer, lines[first], lines[first + 1]) : typing >= 0 ? lines[typing + 1] - lines[typing] : keyIndent + 2;
  }

  const cut: string[] = [];
  const segments: Segments = { inner: [], outer: [] };
  let innerOffset = 0;
  for (let i = 0; i < lines.length; i += 2) {
    const start = lines[i];
    const end = lines[i + 1];
    // A blank line indented less than the block is the parent's: the block's positions end here.
    if (i >= blockLines && end - start < indent) break;
    const skip = Math.min(indent, spacesAt(outer, start, end));
    segments.inner.push(innerOffset);
    segments.outer.push(start + skip);
    innerOffset += end - start - skip + 1;
    cut.push(outer.slice(start + skip, end));
  }
  const blockCut = cut.slice(0, blockLines / 2);
  let text: string;
  if (scalar.style === 'literal') text = blockCut.map((l) => l + '\n').join('');
  else if (blockCut.every((l) => l !== '' && !/^\s/.test(l))) text = blockCut.join(' ') + '\n';
  else return undefined; // folded text with blank or more-indented lines: not mapped
  const body = text.replace(/\n+$/, '');
  const chomped = chomp === '+' ? text : chomp === '-' || body === '' ? body : body + '\n';
  if (chomped !== value || !segments.inner.length) return undefined;
  // Cursor positions are line-based: every line of the view ends with a newline (a literal block's text is already its lines so).
  const lineText = (lines: string[]) => lines.map((l) => l + '\n').join('');
  const editText = scalar.style === 'literal' ? text + lineText(cut.slice(blockCut.length)) : lineText(cut);
  return { segments, indent, editText };
}

const BLANK_LINES = /(?:[ \t]*(?:\n|$))*/y;

/** The spaces from `from` on, up to `to`. */
function spacesAt(text: string, from: number, to: number): number {
  let at = from;
  while (at < to && text.charCodeAt(at) === 32) at++;
  return at - from;
}
