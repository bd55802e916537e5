// The plan in the editor: read-only `synthetics-gitops-plan:` documents holding each monitor as
// Kibana has it and as it will have it after a push (normalised YAML), VS Code's diff editor
// between the two, and a QuickPick summary of the changes.

import { Disposable, EventEmitter, QuickPickItem, Range, TextDocumentContentProvider, Uri, WorkspaceFolder, commands, window, workspace } from 'vscode';
import type { PlanMonitor, PlanRequest } from '../../../server/src/protocol/messages';
import { SummaryEntry, planCounts, summaryEntries } from './present';

export const PLAN_SCHEME = 'synthetics-gitops-plan';

type Side = 'kibana' | 'git';

export class PlanDocuments implements TextDocumentContentProvider, Disposable {
  /** Text by URI; a folder's entries are replaced by each new plan of it. */
  private readonly texts = new Map<string, string>();
  private readonly byFolder = new Map<string, string[]>();
  private readonly changed = new EventEmitter<Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** `synthetics-gitops-plan:/<folder>/kibana/<id>.yaml` (now) or `…/git/<id>.yaml` (after a push); the query tells same-named folders apart. */
  static uri(folder: WorkspaceFolder, id: string, side: Side): Uri {
    return Uri.from({ scheme: PLAN_SCHEME, path: `/${folder.name}/${side}/${encodeURIComponent(id)}.yaml`, query: folder.uri.toString() });
  }

  /** Records a folder's newest plan; diff editors open on its monitors show the new texts. */
  update(folder: WorkspaceFolder, monitors: PlanMonitor[]): void {
    const key = folder.uri.toString();
    const stale = this.byFolder.get(key) ?? [];
    for (const uri of stale) this.texts.delete(uri);
    const fresh: string[] = [];
    for (const m of monitors) {
      for (const [side, text] of [['kibana', m.before], ['git', m.after]] as const) {
        const uri = PlanDocuments.uri(folder, m.id, side).toString();
        this.texts.set(uri, text ?? '');
        fresh.push(uri);
      }
    }
    this.byFolder.set(key, fresh);
    for (const uri of new Set([...stale, ...fresh])) this.changed.fire(Uri.parse(uri));
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Opens the diff of one monitor: Kibana now on the left, after a push on the right. An invalid monitor opens at its place in git. */
export async function openDiff(folder: WorkspaceFolder, monitor: PlanMonitor): Promise<void> {
  if (monitor.action === 'invalid') {
    if (monitor.uri) await window.showTextDocument(Uri.parse(monitor.uri), { selection: new Range(monitor.line ?? 0, 0, monitor.line ?? 0, 0) });
    return;
  }
  const title = `${monitor.id}: Kibana ↔ after push${monitor.action === 'create' ? ' (new)' : monitor.action === 'delete' ? ' (deleted)' : ''}`;
  await commands.executeCommand('vscode.diff', PlanDocuments.uri(folder, monitor.id, 'kibana'), PlanDocuments.uri(folder, monitor.id, 'git'), title, { preview: true });
}

/** Shows the summary without waiting for a choice; choosing a monitor opens its diff. */
export function showSummary(folder: WorkspaceFolder, result: PlanRequest.Result, target: string): void {
  const pick = window.createQuickPick<QuickPickItem & { entry: SummaryEntry }>();
  pick.title = `Kibana plan${target ? ` for ${target}` : ''}: ${planCounts(result.monitors)}`;
  pick.placeholder = result.blockers.length
    ? `Deletes withheld: ${result.blockers.length} input(s) cannot be read (see Problems). Choose a monitor to see its diff`
    : result.errors.length
      ? `${result.errors.length} validation error(s) keep their monitors from a push (see Problems). Choose a monitor to see its diff`
      : 'Choose a monitor to see its diff (the full plan is in the output)';
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.items = summaryEntries(result.monitors).map((entry) => ({ label: entry.label, description: entry.description, detail: entry.detail, entry }));
  pick.onDidAccept(() => {
    const [chosen] = pick.selectedItems;
    pick.hide();
    if (chosen) void openDiff(folder, chosen.entry.monitor);
  });
  pick.onDidHide(() => pick.dispose());
  pick.show();
}

/** Registers the provider of the plan documents. */
export function registerPlanDocuments(documents: PlanDocuments): Disposable {
  return Disposable.from(documents, workspace.registerTextDocumentContentProvider(PLAN_SCHEME, documents));
}
