// Spans are UTF-16 offsets into one text (LSP's default position encoding). Line and column
// are computed only at the edges (LSP conversion and the CLI printer), through LineIndex.

export interface Span {
  start: number;
  end: number;
}

export function span(start: number, end: number): Span {
  return { start, end };
}

export function contains(s: Span, offset: number): boolean {
  return offset >= s.start && offset <= s.end;
}
