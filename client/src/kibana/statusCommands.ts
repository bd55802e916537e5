// Monitors' live status in the editor: the poller, the lenses, the Synthetics Monitors view, and
// their commands: Refresh Monitor Status, Show Monitor Status, Open Monitor in Kibana.
// Each command takes an optional argument (what a lens, the view or a test passes) in place of asking.

import { Disposable, QuickPickItem, Uri, commands, env, window, workspace } from 'vscode';
import type { MonitorStatusRequest } from '../../../server/src/protocol/messages';
import { whenTrusted } from '../trust';
import { KibanaSession } from './session';
import { StatusLenses, registerStatusLenses } from './statusLens';
import { StatusPoller } from './statusPoller';
import { STATE_LABEL, lensTitle } from './statusText';
import { Node, STATUS_VIEW, StatusTree, createStatusView } from './statusView';

export const STATUS_COMMANDS = {
  refresh: 'syntheticsGitops.refreshMonitorStatus',
  show: 'syntheticsGitops.showMonitorStatus',
  open: 'syntheticsGitops.openMonitorInKibana',
} as const;

export function registerMonitorStatus(session: KibanaSession): Disposable[] {
  const poller = new StatusPoller(session);
  const tree = new StatusTree(poller);
  return [
    poller,
    registerStatusLenses(new StatusLenses(poller, STATUS_COMMANDS.open)),
    createStatusView(tree, poller),
    commands.registerCommand(STATUS_COMMANDS.refresh, (arg?: { folderUri?: string }) => refresh(session, poller, arg?.folderUri)),
    commands.registerCommand(STATUS_COMMANDS.show, async () => {
      await commands.executeCommand(`${STATUS_VIEW}.focus`);
      // In Restricted Mode the view only says what would make statuses appear.
      return workspace.isTrusted ? refresh(session, poller, undefined) : undefined;
    }),
    commands.registerCommand(STATUS_COMMANDS.open, (arg?: { url?: string } | Node) => openInKibana(poller, arg)),
  ];
}

/** Asks Kibana now for the folder's statuses (checking the connection first if it never was); failures are shown, not thrown. */
async function refresh(session: KibanaSession, poller: StatusPoller, folderUri: string | undefined): Promise<MonitorStatusRequest.Result | undefined> {
  if (!(await whenTrusted('Monitor status'))) return undefined;
  const folder = await session.folder(folderUri ? Uri.parse(folderUri) : undefined);
  if (!folder) {
    void window.showErrorMessage('Synthetics GitOps: open the folder that holds the monitors first.');
    return undefined;
  }
  if (!session.lastCheck(folder)) await session.check(folder).catch(() => undefined);
  if (!session.lastCheck(folder)?.target) {
    void window.showInformationMessage('Synthetics GitOps: no Kibana target for this folder: run "Synthetics GitOps: Select Kibana Target" first.');
    return undefined;
  }
  const state = await poller.refresh(folder);
  if (state?.error) {
    void window.showErrorMessage(`Synthetics GitOps: monitor status: ${state.error}`);
    return undefined;
  }
  return state?.result;
}

/** Opens the monitor's page in Kibana: the lens's or the view's monitor, else the one picked among those Kibana holds. */
async function openInKibana(poller: StatusPoller, arg: { url?: string } | Node | undefined): Promise<string | undefined> {
  const given = arg && 'kind' in arg ? (arg.kind === 'monitor' ? arg.entry.monitor.url : undefined) : arg?.url;
  const url = given ?? (await pickMonitor(poller));
  // Built by the server from the Kibana URL: only a web page is opened.
  if (!url || !/^https?:\/\//.test(url)) return undefined;
  await env.openExternal(Uri.parse(url));
  return url;
}

async function pickMonitor(poller: StatusPoller): Promise<string | undefined> {
  const items: (QuickPickItem & { url: string })[] = poller
    .all()
    .flatMap((f) => f.result?.monitors ?? [])
    .filter((m) => m.url)
    .map((m) => ({ label: m.name ?? m.id, description: `${m.id} · ${STATE_LABEL[m.status]}`, detail: lensTitle(m), url: m.url! }));
  if (!items.length) {
    void window.showInformationMessage('Synthetics GitOps: no monitor status yet: a Kibana target must be set and reachable, in a trusted workspace.');
    return undefined;
  }
  return (await window.showQuickPick(items, { title: 'Open Monitor in Kibana', matchOnDescription: true }))?.url;
}
