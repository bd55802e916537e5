// Runs journeys for the editor through the shipped CLI, `dist/cli.js run --reporter ndjson`: the
// same engine as `synthetics-gitops run` (server/src/journeys/runner.ts), kept out of the extension
// host. Its stream is read as it comes: each step and journey handed on as it ends, the result
// from the last line. The CLI's process group is signalled on cancellation; the CLI then kills its
// runner and the browser and still prints its (cancelled) result. No `vscode` import: testable on its own.

import { spawn } from 'node:child_process';
import * as readline from 'node:readline';
import type { JourneyResult, RunResult, RunStreamEvent, StepResult } from '../../../server/src/protocol/journeyRun';

export interface CliRunOptions {
  /** dist/cli.js. */
  cli: string;
  cwd: string;
  files: string[];
  /** Exact journey names; empty: every journey of the files. */
  journeys: string[];
  params?: Record<string, unknown>;
  chromiumPath?: string;
  headed?: boolean;
  /** Keep a Playwright trace of each failed journey in this folder. */
  traceDir?: string;
  /** Each step once complete, as the CLI streams it. */
  onStep?: (journey: Pick<JourneyResult, 'name' | 'file' | 'line' | 'trace'>, step: StepResult) => void;
  /** Each journey as it ends. */
  onJourney?: (journey: JourneyResult) => void;
  /** Cancels the run: SIGTERM to the CLI, SIGKILL if it has not ended after `killAfterMs`. */
  signal?: AbortSignal;
  killAfterMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** The CLI's arguments for a run (exported for tests and for the log). */
export function cliArgs(options: Omit<CliRunOptions, 'cli' | 'cwd' | 'signal' | 'onStep' | 'onJourney'>): string[] {
  return [
    'run',
    ...options.files,
    '--reporter',
    'ndjson',
    ...options.journeys.flatMap((name) => ['--journey', name]),
    ...(options.params && Object.keys(options.params).length ? ['--params', JSON.stringify(options.params)] : []),
    ...(options.chromiumPath ? ['--chromium', options.chromiumPath] : []),
    ...(options.headed ? ['--headed'] : []),
    ...(options.traceDir ? ['--trace', options.traceDir] : []),
  ];
}

/** Resolves with the CLI's result; rejects with its error message when it printed none (bad usage, no Chromium). */
export function runWithCli(options: CliRunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // Under VS Code, execPath is Electron: ELECTRON_RUN_AS_NODE makes it plain Node. detached: a
    // process group of its own, signalled as a whole.
    const child = spawn(process.execPath, [options.cli, ...cliArgs(options)], {
      cwd: options.cwd,
      env: { ...(options.env ?? process.env), ELECTRON_RUN_AS_NODE: '1' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let result: RunResult | undefined;
    let handlerError: Error | undefined;
    let stderr = '';
    readline.createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
      let event: RunStreamEvent;
      try {
        event = JSON.parse(line) as RunStreamEvent;
      } catch {
        return; // Not an event: the error, if any, is on stderr.
      }
      try {
        if (event.type === 'step') options.onStep?.(event.journey, event.step);
        else if (event.type === 'journey') options.onJourney?.(event.journey);
        else if (event.type === 'result' && event.result?.version === 1) result = event.result;
      } catch (error) {
        handlerError ??= error as Error;
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let killTimer: NodeJS.Timeout | undefined;
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // Already gone.
      }
    };
    const cancel = () => {
      signalGroup('SIGTERM');
      killTimer = setTimeout(() => signalGroup('SIGKILL'), options.killAfterMs ?? 10_000);
    };
    options.signal?.addEventListener('abort', cancel, { once: true });
    if (options.signal?.aborted) cancel();
    child.once('error', (error) => {
      options.signal?.removeEventListener('abort', cancel);
      reject(new Error(`could not start ${options.cli}: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      options.signal?.removeEventListener('abort', cancel);
      clearTimeout(killTimer);
      if (handlerError) return reject(handlerError);
      if (result) return resolve(result);
      const message = stderr.replace(/^synthetics-gitops: /, '').split('\n\nUsage:')[0].trim();
      reject(new Error(message || `the run ended without a result (${signal ?? `exit ${code}`})`));
    });
  });
}
