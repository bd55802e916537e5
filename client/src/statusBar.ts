// One status-bar item with the server's state, shown while a YAML or JSON editor is active.

import { Disposable, MarkdownString, StatusBarAlignment, ThemeColor, window, workspace } from 'vscode';
import { LANGUAGES, Server, ServerState } from './client';
import { COMMANDS } from './commands';

const LOOK: Record<ServerState, { icon: string; detail: string }> = {
  starting: { icon: '$(sync~spin)', detail: 'The language server is starting.' },
  running: { icon: '$(check)', detail: 'The language server is running.' },
  stopped: { icon: '$(warning)', detail: 'The language server is stopped: see the output for why.' },
};

export function createStatusBar(server: Server): Disposable {
  const item = window.createStatusBarItem('syntheticsGitops.status', StatusBarAlignment.Right);
  item.name = 'Synthetics GitOps';
  item.command = COMMANDS.showOutput;

  const render = (state: ServerState) => {
    item.text = `${LOOK[state].icon} Synthetics`;
    item.backgroundColor = state === 'stopped' ? new ThemeColor('statusBarItem.warningBackground') : undefined;
    const tooltip = new MarkdownString(
      `**Synthetics GitOps**: ${LOOK[state].detail}\n\n` +
        `[Show output](command:${COMMANDS.showOutput}) · [Restart](command:${COMMANDS.restartServer})`,
    );
    tooltip.isTrusted = { enabledCommands: Object.values(COMMANDS) };
    item.tooltip = tooltip;
  };
  const updateVisibility = () => {
    const languageId = window.activeTextEditor?.document.languageId;
    if (languageId && LANGUAGES.includes(languageId)) item.show();
    else item.hide();
  };

  render(server.state);
  updateVisibility();
  return Disposable.from(
    item,
    server.onDidChangeState(render),
    window.onDidChangeActiveTextEditor(updateVisibility),
    // A change of language mode reopens the document without changing the active editor.
    workspace.onDidOpenTextDocument(updateVisibility),
  );
}
