// Which Kibana project a plan or push is about, and its defaults: from flags, then environment
// variables, then the sync configuration found among the checked files (`sync-config.yaml`).

import { MissingSettingError } from '../kibana/credentials';
import { ProjectDefaults } from '../core/kibana/desired';
import { toJS } from '../core/tree';
import { WorkspaceFile } from '../core';

export interface ProjectOptions {
  project?: string;
  space?: string;
  /** Flag values (`--default-schedule`, …) that win over the sync configuration's defaults. */
  defaults?: DefaultFlags;
}

/** `--default-schedule MINUTES`, `--default-locations A,B`, `--default-private-locations A,B`, as given. */
export interface DefaultFlags {
  schedule?: string;
  locations?: string;
  privateLocations?: string;
}

export interface ProjectConfig {
  project: string;
  space: string;
  defaults: ProjectDefaults;
  /** The sync configuration's content, for the connection (URL, auth) too. */
  syncConfig?: Record<string, unknown>;
}

export class ConfigError extends Error {}

/** The single sync configuration among the checked files, if any (two are ambiguous: an error). */
export function findSyncConfig(checked: Pick<WorkspaceFile, 'file' | 'analysis'>[]): Record<string, unknown> | undefined {
  const found = checked.flatMap((c) => c.analysis.units.filter((u) => u.format === 'sync-config').map((u) => ({ file: c.file, config: toJS(u.root) })));
  if (found.length > 1) throw new ConfigError(`several sync configurations found (${found.map((f) => f.file).join(', ')}): pass the one to use with --sync-config`);
  const config = found[0]?.config;
  return config && typeof config === 'object' ? (config as Record<string, unknown>) : undefined;
}

export function resolveProject(options: ProjectOptions, env: NodeJS.ProcessEnv, syncConfig: Record<string, unknown> | undefined): ProjectConfig {
  const kibana = (syncConfig?.kibana ?? {}) as Record<string, unknown>;
  const monitors = (syncConfig?.monitors ?? {}) as Record<string, unknown>;
  // An empty variable counts as unset (a CI system's optional input left empty sets it to '').
  const fromEnv = (name: string) => env[name] || undefined;
  const project = options.project ?? fromEnv('SYNTHETICS_PROJECT') ?? (monitors.project_id as string | undefined);
  if (!project) throw new MissingSettingError('project', 'no project id: pass --project, set SYNTHETICS_PROJECT, or set monitors.project_id in the sync configuration');
  const defaults = projectDefaults(options.defaults ?? {}, syncConfig);
  return {
    project,
    space: options.space ?? fromEnv('KIBANA_SPACE') ?? (kibana.space as string | undefined) ?? 'default',
    defaults: { ...defaults, locations: defaults.locations ?? [], privateLocations: defaults.privateLocations ?? [] },
    syncConfig,
  };
}

/** The project's defaults for monitors that set none: flags first, then the sync configuration's. */
export function projectDefaults(flags: DefaultFlags, syncConfig: Record<string, unknown> | undefined): { schedule?: number; locations?: string[]; privateLocations?: string[] } {
  const monitors = (syncConfig?.monitors ?? {}) as Record<string, unknown>;
  const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : undefined);
  const list = (v: string | undefined) => v?.split(',').map((s) => s.trim()).filter(Boolean);
  let schedule = typeof monitors.default_schedule === 'number' ? monitors.default_schedule : undefined;
  if (flags.schedule !== undefined) {
    schedule = Number(flags.schedule);
    if (!Number.isInteger(schedule) || schedule <= 0) throw new ConfigError(`--default-schedule must be a whole number of minutes, not "${flags.schedule}"`);
  }
  return {
    schedule,
    locations: list(flags.locations) ?? strings(monitors.default_locations),
    privateLocations: list(flags.privateLocations) ?? strings(monitors.default_private_locations),
  };
}
