// Runs journey files through the real @elastic/synthetics runner, in real Chromium: the one place
// that starts it. One child process per project folder (its own CLI with `--reporter json`),
// with explicit cwd and env, stderr kept, its NDJSON events turned into typed results
// (runEvents.ts) as they come, Playwright traces of failed journeys when asked (tracePreload.ts),
// and cancellation that kills the runner and the browser it started.

import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { MissingProjectModuleError, projectFolder, syntheticsForChild } from '../node/projectModules';
import { JourneyResult, ProjectRun, RunResult } from '../protocol/journeyRun';
import { JourneySource, RunEvents, RunHandlers, journeySources } from './runEvents';
import { TRACE_DIR_ENV, tracePreloadPath } from './traces';

export interface RunOptions extends RunHandlers {
  /** Journey files (absolute, or relative to the current directory). Grouped by project folder, one runner each. */
  files: string[];
  /** Only the journeys of these exact names (`--match`, escaped). */
  journeys?: string[];
  /** Only journeys whose name or tags match this glob (@elastic/synthetics' `--match`); text without wildcards matches as a substring. */
  grep?: string;
  /** Per-run params, merged by the runner over the `params` of the project's synthetics.config.ts. */
  params?: Record<string, unknown>;
  /** Chromium to run; else discovered (findChromium). */
  chromiumPath?: string;
  /** A visible browser window; honoured only where a display exists (DISPLAY / WAYLAND_DISPLAY). */
  headed?: boolean;
  /** Aborting kills the runner and its browser; the result then has `cancelled: true`. */
  signal?: AbortSignal;
  /** The environment the runner starts from (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Keep a Playwright trace of each failed browser journey in this folder (created when needed); its path is in the journey's result. */
  traceDir?: string;
}

/** No Chromium where it was asked for or looked for: a usage error for the CLI, a message for the editor. */
export class ChromiumNotFoundError extends Error {}

/** Where Chromium is looked for when neither a setting, a flag nor CHROME_PATH names one (Debian's first). */
export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The environment variable, set only for the runner, by which its processes (and the browser's) are found to be killed. */
const RUN_MARKER = 'SYNTHETICS_GITOPS_RUN';
/** How long the runner gets to close its browser after SIGTERM before everything left is killed. */
const TERM_GRACE_MS = 3000;
/** Kept of a runner's stderr and stray stdout, for diagnosis. */
const LOG_LIMIT = 64 * 1024;

/** The Chromium to use: the explicit path (setting or flag), else CHROME_PATH, else the first of CHROMIUM_CANDIDATES that exists. */
export function findChromium(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const named: [string | undefined, string][] = [
    [explicit?.trim(), 'the Chromium path setting or --chromium'],
    [env.CHROME_PATH?.trim(), 'CHROME_PATH'],
  ];
  for (const [candidate, from] of named) {
    if (!candidate) continue;
    if (!isExecutable(candidate)) throw new ChromiumNotFoundError(`no executable Chromium at ${candidate} (from ${from})`);
    return candidate;
  }
  const found = CHROMIUM_CANDIDATES.find(isExecutable);
  if (found) return found;
  throw new ChromiumNotFoundError(
    `no Chromium found (looked at ${CHROMIUM_CANDIDATES.join(', ')}): install one (Debian: apt-get install chromium), ` +
      'or name it with the setting syntheticsGitops.journeys.chromiumPath, --chromium or CHROME_PATH',
  );
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Escapes a journey name for `--match` (micromatch), so it matches only itself. */
function exactPattern(name: string): string {
  return name.replace(/[\\*?()[\]{}!+@,|^$.]/g, (c) => `\\${c}`);
}

/** The `--match` pattern for the options, if any: exact names (any of them), or the grep glob. */
export function matchPattern(journeys: string[] | undefined, grep: string | undefined): string | undefined {
  if (journeys?.length && grep) throw new Error('give either journey names or a grep pattern, not both');
  if (journeys?.length) return journeys.length === 1 ? exactPattern(journeys[0]) : `{${journeys.map(exactPattern).join(',')}}`;
  if (!grep) return undefined;
  return /[*?[\]{}()!]/.test(grep) ? grep : `*${grep}*`;
}

/** The runner of the @elastic/synthetics the project installed (then its journeys import that same copy), else ours. */
function syntheticsFor(cwd: string): { cli: string; nodePath?: string } {
  const { dir, nodePath } = syntheticsForChild(cwd);
  return { cli: path.join(dir, 'dist', 'cli.js'), nodePath };
}

/** Runs the files' journeys, project folder by project folder; never rejects for a failing journey. */
export async function runJourneys(options: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const chromium = findChromium(options.chromiumPath, options.env ?? process.env);
  const match = matchPattern(options.journeys, options.grep);
  const result: RunResult = { version: 1, journeys: [], projects: [], cancelled: false, durationMs: 0, chromium };

  const groups = new Map<string, string[]>();
  for (const file of options.files.map((f) => path.resolve(f))) {
    const folder = projectFolder(file);
    if (!folder) {
      const error = `no package.json in ${path.dirname(file)} or above: @elastic/synthetics runs journeys inside an npm project (run "npm init -y" there)`;
      result.projects.push({ cwd: path.dirname(file), files: [file], exitCode: null, signal: null, error, log: '' });
      continue;
    }
    groups.set(folder, [...(groups.get(folder) ?? []), file]);
  }
  for (const [cwd, files] of groups) {
    if (options.signal?.aborted) break;
    const project = await runProject(cwd, files, chromium, match, options);
    result.projects.push(project.run);
    result.journeys.push(...project.journeys);
  }
  result.cancelled = !!options.signal?.aborted;
  result.durationMs = Date.now() - started;
  return result;
}

async function runProject(cwd: string, files: string[], chromium: string, match: string | undefined, options: RunOptions): Promise<{ run: ProjectRun; journeys: JourneyResult[] }> {
  let runner: { cli: string; nodePath?: string };
  try {
    runner = syntheticsFor(cwd);
  } catch (error) {
    if (!(error instanceof MissingProjectModuleError)) throw error;
    return { run: { cwd, files, exitCode: null, signal: null, error: error.message, log: '' }, journeys: [] };
  }
  const { cli, nodePath } = runner;
  const sources: JourneySource[] = files.flatMap((file) => {
    try {
      return journeySources(file, fs.readFileSync(file, 'utf8'));
    } catch {
      return []; // Unreadable: the runner reports it.
    }
  });
  const baseEnv = options.env ?? process.env;
  const headed = !!options.headed && !!(baseEnv.DISPLAY || baseEnv.WAYLAND_DISPLAY);
  const traceDir = options.traceDir === undefined ? undefined : path.resolve(options.traceDir);
  const args = [
    ...(traceDir ? ['--require', tracePreloadPath()] : []),
    cli,
    ...files.map((f) => path.relative(cwd, f)),
    ...['--reporter', 'json', '--screenshots', 'only-on-failure'],
    ...['--playwright-options', JSON.stringify({ executablePath: chromium, ...(headed ? {} : { headless: true }) })],
    ...(headed ? ['--no-headless'] : []),
    ...(options.params && Object.keys(options.params).length ? ['--params', JSON.stringify(options.params)] : []),
    ...(match ? ['--match', match] : []),
  ];
  const marker = randomUUID();
  const env: NodeJS.ProcessEnv = {
    ...baseEnv,
    [RUN_MARKER]: marker,
    // Under VS Code, execPath is Electron: this makes it plain Node (ignored by Node itself).
    ELECTRON_RUN_AS_NODE: '1',
    // The json reporter renders only stack frames it deems user code, and in 1.26 that filter
    // keeps none unless this is set (reporters/reporter-util.js, filterLibInternals); with it, the
    // journey's own frames (source-mapped to the .ts lines) come through, node_modules still not.
    TEST_OVERRIDE: '1',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    ...(nodePath ? { NODE_PATH: [nodePath, baseEnv.NODE_PATH].filter(Boolean).join(path.delimiter) } : {}),
    ...(traceDir ? { [TRACE_DIR_ENV]: traceDir } : {}),
  };
  const cacheExisted = fs.existsSync(path.join(cwd, '.synthetics'));
  const events = new RunEvents(sources, { onStep: options.onStep, onJourney: options.onJourney });
  let log = '';
  const keep = (text: string) => {
    if (log.length < LOG_LIMIT) log += text.slice(0, LOG_LIMIT - log.length);
  };

  // detached: its own process group, signalled as a whole on cancellation.
  const child = spawn(process.execPath, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.setEncoding('utf8').on('data', keep);
  const lines = readline.createInterface({ input: child.stdout!, crlfDelay: Infinity });
  lines.on('line', (line) => events.push(line) || keep(`${line}\n`));
  const stdoutDone = new Promise<void>((resolve) => lines.once('close', resolve));

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; spawnError?: Error }>((resolve) => {
    child.once('error', (spawnError) => resolve({ code: null, signal: null, spawnError }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  // The process groups of the run's processes as they were when cancelled: Chromium's children
  // lose nothing of their group when Chromium itself exits first, but they no longer carry the marker.
  const groups = new Set<number>();
  const cancel = () => {
    events.cancel();
    for (const pid of markedProcesses(marker)) groups.add(processGroup(String(pid)) ?? 0);
    void stop(child, exited);
  };
  options.signal?.addEventListener('abort', cancel, { once: true });
  if (options.signal?.aborted) cancel();
  const exit = await exited;
  options.signal?.removeEventListener('abort', cancel);
  if (!exit.spawnError) await stdoutDone;
  // The browser should be gone with the runner; whatever is left of this run goes now.
  await killMarked(marker, groups);
  removeCache(cwd, child.pid, cacheExisted);

  const journeys = events.results();
  const run: ProjectRun = { cwd, files, exitCode: exit.code, signal: exit.signal, log: stripAnsi(log) };
  const warnings = events.warnings();
  if (warnings.length) run.warnings = warnings;
  const error = projectError(exit, journeys, !!options.signal?.aborted, run.log);
  if (error) run.error = error;
  return { run, journeys };
}

/** Why a project's run counts as broken (not merely failing journeys), if it does. */
function projectError(exit: { code: number | null; signal: string | null; spawnError?: Error }, journeys: JourneyResult[], cancelled: boolean, log: string): string | undefined {
  if (cancelled) return undefined;
  if (exit.spawnError) return `could not start the runner: ${exit.spawnError.message}`;
  if (exit.signal) return `the runner was killed (${exit.signal})`;
  if (exit.code === 0 || (exit.code === 1 && journeys.some((j) => j.status === 'failed'))) return undefined;
  const gist = log.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 6).join('\n');
  return `the runner exited with ${exit.code}${gist ? `: ${gist}` : ''}`;
}

/** SIGTERM first (Playwright then closes its browser), everything of the run killed after a grace period. */
async function stop(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  signalGroup(child.pid, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), TERM_GRACE_MS)));
  const late = await Promise.race([exited.then(() => false), graceOver]);
  clearTimeout(timer);
  if (late) signalGroup(child.pid, 'SIGKILL');
}

function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Kills the processes carrying this run's marker in their environment, with their process groups,
 * and waits (a little) until they are gone: Chromium starts in a session of its own (so the
 * runner's group does not reach it) and its children (zygote, renderers) share its group; its
 * crash handlers carry the marker themselves. Linux only (/proc); elsewhere the runner's own
 * SIGTERM handling closes the browser.
 */
async function killMarked(marker: string, knownGroups: Set<number>, waitMs = 3000): Promise<void> {
  const own = processGroup('self');
  const pids = markedProcesses(marker);
  const groups = new Set([...knownGroups, ...pids.map((pid) => processGroup(String(pid)) ?? 0)]);
  for (const group of groups) if (group > 1 && group !== own) signalGroup(group, 'SIGKILL');
  groups.delete(own ?? 0);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  if (!pids.length && !groups.size) return;
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline && (markedProcesses(marker).length || liveProcesses().some((p) => p.group > 1 && groups.has(p.group)))) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every process with its parent, group and state (`Z`: a zombie, dead but not reaped); Linux only. Exported for tests. */
export function processes(): { pid: number; parent: number; group: number; state: string }[] {
  const found: { pid: number; parent: number; group: number; state: string }[] = [];
  for (const entry of safeReaddir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (stat) found.push({ pid: Number(entry), ...stat });
  }
  return found;
}

function liveProcesses(): { pid: number; group: number }[] {
  return processes().filter((p) => p.state !== 'Z');
}

/** Pids whose environment holds `RUN_MARKER=marker`. Exported for tests, which check that none is left. */
export function markedProcesses(marker: string): number[] {
  if (process.platform !== 'linux') return [];
  const needle = `${RUN_MARKER}=${marker}`;
  const found: number[] = [];
  for (const entry of safeReaddir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(needle) && readStat(entry)?.state !== 'Z') found.push(Number(entry));
    } catch {
      // Gone, or not ours to read.
    }
  }
  return found;
}

/** The process group of a pid. */
function processGroup(pid: string): number | undefined {
  return readStat(pid)?.group;
}

/** State, parent and process group from /proc/<pid>/stat (after the command name: state, ppid, pgrp, …). */
function readStat(pid: string): { state: string; parent: number; group: number } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], parent: Number(fields[1]), group: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * The runner caches screenshots in `<cwd>/.synthetics/<pid>` and removes that folder only when it
 * ends normally; the `.synthetics` folder itself stays. Both go unless the folder was there before.
 */
function removeCache(cwd: string, pid: number | undefined, existed: boolean): void {
  const cache = path.join(cwd, '.synthetics');
  try {
    if (pid !== undefined) fs.rmSync(path.join(cache, String(pid)), { recursive: true, force: true });
    if (!existed && fs.readdirSync(cache).length === 0) fs.rmdirSync(cache);
  } catch {
    // Not there, or not empty: left alone.
  }
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
