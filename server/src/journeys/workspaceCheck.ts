// Journeys against the browser entries of the ConfigMaps and the standalone browser-monitor JSON
// files, as a settled check of the workspace (gitops/workspace.ts; the comparison is check.ts's):
// journey-entry-missing on a journey's name, journey-entry-orphaned and journey-entry-stale (with
// its "Regenerate from <file>" fix) on an entry's key, journey-not-inlinable where generating stops.
// It runs only in a workspace holding both journeys and browser entries — a repository of journeys
// alone, or of ConfigMaps alone, is not checked against a half it does not have. An overlay's entry
// replacing its base's is the environment's variant of it (a slower schedule, more tags): the
// base's entry is compared with the journey, not it. Entries are generated as the journeys'
// synthetics.config.ts says: loaded as push loads it, or read without running it where no code of
// the repository may run (Restricted Mode, `validate`).

import * as path from 'node:path';
import { CheckContext, Finding, WorkspaceFile } from '../core';
import { isKustomization, nearestFolder } from '../core/k8s/kustomization';
import { toJS } from '../core/tree';
import { ConsistencyIssue, EntrySource, JourneySource, checkConsistency, entrySources } from './check';
import { GenerateDefaults, ScriptCache, SyntheticsConfigs } from './generate';

export class JourneyCheck {
  private readonly cache = new ScriptCache();
  private readonly configs: SyntheticsConfigs;

  constructor(options: { restricted?: boolean } = {}) {
    this.configs = new SyntheticsConfigs(options);
  }

  /** The findings by file; none when the workspace lacks journeys or entries. */
  readonly run = async (files: WorkspaceFile[], context: CheckContext): Promise<Map<string, Finding[]>> => {
    const journeys: JourneySource[] = [];
    const entries: EntrySource[] = [];
    const syncConfigs: unknown[] = [];
    for (const { file, text, analysis } of files) {
      if (analysis.journeys?.some((j) => j.kind === 'browser')) journeys.push({ file, text, journeys: analysis.journeys });
      for (const unit of analysis.units) if (unit.format === 'sync-config') syncConfigs.push(toJS(unit.root));
      entries.push(...entrySources(file, text, analysis.units));
    }
    const findings = new Map<string, Finding[]>();
    if (!journeys.length || !entries.length) return findings;
    const variant = overlayVariants(files, entries);
    let issues: ConsistencyIssue[];
    try {
      issues = await checkConsistency(journeys, entries.filter((e) => !variant.has(e)), { defaults: defaultsOf(syncConfigs), cache: this.cache, configs: this.configs, display: context.display });
    } catch {
      return findings; // a file that changed under the check: the next one has it
    }
    for (const issue of issues) findings.set(issue.file, [...(findings.get(issue.file) ?? []), toFinding(issue)]);
    return findings;
  };
}

/** The entries an overlay puts in place of its base's entry of the same id (the base included by the overlay's kustomization, through others too). */
function overlayVariants(files: WorkspaceFile[], entries: EntrySource[]): Set<EntrySource> {
  const includes = new Map<string, string[]>();
  for (const { file, analysis } of files) {
    if (!isKustomization(file) || !path.isAbsolute(file)) continue;
    const dir = path.dirname(file);
    includes.set(dir, (analysis.manifests?.references ?? []).filter((r) => r.field === 'bases' || r.field === 'resources').map((r) => path.resolve(dir, r.path)));
  }
  const below = (dir: string, seen = new Set<string>()): Set<string> => {
    for (const inner of includes.get(dir) ?? []) if (includes.has(inner) && !seen.has(inner)) below(inner, seen.add(inner));
    return seen;
  };
  const folderOf = (entry: EntrySource) => nearestFolder(entry.file, includes.keys());
  const idOf = (entry: EntrySource) => (typeof entry.value?.id === 'string' ? entry.value.id : undefined);
  return new Set(
    entries.filter((entry) => {
      const folder = folderOf(entry);
      if (!folder || idOf(entry) === undefined) return false;
      const bases = below(folder);
      return entries.some((other) => other !== entry && idOf(other) === idOf(entry) && bases.has(folderOf(other)));
    }),
  );
}

/** The workspace's one sync configuration's `monitors.default_*` (none when there are several: which would apply is unknown). */
export function defaultsOf(syncConfigs: unknown[]): GenerateDefaults {
  if (syncConfigs.length !== 1) return {};
  const monitors = ((syncConfigs[0] as Record<string, unknown> | undefined)?.monitors ?? {}) as Record<string, unknown>;
  const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : undefined);
  return {
    schedule: typeof monitors.default_schedule === 'number' ? monitors.default_schedule : undefined,
    locations: strings(monitors.default_locations),
    privateLocations: strings(monitors.default_private_locations),
  };
}

function toFinding(issue: ConsistencyIssue): Finding {
  return {
    code: issue.code,
    severity: 'warning',
    message: issue.message,
    span: issue.span,
    related: issue.related && [{ file: issue.related.file, span: issue.related.span, message: issue.related.message }],
    fixes: issue.fix ? [{ title: issue.fix.title, edits: [{ span: issue.fix.span, newText: issue.fix.newText }], preferred: true }] : undefined,
  };
}
