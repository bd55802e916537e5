// Owns the language client for dist/server.js over IPC. A restart builds a new client, because
// one whose start failed cannot be started again.

import { Disposable, EventEmitter, LogOutputChannel, Uri, window, workspace } from 'vscode';
import { LanguageClient, LanguageClientOptions, RequestType, ServerOptions, State, Trace, TransportKind } from 'vscode-languageclient/node';
import { JOURNEY_GLOB } from '../../server/src/protocol/journeyFiles';
import { SERVER_NODE_FLAGS } from '../../server/src/protocol/serverFlags';
import { SETTINGS_SECTION } from '../../server/src/protocol/settings';
import { readSettings } from './config';
import { serverEnv } from './trust';

export type ServerState = 'starting' | 'running' | 'stopped';

/** Languages of the documents the server checks. */
export const LANGUAGES: readonly string[] = ['yaml', 'json'];

/** Journey files on disk, whatever language the editor gives them (protocol/journeyFiles.ts). */
export const JOURNEY_SELECTOR = { scheme: 'file', pattern: JOURNEY_GLOB };

const NAME = 'Synthetics GitOps';

export class Server {
  /** Kept across restarts, so the log of a failed start stays readable. */
  readonly output: LogOutputChannel = window.createOutputChannel(NAME, { log: true });
  private readonly stateChanged = new EventEmitter<ServerState>();
  readonly onDidChangeState = this.stateChanged.event;
  private client: LanguageClient | undefined;
  private clientState: Disposable | undefined;
  private requestsInFlight = 0;

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

  /**
   * A custom request (protocol/messages.ts) to the running server; rejects with the server's message.
   * These requests may carry the Kibana API key, and a `verbose` trace logs every request's params:
   * while one is in flight, the trace is lowered to `messages` (method names only).
   */
  async sendRequest<P, R>(type: RequestType<P, R, void>, params: P): Promise<R> {
    const client = this.client;
    if (!client?.isRunning()) throw new Error('the language server is not running: run "Synthetics GitOps: Restart Language Server"');
    const verbose = () => workspace.getConfiguration(SETTINGS_SECTION).get('trace.server') === 'verbose';
    this.requestsInFlight++;
    try {
      if (verbose()) await client.setTrace(Trace.Messages);
      // By method name: the typed overloads cannot follow generic P and R.
      return await client.sendRequest<R>(type.method, params);
    } finally {
      if (--this.requestsInFlight === 0 && verbose() && this.client === client) await client.setTrace(Trace.Verbose);
    }
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
  // Its environment says whether the workspace is trusted (a trust grant restarts it: extension.ts).
  const run = { module, transport: TransportKind.ipc, options: { env: serverEnv(), execArgv: [...SERVER_NODE_FLAGS] } };
  const serverOptions: ServerOptions = {
    run,
    // The port of the "Attach to Server" configuration in .vscode/launch.json.
    debug: { ...run, options: { ...run.options, execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...LANGUAGES.flatMap((language) => ['file', 'untitled'].map((scheme) => ({ language, scheme }))),
      // Journey files, by name: the server reads their journeys and `monitor.use({...})` options.
      JOURNEY_SELECTOR,
    ],
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
