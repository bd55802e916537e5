// The bundled language server over a temporary folder, its Kibana settings pointing at a fresh
// sandbox on loopback whose host is confirmed: the set-up of the protocol tests of the editor's
// Kibana requests.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Sandbox, startSandbox } from '../../server/src/sandbox/server';
import { LspClient } from './lspClient';

export interface SandboxedServer {
  sandbox: Sandbox;
  dir: string;
  folderUri: string;
  client: LspClient;
  /** The workspace's settings, as workspace/configuration answers them: change them in place. Nested, as editors other than VS Code send them. */
  settings: { kibana: { url: string; space: string; project: string } };
  /** The sandbox's origin: confirmed, as the editor sends it once the user said yes. */
  confirmedHosts: string[];
  /** Every byte the server wrote to stdout so far: each message it sent, for the secret scans. */
  wire(): string;
}

/** Writes `files` (path → text) into a new folder `prefix…`, starts a sandbox and the server on that folder. */
export async function startSandboxedServer(prefix: string, files: Record<string, string>): Promise<SandboxedServer> {
  const sandbox = await startSandbox();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  const folderUri = `file://${dir}`;
  const settings = { kibana: { url: sandbox.url, space: 'default', project: 'gitops' } };
  const client = new LspClient({ configuration: (section) => (section === 'syntheticsGitops' ? settings : null) });
  let wire = '';
  client.process.stdout!.on('data', (chunk: Buffer) => (wire += chunk.toString('utf8')));
  await client.initialize({ capabilities: { workspace: { configuration: true } }, rootUri: folderUri, workspaceFolders: [{ uri: folderUri, name: 'ws' }] });
  return { sandbox, dir, folderUri, client, settings, confirmedHosts: [new URL(sandbox.url).origin], wire: () => wire };
}

export async function stopSandboxedServer(server: SandboxedServer): Promise<void> {
  if (server.client.process.exitCode === null) await server.client.stop();
  await server.sandbox.close();
  fs.rmSync(server.dir, { recursive: true, force: true });
}
