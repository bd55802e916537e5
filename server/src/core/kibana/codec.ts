// A small declarative form of Kibana's runtime codecs (io-ts, and their zod twins in 9.x): what a
// value must be, and the errors Kibana reports when it is not, worded as its `formatErrors` does
// (`Invalid value "<v>" supplied to "<key>,<key>"`, or the codec's own message). Data, so the plan,
// the sandbox and the validate rules check against one description and cannot disagree.

export type CodecPath = (string | number)[];

export interface CodecIssue {
  /** Keys and list indices from the checked object down (Kibana's stored keys are dotted). */
  path: CodecPath;
  value: unknown;
  /** What was expected there, in words: "a list of strings". */
  expected: string;
  /** The codec's own message, which Kibana reports instead of the generic one. */
  message?: string;
}

export interface Codec {
  expected: string;
  /** The same, for a list of them: "strings". */
  plural: string;
  /**
   * `path` is where the value is, one stack the checks push onto and pop (every monitor's every key
   * is checked, on each plan and analysis: no copy is made unless an issue is reported).
   */
  check(value: unknown, path: CodecPath, issues: CodecIssue[]): void;
}

/** Checks `value` with `codec` one level down the path, at `key`. */
function checkAt(codec: Codec, value: unknown, path: CodecPath, key: string | number, issues: CodecIssue[]): void {
  path.push(key);
  codec.check(value, path, issues);
  path.pop();
}

export const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** A codec of one test; `message` gives the codec's own wording for a value it refuses. */
export function leaf(expected: string, plural: string, valid: (v: unknown) => boolean, message?: (v: unknown) => string | undefined): Codec {
  return {
    expected,
    plural,
    check(value, path, issues) {
      if (!valid(value)) issues.push({ path: [...path], value, expected, message: message?.(value) });
    },
  };
}

export const string = leaf('a string', 'strings', (v) => typeof v === 'string');
export const number = leaf('a number', 'numbers', (v) => typeof v === 'number');
export const boolean = leaf('`true` or `false`', 'booleans', (v) => typeof v === 'boolean');
export const nullValue = leaf('`null`', 'nulls', (v) => v === null);

export function oneOf(values: readonly string[]): Codec {
  const list = values.map((v) => `\`${v}\``).join(', ');
  return leaf(`one of ${list}`, `values among ${list}`, (v) => values.includes(v as string));
}

/** Passes when any alternative does; reported once, at its own path (as zod reports a field's union). */
export function union(...alternatives: Codec[]): Codec {
  return leaf(
    alternatives.map((c) => c.expected).join(' or '),
    alternatives.map((c) => c.plural).join(' or '),
    (v) => alternatives.some((c) => !issuesOf(c, v).length),
  );
}

export function arrayOf(item: Codec, { nonEmpty = false } = {}): Codec {
  const expected = `a ${nonEmpty ? 'non-empty ' : ''}list of ${item.plural}`;
  return {
    expected,
    plural: `lists of ${item.plural}`,
    check(value, path, issues) {
      if (!Array.isArray(value) || (nonEmpty && value.length === 0)) issues.push({ path: [...path], value, expected });
      else value.forEach((v, i) => checkAt(item, v, path, i, issues));
    },
  };
}

/** A map whose values all pass `item` (io-ts `t.record(t.string, item)`). */
export function recordOf(item: Codec): Codec {
  const expected = `a map of ${item.plural}`;
  return {
    expected,
    plural: `maps of ${item.plural}`,
    check(value, path, issues) {
      if (!isRecord(value)) issues.push({ path: [...path], value, expected });
      else for (const [key, v] of Object.entries(value)) checkAt(item, v, path, key, issues);
    },
  };
}

/** An object with required and optional keys; other keys pass (Kibana strips them, it does not refuse them). */
export function object(required: Record<string, Codec>, optional: Record<string, Codec> = {}): Codec {
  const names = Object.keys(required);
  const requiredCodecs = Object.entries(required);
  const optionalCodecs = Object.entries(optional);
  const expected = names.length ? `a map with ${names.map((k) => `\`${k}\``).join(' and ')}` : 'a map';
  return {
    expected,
    plural: expected.replace(/^a map/, 'maps'),
    check(value, path, issues) {
      if (!isRecord(value)) {
        issues.push({ path: [...path], value, expected });
        return;
      }
      for (const [key, codec] of requiredCodecs) checkAt(codec, value[key], path, key, issues);
      for (const [key, codec] of optionalCodecs) if (value[key] !== undefined) checkAt(codec, value[key], path, key, issues);
    },
  };
}

export function issuesOf(codec: Codec, value: unknown, path: CodecPath = []): CodecIssue[] {
  const issues: CodecIssue[] = [];
  codec.check(value, [...path], issues);
  return issues;
}

/** One issue as Kibana words it: the codec's message, or the value and the keys of its path (indices left out). */
export function formatIssue(issue: CodecIssue, rootName = ''): string {
  if (issue.message) return issue.message;
  const keys = issue.path.filter((p): p is string => typeof p === 'string' && p.trim() !== '').join(',');
  const value = issue.value !== null && typeof issue.value === 'object' ? JSON.stringify(issue.value) : String(issue.value);
  return `Invalid value "${value}" supplied to "${keys || rootName}"`;
}

/** Kibana's `details`: each message once, sorted (as its zod formatter keeps them stable), joined by ` | `. */
export function formatIssues(issues: CodecIssue[], rootName = ''): string {
  return [...new Set(issues.map((i) => formatIssue(i, rootName)))].sort().join(' | ');
}
