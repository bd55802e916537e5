// The shipped CLI (dist/cli.js, as `npm run build` leaves it) run as a child process, and its
// `--log-format json` events.

import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { REPO } from './core';

export const CLI = path.join(REPO, 'dist', 'cli.js');

/** One line of `--log-format json`. */
export interface Event {
  level: string;
  event: string;
  msg: string;
  [field: string]: unknown;
}

/** Every stdout line is one JSON object. */
export function events(stdout: string): Event[] {
  return stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Event);
}

/** Runs the CLI without a terminal, never rejecting: its exit code and output. (A sandbox in this process answers meanwhile.) */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { ...options, maxBuffer: 64 * 2 ** 20 }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }));
  });
}
