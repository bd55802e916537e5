// Reads of short texts that recur across a file's monitors (`@every 5m`, `30s`, a body pattern, a
// Kibana version): each distinct text is read once. Bounded, so that a file where every value
// differs cannot grow it without end.

const KEPT = 1000;

/** `read`, remembering its result for each text; results are shared, so callers must not change them. */
export function memoised<T>(read: (text: string) => T): (text: string) => T {
  const known = new Map<string, T>();
  return (text) => {
    if (known.has(text)) return known.get(text) as T;
    if (known.size >= KEPT) known.clear();
    const value = read(text);
    known.set(text, value);
    return value;
  };
}
