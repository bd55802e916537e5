// `synthetics-gitops run`: runs journey files through @elastic/synthetics in real Chromium
// (journeys/runner.ts) and prints the results as text, our typed JSON, a stream of it (NDJSON: each
// step and journey as it ends, then the result), or JUnit XML.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { isJourneyFile } from '../protocol/journeyFiles';
import { JourneyResult, RunError, RunResult, RunStreamEvent, runFailed } from '../protocol/journeyRun';
import { ChromiumNotFoundError, runJourneys } from '../journeys/runner';
import { UsageError } from './args';

export type RunReporter = 'text' | 'json' | 'ndjson' | 'junit';
const REPORTERS: RunReporter[] = ['text', 'json', 'ndjson', 'junit'];

export interface RunArgs {
  paths: string[];
  params?: Record<string, unknown>;
  grep?: string;
  journeys: string[];
  reporter: RunReporter;
  chromium?: string;
  headed: boolean;
  /** Where Playwright traces of failed journeys are kept. */
  trace?: string;
}

export function parseRunArgs(argv: string[]): RunArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        params: { type: 'string' },
        grep: { type: 'string' },
        journey: { type: 'string', multiple: true },
        reporter: { type: 'string', default: 'text' },
        chromium: { type: 'string' },
        headed: { type: 'boolean', default: false },
        trace: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (!REPORTERS.includes(values.reporter as RunReporter)) throw new UsageError(`--reporter must be text, json, ndjson or junit, not "${values.reporter}"`);
  if (values.trace !== undefined && !values.trace.trim()) throw new UsageError('--trace needs a folder to keep the traces in');
  const journeys = values.journey ?? [];
  if (journeys.length && values.grep !== undefined) throw new UsageError('give --journey or --grep, not both');
  return {
    paths: positionals.length ? positionals : ['.'],
    params: values.params === undefined ? undefined : parseParams(values.params),
    grep: values.grep,
    journeys,
    reporter: values.reporter as RunReporter,
    chromium: values.chromium,
    headed: values.headed === true,
    trace: values.trace,
  };
}

function parseParams(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--params is not JSON: ${(error as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new UsageError('--params must be a JSON object');
  return value as Record<string, unknown>;
}

/** The journey files among the paths: files as given, folders searched (node_modules, .git and .synthetics skipped). */
export function journeyFiles(paths: string[], cwd: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !['node_modules', '.git', '.synthetics'].includes(entry.name)) walk(full);
      else if (entry.isFile() && isJourneyFile(entry.name)) files.push(full);
    }
  };
  for (const given of paths) {
    const full = path.resolve(cwd, given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch {
      throw new UsageError(`${given}: no such file or folder`);
    }
    if (stat.isDirectory()) walk(full);
    else files.push(full);
  }
  if (!files.length) throw new UsageError(`no journey files (*.journey.ts, *.journey.js) in ${paths.join(', ')}`);
  return [...new Set(files)];
}

export interface RunIo {
  cwd: string;
  write(text: string): void;
  /** Aborted on SIGINT/SIGTERM. */
  signal?: AbortSignal;
}

/** Runs the command; resolves to the exit status. */
export async function runCommand(argv: string[], io: RunIo): Promise<number> {
  const args = parseRunArgs(argv);
  const files = journeyFiles(args.paths, io.cwd);
  const stream = (event: RunStreamEvent) => io.write(`${JSON.stringify(event)}\n`);
  let result: RunResult;
  try {
    result = await runJourneys({
      files,
      journeys: args.journeys,
      grep: args.grep,
      params: args.params,
      chromiumPath: args.chromium,
      headed: args.headed,
      traceDir: args.trace === undefined ? undefined : path.resolve(io.cwd, args.trace),
      signal: io.signal,
      // Text output follows the run, journey by journey; the NDJSON stream step by step.
      onJourney:
        args.reporter === 'text'
          ? (journey) => io.write(renderJourney(journey, io.cwd))
          : args.reporter === 'ndjson'
            ? (journey) => stream({ type: 'journey', journey })
            : undefined,
      onStep: args.reporter === 'ndjson' ? ({ name, file, line, trace }, step) => stream({ type: 'step', journey: { name, file, line, trace }, step }) : undefined,
    });
  } catch (error) {
    if (error instanceof ChromiumNotFoundError) throw new UsageError(error.message);
    throw error;
  }
  if (args.reporter === 'json') io.write(`${JSON.stringify(result, null, 2)}\n`);
  else if (args.reporter === 'ndjson') stream({ type: 'result', result });
  else if (args.reporter === 'junit') io.write(renderJunit(result, io.cwd));
  else io.write(renderSummary(result, io.cwd));
  if (result.cancelled) return 130;
  return runFailed(result) ? 1 : 0;
}

/** Wires the command to this process: stdout, and the signals that cancel the run. */
export function runFromProcess(argv: string[]): Promise<number> {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  return runCommand(argv, { cwd: process.cwd(), write: (text) => process.stdout.write(text), signal: controller.signal }).finally(() => {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  });
}

const display = (file: string | undefined, cwd: string) => (file ? path.relative(cwd, file) || file : undefined);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function where(error: RunError, cwd: string): string {
  const file = display(error.file, cwd);
  if (!file) return '';
  return `${file}${error.line ? `:${error.line}${error.column ? `:${error.column}` : ''}` : ''}: `;
}

/** A journey as text: a line per step with ✓/✗ and its duration, the failure located and its detail. */
export function renderJourney(journey: JourneyResult, cwd: string): string {
  const out: string[] = [];
  const file = display(journey.file, cwd);
  out.push(`Journey: ${journey.name}${file ? ` (${file}${journey.line ? `:${journey.line}` : ''})` : ''}`);
  for (const step of journey.steps) {
    const mark = step.status === 'succeeded' ? '✓' : step.status === 'failed' ? '✗' : '-';
    out.push(`  ${mark} ${step.name}${step.status === 'skipped' ? ' (skipped)' : ` (${step.durationMs} ms)`}`);
    if (step.error) out.push(...renderError(step.error, cwd));
  }
  if (journey.error && !journey.steps.some((s) => s.error)) out.push(...renderError(journey.error, cwd));
  if (journey.trace) out.push(`  Trace: ${display(journey.trace, cwd)} (open it with: npx playwright show-trace ${display(journey.trace, cwd)})`);
  const status = journey.cancelled ? 'cancelled' : journey.status;
  out.push(`${journey.status === 'succeeded' ? '✓' : '✗'} ${journey.name} ${status} (${seconds(journey.durationMs)})`, '');
  return out.join('\n') + '\n';
}

function renderError(error: RunError, cwd: string): string[] {
  const detail = (error.stack ?? '').split('\n').filter((l) => l.trim() && !l.startsWith('Error: '));
  return [`      ${where(error, cwd)}${error.message}`, ...detail.map((l) => `        ${l}`)];
}

function renderSummary(result: RunResult, cwd: string): string {
  const out: string[] = [];
  for (const project of result.projects) {
    if (project.error) out.push(`error: ${display(project.cwd, cwd) || '.'}: ${project.error}`);
    for (const warning of project.warnings ?? []) out.push(`warning: ${display(project.cwd, cwd) || '.'}: ${warning}`);
  }
  const passed = result.journeys.filter((j) => j.status === 'succeeded').length;
  const failed = result.journeys.filter((j) => j.status === 'failed').length;
  const n = result.journeys.length;
  if (!n && !out.length) out.push('No journey ran (none matched).');
  const traces = result.journeys.filter((j) => j.trace).length;
  const kept = traces ? `; ${traces} trace${traces === 1 ? '' : 's'} kept in ${display(path.dirname(result.journeys.find((j) => j.trace)!.trace!), cwd)}` : '';
  out.push(`${n} journey${n === 1 ? '' : 's'}: ${passed} passed, ${failed} failed${result.cancelled ? ', cancelled' : ''} (${seconds(result.durationMs)})${kept}`);
  return out.join('\n') + '\n';
}

const xml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** JUnit XML: a testsuite per journey, a testcase per step; a project that could not run is an error testcase. */
export function renderJunit(result: RunResult, cwd: string): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  const failure = (tag: 'failure' | 'error', e: RunError) =>
    `<${tag} message="${xml(e.message)}"${e.file ? ` type="${xml(where(e, cwd).replace(/: $/, ''))}"` : ''}>${xml(e.stack ?? e.message)}</${tag}>`;
  for (const journey of result.journeys) {
    const file = display(journey.file, cwd);
    const cases: string[] = [];
    for (const step of journey.steps) {
      const attrs = `name="${xml(step.name)}" classname="${xml(journey.name)}"${file ? ` file="${xml(file)}"` : ''} time="${(step.durationMs / 1000).toFixed(3)}"`;
      if (step.status === 'failed' && step.error) cases.push(`    <testcase ${attrs}>${failure('failure', step.error)}</testcase>`);
      else if (step.status === 'failed') cases.push(`    <testcase ${attrs}><failure message="failed"/></testcase>`);
      else if (step.status === 'skipped') cases.push(`    <testcase ${attrs}><skipped/></testcase>`);
      else cases.push(`    <testcase ${attrs}/>`);
    }
    // A failure outside any step still needs a testcase to carry it.
    if (journey.status === 'failed' && !journey.steps.some((s) => s.status === 'failed')) {
      cases.push(`    <testcase name="${xml(journey.name)}" classname="${xml(journey.name)}"${file ? ` file="${xml(file)}"` : ''} time="${(journey.durationMs / 1000).toFixed(3)}">${failure('failure', journey.error ?? { message: 'failed' })}</testcase>`);
    }
    const count = (test: (c: string) => boolean) => cases.filter(test).length;
    const suite = { tests: cases.length, failures: count((c) => c.includes('<failure')), skipped: count((c) => c.includes('<skipped')) };
    tests += suite.tests;
    failures += suite.failures;
    skipped += suite.skipped;
    suites.push(
      `  <testsuite name="${xml(journey.name)}"${file ? ` file="${xml(file)}"` : ''} tests="${suite.tests}" failures="${suite.failures}" errors="0" skipped="${suite.skipped}" time="${(journey.durationMs / 1000).toFixed(3)}">`,
      ...cases,
      '  </testsuite>',
    );
  }
  for (const project of result.projects) {
    if (!project.error) continue;
    const name = display(project.cwd, cwd) || '.';
    tests++;
    errors++;
    suites.push(
      `  <testsuite name="${xml(name)}" tests="1" failures="0" errors="1" skipped="0" time="0">`,
      `    <testcase name="${xml(name)}" classname="synthetics-gitops">${failure('error', { message: project.error, stack: project.log })}</testcase>`,
      '  </testsuite>',
    );
  }
  out.push(`<testsuites name="synthetics-gitops run" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${(result.durationMs / 1000).toFixed(3)}">`, ...suites, '</testsuites>');
  return out.join('\n') + '\n';
}
