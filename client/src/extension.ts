// Entry of the extension: wires the server, its commands and its status bar; the work lives in the other modules.

import * as path from 'node:path';
import type { ExtensionContext } from 'vscode';
import { Server } from './client';
import { offerRestartOnChange, registerCommands, startServer } from './commands';
import { createStatusBar } from './statusBar';

let server: Server | undefined;

export function activate(context: ExtensionContext): void {
  server = new Server(context.asAbsolutePath(path.join('dist', 'server.js')));
  context.subscriptions.push(...registerCommands(server), createStatusBar(server), offerRestartOnChange(server));
  // Not awaited: activation (and any command that triggered it) need not wait for the server.
  void startServer(server);
}

export async function deactivate(): Promise<void> {
  await server?.dispose();
  server = undefined;
}
