// The result of running journeys through @elastic/synthetics: what `synthetics-gitops run
// --reporter json` prints, and `--reporter ndjson` streams, and what the extension's Test Explorer
// reads. Types only, shared by both sides.

export type RunStatus = 'succeeded' | 'failed' | 'skipped';

/** Where a failure happened and what it said. Lines and columns are 1-based. */
export interface RunError {
  message: string;
  /** The runner's rendering of the error: the full message, the call log and the user-code frames. */
  stack?: string;
  /** Absolute path of the file the failure points at: the journey file or a helper it imports. */
  file?: string;
  line?: number;
  column?: number;
}

export interface StepResult {
  name: string;
  /** 1-based, in run order. */
  index: number;
  status: RunStatus;
  durationMs: number;
  /** The page's URL when the step ended. */
  url?: string;
  error?: RunError;
  /** Failed steps only: the page at the failure, a base64 JPEG. */
  screenshot?: string;
}

export interface JourneyResult {
  name: string;
  /** Absolute path of the journey file, when known. */
  file?: string;
  /** 1-based line of the `journey(...)` call. */
  line?: number;
  status: RunStatus;
  durationMs: number;
  steps: StepResult[];
  /** The journey's own error: a failed step's, or one outside any step (a hook, the browser). */
  error?: RunError;
  /** The run was cancelled while this journey ran: its failure, if any, is the cancellation's. */
  cancelled?: boolean;
  /** Failed journeys of a run that keeps traces (`run --trace DIR`): absolute path of its Playwright trace (a zip for `playwright show-trace`). */
  trace?: string;
}

/** One child process of the runner: one project folder (where package.json / synthetics.config.ts are). */
export interface ProjectRun {
  /** The project folder, the runner's working directory. */
  cwd: string;
  files: string[];
  exitCode: number | null;
  signal: string | null;
  /** Why it produced no result: the runner could not start, the config failed, … (stderr's gist). */
  error?: string;
  /** The runner's stderr, and stdout lines that were not events, for diagnosis. */
  log: string;
  /** What went wrong without failing the run: why traces that were asked for are missing. */
  warnings?: string[];
}

export interface RunResult {
  /** Format version of this object. */
  version: 1;
  journeys: JourneyResult[];
  projects: ProjectRun[];
  /** Stopped by the caller: the browser and the runner were killed. */
  cancelled: boolean;
  durationMs: number;
  /** The Chromium that ran the journeys. */
  chromium: string;
}

/**
 * One line of `synthetics-gitops run --reporter ndjson`: each step once it is complete (a failed one
 * with its journey's end, when its screenshot and trace are known), each journey as it ends, and
 * the whole result as the last line.
 */
export type RunStreamEvent =
  | { type: 'step'; journey: Pick<JourneyResult, 'name' | 'file' | 'line' | 'trace'>; step: StepResult }
  | { type: 'journey'; journey: JourneyResult }
  | { type: 'result'; result: RunResult };

/** Whether a run counts as failed: a journey failed, or a project's runner produced an error. */
export function runFailed(result: RunResult): boolean {
  return result.journeys.some((j) => j.status === 'failed' && !j.cancelled) || result.projects.some((p) => p.error !== undefined);
}
