// What the Kibana features share: which folder a command is about, the API key in VS Code's
// secret storage (never a setting), and the server's requests, with the last connection check per folder.

import { Disposable, EventEmitter, SecretStorage, Uri, WorkspaceFolder, commands, window, workspace } from 'vscode';
import { CheckConnectionRequest, ImportMonitorsRequest, ListKibanaMonitorsRequest, PlanRequest, PushRequest } from '../../../server/src/protocol/messages';
import { Server } from '../client';

/** The SecretStorage key of the Kibana API key (one for every workspace). */
export const API_KEY_SECRET = 'syntheticsGitops.kibanaApiKey';
/** Context key: the last connection check reached Kibana. */
export const REACHABLE_CONTEXT = 'syntheticsGitops.kibanaReachable';

export class KibanaSession implements Disposable {
  private readonly checks = new Map<string, CheckConnectionRequest.Result>();
  private readonly checked = new EventEmitter<WorkspaceFolder>();
  /** A folder's connection check has a new result. */
  readonly onDidCheck = this.checked.event;
  private readonly keyChanged = new EventEmitter<void>();
  readonly onDidChangeKey = this.keyChanged.event;
  private readonly watch: Disposable;

  constructor(
    readonly server: Server,
    private readonly secrets: SecretStorage,
  ) {
    this.watch = secrets.onDidChange((e) => e.key === API_KEY_SECRET && this.keyChanged.fire());
  }

  async setApiKey(key: string): Promise<void> {
    if (key.trim()) await this.secrets.store(API_KEY_SECRET, key.trim());
    else await this.secrets.delete(API_KEY_SECRET);
  }

  /** The folder holding `resource`, else the active editor's, else the only one; asks when there are several. */
  async folder(resource?: Uri): Promise<WorkspaceFolder | undefined> {
    const folders = workspace.workspaceFolders ?? [];
    const of = (uri: Uri | undefined) => (uri ? workspace.getWorkspaceFolder(uri) : undefined);
    const found = of(resource) ?? of(window.activeTextEditor?.document.uri) ?? (folders.length === 1 ? folders[0] : undefined);
    if (found || !folders.length) return found;
    return window.showWorkspaceFolderPick({ placeHolder: 'Which folder holds the monitors?' });
  }

  /** The active editor's folder, else the first: what the status bar shows. Never asks. */
  currentFolder(): WorkspaceFolder | undefined {
    const active = window.activeTextEditor?.document.uri;
    return (active && workspace.getWorkspaceFolder(active)) || workspace.workspaceFolders?.[0];
  }

  async plan(folder: WorkspaceFolder): Promise<PlanRequest.Result> {
    return this.server.sendRequest(PlanRequest.type, { folderUri: folder.uri.toString(), apiKey: await this.apiKey() });
  }

  async push(folder: WorkspaceFolder, prune: boolean, confirmedDeletes: string[]): Promise<PushRequest.Result> {
    return this.server.sendRequest(PushRequest.type, { folderUri: folder.uri.toString(), apiKey: await this.apiKey(), prune, confirmedDeletes });
  }

  async listMonitors(folder: WorkspaceFolder): Promise<ListKibanaMonitorsRequest.Result> {
    return this.server.sendRequest(ListKibanaMonitorsRequest.type, { folderUri: folder.uri.toString(), apiKey: await this.apiKey() });
  }

  async importMonitors(folder: WorkspaceFolder, request: Omit<ImportMonitorsRequest.Params, 'folderUri' | 'apiKey'>): Promise<ImportMonitorsRequest.Result> {
    return this.server.sendRequest(ImportMonitorsRequest.type, { folderUri: folder.uri.toString(), apiKey: await this.apiKey(), ...request });
  }

  async check(folder: WorkspaceFolder): Promise<CheckConnectionRequest.Result> {
    const result = await this.server.sendRequest(CheckConnectionRequest.type, { folderUri: folder.uri.toString(), apiKey: await this.apiKey() });
    this.checks.set(folder.uri.toString(), result);
    // The walkthrough's "connect to a Kibana" step completes on it.
    void commands.executeCommand('setContext', REACHABLE_CONTEXT, result.ok);
    this.checked.fire(folder);
    return result;
  }

  /** The folder's last check, if any. */
  lastCheck(folder: WorkspaceFolder): CheckConnectionRequest.Result | undefined {
    return this.checks.get(folder.uri.toString());
  }

  dispose(): void {
    this.watch.dispose();
    this.checked.dispose();
    this.keyChanged.dispose();
  }

  /** Never read for an untrusted workspace, whose files may point Kibana requests anywhere. */
  private async apiKey(): Promise<string | undefined> {
    if (!workspace.isTrusted) return undefined;
    return (await this.secrets.get(API_KEY_SECRET)) || undefined;
  }
}
