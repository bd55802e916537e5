// Everything a plan needs, gathered once for the CLI and the language server alike: the checked
// files, the project and its defaults, the desired state, a Kibana client, and the plan itself.

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { LineIndex, createAnalyser } from '../core';
import { Plan, PlanOptions, planChanges } from '../core/kibana/plan';
import { DesiredMonitor } from '../core/kibana/desired';
import { PUBLIC_LOCATIONS } from '../core/kibana/facts';
import { KIBANA_CHANGES, kibanaHas } from '../core/kibana/versions';
import { KibanaLocation, StoredMonitor } from '../core/kibana/types';
import { Locate } from '../core/kibana/renderPlan';
import { toJS } from '../core/tree';
import { KibanaClient, KibanaClientOptions } from '../kibana/client';
import { KibanaConnection, KibanaFlags, resolveKibanaConnection } from '../kibana/credentials';
import { CheckedFile, checkPaths, selectKibanaVersion } from './checkPaths';
import { Settings } from '../protocol/settings';
import { readAdoptions } from './adopt';
import { BuiltState, buildDesiredState } from './desiredState';
import { MountContents, readMount } from './mount';
import { ConfigError, DefaultFlags, ProjectConfig, findSyncConfig, resolveProject } from './projectConfig';

export interface PlanRequest {
  paths: string[];
  settings: Settings;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Connection values given explicitly (CLI flags; the editor's secret storage). */
  kibana?: KibanaFlags;
  /** The editor's `kibana.url` setting, and the hosts the user confirmed for the workspace's URLs (kibana/trust.ts). */
  settingsUrl?: string;
  confirmedHosts?: readonly string[];
  /** How long to wait on Kibana, and who hears of each timeout. */
  client?: Pick<KibanaClientOptions, 'timeoutMs' | 'onTimeout'>;
  /** Told, before the first request, what a person should know about the connection (KibanaConnection.warnings). */
  onWarning?: (warning: string) => void;
  project?: string;
  space?: string;
  /** A sync-config.yaml (or a ConfigMap holding one); default: the one found among the paths. */
  syncConfig?: string;
  /** Project defaults given as flags, over the sync configuration's. */
  defaults?: DefaultFlags;
  /**
   * Read Kibana's location list when the stored monitors do not name every location used, so the
   * plan can say which monitor Kibana would refuse for one (default). A push leaves it out: Kibana
   * checks locations itself, monitor by monitor, and the push reports what it refuses.
   */
  checkLocations?: boolean;
  /** A directory where Kubernetes mounted the monitor ConfigMaps (and the sync configuration), read instead of `paths`. */
  from?: string;
  /** `from` as the caller already read it (the watcher, to compare fingerprints): not read again. */
  mount?: MountContents;
  /** Journey ids whose type change is carried out as a delete and a create (`push --replace`). */
  replace?: string[];
  /** Bundle inline browser scripts (default); what only reads statuses needs the monitors' ids alone. */
  bundle?: boolean;
}

export interface Loaded {
  checked: CheckedFile[];
  project: ProjectConfig;
  connection: KibanaConnection;
  desired: BuiltState;
  locate: Locate;
  /** The directory file names are relative to: the working directory, or the mount. */
  root: string;
  /** The mount read, with `--from`: its keys that are not monitors, and its fingerprint. */
  mount?: MountContents;
}

export interface Prepared extends Loaded {
  client: KibanaClient;
  plan: Plan;
}

/**
 * The desired state and where Kibana is, from the paths, or from a directory of mounted
 * ConfigMaps (`from`: file names are then relative to it, as the keys of the ConfigMaps).
 */
export async function loadDesired(request: PlanRequest): Promise<Loaded> {
  const mount = request.from === undefined ? undefined : (request.mount ?? (await readMount(path.resolve(request.cwd, request.from))));
  const cwd = request.from === undefined ? request.cwd : path.resolve(request.cwd, request.from);
  const checked = await checkPaths({ paths: mount ? mount.files : request.paths, settings: request.settings }, cwd);
  return desiredOf(checked, request, cwd, mount);
}

/**
 * The same from files already checked: the editor's workspace, its documents as they are. File
 * names are relative to `cwd`.
 */
export async function desiredOf(checked: CheckedFile[], request: Omit<PlanRequest, 'paths'>, cwd: string, mount?: MountContents): Promise<Loaded> {
  const syncConfigFile = request.syncConfig ? path.resolve(request.cwd, request.syncConfig) : mount && mountedSyncConfig(mount, cwd);
  const syncConfig = syncConfigFile ? await readSyncConfig(syncConfigFile, request.settings) : findSyncConfig(checked);
  const project = resolveProject({ project: request.project, space: request.space ?? request.kibana?.space, defaults: request.defaults }, request.env, syncConfig);
  // With --from the sync configuration is the operator's (mounted, or named on the operator's command line); else the repository's.
  const connection = resolveKibanaConnection({
    flags: { ...request.kibana, space: project.space },
    env: request.env,
    syncConfig,
    syncConfigFrom: request.from === undefined ? 'repository' : 'operator',
    settingsUrl: request.settingsUrl,
    confirmedHosts: request.confirmedHosts,
  });
  const desired = await buildDesiredState(checked, project.defaults, cwd, request.bundle !== false);
  return { checked, project, connection, desired, locate: locator(checked, cwd), root: cwd, mount };
}

/** The mount's one sync configuration, if any: with two, `--sync-config` must say which. */
function mountedSyncConfig(mount: MountContents, root: string): string | undefined {
  if (mount.syncConfigs.length > 1) {
    throw new ConfigError(`several sync configurations are mounted (${mount.syncConfigs.map((f) => path.relative(root, f)).join(', ')}): mount one, or pass the one to use with --sync-config`);
  }
  return mount.syncConfigs[0];
}

/**
 * Reads the paths (unless `loaded` is what they hold) and Kibana, and plans. The files' findings
 * are those of the live Kibana's version (versions.ts), not of the settings'. The caller closes `client`.
 */
export async function preparePlan(request: PlanRequest, loaded?: Loaded): Promise<Prepared> {
  loaded ??= await loadDesired(request);
  for (const warning of loaded.connection.warnings) request.onWarning?.(warning);
  const client = new KibanaClient({ ...loaded.connection, ...request.client, userAgent: 'synthetics-gitops' });
  try {
    const kibanaVersion = await checkTarget(client);
    selectKibanaVersion(loaded.checked, kibanaVersion);
    const options = { replace: new Set(request.replace), blockers: loaded.desired.blockers };
    const plan = await planAgainst(client, kibanaVersion, loaded.desired.monitors, loaded.project, request.checkLocations !== false, options);
    plan.adoptions = await readAdoptions(client, loaded.desired.monitors);
    return { ...loaded, client, plan };
  } catch (error) {
    await client.close();
    throw error;
  }
}

/**
 * Kibana's version, once it is known to have the project monitor API and the space is known to
 * exist: checked before anything is planned, since most routes answer for any space id and an
 * empty list would plan every monitor as new.
 */
export async function checkTarget(client: KibanaClient): Promise<string> {
  const kibanaVersion = await client.version();
  if (!kibanaHas(kibanaVersion, 'projectApi')) {
    throw new Error(`Kibana ${kibanaVersion} is older than ${KIBANA_CHANGES.projectApi.since}, which brought the project monitor API this tool pushes through (reference §3.8): upgrade Kibana`);
  }
  if ((await client.spaceExists()) === false) {
    throw new ConfigError(
      `the Kibana space "${client.space}" does not exist at ${client.url}: create it (Stack Management → Spaces, or POST /api/spaces/space), ` +
        'or name an existing one (--space, KIBANA_SPACE, kibana.space in the sync configuration, or the syntheticsGitops.kibana.space setting in the editor)',
    );
  }
  return kibanaVersion;
}

/** The plan of these desired monitors against the project's monitors in Kibana. */
async function planAgainst(client: KibanaClient, kibanaVersion: string, desired: DesiredMonitor[], project: ProjectConfig, checkLocations: boolean, options: PlanOptions): Promise<Plan> {
  const listed = await client.listMonitorsOfProject(project.project);
  const ctx = { project: project.project, space: project.space, kibanaVersion, locations: await locationsFor(desired, listed, checkLocations ? client : undefined) };
  // The list leaves secrets out (§5.11). Where the stored hash is ours they are known; where the
  // monitor changes anyway they need not be read. The rest is read one by one: a monitor whose
  // difference, if any, can only lie in its secrets (say, last pushed by another tool), and one
  // edited outside git, whose edit the plan should show whole.
  const secretsRead = new Set<string>();
  const planOptions = { ...options, secretsRead: (id: string) => secretsRead.has(id) };
  const plan = planChanges(desired, listed, ctx, planOptions);
  for (const item of plan.items) if (item.secretsUnknown && (!item.changes.length || item.editedOutsideGit)) secretsRead.add(item.id);
  if (!secretsRead.size) return plan;
  const full = await Promise.all(listed.map((m) => (secretsRead.has(String(m.journey_id)) ? client.withSecrets(m) : m)));
  return planChanges(desired, full, ctx, planOptions);
}

/**
 * The locations the desired monitors name. Kibana's stored monitors carry the location objects
 * they use; only when a monitor names one they do not is Kibana's location list read — or, without
 * a client, the location taken as named (public ids and aliases as Elastic-managed, the rest as
 * private labels), leaving it to Kibana to refuse it.
 */
export async function locationsFor(desired: DesiredMonitor[], stored: StoredMonitor[], client: KibanaClient | undefined): Promise<KibanaLocation[]> {
  const known = new Map<string, KibanaLocation>();
  for (const monitor of stored) for (const l of (monitor.locations ?? []) as KibanaLocation[]) if (l && typeof l === 'object') known.set(l.id, l);
  const found = (name: string) => [...known.values()].some((l) => l.id === name || l.label === name);
  const missing = desired.flatMap((d) => [...(d.payload.locations ?? []), ...(d.payload.privateLocations ?? [])]).filter((name) => !found(name));
  if (!missing.length) return [...known.values()];
  if (client) return client.allLocations();
  const publicIds = new Set(Object.values(PUBLIC_LOCATIONS));
  for (const name of new Set(missing)) {
    known.set(name, publicIds.has(name) ? { id: name, label: name, isServiceManaged: true } : { id: name, label: name, isServiceManaged: false, agentPolicyId: name });
  }
  return [...known.values()];
}

async function readSyncConfig(file: string, settings: Settings): Promise<Record<string, unknown>> {
  const text = await fs.readFile(file, 'utf8');
  const unit = createAnalyser().analyse(text, 'yaml', settings).units.find((u) => u.format === 'sync-config');
  const config = unit ? toJS(unit.root) : parseYaml(text);
  if (!config || typeof config !== 'object') throw new Error(`${file} holds no sync configuration`);
  return config as Record<string, unknown>;
}

/** file:line:col of a place in one of the checked files, by its path relative to the working directory. */
function locator(checked: CheckedFile[], cwd: string): Locate {
  const lines = new Map<string, LineIndex>(checked.map((c) => [path.relative(cwd, c.file).split(path.sep).join('/'), c.lines]));
  return (file, span) => {
    const at = lines.get(file)?.positionAt(span.start) ?? { line: 0, character: 0 };
    return { line: at.line + 1, column: at.character + 1 };
  };
}
