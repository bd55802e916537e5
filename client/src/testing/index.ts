// Running journeys in the editor: the Test Explorer controller, the Run Journey command, the run
// lenses and the screenshot and trace commands, wired once. Returns what tests of the extension read.

import { Disposable, ExtensionContext, TestController, Uri, commands, window } from 'vscode';
import { isJourneyFile } from '../../../server/src/protocol/journeyFiles';
import type { RunResult } from '../../../server/src/protocol/journeyRun';
import { Server } from '../client';
import { RUN_JOURNEY_COMMAND, registerJourneyLenses } from './codeLens';
import { ItemResult, JourneyTests, RunJourneyOptions } from './journeyTests';

export const OPEN_SCREENSHOT_COMMAND = 'syntheticsGitops.openJourneyScreenshot';
export const SHOW_TRACE_COMMAND = 'syntheticsGitops.showJourneyTrace';

/** What `activate` hands to tests of the extension. */
export interface JourneyTestingApi {
  testController: TestController;
  /** Each test item's outcome in its last run, by item id. */
  results: ReadonlyMap<string, ItemResult>;
  /** Finds the workspace's journey files again (as the explorer's refresh). */
  discover(): Promise<void>;
}

export function registerJourneyTesting(context: ExtensionContext, server: Server): { disposables: Disposable[]; api: JourneyTestingApi } {
  const storage = context.storageUri ?? context.globalStorageUri;
  const journeys = new JourneyTests(server, context.asAbsolutePath('dist/cli.js'), storage, server.output);
  // Not awaited: discovery waits for the server, activation does not.
  void journeys.discover().catch((error: Error) => server.output.warn(`Journey discovery: ${error.message}`));
  const disposables = [
    journeys,
    registerJourneyLenses(journeys),
    commands.registerCommand(RUN_JOURNEY_COMMAND, (target?: Uri | string, name?: string, options?: RunJourneyOptions) => runJourney(journeys, target, name, options)),
    commands.registerCommand(OPEN_SCREENSHOT_COMMAND, (arg?: Parameters<JourneyTests['openScreenshot']>[0]) => journeys.openScreenshot(arg)),
    commands.registerCommand(SHOW_TRACE_COMMAND, (arg?: Parameters<JourneyTests['showTrace']>[0]) => journeys.showTrace(arg)),
  ];
  return { disposables, api: { testController: journeys.controller, results: journeys.results, discover: () => journeys.discover(true) } };
}

/** The journey file given (a lens, a script), else the active editor's; `name` picks one journey of it. */
async function runJourney(journeys: JourneyTests, target?: Uri | string, name?: string, options?: RunJourneyOptions): Promise<RunResult | undefined> {
  const uri = typeof target === 'string' ? Uri.parse(target) : target instanceof Uri ? target : window.activeTextEditor?.document.uri;
  if (!uri || !isJourneyFile(uri.path)) {
    void window.showInformationMessage('Synthetics GitOps: open a journey file (*.journey.ts) to run it.');
    return undefined;
  }
  return journeys.runJourney(uri, typeof name === 'string' ? name : undefined, options && typeof options === 'object' ? options : {});
}
