// "▶ Run journey" above each journey of a journey file: runs it through the Test Explorer's run
// (the Run Journey command), so its results show there and in the editor.

import { CancellationToken, CodeLens, CodeLensProvider, Disposable, Range, TextDocument, languages } from 'vscode';
import { JOURNEY_SELECTOR } from '../client';
import { JourneyTests } from './journeyTests';

export const RUN_JOURNEY_COMMAND = 'syntheticsGitops.runJourney';

export class JourneyLenses implements CodeLensProvider {
  constructor(private readonly journeys: JourneyTests) {}

  async provideCodeLenses(document: TextDocument, token: CancellationToken): Promise<CodeLens[]> {
    let found;
    try {
      found = await this.journeys.journeysOf(document.uri);
    } catch {
      return []; // The server is not running: no lenses until it is.
    }
    if (token.isCancellationRequested) return [];
    return found.map((journey) => {
      const line = journey.range.start.line;
      return new CodeLens(new Range(line, 0, line, 0), {
        title: '▶ Run journey',
        tooltip: `Run "${journey.name}" in Chromium through @elastic/synthetics`,
        command: RUN_JOURNEY_COMMAND,
        arguments: [document.uri.toString(), journey.name],
      });
    });
  }
}

export function registerJourneyLenses(journeys: JourneyTests): Disposable {
  return languages.registerCodeLensProvider(JOURNEY_SELECTOR, new JourneyLenses(journeys));
}
