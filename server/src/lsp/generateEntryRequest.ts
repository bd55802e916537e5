// `syntheticsGitops/generateEntry` (protocol/messages.ts): a journey file's journeys written into a
// ConfigMap file as an edit for the client to apply; the server writes nothing itself.

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Connection, ResponseError, TextDocuments, WorkspaceEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex, Workspace, createAnalyser } from '../core';
import { toJS } from '../core/tree';
import { ConfigMapError, upsertEntries } from '../journeys/configmap';
import { entryKeyFor, generateJourneys, mergeEntry, ScriptCache, SyntheticsConfigs } from '../journeys/generate';
import { defaultsOf } from '../journeys/workspaceCheck';
import { GenerateEntryRequest } from '../protocol/messages';
import { DEFAULT_SETTINGS } from '../protocol/settings';
import { uriToPath } from './paths';

export function registerGenerateEntryRequest(connection: Connection, documents: TextDocuments<TextDocument>, workspace: Workspace): void {
  const cache = new ScriptCache();
  const configs = new SyntheticsConfigs();
  /** The editor's text when open, else the disk's; undefined when the file does not exist. */
  const textOf = async (uri: string): Promise<string | undefined> => {
    const open = documents.get(uri);
    if (open) return open.getText();
    const file = uriToPath(uri);
    if (!file) throw new ResponseError(0, `${uri} is not a file on disk`);
    return fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw new ResponseError(0, `cannot read ${file}: ${error.message}`);
    });
  };

  connection.onRequest(GenerateEntryRequest.type, async (params): Promise<GenerateEntryRequest.Result> => {
    const journeyFile = uriToPath(params.journeyUri);
    const journeyText = await textOf(params.journeyUri);
    if (!journeyFile || journeyText === undefined) throw new ResponseError(0, `cannot read the journey file ${params.journeyUri}`);
    const before = await textOf(params.configMapUri);

    // Defaults: the target file's own sync configuration, else the workspace's only one.
    const own = before === undefined ? [] : createAnalyser().analyse(before, 'yaml', DEFAULT_SETTINGS).units.filter((u) => u.format === 'sync-config').map((u) => toJS(u.root));
    const found = workspace.files().flatMap((f) => f.analysis.units.filter((u) => u.format === 'sync-config').map((u) => toJS(u.root)));
    const defaults = defaultsOf(own.length ? own : found);

    const lines = new LineIndex(journeyText);
    const results = (await generateJourneys(journeyFile, journeyText, { defaults, cache, configs })).filter((r) => {
      if (r.journey.kind !== 'browser') return false;
      if (params.line === undefined) return true;
      const start = lines.positionAt(r.journey.span.start).line;
      const end = lines.positionAt(r.journey.span.end).line;
      return params.line >= start && params.line <= end;
    });
    const errors = results.flatMap((r) => r.errors.map((e) => ({ journey: r.journey.name, line: e.line - 1, message: e.message })));
    // The project's synthetics.config.ts says its own once (its file and line in the message).
    const config = await configs.for(journeyFile).catch(() => undefined);
    const warnings = [
      ...(config?.warnings ?? []).map((w) => ({ journey: '', line: 0, message: `${path.basename(w.file)}:${w.line}: ${w.message}` })),
      ...results.flatMap((r) => (r.generated?.warnings ?? []).map((w) => ({ journey: r.journey.name, line: w.line - 1, message: w.message }))),
    ];
    const generated = results.flatMap((r) => (r.generated ? [r.generated] : []));
    if (!generated.length) return { entries: [], errors: errors.length ? errors : [{ journey: '', line: params.line ?? 0, message: 'No browser journey here to generate.' }], warnings };

    let upserted;
    try {
      upserted = upsertEntries(
        before,
        generated.map((g) => ({ id: g.id, key: entryKeyFor(g.id), build: (existing) => mergeEntry(existing, g) })),
      );
    } catch (error) {
      throw new ResponseError(0, error instanceof ConfigMapError ? `${uriToPath(params.configMapUri) ?? params.configMapUri}: ${error.message}` : (error as Error).message);
    }
    const entries = upserted.changes.map((c) => ({ journey: generated.find((g) => g.id === c.id)!.journey.name, id: c.id, key: c.key, status: c.status }));
    return { entries, errors, warnings, edit: editOf(params.configMapUri, before, upserted) };
  });
}

function editOf(uri: string, before: string | undefined, upserted: ReturnType<typeof upsertEntries>): WorkspaceEdit | undefined {
  if (!upserted.edits.length) return undefined;
  if (before === undefined) {
    return {
      documentChanges: [
        { kind: 'create', uri, options: { ignoreIfExists: true } },
        { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: upserted.text }] },
      ],
    };
  }
  const lines = new LineIndex(before);
  return {
    changes: {
      [uri]: upserted.edits.map((e) => ({ range: { start: lines.positionAt(e.start), end: lines.positionAt(e.end) }, newText: e.newText })),
    },
  };
}
