// Where the cursor is in YAML, read from the text itself rather than the parse tree: the tree
// of a document being typed is often broken, but its indentation still tells which mapping a
// new line belongs to (the same heuristic yaml-language-server applies to empty lines).

export type YamlCursor =
  /** Typing a key (or, after `- `, the first key or a value of a new list item). */
  | { kind: 'key'; path: string[]; prefix: string; column: number; listItem: boolean }
  /** Typing the value of `key:`; `inFlowList` inside `key: [a, b, |`. */
  | { kind: 'value'; path: string[]; key: string; prefix: string; inFlowList: boolean };

const KEY_LINE = /^(\s*)(-\s+)?(["']?)([^"'#:\s][^"'#:]*?)\3\s*:(?=\s|$)/;

export function yamlCursor(text: string, offset: number): YamlCursor | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const prefix = text.slice(lineStart, offset);
  if (/(^|\s)#/.test(prefix)) return undefined; // in a comment

  const value = /^(\s*)(-\s+)?(["']?)([^"'#:\s][^"'#:]*?)\3\s*:\s+(.*)$/.exec(prefix);
  if (value) {
    const path = value[2] ? parentPath(text, lineStart, value[1].length, true) : parentPath(text, lineStart, value[1].length, false);
    const flow = /^\[(?:[^\]]*,)?\s*["']?([^,"'\]]*)$/.exec(value[5]);
    return flow
      ? { kind: 'value', path, key: value[4], prefix: flow[1], inFlowList: true }
      : { kind: 'value', path, key: value[4], prefix: value[5].replace(/^["']/, ''), inFlowList: false };
  }
  const key = /^(\s*)(-\s+)?([\w.\-]*)$/.exec(prefix);
  if (!key) return undefined;
  const column = key[1].length + (key[2]?.length ?? 0);
  return key[2]
    ? { kind: 'key', path: parentPath(text, lineStart, key[1].length, true), prefix: key[3], column, listItem: true }
    : { kind: 'key', path: parentPath(text, lineStart, column, false), prefix: key[3], column, listItem: false };
}

/**
 * The keys leading to the mapping whose members start at `column`, scanning up from `lineStart`.
 * With `inItem`, the mapping is a list item whose dash is at `column`: the list's owner is the
 * first key above at that column or less (YAML allows `key:` and its `- ` items to align).
 */
export function parentPath(text: string, lineStart: number, column: number, inItem: boolean): string[] {
  const path: string[] = [];
  let want = column;
  let allowEqual = inItem;
  for (let end = lineStart - 1; end > 0; ) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    end = start - 1;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    const dash = /^\s*-(\s|$)/.test(line);
    const match = KEY_LINE.exec(line);
    const keyColumn = match ? match[1].length + (match[2]?.length ?? 0) : undefined;
    if (dash && allowEqual && indent === want) continue; // another item of our list
    if (dash && keyColumn === want && !allowEqual) {
      // The first key of the list item we are in: continue with the list's owner.
      want = indent;
      allowEqual = true;
      continue;
    }
    if (match && keyColumn !== undefined && (keyColumn < want || (allowEqual && keyColumn === want && !dash))) {
      const rest = line.slice(match[0].length).trim();
      if (rest !== '' && !rest.startsWith('#') && !/^&\S+$/.test(rest)) break;
      path.unshift(match[4]);
      want = dash ? indent : keyColumn;
      allowEqual = dash;
      continue;
    }
    if (!match && indent < want) {
      if (!dash) break;
      want = indent;
      allowEqual = true;
    }
  }
  return path;
}

/** The keys already written in the mapping whose members start at `column` around the cursor line. */
export function siblingKeys(text: string, lineStart: number, column: number): Set<string> {
  const keys = new Set<string>();
  const scan = (from: number, step: 1 | -1) => {
    for (let start = from; start >= 0 && start < text.length; ) {
      const end = text.indexOf('\n', start);
      const line = text.slice(start, end < 0 ? text.length : end);
      const next = step === 1 ? (end < 0 ? text.length : end + 1) : text.lastIndexOf('\n', start - 2) + 1;
      if (line.trim() !== '' && !line.trimStart().startsWith('#')) {
        const match = KEY_LINE.exec(line);
        const keyColumn = match ? match[1].length + (match[2]?.length ?? 0) : line.length - line.trimStart().length;
        if (keyColumn < column || (match?.[2] && keyColumn === column && step === 1)) return; // the mapping ends (or a new list item starts)
        if (match && keyColumn === column) keys.add(match[4].split('.')[0]);
        if (match?.[2] && keyColumn === column) return; // scanning up: the item's first key
      }
      if (next === start || (step === -1 && start === 0)) return;
      start = next;
    }
  };
  scan(lineStart === 0 ? 0 : text.lastIndexOf('\n', lineStart - 2) + 1, -1);
  const lineEnd = text.indexOf('\n', lineStart);
  if (lineEnd >= 0) scan(lineEnd + 1, 1);
  return keys;
}
