// `import`: monitors read from Kibana — a project's, UI-made ones, or any matching the list's
// filters — each read again with its secrets (the list leaves them out, §5.11), turned into our
// files (core/kibana/importMonitor.ts, importLayout.ts) and written into a folder of their own,
// with a summary of what needs doing before a push. The CLI and the editor both run it.

import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ImportedMonitor, importIds, importMonitor } from '../core/kibana/importMonitor';
import { showValue } from '../core/kibana/renderPlan';
import { StoredMonitor } from '../core/kibana/types';
import { KibanaClient, MonitorFilter } from '../kibana/client';
import { ConnectionSources, KibanaFlags, resolveKibanaConnection } from '../kibana/credentials';
import { ImportFormat, ImportedFile, journeyFile, layoutFiles } from './importLayout';
import { ConfigError } from './projectConfig';

export type Origin = 'project' | 'ui' | 'all';

/**
 * Where Kibana is: flags (the editor's key), the environment, the editor's setting, then a sync
 * configuration — and whom the credential may go to, as for a plan (kibana/trust.ts).
 */
export interface ImportTarget extends Pick<ConnectionSources, 'settingsUrl' | 'confirmedHosts'> {
  env: NodeJS.ProcessEnv;
  kibana?: KibanaFlags;
  syncConfig?: Record<string, unknown>;
  /** `--request-timeout`, per request attempt. */
  timeoutMs?: number;
  /** Only this project's monitors (and, with `origin` ui or all, the UI-made ones, to adopt into it). */
  project?: string;
  /** Which monitors: pushed as project monitors, made in the UI (or the public API), or both. Default: project with a project, else all. */
  origin?: Origin;
  filter?: Pick<MonitorFilter, 'query' | 'tags' | 'monitorTypes' | 'locations' | 'configIds'>;
}

export interface ImportRequest extends ImportTarget {
  format: ImportFormat;
  includeSecrets: boolean;
  /** Also write each browser monitor's journey as a `.journey.ts` file, for reading. */
  journeys: boolean;
}

export interface ImportResult {
  kibana: { url: string; space: string; version: string };
  project?: string;
  monitors: ImportedMonitor[];
  /** Monitors no file format holds (a type this tool does not know), with why. */
  skipped: { name: string; configId: string; reason: string }[];
  /** Relative to the output folder. */
  files: ImportedFile[];
  /** Relative to the journeys folder. */
  journeys: ImportedFile[];
}

/** The monitors an import of this target would read, without their secrets (for a picker). */
export async function listImportable(target: ImportTarget): Promise<{ space: string; project?: string; monitors: StoredMonitor[] }> {
  return withClient(target, async (client) => ({ space: client.space, project: target.project || undefined, monitors: await candidates(client, target) }));
}

/** Reads the monitors from Kibana and lays out their files (nothing is written). */
export async function importFromKibana(request: ImportRequest): Promise<ImportResult> {
  const project = request.project || undefined;
  return withClient(request, async (client) => {
    const [version, locations, listed] = await Promise.all([client.version(), client.allLocations(), candidates(client, request)]);
    const full = await Promise.all(listed.map((m) => client.withSecrets(m)));
    // A UI-made monitor's new id must not take one the project already uses (filters may have left it out).
    const taken = project ? (await client.projectMonitors(project)).map((m) => m.journey_id) : [];
    const ids = importIds(full, taken);
    const ctx = { space: client.space, kibanaVersion: version, locations, project, includeSecrets: request.includeSecrets };
    const monitors: ImportedMonitor[] = [];
    const skipped: ImportResult['skipped'] = [];
    full.forEach((m, i) => {
      try {
        monitors.push(importMonitor(m, ids[i], ctx));
      } catch (error) {
        skipped.push({ name: String(m.name), configId: String(m.config_id), reason: (error as Error).message });
      }
    });
    const files = layoutFiles(monitors, { format: request.format, space: client.space, ...(project && { sync: { kibanaUrl: client.url, project } }) });
    const journeys = request.journeys ? monitors.flatMap((m) => journeyFile(m, client.space) ?? []) : [];
    return { kibana: { url: client.url, space: client.space, version }, project, monitors, skipped, files, journeys };
  });
}

async function withClient<T>(target: ImportTarget, run: (client: KibanaClient) => Promise<T>): Promise<T> {
  const { kibana: flags, env, syncConfig, settingsUrl, confirmedHosts } = target;
  const connection = resolveKibanaConnection({ flags, env, syncConfig, settingsUrl, confirmedHosts });
  const client = new KibanaClient({ ...connection, timeoutMs: target.timeoutMs, userAgent: 'synthetics-gitops' });
  try {
    return await run(client);
  } finally {
    await client.close();
  }
}

/** The listed monitors of the target's scope, once each; monitors of several projects need a project chosen. */
async function candidates(client: KibanaClient, target: ImportTarget): Promise<StoredMonitor[]> {
  const project = target.project || undefined;
  const origin = target.origin ?? (project ? 'project' : 'all');
  // UI-made monitors belong to no project: with one, its monitors and the UI ones are two lists.
  const queries: MonitorFilter[] = [];
  if (origin !== 'ui') queries.push({ ...target.filter, ...(project && { projects: project }) });
  if (origin === 'ui' || (origin === 'all' && project)) queries.push({ ...target.filter });
  const listed = (await Promise.all(queries.map((q) => client.listMonitors(q)))).flat().filter((m) => wanted(m, origin, project));
  const unique = listed.filter((m, i) => listed.findIndex((o) => o.config_id === m.config_id) === i);
  const projects = [...new Set(unique.filter((m) => m.origin === 'project').map((m) => String(m.project_id)))];
  if (!project && projects.length > 1) {
    throw new ConfigError(`the monitors found belong to ${projects.length} projects (${projects.join(', ')}): import one with --project, or only UI-made ones with --origin ui`);
  }
  return unique;
}

function wanted(monitor: StoredMonitor, origin: Origin, project: string | undefined): boolean {
  if (monitor.origin === 'project') return origin !== 'ui' && (!project || monitor.project_id === project);
  return origin !== 'project';
}

/** Files an import would write exist already: nothing was written. */
export class FilesExistError extends ConfigError {
  /** `shown`: the paths as the message names them; `hint`: how else to go on. */
  constructor(
    readonly existing: string[],
    shown: string[] = existing,
    hint = '',
  ) {
    super(`${existing.length} file(s) exist already (${shown.slice(0, 3).join(', ')}${existing.length > 3 ? ', …' : ''}): write into an empty folder${hint}`);
  }
}

/**
 * Writes the files under their folders, creating them; refuses, writing nothing, when any file
 * exists unless `force` (which overwrites those files). Nothing is ever deleted. The paths written.
 */
export async function writeImport(sets: { dir: string; files: ImportedFile[] }[], force: boolean): Promise<string[]> {
  const targets = sets.flatMap(({ dir, files }) => files.map((f) => ({ file: path.join(dir, ...f.path.split('/')), text: f.text })));
  const existing = targets.filter((t) => existsSync(t.file)).map((t) => t.file);
  if (existing.length && !force) throw new FilesExistError(existing);
  for (const { file, text } of targets) {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, text);
  }
  return targets.map((t) => t.file);
}

/** What was written, and what needs doing before a push. */
export function importSummary(result: ImportResult, where: { out: string; files: string[] }): string {
  const { kibana, project, monitors } = result;
  const lines = [
    `Imported ${monitors.length} monitor(s) from Kibana ${kibana.version} (${kibana.url}, space "${kibana.space}"${project ? `, project "${project}"` : ''}) into ${where.out}:`,
    ...where.files.map((f) => `  ${f}`),
  ];
  const section = (title: string, rows: string[]) => {
    if (rows.length) lines.push('', title, ...rows.map((r) => `  ${r}`));
  };
  section(
    'Secrets left out: create these Kibana global parameters (Synthetics → Settings → Global parameters) with their values before pushing:',
    monitors.flatMap((m) => [
      ...m.placeholders.map((p) => `${p.param}  (${m.id}: ${p.path})`),
      ...(m.omittedParams.length ? [`${m.omittedParams.join(', ')}  (${m.id}: params, left out of its config under the same names)`] : []),
    ]),
  );
  section('Cannot be carried into a project monitor (the plan shows these fields changing):', monitors.flatMap(lostRows));
  section('Kibana would refuse these as project monitors (fix them before pushing):', monitors.filter((m) => m.refused).map((m) => `${m.id}: ${m.refused}`));
  section('Skipped (no file format holds them):', result.skipped.map((s) => `"${s.name}" (${s.configId}): ${s.reason}`));
  const ui = monitors.filter((m) => m.origin === 'ui');
  if (ui.length) {
    lines.push(
      '',
      `${ui.length} monitor(s) were made in Kibana's UI: pushed, each becomes a project monitor beside its original; \`push --adopt\` then deletes the original once its replacement exists (\`adopts\` names it). Kibana keeps results per monitor, so the history starts anew: see "Import" in docs/cli.md.`,
    );
  }
  // Without a project the folder has no sync configuration: the plan needs to be told which project.
  lines.push('', `Next: synthetics-gitops validate ${where.out} && synthetics-gitops plan ${where.out}${project ? '' : ' --project <the project to push them to>'}`);
  return lines.join('\n') + '\n';
}

function lostRows(m: ImportedMonitor): string[] {
  return m.lost.map((change) => {
    const hint = change.field === 'params' && m.type !== 'browser' ? ' (lightweight monitors take params from Kibana global parameters)' : '';
    return `${m.id}: ${change.field}: ${showValue(change, 'before')} → ${showValue(change, 'after')}${hint}`;
  });
}
