// Palette commands. Each works in any server state or says why not; none throws at the user.

import { Disposable, commands, window, workspace } from 'vscode';
import { Server } from './client';
import { needsRestart } from './config';

export const COMMANDS = {
  restartServer: 'syntheticsGitops.restartServer',
  showOutput: 'syntheticsGitops.showOutput',
} as const;

export function registerCommands(server: Server): Disposable[] {
  return [
    commands.registerCommand(COMMANDS.restartServer, () => startServer(server)),
    commands.registerCommand(COMMANDS.showOutput, () => server.output.show()),
  ];
}

/** Starts the server, anew if it runs. */
export async function startServer(server: Server): Promise<void> {
  if (server.state === 'starting') {
    // A starting client can be neither stopped nor started twice.
    const choice = await window.showInformationMessage('Synthetics GitOps: the language server is still starting.', 'Show Output');
    if (choice) server.output.show();
    return;
  }
  try {
    await server.start();
  } catch {
    // vscode-languageclient has already shown the failure and logged it to the output; the status bar shows "stopped".
  }
}

/**
 * Restarts the server to take on a change it cannot follow (the workspace trusted): at once, or once
 * a start under way has ended, so the server started before the change never stays.
 */
export async function restartWhenStarted(server: Server): Promise<void> {
  if (server.state === 'starting') {
    await new Promise<void>((resolve) => {
      const watch = server.onDidChangeState((state) => {
        if (state === 'starting') return;
        watch.dispose();
        resolve();
      });
    });
  }
  await startServer(server);
}

/** Offers a restart when a setting changes that the running server cannot take on. */
export function offerRestartOnChange(server: Server): Disposable {
  return workspace.onDidChangeConfiguration(async (event) => {
    if (server.state !== 'running' || !needsRestart(event)) return;
    const choice = await window.showInformationMessage('Synthetics GitOps: restart the language server to apply the new settings?', 'Restart');
    if (choice) await startServer(server);
  });
}
