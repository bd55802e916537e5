// One status-bar item with the Kibana target of the current folder and whether it answers:
// checked again when the Kibana settings, the API key, the folder or the server change. Click: Select Kibana Target.

import { Disposable, MarkdownString, StatusBarAlignment, ThemeColor, window, workspace } from 'vscode';
import { LANGUAGES } from '../client';
import { KibanaSession } from './session';

export function createKibanaStatus(session: KibanaSession, commands: { selectTarget: string; setApiKey: string; preview: string }): Disposable {
  const item = window.createStatusBarItem('syntheticsGitops.kibana', StatusBarAlignment.Right);
  item.name = 'Synthetics GitOps: Kibana';
  item.command = commands.selectTarget;
  /** Only the newest check may paint. */
  let generation = 0;
  let folderKey: string | undefined;

  const render = () => {
    const folder = session.currentFolder();
    const result = folder && session.lastCheck(folder);
    const editing = LANGUAGES.includes(window.activeTextEditor?.document.languageId ?? '');
    if (!result?.target || !editing) {
      item.hide();
      return;
    }
    item.text = `$(cloud) Kibana: ${result.target} ${result.ok ? '$(check)' : '$(warning)'}`;
    item.backgroundColor = result.ok ? undefined : new ThemeColor('statusBarItem.warningBackground');
    const state = result.ok ? `reachable, Kibana ${result.version}` : `not usable: ${result.message ?? 'no answer'}`;
    const tooltip = new MarkdownString(
      `**Kibana target** \`${result.target}\` (host/space/project): ${state}\n\n` +
        `[Select target](command:${commands.selectTarget}) · [Set API key](command:${commands.setApiKey}) · [Preview diff](command:${commands.preview})`,
    );
    tooltip.isTrusted = { enabledCommands: Object.values(commands) };
    item.tooltip = tooltip;
    item.show();
  };

  const refresh = async () => {
    const folder = session.currentFolder();
    folderKey = folder?.uri.toString();
    // Restricted Mode: no request to where the workspace's files point.
    if (!folder || session.server.state !== 'running' || !workspace.isTrusted) return render();
    const mine = ++generation;
    try {
      await session.check(folder);
    } catch {
      // The server stopped meanwhile: its state change refreshes again.
    }
    if (mine === generation) render();
  };

  void refresh();
  return Disposable.from(
    item,
    session.server.onDidChangeState((state) => state === 'running' && void refresh()),
    session.onDidChangeKey(() => void refresh()),
    workspace.onDidGrantWorkspaceTrust(() => void refresh()),
    workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('syntheticsGitops.kibana') && void refresh()),
    window.onDidChangeActiveTextEditor(() => (session.currentFolder()?.uri.toString() !== folderKey ? void refresh() : render())),
  );
}
