// Reads JSON into the shared value tree, with located syntax errors and duplicate keys.

import * as jsonc from 'jsonc-parser';
import { Finding } from '../findings';
import { span } from '../text/span';
import { Entry, MapNode, Node } from '../tree';

export interface JsonParse {
  root: Node | undefined;
  findings: Finding[];
}

const MAX_DEPTH = 200;

export function parseJson(text: string): JsonParse {
  const errors: jsonc.ParseError[] = [];
  let tree: jsonc.Node | undefined;
  try {
    tree = jsonc.parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch (error) {
    // jsonc's parser recurses per nesting level: absurd depth ends here, not in a crash.
    const message = `JSON could not be read: ${(error as Error).message}.`;
    return { root: undefined, findings: [{ code: 'json-syntax', severity: 'error', message, span: span(0, Math.min(1, text.length)), hidesMonitors: true }] };
  }
  const findings: Finding[] = errors.map((e) => ({
    code: 'json-syntax',
    severity: 'error',
    message: `JSON syntax error: ${describe(e.error)}.`,
    span: span(e.offset, e.offset + Math.max(e.length, 1)),
    hidesMonitors: true,
  }));
  let depthReported = false;
  const convert = (node: jsonc.Node, depth: number): Node => {
    const at = span(node.offset, node.offset + node.length);
    if (depth > MAX_DEPTH) {
      if (!depthReported) {
        depthReported = true;
        // An error: what is not read may hold a monitor's fields (see yamlTree.ts).
        const message = `Nesting deeper than ${MAX_DEPTH} levels is not read, so the monitor below this point cannot be seen: flatten it.`;
        findings.push({ code: 'json-too-large', severity: 'error', message, span: at, hidesMonitors: true });
      }
      return { kind: 'scalar', span: at, value: null, source: '', style: 'json' };
    }
    switch (node.type) {
      case 'object': {
        const map: MapNode = { kind: 'map', span: at, entries: [] };
        const seen = new Map<string, Entry>();
        for (const property of node.children ?? []) {
          const [keyNode, valueNode] = property.children ?? [];
          if (!keyNode) continue;
          const keySpan = span(keyNode.offset, keyNode.offset + keyNode.length);
          const value = valueNode ? convert(valueNode, depth + 1) : ({ kind: 'scalar', span: span(keySpan.end, keySpan.end), value: null, source: '', style: 'json' } as const);
          const entry: Entry = { key: String(keyNode.value), keySpan, value };
          const previous = seen.get(entry.key);
          if (previous) {
            findings.push({
              code: 'duplicate-key',
              severity: 'warning',
              message: `Duplicate key \`${entry.key}\`: JSON readers keep only the last value, so the earlier one is ignored.`,
              span: previous.keySpan,
              related: [{ span: keySpan, message: `\`${entry.key}\` is set again here` }],
            });
          }
          seen.set(entry.key, entry);
          map.entries.push(entry);
        }
        return map;
      }
      case 'array':
        return { kind: 'seq', span: at, items: (node.children ?? []).map((c) => convert(c, depth + 1)) };
      default:
        return { kind: 'scalar', span: at, value: node.value as string | number | boolean | null, source: String(node.value), style: 'json' };
    }
  };
  return { root: tree ? convert(tree, 0) : undefined, findings };
}

function describe(code: jsonc.ParseErrorCode): string {
  // jsonc names the codes in PascalCase ("CommaExpected"); spell them as words.
  return jsonc
    .printParseErrorCode(code)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}
