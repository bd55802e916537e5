// "Generate ConfigMap Entry": a journey file's journeys written as entries of a
// browser-journey-configs ConfigMap, through the server's `syntheticsGitops/generateEntry`, plus a
// lens above each browser journey. The target ConfigMap is asked once per workspace folder (a
// file picker) and remembered in the workspace state.

import {
  CancellationToken,
  CodeLens,
  CodeLensProvider,
  Disposable,
  ExtensionContext,
  QuickPickItem,
  Range,
  RelativePattern,
  TextDocument,
  Uri,
  WorkspaceEdit,
  WorkspaceFolder,
  commands,
  languages,
  window,
  workspace,
} from 'vscode';
import type { WorkspaceEdit as LspWorkspaceEdit, Range as LspRange } from 'vscode-languageserver-protocol';
import { isJourneyFile } from '../../../server/src/protocol/journeyFiles';
import { GenerateEntryRequest, JourneysRequest } from '../../../server/src/protocol/messages';
import { JOURNEY_SELECTOR, Server } from '../client';
import { whenTrusted } from '../trust';

export const GENERATE_ENTRY_COMMAND = 'syntheticsGitops.generateConfigMapEntry';

/** Workspace-state key (per folder) of the chosen ConfigMap file's URI. */
const CONFIGMAP_STATE = 'syntheticsGitops.journeys.configMap';

/** The command's argument: what a lens, a script or a test passes instead of the editor and the picker. */
export interface GenerateEntryArgs {
  /** The journey file (default: the active editor's). */
  uri?: string;
  /** A 0-based line inside one journey; absent: every journey of the file. */
  line?: number;
  /** The ConfigMap file; absent: the remembered one, else asked. It is remembered for next time. */
  configMapUri?: string;
  /** Ask for the ConfigMap file again. */
  pick?: boolean;
}

export function registerGenerateEntry(context: ExtensionContext, server: Server): Disposable[] {
  return [
    commands.registerCommand(GENERATE_ENTRY_COMMAND, (arg?: GenerateEntryArgs) => generateEntry(context, server, arg && typeof arg === 'object' && !(arg instanceof Uri) ? arg : {})),
    languages.registerCodeLensProvider(JOURNEY_SELECTOR, new GenerateLenses(server)),
  ];
}

async function generateEntry(context: ExtensionContext, server: Server, args: GenerateEntryArgs): Promise<GenerateEntryRequest.Result | undefined> {
  const journey = args.uri ? Uri.parse(args.uri) : window.activeTextEditor?.document.uri;
  if (!journey || !isJourneyFile(journey.path)) {
    void window.showWarningMessage('Synthetics GitOps: open a journey file (*.journey.ts) to generate its ConfigMap entry.');
    return undefined;
  }
  if (!(await whenTrusted('Generate ConfigMap Entry'))) return undefined;
  const folder = workspace.getWorkspaceFolder(journey);
  const stateKey = `${CONFIGMAP_STATE}:${folder?.uri.toString() ?? ''}`;
  const remembered = context.workspaceState.get<string>(stateKey);
  const configMap = args.configMapUri ? Uri.parse(args.configMapUri) : !args.pick && remembered ? Uri.parse(remembered) : await pickConfigMap(folder);
  if (!configMap) return undefined;
  await context.workspaceState.update(stateKey, configMap.toString());

  let result: GenerateEntryRequest.Result;
  try {
    // The journey's unsaved text counts (the server reads open documents); its helpers are read from disk.
    result = await server.sendRequest(GenerateEntryRequest.type, { journeyUri: journey.toString(), line: args.line, configMapUri: configMap.toString() });
  } catch (error) {
    void window.showErrorMessage(`Synthetics GitOps: cannot generate the entry: ${(error as Error).message}`);
    return undefined;
  }
  if (result.edit) await applyAndSave(result.edit, configMap);
  report(result, configMap, journey, args);
  return result;
}

/** Applies the server's edit, and saves the ConfigMap unless it had unsaved changes of its own before. */
async function applyAndSave(lsp: LspWorkspaceEdit, configMap: Uri): Promise<void> {
  const wasDirty = workspace.textDocuments.find((d) => d.uri.toString() === configMap.toString())?.isDirty ?? false;
  const edit = new WorkspaceEdit();
  for (const change of lsp.documentChanges ?? []) {
    if ('kind' in change && change.kind === 'create') edit.createFile(Uri.parse(change.uri), { ignoreIfExists: true });
    else if ('textDocument' in change) for (const e of change.edits) if ('newText' in e) edit.replace(Uri.parse(change.textDocument.uri), toRange(e.range), e.newText);
  }
  for (const [uri, edits] of Object.entries(lsp.changes ?? {})) for (const e of edits) edit.replace(Uri.parse(uri), toRange(e.range), e.newText);
  if (!(await workspace.applyEdit(edit))) throw new Error(`the editor refused the edit of ${workspace.asRelativePath(configMap)}: save or revert its unsaved changes, then generate again`);
  if (!wasDirty) await (await workspace.openTextDocument(configMap)).save();
}

function report(result: GenerateEntryRequest.Result, configMap: Uri, journey: Uri, args: GenerateEntryArgs): void {
  const file = workspace.asRelativePath(configMap);
  for (const error of result.errors) void window.showWarningMessage(`Synthetics GitOps: ${error.journey ? `journey "${error.journey}" (line ${error.line + 1}) ` : ''}not generated: ${error.message}`);
  // A warning of no journey is the project's synthetics.config.ts's (its place is in the message).
  for (const warning of result.warnings) void window.showInformationMessage(`Synthetics GitOps: ${warning.journey ? `"${warning.journey}" (line ${warning.line + 1}): ` : ''}${warning.message}`);
  if (!result.entries.length) return;
  const summary = result.entries.map((e) => `${e.key} ${e.status}`).join(', ');
  void window.showInformationMessage(`Synthetics GitOps: ${summary} in ${file}.`, 'Open', 'Change ConfigMap…').then(async (choice) => {
    if (choice === 'Open') await window.showTextDocument(configMap);
    if (choice === 'Change ConfigMap…') await commands.executeCommand(GENERATE_ENTRY_COMMAND, { ...args, uri: journey.toString(), configMapUri: undefined, pick: true });
  });
}

/** The target ConfigMap: one of the folder's ConfigMaps holding browser entries, another YAML file, or a new file. */
async function pickConfigMap(folder: WorkspaceFolder | undefined): Promise<Uri | undefined> {
  const candidates: (QuickPickItem & { uri?: Uri; action?: 'new' | 'open' })[] = [];
  if (folder) {
    for (const uri of await workspace.findFiles(new RelativePattern(folder, '**/*.{yaml,yml}'), '**/{node_modules,.git}/**', 500)) {
      const text = new TextDecoder().decode(await workspace.fs.readFile(uri));
      if (/^kind:\s*ConfigMap\b/m.test(text) && (/browser-journey-configs/.test(text) || /^\s+[^\s#:]+\.json:\s*[|>]/m.test(text))) {
        candidates.push({ label: workspace.asRelativePath(uri), description: 'ConfigMap with browser entries', uri });
      }
    }
  }
  candidates.push({ label: '$(new-file) New ConfigMap file…', action: 'new' }, { label: '$(folder-opened) Other YAML file…', action: 'open' });
  const picked = await window.showQuickPick(candidates, { title: 'Synthetics GitOps: ConfigMap to write journey entries to', placeHolder: 'A browser-journey-configs ConfigMap (remembered for this folder)' });
  if (!picked) return undefined;
  if (picked.uri) return picked.uri;
  if (picked.action === 'new') {
    return window.showSaveDialog({ title: 'New browser-journey-configs ConfigMap', defaultUri: folder && Uri.joinPath(folder.uri, 'k8s', 'browser-monitors.yaml'), filters: { YAML: ['yaml', 'yml'] } });
  }
  const chosen = await window.showOpenDialog({ title: 'ConfigMap file', defaultUri: folder?.uri, canSelectMany: false, filters: { YAML: ['yaml', 'yml'] } });
  return chosen?.[0];
}

/** "Generate ConfigMap entry" above each browser journey (api journeys are not ConfigMap entries). */
class GenerateLenses implements CodeLensProvider {
  constructor(private readonly server: Server) {}

  async provideCodeLenses(document: TextDocument, token: CancellationToken): Promise<CodeLens[]> {
    let journeys: JourneysRequest.Journey[];
    try {
      journeys = (await this.server.sendRequest(JourneysRequest.type, { uri: document.uri.toString() })).journeys;
    } catch {
      return []; // the server is not running: no lenses until it is
    }
    if (token.isCancellationRequested) return [];
    return journeys
      .filter((j) => j.kind === 'browser')
      .map((journey) => {
        const line = journey.range.start.line;
        const args: GenerateEntryArgs = { uri: document.uri.toString(), line };
        return new CodeLens(new Range(line, 0, line, 0), {
          title: 'Generate ConfigMap entry',
          tooltip: `Write "${journey.name}" as its entry of the browser-journey-configs ConfigMap`,
          command: GENERATE_ENTRY_COMMAND,
          arguments: [args],
        });
      });
  }
}

function toRange(range: LspRange): Range {
  return new Range(range.start.line, range.start.character, range.end.line, range.end.character);
}
