// Activates the extension: starts the language server over IPC.

import * as path from 'node:path';
import type { ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  client = new LanguageClient(
    'syntheticsGitops',
    'Synthetics GitOps',
    { run: { module, transport: TransportKind.ipc }, debug: { module, transport: TransportKind.ipc } },
    { documentSelector: [{ language: 'yaml' }, { language: 'json' }], synchronize: { configurationSection: 'syntheticsGitops' } },
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
