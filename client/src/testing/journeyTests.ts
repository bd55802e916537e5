// The "Synthetics journeys" Test Explorer: journey files of the workspace, their journeys and
// steps (ranges from the server's `syntheticsGitops/journeys`), run through the CLI (cliRun.ts)
// in real Chromium. Each step is reported as it ends, with its duration; failures are located at
// their line, and a failed journey's screenshot and Playwright trace are kept and opened from its
// failure message.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CancellationToken,
  CancellationTokenSource,
  Disposable,
  Location,
  LogOutputChannel,
  Position,
  Range,
  RelativePattern,
  TestController,
  TestItem,
  TestMessage,
  TestRun,
  TestRunProfile,
  TestRunProfileKind,
  TestRunRequest,
  Uri,
  commands,
  tests,
  window,
  workspace,
} from 'vscode';
import { JOURNEY_GLOB, isJourneyFile } from '../../../server/src/protocol/journeyFiles';
import type { JourneyResult, RunError, RunResult, StepResult } from '../../../server/src/protocol/journeyRun';
import { JourneysRequest, LineRange, TraceViewerRequest } from '../../../server/src/protocol/messages';
import { SETTINGS_SECTION } from '../../../server/src/protocol/settings';
import { Server } from '../client';
import { readSettings } from '../config';
import { whenTrusted } from '../trust';
import { runWithCli } from './cliRun';
import { TraceViewer } from './traceViewer';

/**
 * Words of a failure message's contextValue, by what it can open: package.json shows "Open Failure
 * Screenshot" and "Show Trace" on messages whose contextValue holds theirs.
 */
export const SCREENSHOT_MESSAGE = 'syntheticsGitops.journeyScreenshot';
export const TRACE_MESSAGE = 'syntheticsGitops.journeyTrace';

type Meta = { kind: 'file'; uri: Uri } | { kind: 'journey'; uri: Uri; name: string } | { kind: 'step'; uri: Uri; journey: string; name: string };

/** What a run reported for an item, kept for the last run (the `vscode` API cannot read results back). */
export interface ItemResult {
  state: 'passed' | 'failed' | 'errored' | 'skipped';
  durationMs?: number;
  message?: string;
  /** Where the failure message points: file and 1-based line. */
  file?: string;
  line?: number;
  screenshot?: string;
  /** The Playwright trace of the failed journey. */
  trace?: string;
}

/** Options of one run, beyond the selection: a per-run params override. */
export interface RunJourneyOptions {
  params?: Record<string, unknown>;
}

export class JourneyTests implements Disposable {
  readonly controller: TestController;
  readonly runProfile: TestRunProfile;
  /** By item id, for the last run of each item. */
  readonly results = new Map<string, ItemResult>();
  private readonly meta = new WeakMap<TestItem, Meta>();
  private readonly screenshots = new Map<string, Uri>();
  /** By item id: the trace of a failed journey (on the journey and its failed step), with the journey's file. */
  private readonly traces = new Map<string, { trace: string; file: string }>();
  private readonly disposables: Disposable[] = [];
  private readonly reloads = new Map<string, NodeJS.Timeout>();
  private readonly traceViewer = new TraceViewer();

  constructor(
    private readonly server: Server,
    /** dist/cli.js */
    private readonly cli: string,
    /** Where failure screenshots and traces are written. */
    private readonly storage: Uri,
    private readonly output: LogOutputChannel,
  ) {
    this.controller = tests.createTestController('syntheticsGitops.journeys', 'Synthetics journeys');
    this.controller.resolveHandler = (item) => (item ? this.load(item) : this.discover());
    this.controller.refreshHandler = () => this.discover(true);
    this.runProfile = this.controller.createRunProfile('Run', TestRunProfileKind.Run, (request, token) => this.run(request, token).then(() => undefined), true);
    this.controller.createRunProfile('Run with Params…', TestRunProfileKind.Run, (request, token) => this.run(request, token, { ask: true }).then(() => undefined), false);

    const watcher = workspace.createFileSystemWatcher(JOURNEY_GLOB);
    this.disposables.push(
      this.controller,
      watcher,
      watcher.onDidCreate((uri) => void this.fileItem(uri)),
      watcher.onDidChange((uri) => this.scheduleReload(uri)),
      watcher.onDidDelete((uri) => this.controller.items.delete(uri.toString())),
      workspace.onDidChangeTextDocument((e) => isJourneyFile(e.document.uri.path) && this.scheduleReload(e.document.uri)),
      workspace.onDidOpenTextDocument((d) => isJourneyFile(d.uri.path) && d.uri.scheme === 'file' && void this.fileItem(d.uri)),
      // The items' ranges come from the server: load them again once it (re)starts.
      server.onDidChangeState((state) => state === 'running' && this.controller.items.forEach((item) => item.children.size && void this.load(item))),
    );
  }

  /** Finds the journey files of the workspace (skipping node_modules); `reload` reads the known ones again. */
  async discover(reload = false): Promise<void> {
    const found = new Set<string>();
    for (const folder of workspace.workspaceFolders ?? []) {
      for (const uri of await workspace.findFiles(new RelativePattern(folder, JOURNEY_GLOB), '**/node_modules/**')) {
        found.add(uri.toString());
        const item = await this.fileItem(uri);
        if (reload && item.children.size) await this.load(item);
      }
    }
    this.controller.items.forEach((item) => !found.has(item.id) && this.controller.items.delete(item.id));
  }

  /** The file's item, created (with its journeys loaded) if new. */
  async fileItem(uri: Uri): Promise<TestItem> {
    const known = this.controller.items.get(uri.toString());
    if (known) return known;
    const item = this.controller.createTestItem(uri.toString(), workspace.asRelativePath(uri), uri);
    item.canResolveChildren = true;
    this.meta.set(item, { kind: 'file', uri });
    this.controller.items.add(item);
    await this.load(item);
    return item;
  }

  /** The file's journeys as the server reads them. */
  async journeysOf(uri: Uri): Promise<JourneysRequest.Journey[]> {
    await this.serverRunning();
    return (await this.server.sendRequest(JourneysRequest.type, { uri: uri.toString() })).journeys;
  }

  /** (Re)creates a file item's journeys and steps. */
  async load(item: TestItem): Promise<void> {
    const meta = this.meta.get(item);
    if (meta?.kind !== 'file') return;
    item.busy = true;
    try {
      const journeys = await this.journeysOf(meta.uri);
      item.error = undefined;
      item.children.replace(
        journeys.map((journey) => {
          const child = this.controller.createTestItem(`${item.id}#${journey.name}`, journey.name, meta.uri);
          child.range = toRange(journey.range);
          this.meta.set(child, { kind: 'journey', uri: meta.uri, name: journey.name });
          child.children.replace(
            journey.steps.map((step, index) => {
              const stepItem = this.controller.createTestItem(`${child.id}#${index + 1}`, step.name, meta.uri);
              stepItem.range = toRange(step.range);
              stepItem.sortText = String(index).padStart(4, '0');
              this.meta.set(stepItem, { kind: 'step', uri: meta.uri, journey: journey.name, name: step.name });
              return stepItem;
            }),
          );
          return child;
        }),
      );
    } catch (error) {
      item.error = `Could not read the journeys: ${(error as Error).message}`;
    } finally {
      item.busy = false;
    }
  }

  /**
   * Runs the request's journeys (a step runs its whole journey): one CLI run for all of them.
   * Resolves with the CLI's result (undefined when nothing ran).
   */
  async run(request: TestRunRequest, token: CancellationToken, options: RunJourneyOptions & { ask?: boolean } = {}): Promise<RunResult | undefined> {
    if (!(await whenTrusted('Running journeys'))) return undefined;
    const excluded = new Set((request.exclude ?? []).map((i) => i.id));
    const roots: TestItem[] = [];
    if (request.include) roots.push(...request.include);
    else this.controller.items.forEach((item) => roots.push(item));
    // file uri -> its journey items to run
    const selected = new Map<string, { uri: Uri; journeys: Set<TestItem>; whole: boolean }>();
    for (const root of roots) {
      const meta = this.meta.get(root);
      if (!meta || excluded.has(root.id)) continue;
      const file = await this.fileItem(meta.uri);
      if (!file.children.size) await this.load(file);
      const entry = selected.get(file.id) ?? { uri: meta.uri, journeys: new Set<TestItem>(), whole: true };
      selected.set(file.id, entry);
      const journeyItem = (name: string) => file.children.get(`${file.id}#${name}`);
      if (meta.kind === 'file') file.children.forEach((j) => (excluded.has(j.id) ? (entry.whole = false) : entry.journeys.add(j)));
      else {
        const j = journeyItem(meta.kind === 'journey' ? meta.name : meta.journey);
        if (j) entry.journeys.add(j);
        if (j && j.parent && j.parent.children.size > 1) entry.whole = false;
      }
    }
    const files = [...selected.values()].filter((s) => s.journeys.size);
    if (!files.length) return undefined;
    const journeyItems = files.flatMap((s) => [...s.journeys]);
    // Names only when not every journey of every file runs.
    const names = files.every((s) => s.whole) ? [] : [...new Set(journeyItems.map((j) => j.label))];

    const settings = readSettings(workspace.getConfiguration(SETTINGS_SECTION, files[0].uri));
    let params: Record<string, unknown>;
    try {
      params = { ...paramsOf(settings['journeys.params']), ...(options.params ?? {}) };
    } catch (error) {
      void window.showErrorMessage(`Synthetics GitOps: ${(error as Error).message}. Fix it in the settings (JSON), or run with params from "Run with Params…".`);
      return undefined;
    }
    if (options.ask) {
      const asked = await askParams(params);
      if (!asked) return undefined;
      params = asked;
    }

    const run = this.controller.createTestRun(request, undefined, true);
    for (const journey of journeyItems) {
      run.started(journey);
      journey.children.forEach((step) => run.enqueued(step));
    }
    const abort = new AbortController();
    const subscriptions = [token.onCancellationRequested(() => abort.abort()), run.token.onCancellationRequested(() => abort.abort())];
    const folder = workspace.getWorkspaceFolder(files[0].uri);
    const cwd = folder?.uri.fsPath ?? path.dirname(files[0].uri.fsPath);
    const report = new RunReport(this, run, journeyItems);
    const runOptions = {
      cli: this.cli,
      cwd,
      files: files.map((s) => s.uri.fsPath),
      journeys: names,
      params,
      chromiumPath: settings['journeys.chromiumPath'] || undefined,
      headed: settings['journeys.headed'],
      traceDir: Uri.joinPath(this.storage, 'journey-traces').fsPath,
      signal: abort.signal,
      // Each step as it ends; the result at the end reports only what the stream did not.
      onStep: (journey: Pick<JourneyResult, 'name' | 'file' | 'trace'>, step: StepResult) => report.step(journey, step),
      onJourney: (journey: JourneyResult) => report.journey(journey),
    };
    this.output.info(`Running journeys: ${runOptions.files.join(', ')}${names.length ? ` (${names.join(', ')})` : ''}`);
    try {
      const result = await runWithCli(runOptions);
      report.end(result);
      return result;
    } catch (error) {
      const message = (error as Error).message;
      this.output.error(`Journey run failed: ${message}`);
      run.appendOutput(`${message}\r\n`);
      for (const journey of journeyItems) if (!report.reported.has(journey)) this.mark(run, journey, 'errored', { message });
      void window.showErrorMessage(`Synthetics GitOps: the journeys did not run: ${message}`, 'Show Output').then((choice) => choice && this.output.show());
      return undefined;
    } finally {
      subscriptions.forEach((s) => s.dispose());
      run.end();
    }
  }

  /** Runs a file's journeys, or the named one: what the Run Journey command and the lenses do. */
  async runJourney(uri: Uri, name?: string, options: RunJourneyOptions = {}): Promise<RunResult | undefined> {
    const file = await this.fileItem(uri);
    const item = name === undefined ? file : file.children.get(`${file.id}#${name}`);
    if (!item) {
      void window.showWarningMessage(`Synthetics GitOps: no journey "${name}" in ${workspace.asRelativePath(uri)}.`);
      return undefined;
    }
    const cancel = new CancellationTokenSource();
    try {
      return await this.run(new TestRunRequest([item], undefined, this.runProfile), cancel.token, options);
    } finally {
      cancel.dispose();
    }
  }

  /** Opens the screenshot of a failed item (the message's button passes `{ test }`). */
  async openScreenshot(arg?: { test?: TestItem } | TestItem): Promise<void> {
    const test = arg && 'test' in arg ? arg.test : (arg as TestItem | undefined);
    const file = test && this.screenshots.get(test.id);
    if (file) await commands.executeCommand('vscode.open', file);
    else void window.showInformationMessage('Synthetics GitOps: no screenshot for this result.');
  }

  /** Opens the Playwright trace of a failed journey in the project's trace viewer (the message's button passes `{ test }`); resolves with the viewer's URL. */
  async showTrace(arg?: { test?: TestItem } | TestItem): Promise<string | undefined> {
    const test = arg && 'test' in arg ? arg.test : (arg as TestItem | undefined);
    const kept = test && this.traces.get(test.id);
    if (!kept) {
      void window.showInformationMessage('Synthetics GitOps: no trace for this result (traces are kept for failed browser journeys).');
      return undefined;
    }
    if (!(await whenTrusted('Show Trace'))) return undefined;
    try {
      await this.serverRunning();
      const project = await this.server.sendRequest(TraceViewerRequest.type, { uri: Uri.file(kept.file).toString() });
      return await this.traceViewer.show(kept.trace, project);
    } catch (error) {
      void window.showErrorMessage(`Synthetics GitOps: cannot show the trace: ${(error as Error).message}`);
      return undefined;
    }
  }

  dispose(): void {
    this.traceViewer.dispose();
    this.reloads.forEach((t) => clearTimeout(t));
    this.disposables.forEach((d) => d.dispose());
  }

  /** The screenshot of a failed step, written where the message's button finds it (for the step and its journey). */
  saveScreenshot(stepItem: TestItem, journeyItem: TestItem, base64: string): Uri {
    const dir = Uri.joinPath(this.storage, 'journey-screenshots');
    fs.mkdirSync(dir.fsPath, { recursive: true });
    const file = Uri.joinPath(dir, `${createHash('sha1').update(stepItem.id).digest('hex').slice(0, 16)}.jpg`);
    fs.writeFileSync(file.fsPath, Buffer.from(base64, 'base64'));
    this.screenshots.set(stepItem.id, file);
    this.screenshots.set(journeyItem.id, file);
    return file;
  }

  /** The trace of a failed journey, for its item and its failed step's. */
  keepTrace(items: TestItem[], trace: string): void {
    const file = this.fileOf(items[0]);
    for (const item of items) this.traces.set(item.id, { trace, file });
  }

  screenshotOf(item: TestItem): Uri | undefined {
    return this.screenshots.get(item.id);
  }

  traceOf(item: TestItem): { trace: string; file: string } | undefined {
    return this.traces.get(item.id);
  }

  fileOf(item: TestItem): string {
    return this.meta.get(item)!.uri.fsPath;
  }

  /** Reports an item's outcome to the run, and keeps it in `results`. */
  mark(run: TestRun, item: TestItem, state: ItemResult['state'], detail: { durationMs?: number; error?: RunError; message?: string; screenshot?: Uri; trace?: string } = {}): void {
    const kept: ItemResult = { state };
    if (detail.durationMs !== undefined) kept.durationMs = detail.durationMs;
    if (state === 'passed') run.passed(item, detail.durationMs);
    else if (state === 'skipped') run.skipped(item);
    else {
      const message = detail.error ? failureMessage(detail.error) : new TestMessage(detail.message ?? 'failed');
      const opens = [detail.screenshot && SCREENSHOT_MESSAGE, detail.trace && TRACE_MESSAGE].filter(Boolean);
      if (opens.length) message.contextValue = opens.join(' ');
      if (detail.screenshot) kept.screenshot = detail.screenshot.fsPath;
      if (detail.trace) kept.trace = detail.trace;
      kept.message = typeof message.message === 'string' ? message.message : message.message.value;
      if (message.location) {
        kept.file = message.location.uri.fsPath;
        kept.line = message.location.range.start.line + 1;
      }
      if (state === 'failed') run.failed(item, message, detail.durationMs);
      else run.errored(item, message, detail.durationMs);
    }
    this.results.set(item.id, kept);
  }

  private scheduleReload(uri: Uri): void {
    const item = this.controller.items.get(uri.toString());
    if (!item) return;
    clearTimeout(this.reloads.get(item.id));
    this.reloads.set(
      item.id,
      setTimeout(() => {
        this.reloads.delete(item.id);
        void this.load(item);
      }, 300),
    );
  }

  /** The server answers the journeys request; it may still be starting when the explorer asks. */
  private serverRunning(timeoutMs = 30_000): Promise<void> {
    if (this.server.state === 'running') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        watch.dispose();
        reject(new Error('the language server is not running: run "Synthetics GitOps: Restart Language Server"'));
      }, timeoutMs);
      const watch = this.server.onDidChangeState((state) => {
        if (state !== 'running') return;
        clearTimeout(timer);
        watch.dispose();
        resolve();
      });
    });
  }
}

/**
 * One run's results as they reach the Test Explorer: steps and journeys as the CLI streams them,
 * then whatever the stream did not report (a journey cut short, a project that could not run) from
 * the final result. Each item is reported once.
 */
class RunReport {
  /** Items reported in this run. */
  readonly reported = new Set<TestItem>();

  constructor(
    private readonly tests: JourneyTests,
    private readonly run: TestRun,
    private readonly journeyItems: TestItem[],
  ) {}

  /** A step that ended. */
  step(journey: Pick<JourneyResult, 'name' | 'file' | 'trace'>, step: StepResult, cancelled = false): void {
    const item = this.journeyItem(journey);
    const stepItem = item && this.stepItem(item, step);
    if (!item || !stepItem) return;
    this.reported.add(stepItem);
    if (step.status === 'succeeded') this.tests.mark(this.run, stepItem, 'passed', { durationMs: step.durationMs });
    else if (step.status === 'skipped' || cancelled) this.tests.mark(this.run, stepItem, 'skipped');
    else {
      const screenshot = step.screenshot ? this.tests.saveScreenshot(stepItem, item, step.screenshot) : undefined;
      if (screenshot) this.run.appendOutput(`Screenshot of the failure: ${screenshot.fsPath}\r\n`, undefined, stepItem);
      if (journey.trace) this.tests.keepTrace([item, stepItem], journey.trace);
      this.tests.mark(this.run, stepItem, 'failed', { durationMs: step.durationMs, error: step.error ?? { message: 'failed' }, screenshot, trace: journey.trace });
    }
    // The runner goes on to the next step at once.
    const next = item.children.get(`${item.id}#${step.index + 1}`);
    if (next && !this.reported.has(next) && step.status === 'succeeded') this.run.started(next);
  }

  /** A journey that ended: its steps not reported yet, then itself. */
  journey(journey: JourneyResult): void {
    const item = this.journeyItem(journey);
    this.run.appendOutput(renderJourney(journey).replace(/\n/g, '\r\n'), undefined, item);
    if (!item || this.reported.has(item)) return;
    if (journey.trace) {
      this.tests.keepTrace([item], journey.trace);
      this.run.appendOutput(`Playwright trace of the failure: ${journey.trace}\r\n`, undefined, item);
    }
    for (const step of journey.steps) this.step(journey, step, journey.cancelled);
    item.children.forEach((s) => this.reported.has(s) || this.skip(s));
    this.reported.add(item);
    if (journey.cancelled) this.tests.mark(this.run, item, 'skipped');
    else if (journey.status === 'succeeded') this.tests.mark(this.run, item, 'passed', { durationMs: journey.durationMs });
    else if (journey.status === 'skipped') this.tests.mark(this.run, item, 'skipped');
    else this.tests.mark(this.run, item, 'failed', { durationMs: journey.durationMs, error: journey.error ?? { message: 'failed' }, screenshot: this.tests.screenshotOf(item), trace: journey.trace });
  }

  /** The run's result: journeys the stream did not end, and those of projects that could not run. */
  end(result: RunResult): void {
    for (const journey of result.journeys) {
      const item = this.journeyItem(journey);
      if (!item || !this.reported.has(item)) this.journey(journey);
    }
    const broken = result.projects.filter((p) => p.error);
    for (const project of broken) this.run.appendOutput(`${project.cwd}: ${project.error}\r\n`);
    for (const project of result.projects) for (const warning of project.warnings ?? []) this.run.appendOutput(`${project.cwd}: ${warning}\r\n`);
    for (const item of this.journeyItems) {
      if (this.reported.has(item)) continue;
      const file = this.tests.fileOf(item);
      const project = broken.find((p) => p.files.some((f) => samePath(f, file)));
      if (project) this.tests.mark(this.run, item, 'errored', { message: project.error });
      else this.tests.mark(this.run, item, 'skipped');
      item.children.forEach((s) => this.reported.has(s) || this.skip(s));
      this.reported.add(item);
    }
  }

  private skip(item: TestItem): void {
    this.reported.add(item);
    this.tests.mark(this.run, item, 'skipped');
  }

  private journeyItem(journey: Pick<JourneyResult, 'name' | 'file'>): TestItem | undefined {
    return this.journeyItems.find((j) => j.label === journey.name && (!journey.file || samePath(this.tests.fileOf(j), journey.file)));
  }

  /** The step's item: by name among those not reported yet (names may repeat), else by position. */
  private stepItem(journeyItem: TestItem, step: StepResult): TestItem | undefined {
    const steps: TestItem[] = [];
    journeyItem.children.forEach((s) => steps.push(s));
    const found = steps.find((s) => !this.reported.has(s) && s.label === step.name) ?? steps[step.index - 1];
    return found && !this.reported.has(found) ? found : undefined;
  }
}

/** The params setting as an object (it may be JSON text). */
export function paramsOf(value: Record<string, unknown> | string | undefined): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'string') return value;
  if (!value.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new Error(`the setting ${SETTINGS_SECTION}.journeys.params is not JSON: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`the setting ${SETTINGS_SECTION}.journeys.params must be a JSON object`);
  return parsed as Record<string, unknown>;
}

async function askParams(current: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
  const text = await window.showInputBox({
    title: 'Params for this run',
    prompt: 'A JSON object, merged over the params of synthetics.config.ts',
    value: JSON.stringify(current),
    validateInput: (value) => {
      try {
        const parsed: unknown = JSON.parse(value || '{}');
        return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? undefined : 'A JSON object, such as {"url": "http://127.0.0.1:8080"}';
      } catch (error) {
        return `Not JSON: ${(error as Error).message}`;
      }
    },
  });
  return text === undefined ? undefined : (JSON.parse(text || '{}') as Record<string, unknown>);
}

/** The failure as a test message: its text, and its place (the failing line) when known. */
function failureMessage(error: RunError): TestMessage {
  const detail = (error.stack ?? '')
    .split('\n')
    .filter((line) => line.trim() !== `Error: ${error.message}`)
    .join('\n')
    .trim();
  const message = new TestMessage(detail && detail !== error.message ? `${error.message}\n\n${detail}` : error.message);
  if (error.file && error.line) message.location = new Location(Uri.file(error.file), new Position(error.line - 1, Math.max(0, (error.column ?? 1) - 1)));
  return message;
}

/** A journey's result as the test output shows it. */
function renderJourney(journey: JourneyResult): string {
  const lines = [`Journey: ${journey.name}`];
  for (const step of journey.steps) {
    const mark = step.status === 'succeeded' ? '✓' : step.status === 'failed' ? '✗' : '-';
    lines.push(`  ${mark} ${step.name}${step.status === 'skipped' ? ' (skipped)' : ` (${step.durationMs} ms)`}`);
    if (step.error) lines.push(`      ${step.error.file ? `${step.error.file}:${step.error.line ?? ''}: ` : ''}${step.error.message}`);
  }
  lines.push(`${journey.status === 'succeeded' ? '✓' : '✗'} ${journey.name} ${journey.cancelled ? 'cancelled' : journey.status} (${journey.durationMs} ms)`, '');
  return lines.join('\n');
}

function toRange(range: LineRange): Range {
  return new Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

function samePath(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}
