// UI tests: the packaged extension (.vsix of `npm run package`) installed into code-server, used in
// headless Chromium as a user would: keyboard, command palette, CodeLens clicks, a modal answered,
// and what the workbench renders. No test hook inside the editor: only the page. Journeys run with
// the workspace project's own @elastic/synthetics (workspace.ts links it), as the .vsix has none. Each test saves its screenshot to docs/ (E2E_SHOTS=<dir>
// elsewhere); on failure, the screenshot is kept as <name>-failed.png and the code-server log printed.
// Needs `npm run build` and test/e2e/setup.sh first; run by `npm run test:ui`.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { BrowserContext, Page } from 'playwright-core';
import { CodeServer, ROOT, checkPrerequisites, installExtension, log, openBrowser, seconds, startCodeServer, tail } from './codeServer';
import { answerDialog, answerInputBox, cursorAt, editorLines, goToLineEnd, problemRows, quickOpen, runFromPalette, testExplorerRows } from './workbench';
import { Workspace, prepareWorkspace } from './workspace';

const SHOTS = path.resolve(process.env.E2E_SHOTS ?? path.join(ROOT, 'docs'));
const WAIT_MS = 30_000;

/** The real .vsix, as `npm run package` builds it (production bundles, no node_modules). */
async function packageExtension(out: string): Promise<void> {
  await promisify(execFile)('npm', ['run', '--silent', 'package', '--', '--out', out], { cwd: ROOT });
}

/** Which editor line each rendered error squiggle is on, from where the line numbers are drawn. */
async function squiggleLines(page: Page): Promise<number[]> {
  const editor = page.locator('.editor-group-container .monaco-editor').first();
  const numbers = await editor.locator('.margin-view-overlays .line-numbers').evaluateAll((elements) =>
    elements.map((e) => ({ line: Number(e.textContent), top: e.getBoundingClientRect().top, bottom: e.getBoundingClientRect().bottom })),
  );
  const squiggles = await editor.locator('.squiggly-error').evaluateAll((elements) => elements.map((e) => (e.getBoundingClientRect().top + e.getBoundingClientRect().bottom) / 2));
  return [...new Set(squiggles.map((y) => numbers.find((n) => y >= n.top && y < n.bottom)?.line ?? -1))].sort((a, b) => a - b);
}

/** Polls `check` until it holds or the deadline passes (rethrowing its last failure). */
async function eventually<T>(check: () => Promise<T>, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

describe('The packaged extension in code-server, used through Chromium', function () {
  // A cold workbench on a 2-core machine; every wait below has its own deadline.
  this.timeout(120_000);
  let tmp: string;
  let workspace: Workspace;
  let server: CodeServer;
  let browser: BrowserContext;
  let page: Page;

  before(async () => {
    const started = Date.now();
    checkPrerequisites([path.join(ROOT, 'dist', 'extension.js'), path.join(ROOT, 'dist', 'server.js')]);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'synthetics-ui-'));
    const vsix = path.join(tmp, 'synthetics-gitops.vsix');
    await packageExtension(vsix);
    await installExtension(tmp, vsix);
    workspace = await prepareWorkspace(tmp);
    server = await startCodeServer(tmp, workspace.folder, workspace.env, false);
    ({ browser, page } = await openBrowser(tmp));
    await page.goto(server.url(workspace.folder));
    await page.locator('.monaco-workbench').waitFor({ timeout: WAIT_MS });
    fs.mkdirSync(SHOTS, { recursive: true });
    log(`packaged, installed, code-server and workbench up after ${seconds(started)}`);
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !page) return;
    const shot = path.join(tmp, `${this.currentTest.title.replace(/\W+/g, '-')}-failed.png`);
    await page.screenshot({ path: shot }).catch(() => undefined);
    log(`failed: screenshot ${shot} (kept); code-server log:\n${tail(server.log)}`);
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await workspace?.close();
    // A failure's screenshots stay for a look; a passing run leaves nothing behind.
    if (tmp && fs.readdirSync(tmp).every((f) => !f.endsWith('-failed.png'))) fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 5 });
  });

  it('shows a ConfigMap entry\'s problems as squiggles and Problems rows at their lines', async () => {
    await quickOpen(page, 'k8s/http-monitors.yaml');
    // Lines 8, 13 and 15 of the fixture: the missing id, `method` (unknown) and `processors` (Kibana refuses).
    await eventually(async () => assert.deepEqual(await squiggleLines(page), [8, 13, 15]));
    const rows = await eventually(async () => {
      const texts = await problemRows(page);
      assert.ok(texts.some((t) => t.includes('Unknown key `method`')), texts.join('\n'));
      return texts;
    });
    const unknown = rows.find((t) => t.includes('Unknown key `method`'))!;
    assert.match(unknown, /synthetics-gitops/);
    assert.match(unknown, /\[Ln 13, Col 5\]/);
    await page.screenshot({ path: path.join(SHOTS, 'configmap-validation.png') });
  });

  it('completes a key inside the embedded entry, and the accepted item is written', async () => {
    await quickOpen(page, 'k8s/http-monitors.yaml');
    // A new line after `timeout: 30s` (line 14), inside the api-health.yml entry, indented as it.
    await goToLineEnd(page, 14);
    await page.keyboard.press('Enter');
    await cursorAt(page, 15, 5);
    await page.keyboard.type('ta');
    await page.keyboard.press('Control+Space');
    const item = page.locator('.suggest-widget .monaco-list-row', { hasText: 'tags' }).first();
    await item.waitFor({ timeout: WAIT_MS });
    await page.screenshot({ path: path.join(SHOTS, 'configmap-completion.png') });
    await item.click();
    await eventually(async () => {
      const lines = await editorLines(page);
      assert.ok(lines.some((l) => /^ {4}tags:/.test(l)), lines.join('\n'));
    });
    // Back to the file as on disk, for the Kibana preview below.
    await runFromPalette(page, 'File: Revert File');
  });

  it('previews the Kibana diff from the command palette in the diff editor', async () => {
    await quickOpen(page, 'lightweight/heartbeat.yml');
    // The sandbox, like Kibana, wants an API key: set through its command, typed into its box.
    await runFromPalette(page, 'Synthetics GitOps: Set Kibana API Key');
    assert.ok((await answerInputBox(page, 'Set Kibana API Key', 'ui-test-key')).password, 'a password box');
    await runFromPalette(page, 'Synthetics GitOps: Preview Kibana Diff');
    // The summary picker: one row per monitor to change; choosing one opens its diff.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'api-health' }).first().click({ timeout: WAIT_MS });
    const diff = page.locator('.editor-group-container .monaco-diff-editor');
    await diff.waitFor({ timeout: WAIT_MS });
    await eventually(async () => {
      const modified = await editorLines(page, diff.locator('.editor.modified'));
      assert.ok(modified.includes('journey_id: api-health'), modified.join('\n'));
    });
    await page.screenshot({ path: path.join(SHOTS, 'kibana-diff.png') });
  });

  it('runs a journey from its CodeLens, and the Test Explorer shows it passed', async () => {
    await quickOpen(page, 'journeys/demo.journey.ts');
    await page.locator('.contentWidgets .codelens-decoration a', { hasText: 'Run journey' }).first().click({ timeout: WAIT_MS });
    await runFromPalette(page, 'Testing: Focus on Test Explorer View');
    await eventually(async () => {
      const rows = await testExplorerRows(page);
      const demo = rows.find((r) => r.label.startsWith('e2e demo'));
      assert.ok(demo, rows.map((r) => r.label).join('\n'));
      assert.match(demo.label, /Passed/i);
      for (const step of ['open the page', 'greet']) assert.match(rows.find((r) => r.label.startsWith(step))?.label ?? `${step}: no row`, /Passed/i);
    }, 60_000);
    await page.screenshot({ path: path.join(SHOTS, 'test-explorer.png') });
  });
  it('pushes from the command palette, and deletes only after the modal is answered', async () => {
    const stored = async () => {
      const response = await fetch(`${workspace.sandbox.url}/api/synthetics/monitors?projects=e2e-gitops&internal=true&perPage=100`, {
        headers: { authorization: 'ApiKey ui-check', 'elastic-api-version': '2023-10-31' },
      });
      assert.equal(response.status, 200);
      return ((await response.json()) as { monitors: { journey_id: string }[] }).monitors.map((m) => m.journey_id).sort();
    };
    const notification = (text: string) => page.locator('.notifications-toasts .notification-toast', { hasText: text }).first().waitFor({ timeout: WAIT_MS });
    // The ConfigMap with errors goes (a push refuses while any is left); one more monitor comes.
    fs.rmSync(path.join(workspace.folder, 'k8s', 'http-monitors.yaml'));
    const example = [...fs.readFileSync(path.join(workspace.folder, 'lightweight', 'heartbeat.yml'), 'utf8').matchAll(/^ {4}id: (\S+)$/gm)].map((m) => m[1]);
    const extra = path.join(workspace.folder, 'lightweight', 'extra.yml');
    const monitor = ['heartbeat.monitors:', '  - type: http', '    id: ui-extra', '    name: UI extra', '    schedule: "@every 5m"', '    urls: ["https://ui.example.com/"]', '    private_locations: ["synthetic-monitor-default"]', ''];
    fs.writeFileSync(extra, monitor.join('\n'));
    await quickOpen(page, 'lightweight/heartbeat.yml');
    await runFromPalette(page, 'Synthetics GitOps: Push Monitors to Kibana');
    await notification(`Pushed to Kibana: ${example.length + 1} created, 0 updated, 0 deleted.`);
    assert.deepEqual(await stored(), [...example, 'ui-extra'].sort());

    fs.rmSync(extra);
    await runFromPalette(page, 'Synthetics GitOps: Push Monitors to Kibana');
    await page.locator('.monaco-dialog-box').waitFor({ timeout: WAIT_MS });
    await page.screenshot({ path: path.join(SHOTS, 'push-confirmation.png') });
    const dialog = await answerDialog(page, 'Delete 1 monitor and push');
    assert.match(dialog.message, /^1 monitor of .+\/default\/e2e-gitops is no longer in git\. Delete it from Kibana\?$/);
    assert.match(dialog.detail, /ui-extra {2}"UI extra" \(http\)/);
    await notification('Pushed to Kibana: 0 created, 0 updated, 1 deleted.');
    assert.deepEqual(await stored(), example.sort());
  });
});
