// Playwright traces of failed journeys: what the runner (runner.ts, runEvents.ts) and the module it
// preloads into @elastic/synthetics (tracePreload.ts) agree on. @elastic/synthetics' own `--trace`
// records a Chrome performance trace, which Playwright's trace viewer cannot open; a Playwright
// trace needs `context.tracing` on the journey's BrowserContext, which only the preload reaches.

import { createHash } from 'node:crypto';
import * as path from 'node:path';

/** Set for the runner when traces are kept: the folder the preload writes them to. */
export const TRACE_DIR_ENV = 'SYNTHETICS_GITOPS_TRACE_DIR';

/** The event the preload writes into the runner's NDJSON stream, before the journey's `journey/end`. */
export const TRACE_EVENT = 'synthetics-gitops/trace';

/** The @elastic/synthetics versions whose internals the preload was tested with (it checks their shape, not the version). */
export const TRACE_TESTED_VERSIONS = '1.26.3';

/** One trace event: the journey's trace file, or why it has none (the preload's hooks did not fit, or saving failed). */
export interface TraceEvent {
  type: typeof TRACE_EVENT;
  journey?: { name: string };
  path?: string;
  error?: string;
}

/** The preload module, beside this one: dist/tracePreload.js in the bundles, out/…/journeys/tracePreload.js in tests. */
export function tracePreloadPath(): string {
  return path.join(__dirname, 'tracePreload.js');
}

/**
 * A trace's file name: the journey's name made safe for a file name, and a hash of the project
 * folder and the exact name, so that journeys of two projects (or names that differ only in
 * punctuation) do not overwrite each other's, while a journey's next failure replaces its last.
 */
export function traceFileName(projectDir: string, journey: string): string {
  const hash = createHash('sha1').update(`${projectDir}\0${journey}`).digest('hex');
  const slug = journey
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'journey'}-${hash.slice(0, 8)}.zip`;
}
