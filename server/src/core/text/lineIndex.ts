// Offset <-> zero-based line/character conversion for one text.

import { changedRange } from './changedRange';

export interface Position {
  line: number;
  character: number;
}

export class LineIndex {
  private readonly starts: number[];
  /** The text has no carriage return: its lines are found by indexOf, and an index of it can serve the next edit. */
  private readonly plain: boolean;

  constructor(
    private readonly text: string,
    /** The index of an earlier text of the same document, whose lines away from the change are taken as they are. */
    before?: LineIndex,
  ) {
    this.plain = !text.includes('\r');
    const change = before?.plain && this.plain ? changedRange(before.text, text) : undefined;
    if (!change) {
      this.starts = [0];
      this.add(0, text.length);
      return;
    }
    // A 10 MB ConfigMap has 200,000 lines: an edit reads the changed ones, and moves the starts after them (copied in bulk).
    const starts = before!.starts;
    const delta = text.length - before!.text.length;
    let kept = 1;
    while (kept < starts.length && starts[kept] <= change.start) kept++;
    let after = kept;
    while (after < starts.length && starts[after] <= change.end) after++;
    this.starts = starts.slice(0, kept);
    this.add(change.start, change.end + delta);
    const moved = starts.slice(after);
    for (let i = 0; i < moved.length; i++) moved[i] += delta;
    this.starts = this.starts.concat(moved);
  }

  /** The starts of the lines after the line breaks in [from, to). */
  private add(from: number, to: number): void {
    const text = this.text;
    // indexOf is native: a text without carriage returns (most) is indexed several times faster than a character at a time.
    if (this.plain) {
      for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
      return;
    }
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */ || (c === 13 /* \r */ && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.starts[low] };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    if (position.line < 0) return 0;
    const lineStart = this.starts[position.line];
    const next = position.line + 1 < this.starts.length ? this.starts[position.line + 1] : this.text.length;
    return Math.max(lineStart, Math.min(lineStart + position.character, next));
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }
}
