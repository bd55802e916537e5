// Runs the in-editor tests (index.ts, suite.ts) in a real VS Code: a fresh code-server on 127.0.0.1,
// opened in headless Chromium through playwright-core. code-server's workbench loads the
// extension from extensionDevelopmentPath and runs extensionTestsPath when the `payload` URL
// parameter asks it to (only with the smoke-test driver enabled), then calls
// window.codeAutomationExit(code). Needs `npm run build` and test/e2e/setup.sh first.
// When the suite logs WORKBENCH_CHECK, this side reads what the workbench rendered (squiggles,
// Problems rows) and writes it to the file named by E2E_WORKBENCH_RESULT, for the suite to assert.
// E2E_SCREENSHOT=<file.png> also keeps a screenshot of that moment. When it logs STATUSBAR_CHECK, this
// side writes the status-bar items' texts and icons to E2E_STATUSBAR_RESULT.
// A Kibana sandbox runs in this process on 127.0.0.1: the workspace copy's settings point at it
// (E2E_SANDBOX_URL tells the suite where it is, to read what was pushed).
// A test page is served on 127.0.0.1 for the fixture's journeys (the setting
// syntheticsGitops.journeys.params gives them its URL). When the suite logs TESTING_CHECK, this side
// expands the Test Explorer, writes its rows to E2E_TESTING_RESULT and, with E2E_SCREENSHOT=<f>.png,
// keeps a screenshot as <f>-test-explorer.png.

import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import { BrowserContext, Page, chromium } from 'playwright-core';
import { Sandbox, startSandbox } from '../../server/src/sandbox/server';
import { PageServer, servePage } from '../helpers/journeyProject';

const ROOT = path.resolve(__dirname, '../../..');
const CACHE = path.join(ROOT, '.cache', 'e2e');
const NODE = path.join(CACHE, 'node24', 'bin', 'node');
const CODE_SERVER = path.join(CACHE, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const TESTS = path.join(__dirname, 'index.js');
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'e2e-workspace');
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = process.env.E2E_SCREENSHOT ? path.resolve(process.env.E2E_SCREENSHOT) : undefined;
/** The line the suite logs to ask for a look at the rendered workbench (see suite.ts). */
const WORKBENCH_CHECK = 'e2e:check-workbench';
/** The line the suite logs to ask for the status bar's items (see suite.ts). */
const STATUSBAR_CHECK = 'e2e:check-statusbar';
/** The line the suite logs to ask for the Test Explorer's rows (see suite.ts). */
const TESTING_CHECK = 'e2e:check-testing';
/** The Kibana project of the monitors the suite pushes to the sandbox. */
const KIBANA_PROJECT = 'e2e-gitops';
const START_TIMEOUT_MS = 60_000;
const RUN_TIMEOUT_MS = 5 * 60_000;

/** Settings of the fresh profile: no welcome page, chat panel, telemetry or update checks to take focus or time. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
};

const log = (message: string) => console.log(`[e2e] ${message}`);

let tmp: string | undefined;
let server: ChildProcess | undefined;
let sandbox: Sandbox | undefined;
let journeyPage: PageServer | undefined;

async function main(): Promise<number> {
  for (const needed of [NODE, CODE_SERVER, CHROMIUM, path.join(ROOT, 'dist', 'extension.js'), path.join(ROOT, 'dist', 'server.js'), TESTS]) {
    if (!fs.existsSync(needed)) throw new Error(`${needed} is missing: run \`npm run build\` and \`bash test/e2e/setup.sh\``);
  }
  const started = Date.now();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'synthetics-e2e-'));
  // A copy, because the tests edit files and write workspace settings.
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(FIXTURE, workspace, { recursive: true });
  fs.mkdirSync(path.join(tmp, 'user', 'User'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'user', 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  for (const dir of ['tmp', 'extensions', 'chromium']) fs.mkdirSync(path.join(tmp, dir));
  if (SCREENSHOT) fs.rmSync(SCREENSHOT, { force: true });
  const workbenchResult = path.join(tmp, 'workbench.json');
  const statusBarResult = path.join(tmp, 'statusbar.json');

  sandbox = await startSandbox();
  // The Kibana target, as "Select Kibana Target" writes it; the API key the suite sets through its command.
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  const kibanaSettings = { 'syntheticsGitops.kibana.url': sandbox.url, 'syntheticsGitops.kibana.space': 'default', 'syntheticsGitops.kibana.project': KIBANA_PROJECT };
  journeyPage = await servePage();
  const journeySettings = { 'syntheticsGitops.journeys.params': { url: journeyPage.url } };
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ ...kibanaSettings, ...journeySettings }, null, 2));
  const testingResult = path.join(tmp, 'testing.json');
  // The sandbox and the settings alone decide the target: none of the caller's Kibana variables.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(KIBANA_|SYNTHETICS_PROJECT$)/.test(name)));

  const port = await freePort();
  const serverLog = path.join(tmp, 'server.log');
  const out = fs.openSync(serverLog, 'w');
  // detached: its own session and process group (setsid), so the extension host and file
  // watchers it forks can all be killed together at the end.
  server = spawn(
    NODE,
    [
      CODE_SERVER,
      ...['--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check'],
      ...['--disable-workspace-trust', '--disable-getting-started-override', '--reconnection-grace-time', '5'],
      ...['--user-data-dir', path.join(tmp, 'user'), '--extensions-dir', path.join(tmp, 'extensions')],
      ...['--vscode-option', 'enable-smoke-test-driver'],
      workspace,
    ],
    {
      detached: true,
      stdio: ['ignore', out, out],
      // Without these, code-server writes its config, logs and sockets into the home and /tmp.
      env: {
        ...env,
        TMPDIR: path.join(tmp, 'tmp'),
        XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
        XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
        XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'),
        // Read by the suite in the extension host, which inherits this environment.
        E2E_WORKBENCH_RESULT: workbenchResult,
        E2E_STATUSBAR_RESULT: statusBarResult,
        E2E_TESTING_RESULT: testingResult,
        E2E_SANDBOX_URL: sandbox.url,
      },
    },
  );
  fs.closeSync(out);
  let exited = false;
  const serverGone = new Promise<never>((_, reject) =>
    server!.once('exit', (code, signal) => {
      exited = true;
      reject(new Error(`code-server exited (${signal ?? code})`));
    }),
  );
  serverGone.catch(() => undefined); // Awaited only while the tests run; exiting at clean-up is expected.

  let browser: BrowserContext | undefined;
  try {
    await waitForHealth(port, () => exited);
    log(`code-server up on port ${port} after ${seconds(started)}`);

    browser = await chromium.launchPersistentContext(path.join(tmp, 'chromium'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = browser.pages()[0] ?? (await browser.newPage());
    let finish!: (code: number) => void;
    const exitCode = new Promise<number>((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const line = format(...(args ?? []));
      if (line === WORKBENCH_CHECK) void inspectWorkbench(page, workbenchResult);
      else if (line === STATUSBAR_CHECK) void inspectStatusBar(page, statusBarResult);
      else if (line === TESTING_CHECK) void inspectTesting(page, testingResult);
      // Offline, the extension gallery lookups fail with long stack traces: harmless, left out.
      else if (!line.includes('ENOTFOUND open-vsx.org')) (type === 'error' ? console.error : console.log)(line);
    });

    const remote = (file: string) => `vscode-remote://127.0.0.1:${port}${file}`;
    const payload = [
      ['extensionDevelopmentPath', remote(ROOT)],
      ['extensionTestsPath', remote(TESTS)],
    ];
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const code = await withTimeout(Promise.race([exitCode, serverGone]), RUN_TIMEOUT_MS, 'the in-editor tests did not finish');
    log(`tests exited with ${code} after ${seconds(started)}`);
    if (code !== 0) log(`code-server log:\n${tail(serverLog)}`);
    return code;
  } catch (error) {
    log(`code-server log:\n${tail(serverLog)}`);
    throw error;
  } finally {
    await browser?.close().catch(() => undefined);
  }
}

/**
 * What a user sees: waits for error squiggles and Problems rows to render, then records them
 * (the suite asserts them) and, when asked, a screenshot.
 */
async function inspectWorkbench(page: Page, resultFile: string): Promise<void> {
  const rows = page.locator('.markers-panel .monaco-list-row');
  try {
    await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 20_000 });
    await rows.first().waitFor({ timeout: 20_000 });
  } catch {
    log('squiggles or Problems rows did not render in time');
  }
  if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT });
  const result = { squiggles: await page.locator('.monaco-editor .squiggly-error').count(), problems: await rows.allInnerTexts() };
  fs.writeFileSync(resultFile, JSON.stringify(result));
}

/** Each status-bar item as rendered: its text and the codicons in it (the suite polls, so no waiting here). */
async function inspectStatusBar(page: Page, resultFile: string): Promise<void> {
  const items = await page.locator('.statusbar-item').evaluateAll((elements) =>
    elements.map((e) => ({
      text: (e.textContent ?? '').trim(),
      icons: [...e.querySelectorAll('.codicon')].map((icon) => [...icon.classList].find((c) => c.startsWith('codicon-')) ?? ''),
    })),
  );
  // Written whole at once, so the suite never reads half a file.
  fs.writeFileSync(`${resultFile}.tmp`, JSON.stringify(items));
  fs.renameSync(`${resultFile}.tmp`, resultFile);
}

/** The Test Explorer's rows once expanded (the suite has focused the view), and its screenshot when asked. */
async function inspectTesting(page: Page, resultFile: string): Promise<void> {
  const rows = page.locator('.test-explorer .monaco-list-row');
  try {
    await rows.first().waitFor({ timeout: 20_000 });
    // Expand every collapsed item (each expansion may reveal more).
    for (let i = 0; i < 20; i++) {
      const collapsed = page.locator('.test-explorer .monaco-tl-twistie.collapsible.collapsed');
      if (!(await collapsed.count())) break;
      await collapsed.first().click();
      await page.waitForTimeout(100);
    }
  } catch {
    log('Test Explorer rows did not render in time');
  }
  if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT.replace(/(\.png)?$/, '-test-explorer.png') });
  const texts = await rows.evaluateAll((elements) =>
    elements.map((e) => ({ text: (e.textContent ?? '').trim(), label: e.getAttribute('aria-label') ?? '' })),
  );
  fs.writeFileSync(`${resultFile}.tmp`, JSON.stringify(texts));
  fs.renameSync(`${resultFile}.tmp`, resultFile);
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

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${message} within ${ms / 1000} s`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Stops code-server and everything it forked, and removes the run's files. Safe to call twice. */
async function cleanUp(): Promise<void> {
  const group = server?.pid;
  if (group && server?.exitCode === null && server.signalCode === null) {
    const gone = new Promise((resolve) => server!.once('exit', resolve));
    signalGroup(group, 'SIGTERM');
    await withTimeout(gone, 10_000, 'code-server did not stop').catch(() => undefined);
  }
  // Children that outlive the leader (file watchers) go too.
  if (group) signalGroup(group, 'SIGKILL');
  server = undefined;
  await sandbox?.close().catch(() => undefined);
  sandbox = undefined;
  await journeyPage?.close().catch(() => undefined);
  journeyPage = undefined;
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 5 });
  tmp = undefined;
}

function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
  } catch {
    // The group is already gone.
  }
}

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void cleanUp().finally(() => process.exit(130)));
}

main()
  .catch((error) => {
    console.error(`[e2e] ${error instanceof Error ? error.message : error}`);
    return 1;
  })
  .then(async (code) => {
    await cleanUp();
    process.exit(code);
  });
