// The server stays up whatever a client sends. Requests that throw are answered with an error by
// the JSON-RPC layer, but the text-document notifications feed analyses that run later: a text
// that is not a string would crash them, outside any handler. So their params are checked at the
// door, and a malformed one is logged and dropped.

import { Connection } from 'vscode-languageserver/node';

type Check = (params: unknown) => string | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isPosition = (v: unknown) => isObject(v) && Number.isInteger(v.line) && Number.isInteger(v.character);

/** `textDocument` with a string `uri`, and what `more` asks of it and of the params. */
function documentCheck(more: (doc: Record<string, unknown>, params: Record<string, unknown>) => string | undefined = () => undefined): Check {
  return (params) => {
    const doc = isObject(params) ? params.textDocument : undefined;
    if (!isObject(doc)) return 'textDocument must be an object';
    if (typeof doc.uri !== 'string') return 'textDocument.uri must be a string';
    return more(doc, params as Record<string, unknown>);
  };
}

const isChange = (c: unknown) => isObject(c) && typeof c.text === 'string' && (c.range === undefined || (isObject(c.range) && isPosition(c.range.start) && isPosition(c.range.end)));

const CHECKS: Record<string, Check> = {
  onDidOpenTextDocument: documentCheck((doc) => {
    if (typeof doc.text !== 'string') return 'textDocument.text must be a string';
    if (typeof doc.languageId !== 'string') return 'textDocument.languageId must be a string';
    return Number.isInteger(doc.version) ? undefined : 'textDocument.version must be an integer';
  }),
  onDidChangeTextDocument: documentCheck((doc, params) => {
    if (!Number.isInteger(doc.version)) return 'textDocument.version must be an integer';
    return Array.isArray(params.contentChanges) && params.contentChanges.every(isChange) ? undefined : 'contentChanges must be a list of {text, range?}';
  }),
  onDidCloseTextDocument: documentCheck(),
  onWillSaveTextDocument: documentCheck(),
  onWillSaveTextDocumentWaitUntil: documentCheck(),
  onDidSaveTextDocument: documentCheck(),
};

/** The connection as `TextDocuments.listen` should see it: its document handlers only get well-formed params. */
export function checkedDocumentEvents(connection: Connection): Connection {
  return new Proxy(connection, {
    get(target, property, receiver) {
      const check = typeof property === 'string' ? CHECKS[property] : undefined;
      const original = Reflect.get(target, property, receiver) as unknown;
      if (!check || typeof original !== 'function') return original;
      return (handler: (params: unknown, ...rest: unknown[]) => unknown) =>
        (original as (h: typeof handler) => unknown).call(target, (params: unknown, ...rest: unknown[]) => {
          const problem = check(params);
          if (!problem) return handler(params, ...rest);
          target.console.error(`Ignored a malformed notification (${String(property)}): ${problem}`);
          return property === 'onWillSaveTextDocumentWaitUntil' ? [] : undefined;
        });
    },
  });
}
