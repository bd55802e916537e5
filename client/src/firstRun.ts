// What the walkthrough's first steps need: sample monitors for an empty folder, and the Kibana
// sandbox (server/src/sandbox) started in the extension host on 127.0.0.1, with the folder's
// target pointed at it. The sandbox keeps its state in the extension's storage and stops with VS Code.

import * as path from 'node:path';
import { Disposable, ExtensionContext, Uri, commands, window, workspace } from 'vscode';
import type { Sandbox } from '../../server/src/sandbox/server';
import { API_KEY_SECRET } from './kibana/session';
import { selectTarget } from './kibana/target';

export const FIRST_RUN_COMMANDS = {
  createSample: 'syntheticsGitops.createSampleMonitors',
  startSandbox: 'syntheticsGitops.startSandbox',
  stopSandbox: 'syntheticsGitops.stopSandbox',
} as const;

/** Where Create Sample Monitors writes, relative to the folder. */
export const SAMPLE_PATH = 'k8s/sample-monitors.yaml';
/** True while the sandbox started here runs (menus' `when`, the walkthrough's completion). */
const SANDBOX_CONTEXT = 'syntheticsGitops.sandboxRunning';
/** Any key will do for the sandbox; saved only when none is set, so a real one is never replaced. */
const SANDBOX_API_KEY = 'sandbox:sandbox';

export function registerFirstRun(context: ExtensionContext): Disposable[] {
  /** The sandbox started here, kept as a promise so that two quick clicks start one. */
  let sandbox: Promise<Sandbox> | undefined;
  const stop = async () => {
    const running = sandbox;
    sandbox = undefined;
    // A sandbox that failed to start has nothing to close.
    await running?.then((s) => s.close(), () => undefined);
    await commands.executeCommand('setContext', SANDBOX_CONTEXT, false);
  };
  return [
    commands.registerCommand(FIRST_RUN_COMMANDS.createSample, () => createSample(context)),
    commands.registerCommand(FIRST_RUN_COMMANDS.startSandbox, async () => {
      const folder = await pickFolder();
      if (!folder) return undefined;
      const starting = (sandbox ??= launchSandbox(context));
      let running: Sandbox;
      try {
        running = await starting;
      } catch (error) {
        if (sandbox === starting) sandbox = undefined;
        void window.showErrorMessage(`Synthetics GitOps: the Kibana sandbox cannot start: ${(error as Error).message}. Or run \`synthetics-gitops sandbox\` in a terminal and use Select Kibana Target.`);
        return undefined;
      }
      // Stopped while it started: nothing to point the folder at.
      if (sandbox !== starting) return undefined;
      await commands.executeCommand('setContext', SANDBOX_CONTEXT, true);
      const project = workspace.getConfiguration('syntheticsGitops', folder.uri).get<string>('kibana.project') ?? '';
      await selectTarget(folder, { url: running.url, space: 'default', project });
      if (!(await context.secrets.get(API_KEY_SECRET))) await context.secrets.store(API_KEY_SECRET, SANDBOX_API_KEY);
      void window.showInformationMessage(
        `Synthetics GitOps: the Kibana sandbox runs on ${running.url}, and ${folder.name} now pushes there. Preview Kibana Diff next; Select Kibana Target points it elsewhere.`,
      );
      return running.url;
    }),
    commands.registerCommand(FIRST_RUN_COMMANDS.stopSandbox, stop),
    { dispose: () => void stop() },
  ];
}

/** Writes the sample ConfigMaps into the folder (never over a file) and opens them. */
async function createSample(context: ExtensionContext): Promise<Uri | undefined> {
  const folder = await pickFolder();
  if (!folder) return undefined;
  const target = Uri.joinPath(folder.uri, SAMPLE_PATH);
  const exists = await workspace.fs.stat(target).then(
    () => true,
    () => false,
  );
  if (!exists) {
    const sample = await workspace.fs.readFile(Uri.file(context.asAbsolutePath(path.join('media', 'walkthrough', 'sample-monitors.yaml'))));
    await workspace.fs.writeFile(target, sample);
  }
  await window.showTextDocument(target);
  if (exists) void window.showInformationMessage(`Synthetics GitOps: ${SAMPLE_PATH} exists already: opened, not overwritten.`);
  return target;
}

async function pickFolder() {
  const folders = workspace.workspaceFolders ?? [];
  if (!folders.length) {
    const choice = await window.showWarningMessage('Synthetics GitOps: open a folder first (the monitors live in it).', 'Open Folder');
    if (choice) await commands.executeCommand('workbench.action.files.openFolder');
    return undefined;
  }
  return folders.length === 1 ? folders[0] : window.showWorkspaceFolderPick({ placeHolder: 'Which folder?' });
}

/** Starts the sandbox, loading its modules only now: activation does not evaluate them. */
async function launchSandbox(context: ExtensionContext): Promise<Sandbox> {
  const { startSandbox } = await import('../../server/src/sandbox/server.js');
  return startSandbox({ port: 0, dataFile: await sandboxFile(context) });
}

/** The sandbox's state file, in the workspace's storage (else the global one), so pushes survive a restart. */
async function sandboxFile(context: ExtensionContext): Promise<string> {
  const storage = context.storageUri ?? context.globalStorageUri;
  await workspace.fs.createDirectory(storage);
  return path.join(storage.fsPath, 'kibana-sandbox.json');
}
