// Turns the NDJSON events of @elastic/synthetics' `--reporter json` (journey/start, step/end,
// step/screenshot, journey/end, and the trace preload's TRACE_EVENT) into typed journey results,
// located in the journey files, handed on step by step as they complete.
// Pure: no process, no file system (the journey files' text is handed in).

import * as path from 'node:path';
import { parseJourneyFile } from '../core/journeys/parse';
import { LineIndex } from '../core/text/lineIndex';
import { JourneyResult, RunError, RunStatus, StepResult } from '../protocol/journeyRun';
import { TRACE_EVENT, TraceEvent } from './traces';

/** A journey as written, with 1-based lines: what ties the runner's events (by name) to a file. */
export interface JourneySource {
  file: string;
  name: string;
  line: number;
  steps: { name: string; line: number }[];
}

/** The journeys of one file, read with the core's parser (the code is not run). */
export function journeySources(file: string, text: string): JourneySource[] {
  const lines = new LineIndex(text);
  const lineOf = (offset: number) => lines.positionAt(offset).line + 1;
  return parseJourneyFile(file, text).journeys.map((j) => ({
    file,
    name: j.name,
    line: lineOf(j.span.start),
    steps: j.steps.map((s) => ({ name: s.name, line: lineOf(s.span.start) })),
  }));
}

interface RawError {
  message?: string;
  stack?: string;
}

interface RawEvent {
  type?: string;
  journey?: { name?: string; status?: string; duration?: { us?: number } };
  step?: { name?: string; index?: number; status?: string; duration?: { us?: number } };
  error?: RawError;
  url?: string;
  blob?: string;
}

/** Called as the run goes: each step once it is complete (in order), each journey as it ends. */
export interface RunHandlers {
  onStep?: (journey: JourneyResult, step: StepResult) => void;
  onJourney?: (journey: JourneyResult) => void;
}

/** A user-code frame of the runner's rendered stack: `    at fn (/abs/file.ts:12:40)` or `    at (/abs/file.ts:12:40)`. */
const FRAME = /^\s*at (?:.*? )?\(?((?:[A-Za-z]:)?[^():]+):(\d+):(\d+)\)?\s*$/;

/** Collects one run's events, in the order the runner writes them. */
export class RunEvents {
  private readonly journeys: JourneyResult[] = [];
  private readonly ended = new Set<JourneyResult>();
  private readonly screenshots = new Map<string, string>();
  /** How many of a journey's steps were handed to onStep. */
  private readonly handedOn = new Map<JourneyResult, number>();
  private readonly traceErrors: string[] = [];

  /**
   * @param sources the journeys of the files run: names map events to files and lines.
   * @param handlers called as steps complete and journeys end, with their results.
   */
  constructor(
    private readonly sources: JourneySource[],
    private readonly handlers: RunHandlers = {},
  ) {}

  /** One line of the runner's stdout; false when it is not an event (log output). */
  push(line: string): boolean {
    if (!line.startsWith('{')) return false;
    let event: RawEvent;
    try {
      event = JSON.parse(line) as RawEvent;
    } catch {
      return false;
    }
    if (typeof event.type !== 'string') return false;
    const name = event.journey?.name;
    switch (event.type) {
      case 'journey/start':
        if (name !== undefined) this.start(name);
        break;
      case 'step/end':
        if (name !== undefined) this.stepEnd(this.current(name), event);
        break;
      case 'step/screenshot':
        if (name !== undefined && event.blob && event.step?.index !== undefined) this.screenshots.set(`${name}\0${event.step.index}`, event.blob);
        break;
      case 'journey/end':
        if (name !== undefined) this.end(this.current(name), event);
        break;
      case TRACE_EVENT: {
        const { path: file, error } = event as TraceEvent;
        if (name !== undefined && file) this.current(name).trace = file;
        else if (error) this.traceErrors.push(name === undefined ? error : `journey "${name}": ${error}`);
        break;
      }
    }
    return true;
  }

  /** Why traces that were asked for are missing, if they are (the preload's own events). */
  warnings(): string[] {
    return [...this.traceErrors];
  }

  /** The run is being cancelled: the journeys still running are marked so. */
  cancel(): void {
    for (const journey of this.journeys) if (!this.ended.has(journey)) journey.cancelled = true;
  }

  /** Every journey that started; one still running when the run stopped (killed, crashed) counts as failed. */
  results(): JourneyResult[] {
    for (const journey of this.journeys) {
      if (this.ended.has(journey)) continue;
      journey.error ??= { message: journey.cancelled ? 'cancelled' : 'the run stopped before the journey ended', file: journey.file, line: journey.line };
      this.attachScreenshots(journey);
    }
    return this.journeys;
  }

  private start(name: string): JourneyResult {
    const source = this.sources.find((s) => s.name === name);
    // Failed until its journey/end says otherwise: a run that stops midway leaves it so.
    const journey: JourneyResult = { name, file: source?.file, line: source?.line, status: 'failed', durationMs: 0, steps: [] };
    this.journeys.push(journey);
    return journey;
  }

  /** The running journey of that name (events of one journey come between its start and end). */
  private current(name: string): JourneyResult {
    for (let i = this.journeys.length - 1; i >= 0; i--) if (this.journeys[i].name === name) return this.journeys[i];
    return this.start(name);
  }

  private stepEnd(journey: JourneyResult, event: RawEvent): void {
    const step = event.step ?? {};
    const index = step.index ?? journey.steps.length + 1;
    const result: StepResult = {
      name: step.name ?? `step ${index}`,
      index,
      status: toStatus(step.status),
      durationMs: toMs(step.duration?.us),
    };
    if (event.url) result.url = event.url;
    if (event.error) result.error = this.locate(event.error, journey, result.name);
    journey.steps.push(result);
    this.handOn(journey, false);
  }

  /**
   * Hands on the journey's steps that are complete, in order: a passed or skipped step at its
   * step/end; a failed one at the journey's end, when its screenshot and the trace are known (the
   * runner writes them after the last step), and the steps after it with it.
   */
  private handOn(journey: JourneyResult, ended: boolean): void {
    let next = this.handedOn.get(journey) ?? 0;
    for (; next < journey.steps.length; next++) {
      const step = journey.steps[next];
      if (step.status === 'failed' && !ended) break;
      this.handlers.onStep?.(journey, step);
    }
    this.handedOn.set(journey, next);
  }

  private end(journey: JourneyResult, event: RawEvent): void {
    this.ended.add(journey);
    journey.status = toStatus(event.journey?.status);
    journey.durationMs = toMs(event.journey?.duration?.us);
    const failedStep = journey.steps.find((s) => s.status === 'failed');
    if (failedStep?.error) journey.error = failedStep.error;
    else if (event.error) journey.error = this.locate(event.error, journey);
    this.attachScreenshots(journey);
    this.handOn(journey, true);
    this.handlers.onJourney?.(journey);
  }

  /** Failed steps keep their screenshot; the others' are dropped (they can be large). */
  private attachScreenshots(journey: JourneyResult): void {
    for (const step of journey.steps) {
      const blob = this.screenshots.get(`${journey.name}\0${step.index}`);
      if (blob && step.status === 'failed') step.screenshot = blob;
    }
    for (const key of [...this.screenshots.keys()]) if (key.startsWith(`${journey.name}\0`)) this.screenshots.delete(key);
  }

  /**
   * Where the error points: the first frame in the journey file, else the first user-code frame (a
   * helper it imports), else the failing step's `step(...)` call, else the journey's.
   */
  private locate(raw: RawError, journey: JourneyResult, stepName?: string): RunError {
    const error: RunError = { message: (raw.message ?? 'unknown error').trim() };
    const stack = raw.stack?.replace(/^\n+/, '').trimEnd();
    if (stack) error.stack = stack;
    const frames = (stack ?? '')
      .split('\n')
      .map((line) => FRAME.exec(line))
      .filter((m): m is RegExpExecArray => !!m && path.isAbsolute(m[1]))
      .map((m) => ({ file: m[1], line: Number(m[2]), column: Number(m[3]) }));
    const frame = frames.find((f) => journey.file !== undefined && path.resolve(f.file) === path.resolve(journey.file)) ?? frames[0];
    if (frame) return { ...error, ...frame };
    const source = this.sources.find((s) => s.name === journey.name && s.file === journey.file);
    const stepLine = stepName === undefined ? undefined : source?.steps.find((s) => s.name === stepName)?.line;
    if (journey.file) error.file = journey.file;
    const line = stepLine ?? journey.line;
    if (line !== undefined) error.line = line;
    return error;
  }
}

function toStatus(status: string | undefined): RunStatus {
  return status === 'succeeded' || status === 'skipped' ? status : 'failed';
}

/** Microseconds to milliseconds, rounded. */
function toMs(us: number | undefined): number {
  return typeof us === 'number' && Number.isFinite(us) ? Math.round(us / 1000) : 0;
}
