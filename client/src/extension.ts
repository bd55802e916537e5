// Entry of the extension: wires the server, its commands and its status bar; the work lives in the other modules.

import * as path from 'node:path';
import { ExtensionContext, commands } from 'vscode';
import { Server } from './client';
import { offerRestartOnChange, registerCommands, restartWhenStarted, startServer } from './commands';
import { registerGenerateEntry } from './journeys/generate';
import { registerKibana } from './kibana/commands';
import { registerFirstRun } from './firstRun';
import { createStatusBar } from './statusBar';
import { onTrusted } from './trust';
import { JourneyTestingApi, registerJourneyTesting } from './testing';

let server: Server | undefined;

export function activate(context: ExtensionContext): JourneyTestingApi {
  server = new Server(context.asAbsolutePath(path.join('dist', 'server.js')));
  context.subscriptions.push(...registerCommands(server), createStatusBar(server), offerRestartOnChange(server), ...registerKibana(context, server));
  context.subscriptions.push(...registerGenerateEntry(context, server), ...registerFirstRun(context));
  // Trusted now: the server may load the workspace's modules (Restricted Mode started it without).
  // Trust may come while it starts (the startup prompt answered quickly): it restarts after that start.
  context.subscriptions.push(onTrusted(() => server && restartWhenStarted(server)));
  const testing = registerJourneyTesting(context, server);
  context.subscriptions.push(...testing.disposables);
  // Shows the commands that need a running extension (menus.commandPalette).
  void commands.executeCommand('setContext', 'syntheticsGitops.active', true);
  // Not awaited: activation (and any command that triggered it) need not wait for the server.
  void startServer(server);
  return testing.api;
}

export async function deactivate(): Promise<void> {
  await server?.dispose();
  server = undefined;
}
