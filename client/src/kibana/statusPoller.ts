// Monitors' statuses per workspace folder, asked of the language server (MonitorStatusRequest) every
// minute while Kibana answers and less often after failures (statusText.ts nextRefreshMs). Nothing is
// asked in Restricted Mode, nor for a folder without a Kibana URL (its connection check has no
// target), nor while the window is not focused: a refresh that falls due then waits for the focus.

import { Disposable, EventEmitter, WorkspaceFolder, window, workspace } from 'vscode';
import type { MonitorStatusRequest } from '../../../server/src/protocol/messages';
import { KibanaSession } from './session';
import { nextRefreshMs } from './statusText';

export interface FolderStatus {
  folder: WorkspaceFolder;
  /** The last answer; kept while a later request fails, so the lenses stay. */
  result?: MonitorStatusRequest.Result;
  /** Why the last request failed, if it did. */
  error?: string;
  /** Failures in a row: the backoff. */
  failures: number;
  /** When the next request is due (ms since the epoch). */
  nextAt?: number;
}

interface Tracked extends FolderStatus {
  timer?: NodeJS.Timeout;
  /** The timer fired while the window was not focused. */
  due: boolean;
  running?: Promise<void>;
  /** The target (`host/space/project`) the last request was for. */
  target?: string;
}

/** A save may add or rename monitors: asked again this long after the last save. */
const SAVE_DELAY_MS = 2_000;

export class StatusPoller implements Disposable {
  private readonly tracked = new Map<string, Tracked>();
  private readonly changed = new EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: Disposable[];
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(private readonly session: KibanaSession) {
    this.subscriptions = [
      session.onDidCheck((folder) => this.sync(folder)),
      window.onDidChangeWindowState((state) => state.focused && this.resumeDue()),
      workspace.onDidChangeWorkspaceFolders((e) => e.removed.forEach((f) => this.drop(f))),
      workspace.onDidSaveTextDocument((document) => {
        const folder = workspace.getWorkspaceFolder(document.uri);
        const state = folder && this.tracked.get(folder.uri.toString());
        if (!state || state.failures) return;
        clearTimeout(this.saveTimer);
        this.saveTimer = setTimeout(() => void this.refresh(state.folder), SAVE_DELAY_MS);
      }),
    ];
  }

  /** Whether statuses may be asked for: a trusted workspace, the server up, and a Kibana URL known for the folder. */
  eligible(folder: WorkspaceFolder): boolean {
    return workspace.isTrusted && this.session.server.state === 'running' && !!this.session.lastCheck(folder)?.target;
  }

  /** After a connection check: asked at once when new, retargeted (the old statuses forgotten), or failing (the check may say it is fixed); forgotten when no longer eligible. */
  private sync(folder: WorkspaceFolder): void {
    if (!this.eligible(folder)) return this.drop(folder);
    const key = folder.uri.toString();
    // Another Kibana (or space, or project): the statuses shown are not its own.
    if (this.tracked.get(key)?.target !== undefined && this.tracked.get(key)?.target !== this.session.lastCheck(folder)?.target) this.drop(folder);
    const state = this.tracked.get(key);
    if (!state || state.error || !state.result) void this.refresh(folder);
  }

  /** Asks now (once, however many callers), then schedules the next request. Undefined when the folder is not eligible. */
  async refresh(folder: WorkspaceFolder): Promise<FolderStatus | undefined> {
    if (!this.eligible(folder)) {
      this.drop(folder);
      return undefined;
    }
    const key = folder.uri.toString();
    const state = this.tracked.get(key) ?? { folder, failures: 0, due: false };
    this.tracked.set(key, state);
    clearTimeout(state.timer);
    state.running ??= this.ask(state).finally(() => (state.running = undefined));
    await state.running;
    return this.tracked.get(key) === state ? state : undefined;
  }

  private async ask(state: Tracked): Promise<void> {
    const target = this.session.lastCheck(state.folder)?.target;
    try {
      state.result = await this.session.monitorStatus(state.folder);
      state.error = undefined;
      state.failures = 0;
    } catch (error) {
      state.error = error instanceof Error ? error.message : String(error);
      state.failures++;
    }
    state.target = target;
    // Forgotten meanwhile (trust, target or folder gone): no timer, no change to show.
    if (this.tracked.get(state.folder.uri.toString()) !== state) return;
    this.schedule(state);
    this.changed.fire();
  }

  private schedule(state: Tracked): void {
    const wait = nextRefreshMs(state.failures);
    state.nextAt = Date.now() + wait;
    state.timer = setTimeout(() => {
      if (window.state.focused) void this.refresh(state.folder);
      else state.due = true;
    }, wait);
  }

  private resumeDue(): void {
    for (const state of this.tracked.values()) {
      if (!state.due) continue;
      state.due = false;
      void this.refresh(state.folder);
    }
  }

  private drop(folder: WorkspaceFolder): void {
    const state = this.tracked.get(folder.uri.toString());
    if (!state) return;
    clearTimeout(state.timer);
    this.tracked.delete(folder.uri.toString());
    this.changed.fire();
  }

  /** The folder's statuses, if asked for. */
  statusOf(folder: WorkspaceFolder): FolderStatus | undefined {
    return this.tracked.get(folder.uri.toString());
  }

  /** Every folder asked for, in workspace order. */
  all(): FolderStatus[] {
    return [...this.tracked.values()];
  }

  dispose(): void {
    for (const state of this.tracked.values()) clearTimeout(state.timer);
    clearTimeout(this.saveTimer);
    this.tracked.clear();
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}
