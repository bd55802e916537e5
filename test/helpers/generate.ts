// Shared by the generate tests: the fixtures, journeys written to a temporary folder, and the
// generate → ConfigMap flow as the CLI runs it.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { upsertEntries, UpsertResult } from '../../server/src/journeys/configmap';
import { GenerateDefaults, GeneratedJourney, JourneyResult, entryKeyFor, generateJourneys, mergeEntry } from '../../server/src/journeys/generate';
import { REPO } from './core';

export const FIXTURES = path.join(REPO, 'test', 'fixtures', 'generate');
export const JOURNEYS = path.join(FIXTURES, 'journeys');
export const CONFIGMAP = path.join(FIXTURES, 'configmaps', 'browser-monitors.yaml');
/** The fixture ConfigMap's sync configuration sets `default_private_locations`. */
export const FIXTURE_DEFAULTS: GenerateDefaults = { privateLocations: ['synthetic-monitor-default'] };

export function read(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

/** Every journey of one file, generated from `text` (default: the file's own). */
export async function generateFile(file: string, text = read(file), defaults: GenerateDefaults = FIXTURE_DEFAULTS): Promise<JourneyResult[]> {
  return generateJourneys(file, text, { defaults });
}

export async function generated(file: string, text?: string, defaults?: GenerateDefaults): Promise<GeneratedJourney[]> {
  return (await generateFile(file, text, defaults)).map((r) => {
    if (!r.generated) throw new Error(`${r.journey.name}: ${r.errors.map((e) => `${e.line}: ${e.message}`).join('; ')}`);
    return r.generated;
  });
}

/** The journeys' entries written into `configMap` (undefined: no file yet), as `generate` does. */
export function writeInto(configMap: string | undefined, journeys: GeneratedJourney[], options: { configMap?: string } = {}): UpsertResult {
  return upsertEntries(
    configMap,
    journeys.map((g) => ({ id: g.id, key: entryKeyFor(g.id), build: (existing) => mergeEntry(existing, g) })),
    options,
  );
}

/** A temporary folder holding `files` (path → content); returns its path. */
export function tempDir(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-generate-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

/** The part of `before` that differs from `after`: [start, end) in `before`, and its replacement. */
export function changedRegion(before: string, after: string): { start: number; end: number; replacement: string } {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let tail = 0;
  while (tail < before.length - start && tail < after.length - start && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  return { start, end: before.length - tail, replacement: after.slice(start, after.length - tail) };
}

/** Runs an inline script as Kibana's runner does (`new Function(step, page, …)`), recording the steps it declares. */
export function declareSteps(script: string, params: Record<string, unknown> = {}): { names: string[]; run: (page: unknown) => Promise<void> } {
  const steps: { name: string; callback: () => Promise<unknown> }[] = [];
  let page: unknown;
  const pageProxy = new Proxy({}, { get: (_t, key) => (page as Record<string | symbol, unknown>)[key] });
  const fn = new Function('step', 'page', 'context', 'browser', 'params', 'expect', 'request', 'mfa', script);
  // `expect(...)` accepts every matcher: the steps' assertions are the real runner's business (inlineRun.test.ts).
  const expect = () => new Proxy({}, { get: () => async () => undefined });
  fn((name: string, callback: () => Promise<unknown>) => steps.push({ name, callback }), pageProxy, {}, {}, params, expect, {}, {});
  return {
    names: steps.map((s) => s.name),
    run: async (p) => {
      page = p;
      for (const s of steps) await s.callback();
    },
  };
}
