// UI tests: the packaged extension (.vsix of `npm run package`) installed into code-server, used in
// headless Chromium as a user would: keyboard, command palette, CodeLens clicks, a modal answered,
// the walkthrough's buttons, and what the workbench renders. No test hook inside the editor: only the
// page. Journeys run with the workspace project's own @elastic/synthetics (workspace.ts links it), as
// the .vsix has none. Each test saves its screenshot to docs/ (E2E_SHOTS=<dir> elsewhere); on failure,
// the screenshot is kept as <name>-failed.png and the code-server log printed.
// Needs `npm run build` and test/e2e/setup.sh first; run by `npm run test:ui`.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { BrowserContext, Page } from 'playwright-core';
import { eventually } from '../helpers/eventually';
import { CodeServer, CodeServerOptions, ROOT, checkPrerequisites, installExtension, log, openBrowser, seconds, startCodeServer, tail } from './codeServer';
import { activeTab, answerDialog, answerInputBox, answerNotification, cursorAt, editorLines, goToLineEnd, paletteRows, problemRows, quickOpen, runFromPalette, testExplorerRows, viewRows } from './workbench';
import { RESTRICTED_ENV } from '../../server/src/protocol/trust';
import { commandLine, environOf, groupMembers, pageRequested } from '../helpers/journeyProject';
import { setStatuses } from '../helpers/sandboxStatus';
import { Workspace, editorEnv, prepareWorkspace } from './workspace';

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

/** Opens the fixture ConfigMap and checks its problems: squiggles and Problems rows at their lines. */
async function checkConfigMapProblems(page: Page): Promise<void> {
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
}

/** For each language server of the extension that code-server runs: whether it was started restricted (no module loaded from the workspace). */
function restrictedServers(server: CodeServer): boolean[] {
  return groupMembers(server.pid)
    .filter((pid) => commandLine(pid).some((arg) => arg.endsWith(path.join('dist', 'server.js'))))
    .map((pid) => environOf(pid).includes(`${RESTRICTED_ENV}=1`));
}

/** The steps of the extension's walkthrough, as the Welcome page renders them. */
function walkthroughSteps(page: Page) {
  return page.locator('.getting-started-step[data-step-id^="synthetics-gitops.synthetics-gitops#gettingStarted#"]');
}

/**
 * Shows the walkthrough unless it shows, as a user would: a command's editor may take its place, and
 * VS Code may open it by itself on install (closing a picker open at that moment).
 */
function openWalkthrough(page: Page): Promise<void> {
  const steps = walkthroughSteps(page);
  return eventually(async () => {
    if (await steps.first().isVisible()) return;
    await runFromPalette(page, 'Welcome: Open Walkthrough...');
    await page.locator('.quick-input-list .monaco-list-row:visible', { hasText: 'Get started with Synthetics GitOps' }).first().click({ timeout: 5_000 });
    await steps.first().waitFor({ timeout: 5_000 });
  });
}

/** Opens the walkthrough's step `id` (as package.json names it) and presses its button `label`. */
function pressWalkthroughButton(page: Page, id: string, label: string): Promise<void> {
  return eventually(async () => {
    await openWalkthrough(page);
    const step = walkthroughSteps(page).and(page.locator(`[data-step-id$="#${id}"]`));
    // An expanded step is a disabled button: only a folded one is clicked open.
    if ((await step.getAttribute('aria-expanded', { timeout: 5_000 })) !== 'true') await step.click({ timeout: 5_000 });
    await step.locator('.monaco-button', { hasText: label }).first().click({ timeout: 5_000 });
  });
}

interface Session {
  tmp: string;
  server: CodeServer;
  browser: BrowserContext;
  page: Page;
}

/** The .vsix, built once for all the tests. */
let vsix: string | undefined;

before(async function () {
  this.timeout(120_000);
  checkPrerequisites([]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'synthetics-vsix-')), 'synthetics-gitops.vsix');
  const started = Date.now();
  await packageExtension(file);
  vsix = file;
  log(`npm run package: ${seconds(started)}`);
});

after(() => vsix && fs.rmSync(path.dirname(vsix), { recursive: true, force: true }));

/**
 * For the enclosing describe: a fresh code-server (own profile) with the .vsix installed, opened in
 * Chromium on the folder `prepare` makes; a failing test's screenshot is kept and the log printed.
 */
function useEditor(prepare: (tmp: string) => Promise<{ folder: string; env: NodeJS.ProcessEnv; close(): Promise<void> }>, options: CodeServerOptions = {}): Session {
  const session = {} as Session;
  let close: (() => Promise<void>) | undefined;
  before(async () => {
    const started = Date.now();
    session.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'synthetics-ui-'));
    await installExtension(session.tmp, vsix!);
    const folder = await prepare(session.tmp);
    close = folder.close;
    session.server = await startCodeServer(session.tmp, folder.folder, folder.env, options);
    ({ browser: session.browser, page: session.page } = await openBrowser(session.tmp));
    await session.page.goto(session.server.url(folder.folder));
    await session.page.locator('.monaco-workbench').waitFor({ timeout: WAIT_MS });
    fs.mkdirSync(SHOTS, { recursive: true });
    log(`installed, code-server and workbench up after ${seconds(started)}`);
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !session.page) return;
    const shot = path.join(session.tmp, `${this.currentTest.title.replace(/\W+/g, '-')}-failed.png`);
    await session.page.screenshot({ path: shot }).catch(() => undefined);
    log(`failed: screenshot ${shot} (kept); code-server log:\n${tail(session.server.log)}`);
  });

  after(async () => {
    await session.browser?.close().catch(() => undefined);
    await session.server?.stop();
    await close?.();
    // A failure's screenshots stay for a look; a passing run leaves nothing behind.
    const { tmp } = session;
    if (tmp && fs.readdirSync(tmp).every((f) => !f.endsWith('-failed.png'))) fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 5 });
  });
  return session;
}

describe('The packaged extension in code-server, used through Chromium', function () {
  // A cold workbench on a 2-core machine; every wait below has its own deadline.
  this.timeout(120_000);
  let workspace: Workspace;
  let page: Page;
  const session = useEditor(async (tmp) => (workspace = await prepareWorkspace(tmp)));
  before(() => {
    page = session.page;
  });

  it('shows a ConfigMap entry\'s problems as squiggles and Problems rows at their lines', async () => {
    await checkConfigMapProblems(page);
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

  it('completes `type: ` in a new entry of a ConfigMap with no monitor yet, and the accepted type is written', async () => {
    // Written for this test and removed after; line 7 is the new entry's first line, indented for its block.
    const file = path.join(workspace.folder, 'k8s', 'new-checks.yaml');
    fs.writeFileSync(file, ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: new-checks', 'data:', '  http-api.yml: |', '    ', ''].join('\n'));
    try {
      await quickOpen(page, 'k8s/new-checks.yaml');
      await goToLineEnd(page, 7);
      await cursorAt(page, 7, 5);
      // As a person types it: the list opens by itself at the space.
      await page.keyboard.type('type: ', { delay: 60 });
      const rows = page.locator('.suggest-widget .monaco-list-row');
      await rows.first().waitFor({ timeout: WAIT_MS });
      await eventually(async () => assert.deepEqual(await rows.locator('.label-name').allInnerTexts(), ['http', 'tcp', 'icmp', 'browser']));
      await page.screenshot({ path: path.join(SHOTS, 'configmap-new-entry-completion.png') });
      await rows.filter({ has: page.locator('.label-name', { hasText: /^http$/ }) }).click();
      await eventually(async () => {
        const lines = await editorLines(page);
        assert.equal(lines[6], '    type: http', lines.join('\n'));
      });
      await runFromPalette(page, 'File: Revert File');
    } finally {
      fs.rmSync(file);
    }
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

  it('shows a failing journey\'s failure at its line, and Show Trace opens its Playwright trace in the trace viewer', async () => {
    await quickOpen(page, 'journeys/failing.journey.ts');
    await page.locator('.contentWidgets .codelens-decoration a', { hasText: 'Run journey' }).first().click({ timeout: WAIT_MS });
    await runFromPalette(page, 'Testing: Focus on Test Explorer View');
    await eventually(async () => {
      const rows = await testExplorerRows(page);
      assert.match(rows.find((r) => r.label.startsWith('e2e failing'))?.label ?? 'no row', /Failed/i, rows.map((r) => r.label).join('\n'));
    }, 60_000);
    // The failure's peek, opened from the message shown at the failing line's end (VS Code opens none by itself).
    await quickOpen(page, 'journeys/failing.journey.ts');
    await page.locator('.editor-group-container .monaco-editor .test-error-content-widget').first().click({ timeout: WAIT_MS });
    // The peek shows the message's first action as its button (the others are in its context menu): Show Trace.
    const showTrace = page.locator('.peekview-widget .floating-click-widget', { hasText: 'Show Trace' }).first();
    await showTrace.waitFor({ timeout: WAIT_MS });
    await page.screenshot({ path: path.join(SHOTS, 'journey-failure.png') });

    // Opened in a browser tab (code-server forwards the viewer's port): Playwright's viewer, showing the journey's actions.
    const opened = session.browser.waitForEvent('page', { timeout: WAIT_MS });
    await showTrace.click();
    // Should VS Code ask before opening the link (it trusts loopback ones), the answer is yes.
    const open = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Open$/ }).first();
    await open.waitFor({ timeout: 3_000 }).then(() => open.click(), () => undefined);
    const viewer = await opened;
    const expectAction = viewer.locator('.action-title', { hasText: 'Expect "to.have.text"' });
    // Through code-server's port proxy the viewer's first load races code-server's own service worker
    // and may show no trace (traceViewer.ts); a reload, as a user would do, shows it.
    await expectAction.waitFor({ timeout: 10_000 }).catch(async () => {
      await viewer.reload();
      await expectAction.waitFor({ timeout: WAIT_MS });
    });
    await expectAction.click();
    await viewer.screenshot({ path: path.join(SHOTS, 'journey-trace.png') });
    await viewer.close();
  });
  it('highlights a browser entry\'s inline script as JavaScript', async () => {
    // Written for this test and removed after: a browser entry in the folder would join the push below.
    const file = path.join(workspace.folder, 'k8s', 'browser-inline.yaml');
    const script = "step('open', async () => {\\n  await page.goto(\\\"https://status.example.com\\\");\\n});";
    const entry = ['{', '  "name": "Status page",', '  "id": "status-page",', '  "type": "browser",', '  "schedule": {"number": "5", "unit": "m"},', `  "source": {"inline": {"script": "${script}"}}`, '}'];
    const configMap = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: browser-journey-configs', 'data:', '  status-page.json: |', ...entry.map((l) => `    ${l}`), ''];
    fs.writeFileSync(file, configMap.join('\n'));
    try {
      await quickOpen(page, 'k8s/browser-inline.yaml');
      /** The rendered tokens of the editor's lines: text and Monaco's colour class. */
      const tokens = await eventually(async () => {
        const lines = page.locator('.editor-group-container .monaco-editor .view-line');
        const spans = await lines.locator('span > span').evaluateAll((elements) => elements.map((e) => ({ text: (e.textContent ?? '').replace(/\u00a0/g, ' '), colour: e.className })));
        // Tokenization is asynchronous: until the grammars ran, the script is one string token.
        assert.ok(spans.some((t) => t.text === 'await'), JSON.stringify(spans));
        return spans;
      });
      const colour = (text: string) => tokens.find((t) => t.text === text)?.colour;
      const jsonString = tokens.find((t) => t.text.includes('Status page'))?.colour;
      assert.ok(jsonString, 'the JSON string is a token');
      for (const keyword of ['await', 'async']) assert.notEqual(colour(keyword), jsonString, `${keyword} is coloured as code, not as a string`);
      await page.screenshot({ path: path.join(SHOTS, 'inline-script.png') });
    } finally {
      fs.rmSync(file);
    }
  });

  it('pushes from the command palette, and deletes only after the modal is answered', async () => {
    const stored = async () => {
      const response = await fetch(`${workspace.sandbox.url}/api/synthetics/monitors?projects=e2e-gitops&internal=true&perPage=100`, {
        headers: { authorization: 'ApiKey ui-check', 'elastic-api-version': '2023-10-31' },
      });
      assert.equal(response.status, 200);
      return ((await response.json()) as { monitors: { journey_id: string }[] }).monitors.map((m) => m.journey_id).sort();
    };
    // The ConfigMap with errors goes (a push refuses while any is left); one more monitor comes.
    fs.rmSync(path.join(workspace.folder, 'k8s', 'http-monitors.yaml'));
    const example = [...fs.readFileSync(path.join(workspace.folder, 'lightweight', 'heartbeat.yml'), 'utf8').matchAll(/^ {4}id: (\S+)$/gm)].map((m) => m[1]);
    const extra = path.join(workspace.folder, 'lightweight', 'extra.yml');
    const monitor = ['heartbeat.monitors:', '  - type: http', '    id: ui-extra', '    name: UI extra', '    schedule: "@every 5m"', '    urls: ["https://ui.example.com/"]', '    private_locations: ["synthetic-monitor-default"]', ''];
    fs.writeFileSync(extra, monitor.join('\n'));
    await quickOpen(page, 'lightweight/heartbeat.yml');
    await runFromPalette(page, 'Synthetics GitOps: Push Monitors to Kibana');
    // Done when the sandbox holds them (the summary toast may wait in the notification centre behind progress ones).
    await eventually(async () => assert.deepEqual(await stored(), [...example, 'ui-extra'].sort()));

    fs.rmSync(extra);
    await runFromPalette(page, 'Synthetics GitOps: Push Monitors to Kibana');
    await page.locator('.monaco-dialog-box').waitFor({ timeout: WAIT_MS });
    await page.screenshot({ path: path.join(SHOTS, 'push-confirmation.png') });
    const dialog = await answerDialog(page, 'Delete 1 monitor and push');
    assert.match(dialog.message, /^1 monitor of .+\/default\/e2e-gitops is no longer in git\. Delete it from Kibana\?$/);
    assert.match(dialog.detail, /ui-extra {2}"UI extra" \(http\)/);
    await eventually(async () => assert.deepEqual(await stored(), example.sort()));
  });

  it('shows each pushed monitor\'s status in Kibana above it and in the Synthetics Monitors view', async () => {
    // The monitors the push above left in the sandbox: one told down, the others up.
    const [first, ...others] = [...fs.readFileSync(path.join(workspace.folder, 'lightweight', 'heartbeat.yml'), 'utf8').matchAll(/^ {4}id: (\S+)$/gm)].map((m) => m[1]);
    await setStatuses(workspace.sandbox.url, [{ monitor: first, status: 'down', error: 'connect ECONNREFUSED 10.0.0.1:443' }, ...others.map((monitor) => ({ monitor, status: 'up' }))]);
    await runFromPalette(page, 'Notifications: Clear All Notifications');
    await quickOpen(page, 'lightweight/heartbeat.yml');
    await runFromPalette(page, 'Synthetics GitOps: Show Monitor Status');
    const lens = (text: string) => page.locator('.contentWidgets .codelens-decoration a', { hasText: text }).first();
    await lens('✖ down since').waitFor({ timeout: WAIT_MS });
    assert.match((await lens('✖ down since').textContent()) ?? '', /^✖ down since \d\d:\d\d — connect ECONNREFUSED 10\.0\.0\.1:443$/);
    await lens('● up').waitFor({ timeout: WAIT_MS });
    const rows = await eventually(async () => {
      const shown = await viewRows(page, 'Synthetics Monitors');
      assert.deepEqual(shown.filter((r) => r.level === 1).map((r) => r.text), ['Down (1)', `Up (${others.length})`]);
      return shown;
    });
    assert.ok(rows.some((r) => r.level === 2 && r.text.includes(first) && r.text.includes('connect ECONNREFUSED')), JSON.stringify(rows));
    await page.screenshot({ path: path.join(SHOTS, 'monitor-status.png') });
  });

  it('flags a standalone browser-monitor file that generating (the project\'s synthetics.config.ts applied) would change, and its quick fix regenerates it', async () => {
    // Written for this test and removed after, as the push above would take it.
    const file = path.join(workspace.folder, 'browser-monitors', 'e2e-demo.json');
    const script = "step('open the page', async () => {\n  await page.goto(params.url);\n});\n";
    const stale = { name: 'e2e demo', id: 'e2e demo', type: 'browser', schedule: { number: '5', unit: 'm' }, private_locations: ['synthetic-monitor-default'], source: { inline: { script } }, enabled: true };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(stale, null, 2) + '\n');
    try {
      await quickOpen(page, 'browser-monitors/e2e-demo.json');
      await eventually(async () => {
        const rows = await problemRows(page);
        assert.ok(rows.some((r) => r.includes('Browser monitor file `e2e-demo.json` no longer matches journey "e2e demo"')), rows.join('\n'));
      });
      await page.locator('.editor-group-container .monaco-editor .squiggly-warning').first().waitFor({ timeout: WAIT_MS });
      // The push's toasts out of the way of the Problems rows; then the quick fix on the id's line, as a user reaches it.
      await runFromPalette(page, 'Notifications: Clear All Notifications');
      await goToLineEnd(page, 3);
      await page.keyboard.press('Control+.');
      const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Regenerate from journeys/demo.journey.ts' }).first();
      await fix.waitFor({ timeout: WAIT_MS });
      await page.screenshot({ path: path.join(SHOTS, 'journey-standalone-check.png') });
      await fix.click();
      // The project's schedule, params and playwrightOptions, as push would send them.
      await eventually(async () => {
        const text = (await editorLines(page)).join('\n');
        for (const line of ['"number": "10"', '"url": "https://elastic.github.io/synthetics-demo/"', '"ignoreHTTPSErrors": false', '"headless": true']) assert.ok(text.includes(line), `${line} in:\n${text}`);
      });
      await runFromPalette(page, 'File: Save');
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});

describe('Restricted Mode: the packaged extension in a folder not yet trusted', function () {
  this.timeout(120_000);
  let workspace: Workspace;
  let page: Page;
  // Workspace trust on, in a fresh profile: the folder opens in Restricted Mode (no startup modal).
  const session = useEditor(async (tmp) => (workspace = await prepareWorkspace(tmp)), { workspaceTrust: true });
  const restrictedMode = () => page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first();
  before(() => {
    page = session.page;
  });

  it('validates a ConfigMap in Restricted Mode', async () => {
    await restrictedMode().waitFor({ timeout: WAIT_MS });
    await checkConfigMapProblems(page);
    assert.deepEqual(restrictedServers(session.server), [true], 'one language server, restricted');
  });

  it('keeps Kibana and journeys off: hidden from the palette, explained from the walkthrough and a lens, with Manage Workspace Trust', async () => {
    // The key may be saved untrusted (it is only written); it is read once the folder is trusted, below.
    await runFromPalette(page, 'Synthetics GitOps: Set Kibana API Key');
    await answerInputBox(page, 'Set Kibana API Key', 'ui-test-key');
    // With a journey open, as the `when` of Run Journey and Generate ConfigMap Entry also wants.
    await quickOpen(page, 'journeys/demo.journey.ts');
    const offered = await paletteRows(page, 'Synthetics GitOps:', 'Show Output');
    for (const hidden of ['Preview Kibana Diff', 'Push Monitors to Kibana', 'Run Journey', 'Generate ConfigMap Entry']) {
      assert.ok(!offered.some((row) => row.includes(hidden)), `${hidden} offered:\n${offered.join('\n')}`);
    }
    // Still reachable from the walkthrough's buttons: each says why it is off.
    for (const [step, title] of [['preview', 'Preview Kibana Diff'], ['push', 'Push Monitors to Kibana']]) {
      await pressWalkthroughButton(page, step, title);
      await answerNotification(page, `${title} is off in Restricted Mode`);
      // Refused, so not done: the step completes on what the command achieved, not on its being run.
      const done = await walkthroughSteps(page).and(page.locator(`[data-step-id$="#${step}"]`)).getAttribute('aria-checked', { timeout: WAIT_MS });
      assert.notEqual(done, 'true', `the walkthrough's ${step} step counts as done`);
    }
    await runFromPalette(page, 'Notifications: Clear All Notifications');
    await quickOpen(page, 'journeys/demo.journey.ts');
    await page.locator('.contentWidgets .codelens-decoration a', { hasText: 'Run journey' }).first().click({ timeout: WAIT_MS });
    const explanation = await answerNotification(page, 'Running journeys is off in Restricted Mode');
    assert.match(explanation, /^Synthetics GitOps: Running journeys is off in Restricted Mode: .*Trust the workspace to turn it on; validation works either way\.$/);
    await page.screenshot({ path: path.join(SHOTS, 'restricted-mode.png') });
    // Nothing ran (the journey opens the test page) and nothing was asked of Kibana, the API key set or not.
    assert.equal(workspace.page.requests, 0, 'the journey\'s page was requested');
    assert.deepEqual(workspace.sandbox.requests, []);

    await answerNotification(page, 'Running journeys is off in Restricted Mode', 'Manage Workspace Trust');
    await page.locator('.workspace-trust-editor').waitFor({ timeout: WAIT_MS });
  });

  it('turns them on once trusted in VS Code\'s trust editor: the Kibana diff, then the journey', async () => {
    await page.locator('.workspace-trust-editor .workspace-trust-buttons .monaco-button', { hasText: 'Trust' }).first().click({ timeout: WAIT_MS });
    await restrictedMode().waitFor({ state: 'hidden', timeout: WAIT_MS });
    // The grant restarts the language server, now allowed the workspace's modules.
    await eventually(() => assert.deepEqual(restrictedServers(session.server), [false]));
    await quickOpen(page, 'lightweight/heartbeat.yml');
    await runFromPalette(page, 'Synthetics GitOps: Preview Kibana Diff');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'api-health' }).first().click({ timeout: WAIT_MS });
    await page.locator('.editor-group-container .monaco-diff-editor').waitFor({ timeout: WAIT_MS });
    // The sandbox, like Kibana, answers only with a key: the one saved in Restricted Mode went with the plan.
    assert.ok(workspace.sandbox.requests.some((r) => r.method === 'GET' && r.path.includes('/api/synthetics/') && r.status === 200), JSON.stringify(workspace.sandbox.requests));

    await quickOpen(page, 'journeys/demo.journey.ts');
    await page.locator('.contentWidgets .codelens-decoration a', { hasText: 'Run journey' }).first().click({ timeout: WAIT_MS });
    await pageRequested(workspace.page, 0);
  });
});

describe('The walkthrough, from an empty folder to a pushed monitor', function () {
  this.timeout(120_000);
  let folder: string;
  const session = useEditor(async (tmp) => {
    folder = path.join(tmp, 'empty');
    fs.mkdirSync(folder);
    return { folder, env: editorEnv(), close: async () => undefined };
  });

  it('creates the sample monitors, starts the sandbox, previews and pushes, from its buttons', async () => {
    const { page } = session;
    const press = (id: string, label: string) => pressWalkthroughButton(page, id, label);

    await press('monitors', 'Create Sample Monitors');
    // The command writes the sample and opens it: done when its editor shows.
    await activeTab(page, 'sample-monitors.yaml').waitFor({ timeout: WAIT_MS });
    assert.ok(fs.existsSync(path.join(folder, 'k8s', 'sample-monitors.yaml')), 'the sample is written');
    await press('kibana', 'Start Kibana Sandbox');
    // Done, target and placeholder key saved, when it says so.
    await page.locator('.notifications-toasts .notification-toast', { hasText: 'the Kibana sandbox runs on' }).first().waitFor({ timeout: WAIT_MS });
    const settingsFile = path.join(folder, '.vscode', 'settings.json');
    const url = await eventually(async () => {
      const value = (JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as Record<string, string>)['syntheticsGitops.kibana.url'];
      assert.match(value ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
      return value;
    });
    await press('preview', 'Preview Kibana Diff');
    // The summary picker lists the sample's monitors as creates (the diff editor is tested above).
    await page.locator('.quick-input-list .monaco-list-row:visible', { hasText: 'sample-homepage' }).waitFor({ timeout: WAIT_MS });
    await page.keyboard.press('Escape');
    await press('push', 'Push Monitors to Kibana');
    // What the sandbox the editor started holds once the push is through, read through Kibana's API.
    await eventually(async () => {
      const response = await fetch(`${url}/api/synthetics/monitors?projects=sample-project&internal=true&perPage=100`, {
        headers: { authorization: 'ApiKey ui-check', 'elastic-api-version': '2023-10-31' },
      });
      const { monitors } = (await response.json()) as { monitors: { journey_id: string }[] };
      assert.deepEqual(monitors.map((m) => m.journey_id).sort(), ['sample-docs-tcp', 'sample-homepage']);
    });
    await openWalkthrough(page);
    await walkthroughSteps(page).and(page.locator('[data-step-id$="#push"][aria-checked="true"]')).waitFor({ timeout: WAIT_MS });
    await page.screenshot({ path: path.join(SHOTS, 'walkthrough.png') });
  });

  it('shows its log in the Output panel, and stops the sandbox it started', async () => {
    const { page } = session;
    await runFromPalette(page, 'Synthetics GitOps: Show Output');
    // The plan of the push above, as the output logs it.
    await page.locator('.output-view .view-line', { hasText: 'Kibana plan of empty' }).first().waitFor({ timeout: WAIT_MS });
    const url = (JSON.parse(fs.readFileSync(path.join(folder, '.vscode', 'settings.json'), 'utf8')) as Record<string, string>)['syntheticsGitops.kibana.url'];
    assert.equal((await fetch(`${url}/api/status`)).status, 401, 'the sandbox answers (without a key, as Kibana)');
    await runFromPalette(page, 'Synthetics GitOps: Stop Kibana Sandbox');
    await eventually(async () => assert.equal(await fetch(`${url}/api/status`).then(() => 'answered', () => 'refused'), 'refused'));
  });
});
