// Journeys against the browser entries of the ConfigMaps and the standalone browser-monitor JSON
// files (design document §13, "Cross-Repository Validation"): a journey without an entry
// (missing), an entry without a journey (orphaned), an entry that generating from its journey
// would change (stale), a journey that cannot be generated (refused). Shared by
// `synthetics-gitops check` and the language server's workspace pass.

import * as path from 'node:path';
import type { Code } from '../core/codes';
import type { Unit } from '../core/extract';
import type { AnalysedJourney } from '../core/journeys/analyse';
import { Span, span } from '../core/text/span';
import { entryOf, isMap, toJS } from '../core/tree';
import { findEntries, rewriteBlock } from './configmap';
import { GenerateDefaults, GenerateProblem, ScriptCache, SyntheticsConfigs, changedFields, generateJourneys, mergeEntry, renderEntryJson } from './generate';

export type IssueKind = 'missing' | 'orphaned' | 'stale' | 'refused';

/** A journey file, as read (the editor's text or the disk's) and analysed. */
export interface JourneySource {
  file: string;
  text: string;
  journeys: AnalysedJourney[];
}

/** A `*.json` data entry of a ConfigMap, or a standalone browser-monitor JSON file. */
export interface EntrySource {
  file: string;
  text: string;
  /** The ConfigMap holding it; undefined for a standalone file. */
  configMap?: string;
  /** The entry's data key (a standalone file: its name). */
  key: string;
  /** Where it is reported: the entry's key (a standalone file: its `id`, else its start). */
  keySpan: Span;
  /** The entry's JSON (undefined when it does not parse as an object). */
  value?: Record<string, unknown>;
}

/** A file's browser monitors as entries to check: ConfigMap entries, or the standalone file (a unit without a container). */
export function entrySources(file: string, text: string, units: Unit[]): EntrySource[] {
  return units
    .filter((u) => u.format === 'browser-json')
    .map((u) => {
      const value = toJS(u.root);
      const id = isMap(u.root) ? entryOf(u.root, 'id') : undefined;
      const firstLine = text.search(/\r?\n|$/);
      return {
        file,
        text,
        configMap: u.container?.configMap,
        key: u.container?.key ?? path.basename(file),
        keySpan: u.container?.keySpan ?? id?.value.span ?? span(0, firstLine),
        value: value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined,
      };
    });
}

export interface ConsistencyIssue {
  kind: IssueKind;
  code: Code;
  /** Where it is reported: the journey's name (missing, refused) or the entry's key (orphaned, stale). */
  file: string;
  span: Span;
  message: string;
  id?: string;
  /** The other side: the entry of a journey, the journey of an entry. */
  related?: { file: string; span: Span; message: string };
  /** Stale entries: the entry's lines written anew from the journey. */
  fix?: { title: string; file: string; span: Span; newText: string };
}

export interface CheckOptions {
  defaults?: GenerateDefaults;
  cache?: ScriptCache;
  /** The journeys' synthetics.config.ts, as generate reads them. */
  configs?: SyntheticsConfigs;
  /** How a file is named in messages (relative paths in the CLI). */
  display?: (file: string) => string;
}

/** Every missing, orphaned, stale or refused journey/entry pair, in file order. */
export async function checkConsistency(journeySources: JourneySource[], entries: EntrySource[], options: CheckOptions = {}): Promise<ConsistencyIssue[]> {
  const display = options.display ?? ((f: string) => f);
  const issues: ConsistencyIssue[] = [];
  const byId = new Map<string, EntrySource[]>();
  for (const entry of entries) {
    const id = typeof entry.value?.id === 'string' ? entry.value.id : undefined;
    if (id !== undefined) byId.set(id, [...(byId.get(id) ?? []), entry]);
  }
  const journeyIds = new Set<string>();
  const blocks = new Map<string, ReturnType<typeof findEntries>>();
  /** The stale entry written anew: its lines in the ConfigMap, or the whole standalone file. */
  const regenerate = (entry: EntrySource, merged: Record<string, unknown>, title: string): ConsistencyIssue['fix'] => {
    const eol = entry.text.includes('\r\n') ? '\r\n' : '\n';
    if (entry.configMap === undefined) return { title, file: entry.file, span: span(0, entry.text.length), newText: renderEntryJson(merged).replace(/\n/g, eol) + eol };
    let found = blocks.get(entry.file);
    if (!found) blocks.set(entry.file, (found = safeFindEntries(entry.text)));
    const location = found.find((e) => e.keyStart === entry.keySpan.start);
    return location && { title, file: entry.file, span: span(location.block.start, location.block.end), newText: rewriteBlock(entry.text, location, merged, eol) };
  };

  const withBrowser = journeySources.filter((source) => source.journeys.some((j) => j.kind === 'browser'));
  // Bundling runs in esbuild's own process: every file at once.
  const generatedFiles = await Promise.all(withBrowser.map((source) => generateJourneys(source.file, source.text, { defaults: options.defaults, cache: options.cache, configs: options.configs })));
  for (const [index, source] of withBrowser.entries()) {
    for (const j of source.journeys) if (j.kind === 'browser' && j.id !== undefined) journeyIds.add(j.id);
    for (const result of generatedFiles[index]) {
      const journey = result.journey;
      if (journey.kind !== 'browser') continue;
      const own = journey.id === undefined ? [] : (byId.get(journey.id) ?? []);
      const place = `${display(source.file)}:${lineOf(source.text, journey.nameSpan.start)}`;
      if (result.errors.length) {
        const error = result.errors[0];
        issues.push({
          kind: 'refused',
          code: 'journey-not-inlinable',
          file: source.file,
          // A config that could not be read is reported at the journey: its file is not this one.
          span: error.file === source.file ? spanAt(source.text, error) : journey.nameSpan,
          message: `Journey "${journey.name}" cannot be generated as an inline script: ${error.message}`,
          id: journey.id,
        });
      }
      if (journey.id === undefined) continue;
      if (!own.length) {
        issues.push({
          kind: 'missing',
          code: 'journey-entry-missing',
          file: source.file,
          span: journey.nameSpan,
          message: `Journey "${journey.name}" (id \`${journey.id}\`) has no entry in the ConfigMaps: generate it ("Generate ConfigMap Entry", or \`synthetics-gitops generate ${display(source.file)} --configmap FILE\`).`,
          id: journey.id,
        });
        continue;
      }
      const generated = result.generated;
      if (!generated) continue;
      for (const entry of own) {
        const merged = mergeEntry(entry.value, generated);
        const changed = changedFields(entry.value ?? {}, merged);
        if (!changed.length) continue;
        const fields = changed.map((f) => (f === 'source' ? 'the script' : `\`${f}\``));
        issues.push({
          kind: 'stale',
          code: 'journey-entry-stale',
          file: entry.file,
          span: entry.keySpan,
          message: `${entryName(entry)} no longer matches journey "${journey.name}" (${place}): ${fields.join(', ')} ${changed.length > 1 ? 'differ' : 'differs'}. Regenerate it.`,
          id: journey.id,
          related: { file: source.file, span: journey.nameSpan, message: `journey "${journey.name}"` },
          fix: regenerate(entry, merged, `Regenerate from ${display(source.file)}`),
        });
      }
    }
  }

  for (const entry of entries) {
    const id = typeof entry.value?.id === 'string' ? entry.value.id : undefined;
    if (id === undefined || journeyIds.has(id)) continue;
    issues.push({
      kind: 'orphaned',
      code: 'journey-entry-orphaned',
      file: entry.file,
      span: entry.keySpan,
      message: `${entryName(entry)} (id \`${id}\`) matches no journey: its journey was renamed or removed. Delete ${entry.configMap === undefined ? 'the file' : 'the entry'}, or give a journey this id with \`monitor.use({ id: '${id}' })\`.`,
      id,
    });
  }
  return issues.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.span.start - b.span.start));
}

function entryName(entry: EntrySource): string {
  return entry.configMap === undefined ? `Browser monitor file \`${entry.key}\`` : `Entry \`${entry.key}\``;
}

function safeFindEntries(text: string): ReturnType<typeof findEntries> {
  try {
    return findEntries(text);
  } catch {
    return []; // a file that does not parse gets no quick fix; its own diagnostics say why
  }
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** A generate problem's 1-based line and column as a span of the rest of its line. */
function spanAt(text: string, problem: GenerateProblem): Span {
  let start = 0;
  for (let line = 1; line < problem.line; line++) start = text.indexOf('\n', start) + 1;
  start += problem.column - 1;
  const end = text.indexOf('\n', start);
  return span(start, Math.max(start, Math.min(end < 0 ? text.length : end, start + 80)));
}
