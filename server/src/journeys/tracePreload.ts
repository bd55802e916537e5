// Preloaded into the @elastic/synthetics runner (`node --require <this> <project>/…/dist/cli.js`)
// when a run keeps traces (TRACE_DIR_ENV): records a Playwright trace of each browser journey and
// keeps it only when the journey failed. It wraps two internals of the project's own copy, which
// the runner's modules then use (the same files, so the same module instances):
// - `Gatherer.setupDriver` (dist/core/gatherer.js) creates the journey's BrowserContext: tracing starts on it;
// - `JSONReporter.prototype.onJourneyEnd` (dist/reporters/json.js) runs once the journey's status is
//   known and before `Gatherer.dispose` closes the context: the trace is saved (or dropped) there, and
//   a TRACE_EVENT written into the same stream, ahead of the journey's own `journey/end`.
// Tested with @elastic/synthetics TRACE_TESTED_VERSIONS. With any other shape it changes nothing and
// says so in one TRACE_EVENT; the run goes on without traces. Imports Node built-ins only.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { TRACE_DIR_ENV, TRACE_EVENT, TRACE_TESTED_VERSIONS, TraceEvent, traceFileName } from './traces';

interface Tracing {
  start(options: { screenshots: boolean; snapshots: boolean; sources: boolean }): Promise<void>;
  stop(options?: { path: string }): Promise<void>;
}
interface Driver {
  context?: { tracing?: Tracing };
}
interface Gatherer {
  setupDriver(...args: unknown[]): Promise<Driver>;
}
interface Reporter {
  write(message: unknown): void;
  onJourneyEnd(journey: { name?: string; status?: string }, ...rest: unknown[]): Promise<void>;
}

function install(dir: string): void {
  // argv[1] is the runner's dist/cli.js: its package's own internals are the ones to wrap.
  const packageDir = path.resolve(path.dirname(process.argv[1] ?? ''), '..');
  let version = 'of unknown version';
  let gatherer: { Gatherer?: Gatherer } | undefined;
  let reporter: { default?: { prototype?: Reporter } } | undefined;
  try {
    /* eslint-disable @typescript-eslint/no-require-imports -- the runner's own copy, found at run time */
    version = String((require(path.join(packageDir, 'package.json')) as { version?: string }).version);
    gatherer = require(path.join(packageDir, 'dist', 'core', 'gatherer.js')) as typeof gatherer;
    reporter = require(path.join(packageDir, 'dist', 'reporters', 'json.js')) as typeof reporter;
    /* eslint-enable @typescript-eslint/no-require-imports */
  } catch {
    // Reported below as a shape that does not fit.
  }
  const Gatherer = gatherer?.Gatherer;
  const prototype = reporter?.default?.prototype;
  if (typeof Gatherer?.setupDriver !== 'function' || typeof prototype?.onJourneyEnd !== 'function' || typeof prototype.write !== 'function') {
    const error = `no trace is kept: @elastic/synthetics ${version} (in ${packageDir}) does not have the internals traces are recorded through (tested with ${TRACE_TESTED_VERSIONS})`;
    process.stdout.write(`${JSON.stringify({ type: TRACE_EVENT, error } satisfies TraceEvent)}\n`);
    return;
  }

  let recording: Tracing | undefined;
  const setupDriver = Gatherer.setupDriver;
  Gatherer.setupDriver = async function (this: unknown, ...args: unknown[]): Promise<Driver> {
    const driver = await setupDriver.apply(this, args);
    recording = undefined;
    const tracing = driver?.context?.tracing;
    // API journeys have no browser context: nothing to record.
    if (tracing && typeof tracing.start === 'function') {
      await tracing.start({ screenshots: true, snapshots: true, sources: true });
      recording = tracing;
    }
    return driver;
  };

  const onJourneyEnd = prototype.onJourneyEnd;
  prototype.onJourneyEnd = async function (this: Reporter, journey, ...rest) {
    const tracing = recording;
    recording = undefined;
    if (tracing) {
      const name = String(journey?.name ?? '');
      try {
        if (journey?.status === 'failed') {
          const file = path.join(dir, traceFileName(process.cwd(), name));
          fs.mkdirSync(dir, { recursive: true });
          await tracing.stop({ path: file });
          this.write({ type: TRACE_EVENT, journey: { name }, path: file } satisfies TraceEvent);
        } else await tracing.stop();
      } catch (error) {
        this.write({ type: TRACE_EVENT, journey: { name }, error: `the trace could not be saved: ${(error as Error).message}` } satisfies TraceEvent);
      }
    }
    return onJourneyEnd.call(this, journey, ...rest);
  };
}

const traceDir = process.env[TRACE_DIR_ENV];
if (traceDir) install(traceDir);
