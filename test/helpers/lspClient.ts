// A minimal LSP client over a spawned server's stdio, for protocol tests and benchmarks:
// it records every message, answers the server's requests, and waits on notifications by
// predicate (never by sleeping).

import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection, MessageConnection } from 'vscode-languageserver-protocol/node';
import type { InitializeParams, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const SERVER = path.resolve(__dirname, '../../../dist/server.js');

export interface ClientOptions {
  /** Command to run; defaults to `node dist/server.js --stdio`. */
  command?: string[];
  /** Answer to `workspace/configuration`, per requested section; undefined: answer null. */
  configuration?: (section: string | undefined, scopeUri: string | undefined) => unknown;
}

export class LspClient {
  readonly connection: MessageConnection;
  readonly process: ChildProcess;
  /** Every notification received, in order. */
  readonly log: { method: string; params: unknown }[] = [];
  private waiters: { method: string; predicate: (params: never) => boolean; resolve: (params: unknown) => void }[] = [];
  stderr = '';

  constructor(options: ClientOptions = {}) {
    const [cmd, ...args] = options.command ?? [process.execPath, SERVER, '--stdio'];
    this.process = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (d) => (this.stderr += d));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification((method, params) => {
      this.log.push({ method, params });
      this.waiters = this.waiters.filter((w) => {
        if (w.method === method && w.predicate(params as never)) {
          w.resolve(params);
          return false;
        }
        return true;
      });
    });
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string; scopeUri?: string }[] }) =>
      params.items.map((item) => options.configuration?.(item.section, item.scopeUri) ?? null),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.listen();
  }

  async initialize(params: Partial<InitializeParams> = {}): Promise<unknown> {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      workspaceFolders: null,
      ...params,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Resolves with the next notification of `method` matching `predicate` (or one already received, if `past`). */
  waitFor<T>(method: string, predicate: (params: T) => boolean = () => true, timeoutMs = 15000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs} ms; stderr: ${this.stderr}`)), timeoutMs);
      this.waiters.push({
        method,
        predicate: predicate as (params: never) => boolean,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p as T);
        },
      });
    });
  }

  diagnosticsFor(uri: string, predicate: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return this.waitFor<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (p) => p.uri === uri && predicate(p));
  }

  open(uri: string, text: string, languageId = 'yaml', version = 1): void {
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, changes: unknown[]): void {
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** Sends shutdown and exit; resolves with the process's exit code. */
  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.process.once('exit', (code) => resolve(code)));
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}
