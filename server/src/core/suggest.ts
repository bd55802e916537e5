// "Did you mean" for keys and values: the closest candidate by edit distance, if close enough.

import { distance } from 'fastest-levenshtein';

export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  // Allow about one typo per three characters, so `shedule` finds `schedule` but `foo` finds nothing.
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

/** Lists values for a message: `a`, `b` or `c`. */
export function listValues(values: unknown[]): string {
  const shown = values.map((v) => `\`${String(v)}\``);
  return shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}
