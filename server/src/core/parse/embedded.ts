// A document embedded in a YAML string (a ConfigMap `data:` entry): its text, and the map from
// its offsets back to the outer file. Literal blocks map exactly line by line; folded blocks and
// one-line quoted strings map exactly when they contain no escapes or foldings we would have to
// undo; anything else is reported at the entry's key. Each reconstruction is checked against the
// YAML parser's own value, so a mapping is never trusted unless the texts agree.

import { Span, span } from '../text/span';
import { ScalarNode } from '../tree';

export interface Embedded {
  text: string;
  /** False when positions inside cannot be mapped and findings go to `fallback`. */
  exact: boolean;
  /** Indentation of the block's lines, added after each line break of text inserted inside it. */
  indent: string;
  /** Where findings land when the mapping is not exact: the entry's key. */
  fallback: Span;
  toOuter(offset: number): number;
  /** The inner offset of an outer one, or undefined when it lies outside the mapped lines. */
  toInner(offset: number): number | undefined;
}

interface Segment {
  inner: number;
  outer: number;
}

export function embeddedText(outer: string, scalar: ScalarNode, keySpan: Span): Embedded {
  const value = typeof scalar.value === 'string' ? scalar.value : String(scalar.value ?? '');
  const block = scalar.style === 'literal' || scalar.style === 'folded' ? blockSegments(outer, scalar, keySpan, value) : undefined;
  const segments = block ? block.segments : scalar.style === 'literal' || scalar.style === 'folded' ? undefined : inlineSegments(outer, scalar, value);
  if (!segments) return { text: value, exact: false, indent: '', fallback: keySpan, toOuter: () => keySpan.start, toInner: () => undefined };
  return {
    text: value,
    exact: true,
    indent: ' '.repeat(block?.indent ?? 0),
    fallback: keySpan,
    // Past the content (an error at end of input) stays on the entry's last line, not the next key.
    toOuter: (offset) => mapOffset(segments, Math.min(offset, value.replace(/\n+$/, '').length), outer.length),
    toInner: (offset) => innerOffset(segments, offset, value.length),
  };
}

export function mapSpan(embedded: Embedded, inner: Span): Span {
  return embedded.exact ? span(embedded.toOuter(inner.start), embedded.toOuter(inner.end)) : embedded.fallback;
}

/** The last segment whose `side` offset is at or before `offset` (segments are in order on both sides). */
function segmentAt(segments: Segment[], side: 'inner' | 'outer', offset: number): number {
  let low = 0;
  let high = segments.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (segments[mid][side] <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

function mapOffset(segments: Segment[], offset: number, limit: number): number {
  const seg = segments[segmentAt(segments, 'inner', offset)];
  return Math.min(limit, seg.outer + (offset - seg.inner));
}

function innerOffset(segments: Segment[], offset: number, length: number): number | undefined {
  if (offset < segments[0].outer) return undefined;
  const low = segmentAt(segments, 'outer', offset);
  const inner = segments[low].inner + (offset - segments[low].outer);
  const lineEnd = low + 1 < segments.length ? segments[low + 1].inner - 1 : length;
  return inner <= lineEnd ? inner : undefined;
}

function inlineSegments(outer: string, scalar: ScalarNode, value: string): Segment[] | undefined {
  const quote = scalar.style === 'double' || scalar.style === 'single' ? 1 : 0;
  const start = scalar.span.start + quote;
  // Only a string written exactly as its value (no escapes, no line folding) maps 1:1.
  return outer.slice(start, start + value.length) === value && !value.includes('\n') ? [{ inner: 0, outer: start }] : undefined;
}

function blockSegments(outer: string, scalar: ScalarNode, keySpan: Span, value: string): { segments: Segment[]; indent: number } | undefined {
  const headerEnd = outer.indexOf('\n', scalar.span.start);
  if (headerEnd < 0) return undefined;
  const header = /^[|>]([1-9]?)([+-]?)([1-9]?)/.exec(outer.slice(scalar.span.start, headerEnd));
  if (!header) return undefined;
  const explicit = Number(header[1] || header[3] || 0);
  const chomp = header[2] as '' | '+' | '-';
  const bodyEnd = Math.max(scalar.span.end, headerEnd + 1);
  const rawLines = outer.slice(headerEnd + 1, bodyEnd).split('\n');
  if (rawLines.length && rawLines[rawLines.length - 1] === '') rawLines.pop();
  if (rawLines.some((l) => l.endsWith('\r'))) return undefined;

  let indent: number;
  if (explicit) {
    const lineStart = outer.lastIndexOf('\n', keySpan.start) + 1;
    indent = (/^ */.exec(outer.slice(lineStart, keySpan.start))?.[0].length ?? 0) + explicit;
  } else {
    const first = rawLines.find((l) => l.trim() !== '');
    indent = first ? /^ */.exec(first)![0].length : 0;
  }

  const lines: string[] = [];
  const segments: Segment[] = [];
  let outerOffset = headerEnd + 1;
  let innerOffset = 0;
  for (const raw of rawLines) {
    const cut = Math.min(indent, /^ */.exec(raw)![0].length);
    const line = raw.slice(cut);
    segments.push({ inner: innerOffset, outer: outerOffset + cut });
    lines.push(line);
    innerOffset += line.length + 1;
    outerOffset += raw.length + 1;
  }
  let text: string;
  if (scalar.style === 'literal') text = lines.map((l) => l + '\n').join('');
  else if (lines.every((l) => l !== '' && !/^\s/.test(l))) text = lines.join(' ') + '\n';
  else return undefined; // folded text with blank or more-indented lines: not mapped
  const body = text.replace(/\n+$/, '');
  const chomped = chomp === '+' ? text : chomp === '-' || body === '' ? body : body + '\n';
  return chomped === value && segments.length ? { segments, indent } : undefined;
}
