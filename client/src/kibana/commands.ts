// The Kibana commands: Preview Kibana Diff, Push Monitors to Kibana, Import Monitors from Kibana…,
// Set Kibana API Key and Select Kibana Target, plus the diff documents, the monitor lenses and the
// status item they share.
// Each command takes an optional argument (what a lens, a script or a test passes) in place of asking.

import { Disposable, ExtensionContext, LogOutputChannel, ProgressLocation, QuickPickItem, QuickPickItemKind, Uri, WorkspaceFolder, commands, window, workspace } from 'vscode';
import type { ImportMonitorsRequest, KibanaMonitorSummary, ListKibanaMonitorsRequest, PlanRequest, PushRequest } from '../../../server/src/protocol/messages';
import { Server } from '../client';
import { whenTrusted } from '../trust';
import { MonitorAt, MonitorLenses, registerMonitorLenses } from './codeLens';
import { PlanDocuments, openDiff, registerPlanDocuments, showSummary } from './diffView';
import { blockerText, deleteConfirmation, deletesOf, failureLine, findMonitor, hasChanges, pushSummary, refusal } from './present';
import { KibanaSession } from './session';
import { registerMonitorStatus } from './statusCommands';
import { createKibanaStatus } from './statusBar';
import { KibanaTarget, selectTarget } from './target';

export const KIBANA_COMMANDS = {
  preview: 'syntheticsGitops.previewKibanaDiff',
  push: 'syntheticsGitops.pushToKibana',
  import: 'syntheticsGitops.importFromKibana',
  setApiKey: 'syntheticsGitops.setKibanaApiKey',
  selectTarget: 'syntheticsGitops.selectKibanaTarget',
} as const;

/** Preview's argument: a folder, and a monitor (by id, or by place as the lens gives it) whose diff opens at once. */
/** Set once a preview got a plan from Kibana, and once a push reached it: the walkthrough's steps complete on them. */
export const PREVIEWED_CONTEXT = 'syntheticsGitops.previewed';
export const PUSHED_CONTEXT = 'syntheticsGitops.pushed';

export type PreviewArgs = { folderUri?: string; monitorId?: string } | MonitorAt;

/** Import's argument: what the pickers would ask (`configIds: 'all'` takes every monitor listed). */
export interface ImportArgs {
  folderUri?: string;
  configIds?: string[] | 'all';
  out?: string;
  format?: 'configmap' | 'heartbeat';
}

/** Push's argument: `save` and `deletes` answer the modals (save the unsaved files first; confirm the deletes). */
export interface PushArgs {
  folderUri?: string;
  save?: 'save' | 'cancel';
  deletes?: 'delete' | 'keep';
}

interface Context {
  session: KibanaSession;
  documents: PlanDocuments;
  output: LogOutputChannel;
}

export function registerKibana(context: ExtensionContext, server: Server): Disposable[] {
  const session = new KibanaSession(server, context.secrets, context.globalState);
  const documents = new PlanDocuments();
  const lenses = new MonitorLenses(session, KIBANA_COMMANDS.preview);
  const ctx: Context = { session, documents, output: server.output };
  return [
    session,
    registerPlanDocuments(documents),
    registerMonitorLenses(lenses),
    session.onDidCheck(() => lenses.refresh()),
    createKibanaStatus(session, KIBANA_COMMANDS),
    ...registerMonitorStatus(session),
    commands.registerCommand(KIBANA_COMMANDS.preview, (arg?: PreviewArgs) => preview(ctx, objectOr(arg))),
    commands.registerCommand(KIBANA_COMMANDS.push, (arg?: PushArgs) => push(ctx, objectOr(arg))),
    commands.registerCommand(KIBANA_COMMANDS.import, (arg?: ImportArgs) => importMonitors(ctx, objectOr(arg))),
    commands.registerCommand(KIBANA_COMMANDS.setApiKey, (key?: string) => setApiKey(session, typeof key === 'string' ? key : undefined)),
    commands.registerCommand(KIBANA_COMMANDS.selectTarget, async (arg?: Partial<KibanaTarget> & { folderUri?: string }) => {
      const given = objectOr(arg);
      const folder = await folderOrSay(ctx, given.folderUri);
      const isTarget = ['url', 'space', 'project'].some((key) => key in given);
      return folder && selectTarget(folder, isTarget ? given : undefined, (url) => session.confirmHost(url));
    }),
  ];
}

async function preview(ctx: Context, args: Partial<{ folderUri: string; monitorId: string } & MonitorAt>): Promise<PlanRequest.Result | undefined> {
  if (!(await whenTrusted('Preview Kibana Diff'))) return undefined;
  const folder = await folderOrSay(ctx, args.uri ?? args.folderUri);
  const result = folder && (await plan(ctx, folder, 'planning against Kibana…'));
  if (!folder || !result) return undefined;
  void commands.executeCommand('setContext', PREVIEWED_CONTEXT, true);
  const wanted = args.uri !== undefined ? { uri: args.uri, line: args.line ?? 0, endLine: args.endLine ?? args.line ?? 0 } : args.monitorId !== undefined ? { id: args.monitorId } : undefined;
  if (wanted) {
    const monitor = findMonitor(result.monitors, wanted, (a, b) => Uri.parse(a).toString() === Uri.parse(b).toString());
    if (!monitor) say(ctx, 'info', 'this monitor is not in the Kibana plan: a standalone Heartbeat reads it.');
    else if (monitor.action === 'invalid') say(ctx, 'error', `${monitor.id || monitor.name || 'this monitor'} is not pushed: ${refusal(monitor)}`);
    else await openDiff(folder, monitor);
  } else if (!hasChanges(result.monitors)) {
    say(ctx, 'info', `no changes: Kibana matches git${result.errors.length ? `, but ${result.errors.length} validation error(s) keep the monitors they are in from a push` : ''}.`);
  } else {
    showSummary(folder, result, ctx.session.lastCheck(folder)?.target ?? '');
  }
  return result;
}

async function push(ctx: Context, args: PushArgs): Promise<PushRequest.Result | undefined> {
  if (!(await whenTrusted('Push Monitors to Kibana'))) return undefined;
  const folder = await folderOrSay(ctx, args.folderUri);
  if (!folder || !(await saveFirst(ctx, folder, args.save))) return undefined;
  const result = await plan(ctx, folder, 'planning the push…');
  if (!result) return undefined;
  // Monitors with errors are not pushed, the others are; while an input cannot be read, nothing is deleted.
  if (!hasChanges(result.monitors)) {
    say(ctx, 'info', 'nothing to push: Kibana matches git.');
    return { created: [], updated: [], deleted: [], failed: [], deletesSkipped: false, withheld: [], blockers: result.blockers };
  }
  const target = ctx.session.lastCheck(folder)?.target ?? '';
  if (result.blockers.length) ctx.output.warn(`Deletes withheld while ${blockerText(result.blockers, display)} cannot be read: fix it, then push again.`);
  const deletes = deletesOf(result.monitors);
  let prune = false;
  if (deletes.length) {
    const text = deleteConfirmation(deletes, target);
    const answer = args.deletes ?? (await confirmDeletes(text));
    if (!answer) return undefined;
    prune = answer === 'delete';
  }
  let pushed: PushRequest.Result;
  try {
    pushed = await window.withProgress({ location: ProgressLocation.Notification, title: `Synthetics GitOps: pushing to Kibana ${target}…` }, () =>
      ctx.session.push(folder, prune, prune ? deletes.map((m) => m.id) : []),
    );
  } catch (error) {
    say(ctx, 'error', `push failed: ${messageOf(error)}`);
    return undefined;
  }
  void commands.executeCommand('setContext', PUSHED_CONTEXT, true);
  const summary = pushSummary(pushed, display);
  ctx.output.info(`${folder.name}: ${summary}`);
  for (const failure of pushed.failed) ctx.output.error(failureLine(failure, display));
  if (pushed.failed.length) {
    const [first] = pushed.failed;
    say(ctx, 'error', `${summary} First refused: ${first.id ?? 'a monitor'}: ${first.reason}. Every failure is in the output, at its file and line.`);
  } else if (pushed.withheld.length) say(ctx, 'error', summary);
  else say(ctx, 'info', summary);
  return pushed;
}

/**
 * Asks which of the target's monitors to import (its project's preselected, UI-made ones to adopt
 * beside them), the layout and the folder; writes the files there and opens them. Secrets become
 * placeholders: the output lists the Kibana global parameters to create.
 */
async function importMonitors(ctx: Context, args: ImportArgs): Promise<ImportMonitorsRequest.Result | undefined> {
  if (!(await whenTrusted('Import Monitors from Kibana'))) return undefined;
  const folder = await folderOrSay(ctx, args.folderUri);
  if (!folder) return undefined;
  let configIds = Array.isArray(args.configIds) ? args.configIds : undefined;
  if (!configIds) {
    let listed: ListKibanaMonitorsRequest.Result;
    try {
      listed = await window.withProgress({ location: ProgressLocation.Notification, title: 'Synthetics GitOps: listing the monitors in Kibana…' }, () => ctx.session.listMonitors(folder));
    } catch (error) {
      say(ctx, 'error', messageOf(error));
      return undefined;
    }
    if (!listed.monitors.length) {
      say(ctx, 'info', `Kibana holds no monitor to import in space "${listed.space}"${listed.project ? ` (project "${listed.project}" or made in the UI)` : ''}.`);
      return undefined;
    }
    configIds = args.configIds === 'all' ? listed.monitors.map((m) => m.configId) : await pickMonitors(listed);
  }
  if (!configIds?.length) return undefined;
  const format = args.format ?? (await pickFormat());
  const out = args.out ?? (await window.showInputBox({ title: 'Import Monitors from Kibana', prompt: `Folder to write the files into, in ${folder.name} (nothing is overwritten)`, value: 'imported-monitors', validateInput: (v) => (v.trim() ? undefined : 'Name a folder') }));
  if (!format || !out) return undefined;
  let result: ImportMonitorsRequest.Result;
  try {
    result = await window.withProgress({ location: ProgressLocation.Notification, title: `Synthetics GitOps: importing ${configIds.length} monitor(s)…` }, () =>
      ctx.session.importMonitors(folder, { configIds, out: out.trim(), format }),
    );
  } catch (error) {
    say(ctx, 'error', `import failed: ${messageOf(error)}`);
    return undefined;
  }
  ctx.output.info(`${folder.name}: ${result.summary.trimEnd()}`);
  for (const uri of result.uris) await window.showTextDocument(Uri.parse(uri), { preview: false, preserveFocus: uri !== result.uris[0] });
  const parameters = result.parameters.length ? `; create ${result.parameters.length} Kibana global parameter(s) for its secrets (listed in the output)` : '';
  say(ctx, 'info', `imported ${result.imported} monitor(s) into ${out.trim()}${parameters}. Validate and preview them before pushing.`);
  return result;
}

async function pickMonitors(listed: ListKibanaMonitorsRequest.Result): Promise<string[] | undefined> {
  type Item = QuickPickItem & { configId?: string };
  const group = (label: string, monitors: KibanaMonitorSummary[], picked: boolean): Item[] =>
    monitors.length
      ? [{ label, kind: QuickPickItemKind.Separator }, ...monitors.map((m) => ({ label: m.name, description: `${m.type}${m.project ? ` · project ${m.project}` : ''}`, configId: m.configId, picked }))]
      : [];
  const items = [
    ...group(listed.project ? `Project ${listed.project}` : 'Project monitors', listed.monitors.filter((m) => m.origin === 'project'), true),
    ...group('Made in the UI: pushed, they become project monitors (push --adopt replaces the originals)', listed.monitors.filter((m) => m.origin === 'ui'), false),
  ];
  const chosen = await window.showQuickPick(items, { title: 'Import Monitors from Kibana', placeHolder: 'The monitors to write as files', canPickMany: true, ignoreFocusOut: true });
  return chosen?.flatMap((item) => (item.configId ? [item.configId] : []));
}

async function pickFormat(): Promise<'configmap' | 'heartbeat' | undefined> {
  const items = [
    { label: 'ConfigMaps', description: 'one per type, with a kustomization', format: 'configmap' as const },
    { label: 'heartbeat.monitors YAML and browser JSON', description: 'lightweight/<type>.yml, browser-journeys/<id>.json', format: 'heartbeat' as const },
  ];
  return (await window.showQuickPick(items, { title: 'Import Monitors from Kibana', placeHolder: 'Write them as', ignoreFocusOut: true }))?.format;
}

/** The modal naming each monitor to delete; undefined when dismissed (nothing is pushed then). */
async function confirmDeletes(text: ReturnType<typeof deleteConfirmation>): Promise<'delete' | 'keep' | undefined> {
  const choice = await window.showWarningMessage(text.message, { modal: true, detail: text.detail }, text.deleteLabel, text.keepLabel);
  return choice === text.deleteLabel ? 'delete' : choice === text.keepLabel ? 'keep' : undefined;
}

async function setApiKey(session: KibanaSession, given: string | undefined): Promise<boolean> {
  const key =
    given ??
    (await window.showInputBox({
      title: 'Set Kibana API Key',
      prompt: "A Kibana API key with the Synthetics privileges; kept in VS Code's secret storage, never in settings. Empty removes it.",
      password: true,
      ignoreFocusOut: true,
    }));
  if (key === undefined) return false;
  await session.setApiKey(key);
  void window.showInformationMessage(key.trim() ? "Synthetics GitOps: the Kibana API key is saved in VS Code's secret storage." : 'Synthetics GitOps: the Kibana API key is removed.');
  return true;
}

/**
 * A push sends what is saved, so that git and Kibana agree: unsaved files of the folder are saved
 * first, once the user says so (`answer` says it instead of the modal). False when they are not.
 */
async function saveFirst(ctx: Context, folder: WorkspaceFolder, answer: PushArgs['save']): Promise<boolean> {
  const unsaved = unsavedIn(folder);
  if (!unsaved.length) return true;
  const saveAll = 'Save All';
  const names = unsaved.map((d) => workspace.asRelativePath(d.uri, false));
  const choice =
    answer ??
    ((await window.showWarningMessage(
      `Save ${unsaved.length} unsaved file(s) of ${folder.name} before pushing?`,
      { modal: true, detail: `A push sends what is saved, so that git and Kibana agree:\n${names.join('\n')}` },
      saveAll,
    )) === saveAll
      ? 'save'
      : 'cancel');
  if (choice !== 'save') return false;
  const saved = await Promise.all(unsaved.map((d) => d.save()));
  const failed = names.filter((_, i) => !saved[i]);
  if (failed.length) say(ctx, 'error', `nothing pushed: ${failed.join(', ')} could not be saved.`);
  return !failed.length;
}

function unsavedIn(folder: WorkspaceFolder) {
  return workspace.textDocuments.filter((d) => d.isDirty && workspace.getWorkspaceFolder(d.uri)?.uri.toString() === folder.uri.toString());
}

/** Plans with a progress notification, logging the plan; failures are shown, not thrown. */
async function plan(ctx: Context, folder: WorkspaceFolder, title: string): Promise<PlanRequest.Result | undefined> {
  const unsaved = unsavedIn(folder);
  if (unsaved.length) ctx.output.info(`${unsaved.length} unsaved file(s) in ${folder.name}: planned as the editor shows them (a push saves them first).`);
  try {
    const result = await window.withProgress({ location: ProgressLocation.Notification, title: `Synthetics GitOps: ${title}` }, () => ctx.session.plan(folder));
    ctx.output.info(`Kibana plan of ${folder.name}:\n${result.text.trimEnd()}`);
    for (const e of result.errors) ctx.output.error(`${display(e.uri)}:${e.line + 1}: error ${e.code}: ${e.message}`);
    ctx.documents.update(folder, result.monitors);
    return result;
  } catch (error) {
    say(ctx, 'error', messageOf(error));
    return undefined;
  }
}

async function folderOrSay(ctx: Context, uri: string | undefined): Promise<WorkspaceFolder | undefined> {
  const folder = await ctx.session.folder(uri ? Uri.parse(uri) : undefined);
  if (!folder) say(ctx, 'error', 'open the folder that holds the monitors first.');
  return folder;
}

/** A notification that does not hold the command up, with a way to the output. */
function say(ctx: Context, level: 'info' | 'error', message: string): void {
  const text = `Synthetics GitOps: ${message}`;
  if (level === 'error') ctx.output.error(message);
  const shown = level === 'error' ? window.showErrorMessage(text, 'Show Output') : window.showInformationMessage(text, 'Show Output');
  void shown.then((choice) => choice && ctx.output.show());
}

function display(uri: string): string {
  const parsed = Uri.parse(uri);
  return parsed.scheme === 'file' ? parsed.fsPath : uri;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Commands run from the palette get no argument; from a menu, a Uri: only plain objects are arguments. */
function objectOr<T extends object>(arg: T | undefined): Partial<T> {
  return arg && typeof arg === 'object' && !(arg instanceof Uri) ? arg : {};
}
