// A fresh code-server on 127.0.0.1 and headless Debian Chromium opened on it: what both the
// in-editor test runner (run.ts) and the UI tests (ui.ts) drive. Everything the server writes (its
// profile, extensions, XDG folders, sockets) stays in the run's temporary folder; stop() kills the
// server's whole process group. Needs test/e2e/setup.sh first.

import { ChildProcess, execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { BrowserContext, Page, chromium } from 'playwright-core';

export const ROOT = path.resolve(__dirname, '../../..');
const CACHE = path.join(ROOT, '.cache', 'e2e');
const NODE = path.join(CACHE, 'node24', 'bin', 'node');
const CODE_SERVER = path.join(CACHE, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const CHROMIUM = '/usr/bin/chromium';
const START_TIMEOUT_MS = 60_000;

/**
 * Settings of the fresh profile: no welcome page, chat panel, telemetry or update checks to take focus
 * or time. With workspace trust on (`workspaceTrust`), the folder opens in Restricted Mode without
 * the modal "Do you trust the authors…?" (the startup prompt): trust is granted from the page.
 */
const USER_SETTINGS = {
  'security.workspace.trust.startupPrompt': 'never',
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  // Ports other processes of the machine open (other test runs) would be forwarded, with a toast.
  'remote.autoForwardPorts': false,
};

export const log = (message: string) => console.log(`[e2e] ${message}`);
export const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** Fails with what to run when code-server, Node 24, Chromium or a build output is missing. */
export function checkPrerequisites(files: string[]): void {
  for (const needed of [NODE, CODE_SERVER, CHROMIUM, ...files]) {
    if (!fs.existsSync(needed)) throw new Error(`${needed} is missing: run \`npm run build\` and \`bash test/e2e/setup.sh\``);
  }
}

export interface CodeServer {
  port: number;
  /** Its pid, which is also the process group of everything it forks (extension host, language servers). */
  pid: number;
  /** Its log file (stdout and stderr). */
  log: string;
  /** Rejects when the server exits before stop(). */
  gone: Promise<never>;
  /** The workbench URL of `folder`, with a smoke-test `payload` when given. */
  url(folder: string, payload?: [string, string][]): string;
  /** `vscode-remote:` URI of a local path, as the payload names files. */
  remote(file: string): string;
  stop(): Promise<void>;
}

/** The profile, extension and XDG folders of a run under `tmp`, and the variables that keep code-server in them. */
function profile(tmp: string): { args: string[]; env: NodeJS.ProcessEnv } {
  fs.mkdirSync(path.join(tmp, 'user', 'User'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'user', 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  for (const dir of ['tmp', 'extensions']) fs.mkdirSync(path.join(tmp, dir), { recursive: true });
  return {
    args: ['--user-data-dir', path.join(tmp, 'user'), '--extensions-dir', path.join(tmp, 'extensions')],
    // Without these, code-server writes its config, logs and sockets into the home and /tmp.
    env: {
      TMPDIR: path.join(tmp, 'tmp'),
      XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
      XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
      XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'),
    },
  };
}

/** Installs a .vsix into the run's extensions folder, as a user would with `code-server --install-extension`. */
export async function installExtension(tmp: string, vsix: string): Promise<void> {
  const { args, env } = profile(tmp);
  const { stdout } = await promisify(execFile)(NODE, [CODE_SERVER, ...args, '--install-extension', vsix], { env: { ...process.env, ...env } });
  if (!/successfully installed/.test(stdout)) throw new Error(`installing ${vsix} failed:\n${stdout}`);
}

export interface CodeServerOptions {
  /** Honours the workbench URL's `payload` (the integration suite). */
  smokeTestDriver?: boolean;
  /** VS Code's workspace trust stays on: the folder, never trusted in a fresh profile, opens in Restricted Mode. */
  workspaceTrust?: boolean;
}

/**
 * Starts code-server on a free loopback port, opening `workspace`, with the environment `env` added
 * (the extension host inherits it). Workspace trust is off unless `options.workspaceTrust`.
 */
export async function startCodeServer(tmp: string, workspace: string, env: NodeJS.ProcessEnv, options: CodeServerOptions = {}): Promise<CodeServer> {
  const dirs = profile(tmp);
  const port = await freePort();
  const serverLog = path.join(tmp, 'server.log');
  const out = fs.openSync(serverLog, 'w');
  // detached: its own session and process group (setsid), so the extension host and file
  // watchers it forks can all be killed together at the end.
  const server: ChildProcess = spawn(
    NODE,
    [
      CODE_SERVER,
      ...['--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check'],
      ...['--disable-getting-started-override', '--reconnection-grace-time', '5'],
      ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      ...dirs.args,
      ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
      workspace,
    ],
    { detached: true, stdio: ['ignore', out, out], env: { ...env, ...dirs.env } },
  );
  fs.closeSync(out);
  let exited = false;
  const gone = new Promise<never>((_, reject) =>
    server.once('exit', (code, signal) => {
      exited = true;
      reject(new Error(`code-server exited (${signal ?? code})`));
    }),
  );
  gone.catch(() => undefined); // Awaited only while tests run; exiting at clean-up is expected.
  const stop = async () => {
    const group = server.pid;
    if (!group) return;
    if (server.exitCode === null && server.signalCode === null) {
      const exit = new Promise((resolve) => server.once('exit', resolve));
      signalGroup(group, 'SIGTERM');
      await withTimeout(exit, 10_000, 'code-server did not stop').catch(() => undefined);
    }
    // Children that outlive the leader (file watchers) go too.
    signalGroup(group, 'SIGKILL');
  };
  try {
    await waitForHealth(port, () => exited);
  } catch (error) {
    log(`code-server log:\n${tail(serverLog)}`);
    await stop();
    throw error;
  }
  const remote = (file: string) => `vscode-remote://127.0.0.1:${port}${file}`;
  return {
    port,
    pid: server.pid!,
    log: serverLog,
    gone,
    remote,
    url: (folder, payload) =>
      `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}${payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`,
    stop,
  };
}

/** Headless Chromium with a fresh profile under `tmp`, and its page. */
export async function openBrowser(tmp: string): Promise<{ browser: BrowserContext; page: Page }> {
  const browser = await chromium.launchPersistentContext(path.join(tmp, 'chromium'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return { browser, page: browser.pages()[0] ?? (await browser.newPage()) };
}

async function waitForHealth(port: number, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited()) throw new Error('code-server exited during start-up');
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer /healthz within ${START_TIMEOUT_MS / 1000} s`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${message} within ${ms / 1000} s`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
  } catch {
    // The group is already gone.
  }
}

export function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
