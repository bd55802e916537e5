// `synthetics-gitops generate` (journeys → entries of a browser-journey-configs ConfigMap) and
// `synthetics-gitops check` (journeys against ConfigMaps: missing, orphaned, stale): arguments,
// file I/O, output, exit codes. The work is in journeys/.

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ParseArgsConfig, parseArgs } from 'node:util';
import { LineIndex, SKIPPED_DIRECTORIES, createAnalyser } from '../core';
import { isJourneyFile } from '../protocol/journeyFiles';
import { Span } from '../core/text/span';
import { findSyncConfig, projectDefaults } from '../gitops/projectConfig';
import { ConsistencyIssue, EntrySource, JourneySource, checkConsistency, entrySources } from '../journeys/check';
import { ConfigMapError, upsertEntries } from '../journeys/configmap';
import { GenerateDefaults, GenerateProblem, SyntheticsConfigs, entryKeyFor, generateJourneys, mergeEntry } from '../journeys/generate';
import { CheckedFile, checkPaths } from '../gitops/checkPaths';
import { IoError } from '../node/diskSource';
import { DEFAULT_SETTINGS } from '../protocol/settings';
import { UsageError } from './args';

const DEFAULTS_HELP = `  --sync-config FILE           a sync-config.yaml, or a ConfigMap holding one, whose
                               monitors.default_schedule, default_locations and
                               default_private_locations fill what neither the journeys nor
                               their synthetics.config.ts set
  --default-schedule MINUTES   default schedule (else the sync configuration's, else 10)
  --default-locations A,B      default Elastic-managed locations
  --default-private-locations A,B  default private locations (exact labels)`;

export const GENERATE_USAGE = `Usage: synthetics-gitops generate [journeys...] --configmap FILE [options]

Writes each browser journey of the journey files (folders are searched for *.journey.ts/js;
default: the current directory) as its JSON entry of the ConfigMap in FILE: name, id, type,
schedule, locations, the journey's steps as source.inline.script (local helpers bundled in),
params, tags, enabled. The project's synthetics.config.ts applies as @elastic/synthetics push
applies it: its monitor settings, params and playwrightOptions, with the journey's monitor.use
over them (the config is run as push runs it; with SYNTHETICS_GITOPS_RESTRICTED=1 it is not run,
and only its literal values are read). An entry is found by its id and updated in place; a new
one is added as <id>.json. The rest of the file is left byte for byte; FILE is created when missing.

Options:
  --configmap FILE             the ConfigMap file to write (required)
  --configmap-name NAME        which ConfigMap of the file (default: browser-journey-configs,
                               else the file's only ConfigMap)
  --dry-run                    print what would change, write nothing
${DEFAULTS_HELP}
  (without --sync-config, a sync-config.yaml entry in FILE is used)

Exit status: 0 success, 1 a journey could not be generated (the others are written),
2 usage or I/O error.`;

export const CHECK_USAGE = `Usage: synthetics-gitops check --journeys DIR --configmaps DIR [options]

Compares the journeys with the browser entries of the ConfigMaps and with standalone
browser-monitor JSON files: journeys without an entry (journey-entry-missing), entries without a
journey (journey-entry-orphaned), entries that generating would change (journey-entry-stale, the
journeys' synthetics.config.ts applied as generate applies it), journeys that cannot be generated
(journey-not-inlinable).

Options:
  --journeys DIR               journey files (a folder or a file; repeatable)
  --configmaps DIR             ConfigMap files and browser-monitor JSON files (a folder or a
                               file; repeatable)
  --browser-globs G,H          globs of the browser-monitor JSON files in those folders
                               (default: **/browser-journeys/**/*.json,**/browser-monitors/**/*.json;
                               a JSON file named explicitly is always read)
  --format text|json           output format (default: text)
${DEFAULTS_HELP}
  (without --sync-config, the one among the ConfigMaps is used)

Exit status: 0 consistent, 1 anything missing, orphaned, stale or not inlinable, 2 usage or
I/O error.`;

const DEFAULT_OPTIONS = {
  'sync-config': { type: 'string' },
  'default-schedule': { type: 'string' },
  'default-locations': { type: 'string' },
  'default-private-locations': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface JourneyIo {
  cwd: string;
  out(text: string): void;
}

const processIo = (): JourneyIo => ({ cwd: process.cwd(), out: (text) => process.stdout.write(text) });

export async function runGenerateCommand(argv: string[], io: JourneyIo = processIo()): Promise<number> {
  const { values, positionals } = parse(argv, { configmap: { type: 'string' }, 'configmap-name': { type: 'string' }, 'dry-run': { type: 'boolean' }, ...DEFAULT_OPTIONS });
  if (values.help) return help(io, GENERATE_USAGE);
  if (typeof values.configmap !== 'string') throw new UsageError('generate needs --configmap FILE: the ConfigMap file to write the entries to');
  const target = path.resolve(io.cwd, values.configmap);
  const display = (file: string) => displayPath(file, io.cwd);
  const before = await fs.readFile(target, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new IoError(`cannot read ${values.configmap}: ${error.message}`);
  });
  const defaults = await defaultsFrom(values, io.cwd, before !== undefined ? [{ file: target, text: before }] : []);
  const files = await journeyFiles(positionals.length ? positionals : ['.'], io.cwd);

  const problems: string[] = [];
  const generated: { id: string; key: string; file: string; line: number; build: (e: Record<string, unknown> | undefined) => Record<string, unknown> }[] = [];
  let failed = 0;
  const configs = new SyntheticsConfigs();
  // Bundling runs in esbuild's own threads: files are generated concurrently, and read in order.
  const perFile = await Promise.all(
    files.map(async (file) => {
      const text = await fs.readFile(file, 'utf8');
      return { file, text, results: await generateJourneys(file, text, { defaults, configs }) };
    }),
  );
  for (const config of await configs.all()) for (const warning of config.warnings) problems.push(problemLine(warning, 'warning', display));
  for (const { file, text, results } of perFile) {
    for (const result of results) {
      if (result.journey.kind !== 'browser') continue;
      for (const error of result.errors) if (!problems.includes(problemLine(error, 'error', display))) problems.push(problemLine(error, 'error', display));
      if (!result.generated) {
        failed++;
        continue;
      }
      for (const warning of result.generated.warnings) problems.push(problemLine(warning, 'warning', display));
      const g = result.generated;
      const seen = generated.find((x) => x.id === g.id);
      if (seen) {
        problems.push(`${display(file)}:${lineAt(text, result.journey.idSpan.start)}: error: journey id \`${g.id}\` is also the id of a journey at ${display(seen.file)}:${seen.line}: one entry cannot hold both.`);
        failed++;
        continue;
      }
      generated.push({ id: g.id, key: entryKeyFor(g.id), file, line: lineAt(text, result.journey.nameSpan.start), build: (existing) => mergeEntry(existing, g) });
    }
  }
  let result;
  try {
    result = upsertEntries(before, generated, { configMap: typeof values['configmap-name'] === 'string' ? values['configmap-name'] : undefined });
  } catch (error) {
    if (error instanceof ConfigMapError) throw new IoError(`${values.configmap}: ${error.message}`);
    throw error;
  }
  const changed = result.text !== (before ?? '');
  if (changed && !values['dry-run']) {
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, result.text);
  }
  const lines = [...problems];
  for (const change of result.changes) {
    const from = generated.find((g) => g.id === change.id)!;
    lines.push(`${change.status.padEnd(9)} ${change.key}  (id ${change.id}, from ${display(from.file)}:${from.line})`);
  }
  const count = (status: string) => result.changes.filter((c) => c.status === status).length;
  const verb = values['dry-run'] ? 'would write' : changed ? 'wrote' : 'left unchanged';
  lines.push(`${display(target)}: ${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged${failed ? `, ${failed} failed` : ''} (${verb}).`);
  io.out(lines.join('\n') + '\n');
  return failed ? 1 : 0;
}

export async function runCheckCommand(argv: string[], io: JourneyIo = processIo()): Promise<number> {
  const { values } = parse(
    argv,
    { journeys: { type: 'string', multiple: true }, configmaps: { type: 'string', multiple: true }, format: { type: 'string', default: 'text' }, 'browser-globs': { type: 'string' }, ...DEFAULT_OPTIONS },
    false,
  );
  if (values.help) return help(io, CHECK_USAGE);
  const journeyPaths = values.journeys as string[] | undefined;
  const configMapPaths = values.configmaps as string[] | undefined;
  if (!journeyPaths?.length || !configMapPaths?.length) throw new UsageError('check needs --journeys DIR and --configmaps DIR');
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, not "${String(values.format)}"`);
  const globs = typeof values['browser-globs'] === 'string' ? values['browser-globs'].split(',').map((g) => g.trim()).filter(Boolean) : undefined;
  const settings = globs ? { ...DEFAULT_SETTINGS, browserConfigGlobs: globs } : DEFAULT_SETTINGS;
  const journeysChecked = await checkPaths({ paths: journeyPaths, settings }, io.cwd);
  const configMapsChecked = await checkPaths({ paths: configMapPaths, settings }, io.cwd);
  const texts = await textsOf([...journeysChecked.filter((c) => c.analysis.journeys?.length), ...configMapsChecked.filter((c) => c.analysis.units.some((u) => u.format === 'browser-json'))]);
  const journeySources: JourneySource[] = journeysChecked
    .filter((c) => c.analysis.journeys?.length)
    .map((c) => ({ file: c.file, text: texts.get(c.file)!, journeys: c.analysis.journeys ?? [] }));
  const entries = entriesOf(configMapsChecked, texts);
  const defaults = await defaultsFrom(values, io.cwd, [], configMapsChecked);
  const display = (file: string) => displayPath(file, io.cwd);
  const configs = new SyntheticsConfigs();
  const issues = await checkConsistency(journeySources, entries, { defaults, display, configs });
  const warnings = (await configs.all()).flatMap((c) => c.warnings);

  const lineIndexes = new Map<string, LineIndex>();
  for (const c of [...journeysChecked, ...configMapsChecked]) lineIndexes.set(c.file, c.lines);
  const place = (file: string, s: Span) => {
    const lines = lineIndexes.get(file)!;
    const start = lines.positionAt(s.start);
    const end = lines.positionAt(s.end);
    return { file: display(file), line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
  };
  const count = (kind: ConsistencyIssue['kind']) => issues.filter((i) => i.kind === kind).length;
  const journeyCount = journeySources.reduce((n, s) => n + s.journeys.filter((j) => j.kind === 'browser').length, 0);
  const summary = { journeys: journeyCount, entries: entries.length, missing: count('missing'), orphaned: count('orphaned'), stale: count('stale'), notInlinable: count('refused') };
  if (values.format === 'json') {
    const report = {
      version: 1,
      summary,
      issues: issues.map((i) => ({
        kind: i.kind === 'refused' ? 'not-inlinable' : i.kind,
        code: i.code,
        ...place(i.file, i.span),
        id: i.id ?? null,
        message: i.message,
        related: i.related ? [{ ...place(i.related.file, i.related.span), message: i.related.message }] : [],
      })),
      warnings: warnings.map((w) => ({ file: display(w.file), line: w.line, column: w.column, message: w.message })),
    };
    io.out(JSON.stringify(report, null, 2) + '\n');
  } else {
    const lines = warnings.map((w) => problemLine(w, 'warning', display));
    for (const i of issues) {
      const p = place(i.file, i.span);
      lines.push(`${p.file}:${p.line}:${p.column}: ${i.kind === 'refused' ? 'error' : 'warning'} ${i.code}: ${i.message}`);
    }
    lines.push(
      `${summary.journeys} journeys, ${summary.entries} entries: ${summary.missing} missing, ${summary.orphaned} orphaned, ${summary.stale} stale, ${summary.notInlinable} not inlinable.`,
    );
    io.out(lines.join('\n') + '\n');
  }
  return issues.length ? 1 : 0;
}

/** The browser entries among the checked files: ConfigMap entries and standalone browser-monitor JSON files. */
export function entriesOf(checked: CheckedFile[], texts: Map<string, string>): EntrySource[] {
  return checked.flatMap((c) => entrySources(c.file, texts.get(c.file) ?? '', c.analysis.units));
}

/** Project defaults: flags, then the named sync configuration, then one found among `found`/`texts`. */
async function defaultsFrom(values: Record<string, unknown>, cwd: string, texts: { file: string; text: string }[], found: CheckedFile[] = []): Promise<GenerateDefaults> {
  let syncConfig: Record<string, unknown> | undefined;
  try {
    if (typeof values['sync-config'] === 'string') {
      syncConfig = findSyncConfig(await checkPaths({ paths: [values['sync-config']], settings: DEFAULT_SETTINGS }, cwd));
      if (!syncConfig) throw new IoError(`${values['sync-config']}: no sync configuration in it`);
    } else if (texts.length) {
      const analyser = createAnalyser();
      syncConfig = findSyncConfig(texts.map((t) => ({ file: t.file, analysis: analyser.analyse(t.text, 'yaml', DEFAULT_SETTINGS) })));
    } else syncConfig = findSyncConfig(found);
  } catch (error) {
    if (error instanceof IoError) throw error;
    throw new IoError((error as Error).message);
  }
  try {
    return projectDefaults(
      { schedule: values['default-schedule'] as string | undefined, locations: values['default-locations'] as string | undefined, privateLocations: values['default-private-locations'] as string | undefined },
      syncConfig,
    );
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The journey files among the paths: files named explicitly, and `*.journey.*` files in folders. */
async function journeyFiles(paths: string[], cwd: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name)) await walk(full);
      else if (entry.isFile() && isJourneyFile(entry.name)) found.push(full);
    }
  };
  for (const given of paths) {
    const full = path.resolve(cwd, given);
    const stat = await fs.stat(full).catch(() => {
      throw new IoError(`cannot read ${given}: no such file or directory`);
    });
    if (stat.isDirectory()) await walk(full);
    else found.push(full);
  }
  return [...new Set(found)];
}

function parse(argv: string[], options: NonNullable<ParseArgsConfig['options']>, allowPositionals = true): { values: Record<string, unknown>; positionals: string[] } {
  try {
    return parseArgs({ args: argv, allowPositionals, options });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function help(io: JourneyIo, usage: string): number {
  io.out(usage + '\n');
  return 0;
}

function problemLine(problem: GenerateProblem, severity: 'error' | 'warning', display: (f: string) => string): string {
  return `${display(problem.file)}:${problem.line}:${problem.column}: ${severity}: ${problem.message}`;
}

function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return (relative.startsWith('..') ? file : relative).split(path.sep).join('/');
}

function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** The files' texts (a CheckedFile keeps only its analysis), read once more. */
async function textsOf(checked: CheckedFile[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const c of checked) texts.set(c.file, await fs.readFile(c.file, 'utf8'));
  return texts;
}
