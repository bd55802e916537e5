// `import`: monitors read from Kibana — a project's, UI-made ones, or any matching the list's
// filters — each read again with its secrets (the list leaves them out, §5.11), turned into our
// files (core/kibana/importMonitor.ts, importLayout.ts) and written into a folder of their own.

import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ImportedMonitor, importIds, importMonitor } from '../core/kibana/importMonitor';
import { StoredMonitor } from '../core/kibana/types';
import { KibanaClient, MonitorFilter } from '../kibana/client';
import { KibanaFlags, resolveKibanaConnection } from '../kibana/credentials';
import { ImportFormat, ImportedFile, journeyFile, layoutFiles } from './importLayout';
import { ConfigError } from './projectConfig';

export type Origin = 'project' | 'ui' | 'all';

export interface ImportRequest {
  env: NodeJS.ProcessEnv;
  kibana?: KibanaFlags;
  /** Only this project's monitors (and, with `origin` ui or all, the UI-made ones, to adopt into it). */
  project?: string;
  /** Which monitors: pushed as project monitors, made in the UI (or the public API), or both. Default: project with a project, else all. */
  origin?: Origin;
  filter?: Pick<MonitorFilter, 'query' | 'tags' | 'monitorTypes' | 'locations' | 'configIds'>;
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

/** Reads the monitors from Kibana and lays out their files (nothing is written). */
export async function importFromKibana(request: ImportRequest): Promise<ImportResult> {
  const project = request.project || undefined;
  const origin = request.origin ?? (project ? 'project' : 'all');
  const connection = resolveKibanaConnection({ flags: request.kibana, env: request.env });
  const client = new KibanaClient({ ...connection, userAgent: 'synthetics-gitops' });
  try {
    const [version, locations] = await Promise.all([client.version(), client.allLocations()]);
    // UI-made monitors belong to no project: with one, its monitors and the UI ones are two lists.
    const queries: MonitorFilter[] = [];
    if (origin !== 'ui') queries.push({ ...request.filter, ...(project && { projects: project }) });
    if (origin === 'ui' || (origin === 'all' && project)) queries.push({ ...request.filter });
    const listed = (await Promise.all(queries.map((q) => client.listMonitors(q)))).flat().filter((m) => wanted(m, origin, project));
    const unique = listed.filter((m, i) => listed.findIndex((o) => o.config_id === m.config_id) === i);
    const projects = [...new Set(unique.filter((m) => m.origin === 'project').map((m) => String(m.project_id)))];
    if (!project && projects.length > 1) {
      throw new ConfigError(`the monitors found belong to ${projects.length} projects (${projects.join(', ')}): import one with --project, or only UI-made ones with --origin ui`);
    }
    const full = await Promise.all(unique.map((m) => client.withSecrets(m)));
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
  } finally {
    await client.close();
  }
}

function wanted(monitor: StoredMonitor, origin: Origin, project: string | undefined): boolean {
  if (monitor.origin === 'project') return origin !== 'ui' && (!project || monitor.project_id === project);
  return origin !== 'project';
}

/**
 * Writes the files under their folders, creating them; refuses, writing nothing, when any file
 * exists unless `force` (which overwrites those files). Nothing is ever deleted. The paths written.
 */
export async function writeImport(sets: { dir: string; files: ImportedFile[] }[], force: boolean): Promise<string[]> {
  const targets = sets.flatMap(({ dir, files }) => files.map((f) => ({ file: path.join(dir, ...f.path.split('/')), text: f.text })));
  const existing = targets.filter((t) => existsSync(t.file)).map((t) => t.file);
  if (existing.length && !force) throw new ConfigError(`${existing.length} file(s) exist already (${existing.slice(0, 3).join(', ')}${existing.length > 3 ? ', …' : ''}): write into an empty folder, or pass --force to overwrite them`);
  for (const { file, text } of targets) {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, text);
  }
  return targets.map((t) => t.file);
}
