// Owns the language client for dist/server.js over IPC. A restart builds a new client, because
// one whose start failed cannot be started again.

import { Disposable, EventEmitter, LogOutputChannel, Uri, window, workspace } from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind } from 'vscode-languageclient/node';
import { SETTINGS_SECTION } from '../../server/src/protocol/settings';
import { readSettings } from './config';

export type ServerState = 'starting' | 'running' | 'stopped';

/** Languages of the documents the server checks. */
export const LANGUAGES: readonly string[] = ['yaml', 'json'];

const NAME = 'Synthetics GitOps';

export class Server {
  /** Kept across restarts, so the log of a failed start stays readable. */
  readonly output: LogOutputChannel = window.createOutputChannel(NAME, { log: true });
  private readonly stateChanged = new EventEmitter<ServerState>();
  readonly onDidChangeState = this.stateChanged.event;
  private client: LanguageClient | undefined;
  private clientState: Disposable | undefined;

  constructor(private readonly serverModule: string) {}

  get state(): ServerState {
    return toServerState(this.client?.state ?? State.Stopped);
  }

  /** Starts a new client, after stopping the current one; rejects when the server cannot start. */
  async start(): Promise<void> {
    await this.stop();
    const client = createClient(this.serverModule, this.output);
    this.client = client;
    this.clientState = client.onDidChangeState(({ newState }) => this.stateChanged.fire(toServerState(newState)));
    await client.start();
  }

  async stop(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.client = undefined;
    this.clientState?.dispose();
    this.stateChanged.fire('stopped');
    // Only a running client can shut its server down. After a failed start the server is gone
    // already; a server still starting exits by itself once its client process has ended. A
    // shutdown that fails is logged by the client, which then kills the process: go on regardless.
    if (client.isRunning()) await client.dispose().catch(() => undefined);
  }

  async dispose(): Promise<void> {
    await this.stop();
    this.stateChanged.dispose();
    this.output.dispose();
  }
}

function toServerState(state: State): ServerState {
  if (state === State.Starting) return 'starting';
  return state === State.Running ? 'running' : 'stopped';
}

function createClient(module: string, outputChannel: LogOutputChannel): LanguageClient {
  const run = { module, transport: TransportKind.ipc };
  const serverOptions: ServerOptions = {
    run,
    // The port of the "Attach to Server" configuration in .vscode/launch.json.
    debug: { ...run, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => ['file', 'untitled'].map((scheme) => ({ language, scheme }))),
    synchronize: { configurationSection: SETTINGS_SECTION },
    outputChannel,
    middleware: {
      workspace: {
        // The server gets each folder's settings typed and defaulted, whatever the user wrote.
        configuration: (params, token, next) =>
          params.items.every((item) => item.section === SETTINGS_SECTION)
            ? params.items.map((item) =>
                readSettings(workspace.getConfiguration(SETTINGS_SECTION, item.scopeUri ? Uri.parse(item.scopeUri) : undefined)),
              )
            : next(params, token),
      },
    },
  };
  // The id makes vscode-languageclient follow the `syntheticsGitops.trace.server` setting. The
  // server sets its diagnostics' source to `synthetics-gitops`, which tells them from the Red Hat YAML extension's.
  return new LanguageClient(SETTINGS_SECTION, NAME, serverOptions, clientOptions);
}
