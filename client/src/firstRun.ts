// What the walkthrough's first steps need: sample monitors for an empty folder, and the Kibana
// sandbox (`synthetics-gitops sandbox` of the shipped CLI, a child process of the extension host) on
// 127.0.0.1, with the folder's target pointed at it. The sandbox keeps its state in the extension's
// storage and stops with VS Code.

import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { Disposable, ExtensionContext, Uri, commands, window, workspace } from 'vscode';
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

/** How long the sandbox gets to say where it listens. */
const SANDBOX_START_MS = 20_000;

interface Sandbox {
  url: string;
  close(): Promise<void>;
}

/** Runs `dist/cli.js sandbox` on a free port; resolves once it prints where it listens, rejects with its output when it ends first. */
async function launchSandbox(context: ExtensionContext): Promise<Sandbox> {
  const args = [context.asAbsolutePath(path.join('dist', 'cli.js')), 'sandbox', '--port', '0', '--data', await sandboxFile(context)];
  // Under VS Code, execPath is Electron: ELECTRON_RUN_AS_NODE makes it plain Node.
  const child = spawn(process.execPath, args, { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill();
      reject(new Error(`${why}${output.trim() ? `: ${output.trim().slice(0, 500)}` : ''}`));
    };
    const timer = setTimeout(() => fail(`it did not start within ${SANDBOX_START_MS / 1000} s`), SANDBOX_START_MS);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (!found) return;
      clearTimeout(timer);
      child.removeListener('exit', onExit);
      resolve(found[1]);
    };
    const onExit = (code: number | null) => fail(`it ended (exit ${code})`);
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', onExit);
    child.once('error', (error) => fail(`it could not start: ${error.message}`));
  });
  return {
    url,
    close: async () => {
      // SIGTERM: the sandbox saves its state and ends (sandbox/command.ts).
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The sandbox's state file, in the workspace's storage (else the global one), so pushes survive a restart. */
async function sandboxFile(context: ExtensionContext): Promise<string> {
  const storage = context.storageUri ?? context.globalStorageUri;
  await workspace.fs.createDirectory(storage);
  return path.join(storage.fsPath, 'kibana-sandbox.json');
}
