// What the Kibana features share: which folder a command is about, the API key in VS Code's
// secret storage (never a setting), the hosts the user confirmed for it (hosts.ts), and the
// server's requests, with the last connection check per folder.

import { Disposable, EventEmitter, Memento, SecretStorage, Uri, WorkspaceFolder, commands, window, workspace } from 'vscode';
import { originOf } from '../../../server/src/protocol/hosts';
import { CheckConnectionRequest, FolderParams, ImportMonitorsRequest, ListKibanaMonitorsRequest, MonitorStatusRequest, PlanRequest, PushRequest } from '../../../server/src/protocol/messages';
import { SETTINGS_SECTION } from '../../../server/src/protocol/settings';
import { Server } from '../client';
import { CONFIRMED_HOSTS_KEY, confirmationText, needsAsking, sendConfirming, vouchedHosts, withHost } from './hosts';

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
    private readonly globalState: Memento,
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
    return this.confirming(folder, (params) => this.server.sendRequest(PlanRequest.type, params));
  }

  async push(folder: WorkspaceFolder, prune: boolean, confirmedDeletes: string[]): Promise<PushRequest.Result> {
    return this.confirming(folder, (params) => this.server.sendRequest(PushRequest.type, { ...params, prune, confirmedDeletes }));
  }

  async listMonitors(folder: WorkspaceFolder): Promise<ListKibanaMonitorsRequest.Result> {
    return this.confirming(folder, (params) => this.server.sendRequest(ListKibanaMonitorsRequest.type, params));
  }

  async importMonitors(folder: WorkspaceFolder, request: Omit<ImportMonitorsRequest.Params, keyof FolderParams>): Promise<ImportMonitorsRequest.Result> {
    return this.confirming(folder, (params) => this.server.sendRequest(ImportMonitorsRequest.type, { ...params, ...request }));
  }

  /** Never asks: a host to confirm (other than loopback) is reported in the result, for the status bar. */
  async check(folder: WorkspaceFolder): Promise<CheckConnectionRequest.Result> {
    let result = await this.server.sendRequest(CheckConnectionRequest.type, await this.params(folder));
    if (result.unconfirmedHost && !needsAsking(result.unconfirmedHost)) {
      await this.confirmHost(result.unconfirmedHost);
      result = await this.server.sendRequest(CheckConnectionRequest.type, await this.params(folder));
    }
    this.checks.set(folder.uri.toString(), result);
    // The walkthrough's "connect to a Kibana" step completes on it.
    void commands.executeCommand('setContext', REACHABLE_CONTEXT, result.ok);
    this.checked.fire(folder);
    return result;
  }

  /** Runs on a timer, so never asks: a loopback host is confirmed at once, another must have been confirmed before (a preview or push asks). */
  monitorStatus(folder: WorkspaceFolder): Promise<MonitorStatusRequest.Result> {
    const store = { vouched: () => this.vouched(folder), remember: (origin: string) => this.confirmHost(origin) };
    const send = async (confirmedHosts: string[]) => this.server.sendRequest(MonitorStatusRequest.type, { ...(await this.params(folder)), confirmedHosts });
    return sendConfirming(send, store, async (host) => !needsAsking(host));
  }

  /** Remembers that the user vouches for this URL's host (they chose it, or confirmed it). */
  async confirmHost(url: string): Promise<void> {
    const origin = originOf(url);
    if (origin) await this.globalState.update(CONFIRMED_HOSTS_KEY, withHost(this.confirmedHosts(), origin));
  }

  /** Sends a request, confirming the host it is refused for: loopback at once, another host only when the user agrees. */
  private confirming<R>(folder: WorkspaceFolder, send: (params: FolderParams) => Promise<R>): Promise<R> {
    const store = { vouched: () => this.vouched(folder), remember: (origin: string) => this.confirmHost(origin) };
    return sendConfirming(async (confirmedHosts) => send({ ...(await this.params(folder)), confirmedHosts }), store, async (host) => !needsAsking(host) || (await this.askToConfirm(host)));
  }

  private async params(folder: WorkspaceFolder): Promise<FolderParams> {
    const unsaved = workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file').map((d) => d.uri.toString());
    return { folderUri: folder.uri.toString(), apiKey: await this.apiKey(), confirmedHosts: this.vouched(folder), unsaved };
  }

  private async askToConfirm(origin: string): Promise<boolean> {
    const text = confirmationText(origin);
    return (await window.showWarningMessage(text.message, { modal: true, detail: text.detail }, text.sendLabel)) === text.sendLabel;
  }

  private confirmedHosts(): string[] {
    return this.globalState.get<string[]>(CONFIRMED_HOSTS_KEY, []);
  }

  /** The confirmed hosts, and the host of the user's own `kibana.url` setting (not the workspace's). */
  private vouched(folder: WorkspaceFolder): string[] {
    const userUrl = workspace.getConfiguration(SETTINGS_SECTION, folder.uri).inspect<string>('kibana.url')?.globalValue;
    return vouchedHosts(this.confirmedHosts(), userUrl);
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
