// Answers `syntheticsGitops/journeys`: a journey file's journeys and steps with their ranges, from
// the core's parser, for the extension's Test Explorer and run lenses; and `syntheticsGitops/traceViewer`:
// the journeys' project and its Playwright, for Show Trace.

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Connection, ResponseError, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseJourneyFile } from '../core/journeys/parse';
import { LineIndex } from '../core/text/lineIndex';
import { Span } from '../core/text/span';
import { projectFolder, resolvePlaywrightCore } from '../node/projectModules';
import { JourneysRequest, LineRange, TraceViewerRequest } from '../protocol/messages';
import { uriToPath } from './paths';

export function registerJourneyRequests(connection: Connection, documents: TextDocuments<TextDocument>): void {
  connection.onRequest(JourneysRequest.method, async (params: JourneysRequest.Params): Promise<JourneysRequest.Result> => {
    const file = uriToPath(params.uri);
    const text = documents.get(params.uri)?.getText() ?? (file ? await fs.readFile(file, 'utf8').catch(() => undefined) : undefined);
    if (text === undefined) return { journeys: [] };
    return { journeys: journeysOf(file ?? params.uri, text) };
  });
  connection.onRequest(TraceViewerRequest.method, (params: TraceViewerRequest.Params): TraceViewerRequest.Result | ResponseError<void> => {
    const file = uriToPath(params.uri);
    if (!file) return new ResponseError<void>(0, `${params.uri} is not a file on disk`);
    const folder = projectFolder(file) ?? path.dirname(file);
    try {
      return { projectFolder: folder, playwrightCore: resolvePlaywrightCore(folder) };
    } catch (error) {
      return new ResponseError<void>(0, (error as Error).message);
    }
  });
}

/** The journeys of a file's text, ranges as LSP positions. */
export function journeysOf(fileName: string, text: string): JourneysRequest.Journey[] {
  const lines = new LineIndex(text);
  const range = (s: Span): LineRange => ({ start: lines.positionAt(s.start), end: lines.positionAt(s.end) });
  return parseJourneyFile(fileName, text).journeys.map((j) => ({
    name: j.name,
    kind: j.kind,
    range: range(j.span),
    nameRange: range(j.nameSpan),
    steps: j.steps.map((s) => ({ name: s.name, range: range(s.span) })),
  }));
}
