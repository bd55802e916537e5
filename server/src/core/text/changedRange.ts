// Where an edited text differs from the text before it: what an incremental reading (reparse.ts,
// LineIndex) reads again, the rest being moved.

/** Where two texts differ: from the first differing offset to the end of the difference in `before`. */
export function changedRange(before: string, text: string): { start: number; end: number } | undefined {
  if (before === text) return undefined;
  const shorter = Math.min(before.length, text.length);
  // Compared a block at a time (a native comparison), then a character at a time within the block that differs.
  let start = 0;
  while (start + BLOCK <= shorter && before.slice(start, start + BLOCK) === text.slice(start, start + BLOCK)) start += BLOCK;
  while (start < shorter && before.charCodeAt(start) === text.charCodeAt(start)) start++;
  let common = 0;
  const most = shorter - start;
  while (common + BLOCK <= most && before.slice(before.length - common - BLOCK, before.length - common) === text.slice(text.length - common - BLOCK, text.length - common)) common += BLOCK;
  while (common < most && before.charCodeAt(before.length - 1 - common) === text.charCodeAt(text.length - 1 - common)) common++;
  return { start, end: before.length - common };
}

const BLOCK = 256;
