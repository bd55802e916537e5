// The *Synthetics Monitors* view (Explorer): the project's monitors grouped by their status in
// Kibana, most urgent first; a monitor opens where git defines it, its inline action in Kibana.
// When a request fails the view says why and when it asks again; empty, it shows its welcome text
// (package.json viewsWelcome): what makes statuses appear.

import { Disposable, EventEmitter, MarkdownString, Range, ThemeColor, ThemeIcon, TreeDataProvider, TreeItem, TreeItemCollapsibleState, TreeView, Uri, window } from 'vscode';
import type { MonitorStatusItem } from '../../../server/src/protocol/messages';
import { MonitorState, STATE_ORDER } from '../../../server/src/protocol/monitorStatus';
import { FolderStatus, StatusPoller } from './statusPoller';
import { STATE_LABEL, shortTime, statusDetails, statusSummary } from './statusText';

export const STATUS_VIEW = 'syntheticsGitops.monitorStatus';
/** Context value of a monitor Kibana holds: it has the Open in Kibana action. */
const IN_KIBANA = 'monitorInKibana';

const ICON: Record<MonitorState, ThemeIcon> = {
  down: new ThemeIcon('error', new ThemeColor('testing.iconFailed')),
  pending: new ThemeIcon('clock', new ThemeColor('testing.iconQueued')),
  'not-in-kibana': new ThemeIcon('circle-slash'),
  disabled: new ThemeIcon('debug-pause'),
  up: new ThemeIcon('pass', new ThemeColor('testing.iconPassed')),
};

export type Node = { kind: 'group'; state: MonitorState; monitors: Entry[] } | { kind: 'monitor'; entry: Entry };
interface Entry {
  monitor: MonitorStatusItem;
  folder: FolderStatus;
}

export class StatusTree implements TreeDataProvider<Node> {
  private readonly changed = new EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly poller: StatusPoller) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (node) return node.kind === 'group' ? node.monitors.map((entry) => ({ kind: 'monitor', entry })) : [];
    const entries = this.poller.all().flatMap((folder) => (folder.result?.monitors ?? []).map((monitor) => ({ monitor, folder })));
    return STATE_ORDER.map((state) => ({ kind: 'group' as const, state, monitors: entries.filter((e) => e.monitor.status === state) })).filter((g) => g.monitors.length);
  }

  getTreeItem(node: Node): TreeItem {
    if (node.kind === 'group') {
      const item = new TreeItem(`${STATE_LABEL[node.state]} (${node.monitors.length})`, node.state === 'up' ? TreeItemCollapsibleState.Collapsed : TreeItemCollapsibleState.Expanded);
      item.iconPath = ICON[node.state];
      item.id = `group:${node.state}`;
      return item;
    }
    const { monitor, folder } = node.entry;
    const item = new TreeItem(monitor.name ?? monitor.id, TreeItemCollapsibleState.None);
    const several = this.poller.all().length > 1;
    item.description = `${monitor.id}${several ? ` · ${folder.folder.name}` : ''} · ${statusSummary(monitor).replace(/^\S+ /, '')}`;
    item.iconPath = ICON[monitor.status];
    item.id = `${folder.folder.uri.toString()}#${monitor.id}`;
    const target = folder.result?.target ?? '';
    const tooltip = new MarkdownString(statusDetails(monitor, target).map((line) => line.replace(/^ {2}/, '- ')).join('\n\n'));
    if (monitor.url) tooltip.appendMarkdown(`\n\n[Open in Kibana](${monitor.url})`);
    item.tooltip = tooltip;
    item.contextValue = monitor.url ? IN_KIBANA : 'monitor';
    const [place] = monitor.places;
    if (place) item.command = { title: 'Open Definition', command: 'vscode.open', arguments: [Uri.parse(place.uri), { selection: new Range(place.line, 0, place.line, 0) }] };
    item.accessibilityInformation = { label: `${monitor.name ?? monitor.id}: ${STATE_LABEL[monitor.status]}` };
    return item;
  }

  /** Why the statuses may be stale or missing: the folders whose last request failed. */
  message(): string | undefined {
    const failed = this.poller.all().filter((f) => f.error);
    if (!failed.length) return undefined;
    return failed.map((f) => `${f.folder.name}: ${f.error}${f.nextAt ? ` (asked again at ${shortTime(new Date(f.nextAt).toISOString())})` : ''}`).join('\n');
  }
}

export function createStatusView(tree: StatusTree, poller: StatusPoller): Disposable {
  const view: TreeView<unknown> = window.createTreeView(STATUS_VIEW, { treeDataProvider: tree as TreeDataProvider<unknown>, showCollapseAll: true });
  const update = () => {
    tree.refresh();
    view.message = tree.message();
  };
  return Disposable.from(view, poller.onDidChange(update));
}
