// The editor's plan, push, import and connection check (protocol/messages.ts), through gitops/prepare,
// gitops/push and gitops/import as the CLI's. A plan reads the folder as the editor shows it (the
// workspace: open documents, saved or not, over the disk); a push refuses while a document of the
// folder is not saved, so what it sends is what git has, and reuses the desired state the preview
// prepared when nothing changed since. The API key arrives in the params and leaves in no reply:
// every reply passes through the redaction the CLI uses (kibana/redact.ts), and the key goes only to
// a host the user gave or confirmed (kibana/trust.ts).

import * as path from 'node:path';
import { Connection, ErrorCodes, LSPErrorCodes, RequestType, ResponseError } from 'vscode-languageserver/node';
import { stringify } from 'yaml';
import { PlanItem, comparable } from '../core/kibana/plan';
import { renderPlanJson, renderPlanText } from '../core/kibana/renderPlan';
import { StoredMonitor } from '../core/kibana/types';
import { FilesExistError, ImportTarget, importFromKibana, importSummary, listImportable, writeImport } from '../gitops/import';
import { Loaded, PlanRequest as PrepareRequest, Prepared, desiredOf, preparePlan } from '../gitops/prepare';
import { readStatuses } from '../gitops/status';
import { findSyncConfig, resolveProject } from '../gitops/projectConfig';
import { pushPlan } from '../gitops/push';
import { KibanaClient } from '../kibana/client';
import { MissingSettingError, UnreadSecretError, kibanaUrl, resolveKibanaConnection } from '../kibana/credentials';
import { holdSecret, redact, redactValues } from '../kibana/redact';
import { UnvouchedUrlError } from '../kibana/trust';
import { CheckedFile } from '../core';
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

/** A workspace folder's files as the language server holds them (server.ts). */
export interface FolderFiles {
  /**
   * Each file of the folder with its findings: its open documents as they are, every other file as
   * the disk holds it now. `unsaved`: the documents the editor holds unsaved (FolderParams.unsaved).
   */
  checked(folder: string, settings: Settings, unsaved?: string[]): Promise<CheckedFile[]>;
  /** Open documents of the folder whose text is not saved. */
  unsaved(folder: string, unsaved?: string[]): string[];
}

export function registerKibanaRequests(connection: Connection, settingsFor: (uri: string) => Promise<Settings>, files: FolderFiles): void {
  const pushing = new Set<string>();
  /** The desired state last prepared per folder, with what it was prepared from. */
  const lastLoaded = new Map<string, { from: string; apiKey?: string; loaded: Loaded }>();
  const folderOf = async (params: FolderParams) => {
    const folder = uriToPath(params.folderUri);
    if (!folder) throw new Error(`${params.folderUri} is not a folder on disk`);
    return { folder, settings: await settingsFor(params.folderUri) };
  };
  /** The folder's request, read as the CLI reads its paths, with the target its settings name. */
  const requestOf = async (params: FolderParams): Promise<PrepareRequest & { folder: string; settings: Settings }> => {
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
  /**
   * Plans the folder as the workspace holds it. The desired state (every file analysed, inline
   * scripts bundled, monitors normalised) is prepared once for what it comes from: each file as
   * recorded (its revision: an edit, a save that changed the disk, new settings), its errors, the
   * settings and the connection's inputs; a push after the preview reuses it.
   */
  const prepare = async (params: FolderParams): Promise<Prepared & { folder: string }> => {
    const request = await requestOf(params);
    const { folder, settings } = request;
    const checked = await files.checked(folder, settings, params.unsaved);
    const errors = (f: CheckedFile) => f.findings.filter((x) => x.severity === 'error').map((x) => `${x.code}@${x.span.start}`);
    const from = JSON.stringify([checked.map((f) => [f.file, f.revision, errors(f)]), settings, params.confirmedHosts ?? []]);
    const last = lastLoaded.get(params.folderUri);
    const current = last?.from === from && last.apiKey === params.apiKey;
    connection.console.info(current ? `Plan of ${folder}: the files are as last planned, their desired state is reused.` : `Plan of ${folder}: preparing the desired state of ${checked.length} file(s).`);
    const loaded = current ? last.loaded : await desiredOf(checked, request, folder);
    lastLoaded.set(params.folderUri, { from, apiKey: params.apiKey, loaded });
    return { ...(await preparePlan(request, loaded)), folder };
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
    const checked = await files.checked(request.folder, request.settings, params.unsaved);
    return statusResult(await readStatuses(request, await desiredOf(checked, { ...request, bundle: false }, request.folder)), request.folder);
  });

  handle(connection, PushRequest.type, async (params) => {
    if (pushing.has(params.folderUri)) throw new Error('A push of this folder is already running: wait for it to finish');
    pushing.add(params.folderUri);
    try {
      const { folder } = await folderOf(params);
      const unsaved = files.unsaved(folder, params.unsaved);
      if (unsaved.length) {
        throw new Error(
          `${unsaved.map((f) => path.relative(folder, f)).join(', ')} ${unsaved.length > 1 ? 'have' : 'has'} unsaved changes: save, then push (a push sends what is saved, so git and Kibana agree). Nothing pushed`,
        );
      }
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
    const syncConfig = findSyncConfig(await files.checked(folder, settings, params.unsaved));
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
      const syncConfig = findSyncConfig(await files.checked(folder, settings, params.unsaved));
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

/** What to do in the editor when the connection lacks a setting (the CLI's message names flags). */
const EDITOR_ADVICE: Record<MissingSettingError['setting'], string> = {
  url: 'No Kibana URL: run "Synthetics GitOps: Select Kibana Target", set KIBANA_URL, or set kibana.url in the sync configuration',
  project: 'No project id: run "Synthetics GitOps: Select Kibana Target", set SYNTHETICS_PROJECT, or set monitors.project_id in the sync configuration',
  credentials: 'No Kibana credentials: run "Synthetics GitOps: Set Kibana API Key", or set KIBANA_API_KEY (or KIBANA_USERNAME and KIBANA_PASSWORD)',
};

/** The error's message, with the CLI's advice ("pass --kibana-url") turned into the editor's, and any credential masked. */
function safeMessage(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  if (error instanceof MissingSettingError) {
    message = EDITOR_ADVICE[error.setting];
  } else if (error instanceof UnvouchedUrlError) {
    message =
      `Not sending your Kibana API key to ${error.origin}, which the workspace's ${error.source === 'kibana.url of the sync configuration' ? 'sync configuration' : 'settings'} name: ` +
      'confirm that host when Preview Kibana Diff or Push asks, or choose the URL yourself with "Synthetics GitOps: Select Kibana Target"';
  } else if (error instanceof UnreadSecretError) {
    // The sync configuration names the Secret the cluster mounts (or a file): only the cluster's --from reads it.
    message = `kibana.auth.${error.key} of the sync configuration is read only in the cluster (--from): here, run "Synthetics GitOps: Set Kibana API Key"`;
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
