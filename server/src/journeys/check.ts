// Journeys against the browser entries of the ConfigMaps (design document §13, "Cross-Repository
// Validation"): a journey without an entry (missing), an entry without a journey (orphaned), an
// entry that generating from its journey would change (stale), a journey that cannot be generated
// (refused). Shared by `synthetics-gitops check` and the language server's workspace pass.

import type { AnalysedJourney } from '../core/journeys/analyse';
import { Span, span } from '../core/text/span';
import { findEntries, rewriteBlock } from './configmap';
import { GenerateDefaults, GenerateProblem, ScriptCache, changedFields, generateJourneys, mergeEntry } from './generate';

export type IssueKind = 'missing' | 'orphaned' | 'stale' | 'refused';

/** A journey file, as read (the editor's text or the disk's) and analysed. */
export interface JourneySource {
  file: string;
  text: string;
  journeys: AnalysedJourney[];
}

/** A `*.json` data entry of a ConfigMap. */
export interface EntrySource {
  file: string;
  text: string;
  configMap: string;
  key: string;
  keySpan: Span;
  /** The entry's JSON (undefined when it does not parse as an object). */
  value?: Record<string, unknown>;
}

export interface ConsistencyIssue {
  kind: IssueKind;
  code: string;
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
  const blockOf = (entry: EntrySource) => {
    let found = blocks.get(entry.file);
    if (!found) blocks.set(entry.file, (found = safeFindEntries(entry.text)));
    return found.find((e) => e.keyStart === entry.keySpan.start);
  };

  const withBrowser = journeySources.filter((source) => source.journeys.some((j) => j.kind === 'browser'));
  // Bundling runs in esbuild's own process: every file at once.
  const generatedFiles = await Promise.all(withBrowser.map((source) => generateJourneys(source.file, source.text, { defaults: options.defaults, cache: options.cache })));
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
          span: spanAt(source.text, error),
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
        const location = blockOf(entry);
        const fields = changed.map((f) => (f === 'source' ? 'the script' : `\`${f}\``));
        issues.push({
          kind: 'stale',
          code: 'journey-entry-stale',
          file: entry.file,
          span: entry.keySpan,
          message: `Entry \`${entry.key}\` no longer matches journey "${journey.name}" (${place}): ${fields.join(', ')} ${changed.length > 1 ? 'differ' : 'differs'}. Regenerate it.`,
          id: journey.id,
          related: { file: source.file, span: journey.nameSpan, message: `journey "${journey.name}"` },
          fix: location && {
            title: `Regenerate from ${display(source.file)}`,
            file: entry.file,
            span: span(location.block.start, location.block.end),
            newText: rewriteBlock(entry.text, location, merged, entry.text.includes('\r\n') ? '\r\n' : '\n'),
          },
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
      message: `Entry \`${entry.key}\` (id \`${id}\`) matches no journey: its journey was renamed or removed. Delete the entry, or give a journey this id with \`monitor.use({ id: '${id}' })\`.`,
      id,
    });
  }
  return issues.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.span.start - b.span.start));
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
