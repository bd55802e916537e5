// The editor's plan, push, import and connection check (protocol/messages.ts): each reads a workspace
// folder from disk, as the CLI does, through gitops/prepare, gitops/push and gitops/import. The API
// key arrives in the params and leaves in no reply: every reply passes through the redaction the CLI
// uses (kibana/redact.ts), and the key goes only to a host the user gave or confirmed (kibana/trust.ts).

import * as path from 'node:path';
import { Connection, ErrorCodes, LSPErrorCodes, RequestType, ResponseError } from 'vscode-languageserver/node';
import { stringify } from 'yaml';
import { PlanItem, comparable } from '../core/kibana/plan';
import { renderPlanJson, renderPlanText } from '../core/kibana/renderPlan';
import { StoredMonitor } from '../core/kibana/types';
import { FilesExistError, ImportTarget, importFromKibana, importSummary, listImportable, writeImport } from '../gitops/import';
import { PlanRequest as PreparedRequest, Prepared, preparePlan } from '../gitops/prepare';
import { readStatuses } from '../gitops/status';
import { findSyncConfig, resolveProject } from '../gitops/projectConfig';
import { pushPlan } from '../gitops/push';
import { KibanaClient } from '../kibana/client';
import { kibanaUrl, resolveKibanaConnection } from '../kibana/credentials';
import { holdSecret, redact, redactValues } from '../kibana/redact';
import { UnvouchedUrlError } from '../kibana/trust';
import { checkPaths } from '../node/checkPaths';
import {
  CheckConnectionRequest,
  FolderParams,
  ImportMonitorsRequest,
  ListKibanaMonitorsRequest,
  MonitorStatusRequest,
  PlanBlocker,
  PlanError,
  PlanMonitor,
  PlanRequest,
  PushFailure,
  PushRequest,
  UnconfirmedHostData,
} from '../protocol/messages';
import { Settings } from '../protocol/settings';
import { pathToUri, uriToPath } from './paths';
import { statusResult } from './statusResult';

/** The connection check gives up sooner than a plan: it only feeds the status bar. */
const CHECK_TIMEOUT_MS = 10_000;

export function registerKibanaRequests(connection: Connection, settingsFor: (uri: string) => Promise<Settings>): void {
  const pushing = new Set<string>();
  const folderOf = async (params: FolderParams) => {
    const folder = uriToPath(params.folderUri);
    if (!folder) throw new Error(`${params.folderUri} is not a folder on disk`);
    return { folder, settings: await settingsFor(params.folderUri) };
  };
  /** The folder read as the CLI reads its paths, with the target its settings name. */
  const requestOf = async (params: FolderParams): Promise<PreparedRequest & { folder: string }> => {
    const { folder, settings } = await folderOf(params);
    return {
      folder,
      paths: [folder],
      settings,
      cwd: folder,
      env: process.env,
      kibana: { space: settings['kibana.space'] || undefined, apiKey: params.apiKey || undefined },
      settingsUrl: settings['kibana.url'] || undefined,
      confirmedHosts: params.confirmedHosts,
      project: settings['kibana.project'] || undefined,
      onWarning: (warning) => connection.console.warn(`Kibana: ${warning}`),
    };
  };
  const prepare = async (params: FolderParams): Promise<Prepared & { folder: string }> => {
    const request = await requestOf(params);
    return { ...(await preparePlan(request)), folder: request.folder };
  };

  handle(connection, PlanRequest.type, async (params) => {
    const p = await prepare(params);
    try {
      return {
        text: renderPlanText(p.plan, p.locate, { colour: false, prune: true }),
        plan: JSON.parse(renderPlanJson(p.plan, p.locate)) as unknown,
        monitors: p.plan.items.map((item) => toMonitor(item, p)),
        errors: errorsOf(p),
        blockers: blockersOf(p),
      };
    } finally {
      await p.client.close();
    }
  });

  handle(connection, MonitorStatusRequest.type, async (params) => {
    const request = await requestOf(params);
    return statusResult(await readStatuses(request), request.folder);
  });

  handle(connection, PushRequest.type, async (params) => {
    if (pushing.has(params.folderUri)) throw new Error('A push of this folder is already running: wait for it to finish');
    pushing.add(params.folderUri);
    try {
      const p = await prepare(params);
      try {
        return await push(p, params);
      } finally {
        await p.client.close();
      }
    } finally {
      pushing.delete(params.folderUri);
    }
  });

  // Import: the folder's target, as for a plan; the files go where the user said, secrets never in plain text.
  const importTarget = async (params: FolderParams): Promise<ImportTarget & { folder: string }> => {
    const { folder, settings } = await folderOf(params);
    const syncConfig = findSyncConfig(await checkPaths({ paths: [folder], settings }, folder));
    const options = { project: settings['kibana.project'] || undefined, space: settings['kibana.space'] || undefined };
    const project = attempt(() => resolveProject(options, process.env, syncConfig));
    return {
      folder,
      env: process.env,
      syncConfig,
      kibana: { space: project?.space ?? options.space, apiKey: params.apiKey || undefined },
      settingsUrl: settings['kibana.url'] || undefined,
      confirmedHosts: params.confirmedHosts,
      project: project?.project,
      origin: 'all',
    };
  };

  handle(connection, ListKibanaMonitorsRequest.type, async (params) => {
    const listed = await listImportable(await importTarget(params));
    return {
      space: listed.space,
      project: listed.project,
      monitors: listed.monitors.map((m) => ({
        configId: String(m.config_id),
        name: String(m.name ?? ''),
        type: String(m.type ?? '?'),
        origin: m.origin === 'project' ? ('project' as const) : ('ui' as const),
        ...(typeof m.project_id === 'string' && m.project_id && { project: m.project_id }),
      })),
    };
  });

  handle(connection, ImportMonitorsRequest.type, async (params) => {
    if (!params.configIds.length) throw new Error('No monitor chosen: nothing imported');
    const { folder, ...target } = await importTarget(params);
    const result = await importFromKibana({ ...target, filter: { configIds: params.configIds }, format: params.format, includeSecrets: false, journeys: false });
    const out = path.resolve(folder, params.out);
    const shown = (file: string) => path.relative(folder, file) || '.';
    const written = await writeImport([{ dir: out, files: result.files }], false).catch((error: unknown) => {
      throw error instanceof FilesExistError ? new FilesExistError(error.existing, error.existing.map(shown), ' (the editor overwrites nothing)') : error;
    });
    return {
      uris: written.map(pathToUri),
      imported: result.monitors.length,
      parameters: result.monitors.flatMap((m) => [...m.placeholders.map((p) => p.param), ...m.omittedParams]),
      summary: importSummary(result, { out: shown(out), files: written.map(shown) }),
    };
  });

  handle(connection, CheckConnectionRequest.type, async (params) => {
    const { folder, settings } = await folderOf(params);
    let target = '';
    try {
      const syncConfig = findSyncConfig(await checkPaths({ paths: [folder], settings }, folder));
      const sources = {
        flags: { apiKey: params.apiKey || undefined },
        settingsUrl: settings['kibana.url'] || undefined,
        confirmedHosts: params.confirmedHosts,
        env: process.env,
        syncConfig,
      };
      const url = kibanaUrl(sources)?.url;
      const options = { project: settings['kibana.project'] || undefined, space: settings['kibana.space'] || undefined };
      // Without a project the target is still worth showing, with `?` in its place.
      const known = attempt(() => resolveProject(options, process.env, syncConfig));
      const project = known ?? resolveProject({ ...options, project: '?' }, process.env, syncConfig);
      if (url) target = `${hostOf(url)}/${project.space}/${project.project}`;
      const connectionSettings = resolveKibanaConnection({ ...sources, flags: { ...sources.flags, space: project.space } });
      if (!known) resolveProject(options, process.env, syncConfig); // throws, saying where a project id goes
      const client = new KibanaClient({ ...connectionSettings, userAgent: 'synthetics-gitops', retries: 0, timeoutMs: CHECK_TIMEOUT_MS });
      try {
        return { ok: true, version: await client.version(), target };
      } finally {
        await client.close();
      }
    } catch (error) {
      return { ok: false, target, message: safeMessage(error), ...(error instanceof UnvouchedUrlError ? { unconfirmedHost: error.origin } : {}) };
    }
  });
}

/** As the CLI's push: monitors with errors are not sent, and no delete is made while an input cannot be read. */
async function push(p: Prepared & { folder: string }, params: PushRequest.Params): Promise<PushRequest.Result> {
  const deletes = p.plan.items.filter((i) => i.action === 'delete' && !i.withheld).map((i) => i.id);
  if (params.prune && !sameSet(deletes, params.confirmedDeletes)) {
    throw new Error(
      `The plan changed: it now deletes ${list(deletes)}, but ${list(params.confirmedDeletes)} was confirmed. Nothing pushed: preview the plan and push again`,
    );
  }
  // Only confirmed ids, whatever else the plan holds (withheld ones are kept: pushPlan reports them, deleting none).
  const confirmed = new Set(params.confirmedDeletes);
  const plan = { ...p.plan, items: p.plan.items.filter((i) => i.action !== 'delete' || i.withheld || confirmed.has(i.id)) };
  const result = await pushPlan(plan, p.client, { prune: params.prune });
  return {
    created: result.created,
    updated: result.updated,
    deleted: result.deleted,
    failed: [
      ...result.notPushed.map((item): PushFailure => ({ id: item.id, ...placeOf(item, p), reason: 'Not pushed: it has errors in git.', details: item.errors!.map((e) => e.code).join(', ') })),
      ...result.failed.map(({ item, failure }): PushFailure => ({ id: item?.id ?? failure.id, ...placeOf(item, p), reason: failure.reason, details: failure.details })),
    ],
    deletesSkipped: result.deletesSkipped,
    // Whether or not this push prunes: the editor asked about no withheld delete, and says why.
    withheld: p.plan.items.filter((i) => i.withheld).map((i) => i.id),
    blockers: blockersOf(p),
  };
}

function toMonitor(item: PlanItem, p: Prepared & { folder: string }): PlanMonitor {
  return {
    id: item.id,
    action: item.action,
    name: item.name,
    type: item.type,
    ...placeOf(item, p),
    before: yamlOf(item.before),
    after: yamlOf(item.after),
    fields: item.changes.length,
    editedOutsideGit: item.editedOutsideGit,
    failures: item.failures.map((f) => ({ reason: f.reason, details: f.details })),
    errors: (item.errors ?? []).map((e) => ({ code: e.code, message: e.message, line: p.locate(item.file!, e.span).line - 1 })),
    ...(item.fix ? { fix: item.fix } : {}),
    withheld: !!item.withheld,
  };
}

function yamlOf(stored: StoredMonitor | undefined): string | undefined {
  // lineWidth 0: long values stay on one line, so a diff shows the value that changed.
  return stored ? stringify(comparable(stored), { lineWidth: 0 }) : undefined;
}

function placeOf(item: Pick<PlanItem, 'file' | 'span'> | undefined, p: Prepared & { folder: string }): { uri?: string; line?: number } {
  if (!item?.file || !item.span) return {};
  return { uri: pathToUri(path.resolve(p.folder, item.file)), line: p.locate(item.file, item.span).line - 1 };
}

/** What keeps monitors from a push, as the CLI reports it: our errors, and inline scripts that cannot be bundled. */
function errorsOf(p: Prepared & { folder: string }): PlanError[] {
  const errors: PlanError[] = [];
  for (const file of p.checked) {
    for (const f of file.findings) {
      if (f.severity === 'error') errors.push({ uri: pathToUri(file.file), line: file.lines.positionAt(f.span.start).line, code: f.code, message: f.message });
    }
  }
  for (const problem of p.desired.problems) {
    const place = placeOf(problem.monitor, p);
    errors.push({ uri: place.uri ?? '', line: place.line ?? 0, code: 'bundle-failed', message: `${problem.monitor.payload.id}: ${problem.message}` });
  }
  return errors;
}

/** What withholds every delete: inputs that cannot be read. */
function blockersOf(p: Prepared & { folder: string }): PlanBlocker[] {
  return p.plan.blockers.map((b) => ({ uri: pathToUri(path.resolve(p.folder, b.file)), line: p.locate(b.file, b.span).line - 1, reason: b.reason }));
}

/**
 * Registers a handler: malformed params are refused, failures reach the client as a ResponseError
 * with a safe message (and the host to confirm, when that is why), and replies are redacted.
 */
function handle<P extends FolderParams, R>(connection: Connection, type: RequestType<P, R, void>, run: (params: P) => Promise<R>): void {
  // By method name: the typed overloads cannot follow a generic R (`run` keeps the typing).
  connection.onRequest(type.method, async (params: P) => {
    const problem = folderParamsProblem(params);
    if (problem) return new ResponseError<void>(ErrorCodes.InvalidParams, `${type.method}: ${problem}`);
    holdSecret(params.apiKey);
    try {
      return redactValues(await run(params));
    } catch (error) {
      const data: UnconfirmedHostData | undefined = error instanceof UnvouchedUrlError ? { unconfirmedHost: error.origin } : undefined;
      return new ResponseError(LSPErrorCodes.RequestFailed, safeMessage(error), data);
    }
  });
}

/** What is wrong with the params' shape, if anything (a client may send anything). */
function folderParamsProblem(params: unknown): string | undefined {
  const p = (params ?? {}) as Record<string, unknown>;
  if (typeof p.folderUri !== 'string') return 'folderUri must be a string';
  if (p.apiKey !== undefined && typeof p.apiKey !== 'string') return 'apiKey must be a string';
  if (p.confirmedHosts !== undefined && !(Array.isArray(p.confirmedHosts) && p.confirmedHosts.every((h) => typeof h === 'string'))) return 'confirmedHosts must be a list of strings';
  return undefined;
}

/** The error's message, with the CLI's advice ("pass --kibana-url") turned into the editor's, and any credential masked. */
function safeMessage(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  if (message.startsWith('No Kibana URL')) {
    message = 'No Kibana URL: run "Synthetics GitOps: Select Kibana Target", set KIBANA_URL, or set kibana.url in the sync configuration';
  } else if (message.startsWith('no project id')) {
    message = 'No project id: run "Synthetics GitOps: Select Kibana Target", set SYNTHETICS_PROJECT, or set monitors.project_id in the sync configuration';
  } else if (message.startsWith('No Kibana credentials')) {
    message = 'No Kibana credentials: run "Synthetics GitOps: Set Kibana API Key", or set KIBANA_API_KEY (or KIBANA_USERNAME and KIBANA_PASSWORD)';
  } else if (error instanceof UnvouchedUrlError) {
    message =
      `Not sending your Kibana API key to ${error.origin}, which the workspace's ${error.source.startsWith('kibana.url') ? 'sync configuration' : 'settings'} name: ` +
      'confirm that host when Preview Kibana Diff or Push asks, or choose the URL yourself with "Synthetics GitOps: Select Kibana Target"';
  } else if (/^kibana\.auth\.\w+ of a sync configuration/.test(message)) {
    // The sync configuration names the Secret the cluster mounts (or a file): only the cluster's --from reads it.
    message = `${message.split(' ')[0]} of the sync configuration is read only in the cluster (--from): here, run "Synthetics GitOps: Set Kibana API Key"`;
  }
  return redact(message);
}

function attempt<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function sameSet(a: string[], b: string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((x) => right.has(x));
}

function list(ids: string[]): string {
  return ids.length ? ids.map((id) => `"${id}"`).join(', ') : 'nothing';
}
