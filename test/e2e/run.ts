// Runs the integration suite (index.ts, suite.ts) in a real VS Code: a fresh code-server on
// 127.0.0.1, opened in headless Chromium through playwright-core. code-server's workbench loads the
// extension from extensionDevelopmentPath and runs extensionTestsPath when the `payload` URL
// parameter asks it to (only with the smoke-test driver enabled), then calls
// window.codeAutomationExit(code). Needs `npm run build` and test/e2e/setup.sh first.
// The same suite runs in VS Code desktop through electron.ts, where it can be downloaded.
//
// What only the page can do (read what the workbench rendered, type into an input box) the suite asks for by logging a line `e2e:{"request":…,"id":…}`: this side does it and
// writes its answer to <E2E_PAGE_DIR>/<id>.json (pageRequests.ts). E2E_SCREENSHOT=<file.png> also
// keeps screenshots of the workbench and the Test Explorer when the suite asks for them.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import { BrowserContext } from 'playwright-core';
import { CodeServer, ROOT, checkPrerequisites, log, openBrowser, seconds, startCodeServer, tail, withTimeout } from './codeServer';
import { PAGE_REQUEST_PREFIX, answerPageRequest } from './pageRequests';
import { Workspace, prepareWorkspace } from './workspace';

const TESTS = path.join(__dirname, 'index.js');
const SCREENSHOT = process.env.E2E_SCREENSHOT ? path.resolve(process.env.E2E_SCREENSHOT) : undefined;
const RUN_TIMEOUT_MS = 5 * 60_000;

let tmp: string | undefined;
let server: CodeServer | undefined;
let workspace: Workspace | undefined;

async function main(): Promise<number> {
  checkPrerequisites([path.join(ROOT, 'dist', 'extension.js'), path.join(ROOT, 'dist', 'server.js'), TESTS]);
  const started = Date.now();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'synthetics-e2e-'));
  if (SCREENSHOT) fs.rmSync(SCREENSHOT, { force: true });
  const answers = path.join(tmp, 'page');
  fs.mkdirSync(answers);
  workspace = await prepareWorkspace(tmp);
  server = await startCodeServer(tmp, workspace.folder, { ...workspace.env, E2E_PAGE_DIR: answers }, { smokeTestDriver: true });
  log(`code-server up on port ${server.port} after ${seconds(started)}`);

  let browser: BrowserContext | undefined;
  try {
    const opened = await openBrowser(tmp);
    browser = opened.browser;
    const page = opened.page;
    let finish!: (code: number) => void;
    const exitCode = new Promise<number>((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const line = format(...(args ?? []));
      if (line.startsWith(PAGE_REQUEST_PREFIX)) void answerPageRequest(page, line, answers, SCREENSHOT);
      // Offline, the extension gallery lookups fail with long stack traces: harmless, left out.
      else if (!line.includes('ENOTFOUND open-vsx.org')) (type === 'error' ? console.error : console.log)(line);
    });
    await page.goto(
      server.url(workspace.folder, [
        ['extensionDevelopmentPath', server.remote(ROOT)],
        ['extensionTestsPath', server.remote(TESTS)],
      ]),
    );
    const code = await withTimeout(Promise.race([exitCode, server.gone]), RUN_TIMEOUT_MS, 'the in-editor tests did not finish');
    log(`tests exited with ${code} after ${seconds(started)}`);
    if (code !== 0) {
      log(`code-server log:\n${tail(server.log)}`);
      await page.screenshot({ path: path.join(os.tmpdir(), 'synthetics-e2e-failure.png') }).then(() => log(`screenshot: ${path.join(os.tmpdir(), 'synthetics-e2e-failure.png')}`), () => undefined);
    }
    return code;
  } catch (error) {
    log(`code-server log:\n${tail(server.log)}`);
    throw error;
  } finally {
    await browser?.close().catch(() => undefined);
  }
}

/** Stops code-server and everything it forked, the sandbox and the page, and removes the run's files. Safe to call twice. */
async function cleanUp(): Promise<void> {
  await server?.stop();
  server = undefined;
  await workspace?.close();
  workspace = undefined;
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 5 });
  tmp = undefined;
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
