// `dist/cli.js run`: journeys run for real (@elastic/synthetics, Chromium) against a page served
// on 127.0.0.1; the text, JSON, NDJSON and JUnit reports, the Playwright traces of failed journeys
// (opened in the trace viewer of the project's Playwright), headed runs under Xvfb, and the exit codes.

import assert from 'node:assert/strict';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { chromium } from 'playwright-core';
import { findChromium, markedProcesses } from '../../server/src/journeys/runner';
import { resolvePlaywrightCore } from '../../server/src/node/projectModules';
import { RunResult, RunStreamEvent } from '../../server/src/protocol/journeyRun';
import { REPO } from '../helpers/core';
import { chromiumOrSkip, skipBecause } from '../helpers/pending';
import { FAIL_LINE, PageServer, childrenOf, commandName, environOf, groupMembers, journeyProject, servePage, pageRequested } from '../helpers/journeyProject';

const CLI = path.join(REPO, 'dist', 'cli.js');

/** The extension's wrapper around the CLI (client/src/testing/cliRun.ts, no `vscode` import), as built. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the test project does not compile the client
const { runWithCli } = require(path.join(REPO, 'out', 'client', 'src', 'testing', 'cliRun.js')) as {
  runWithCli(options: { cli: string; cwd: string; files: string[]; journeys: string[]; signal?: AbortSignal }): Promise<RunResult>;
};

/** The descendants of a pid, depth first. */
function descendants(pid: number): number[] {
  return childrenOf(pid).flatMap((child) => [child, ...descendants(child)]);
}

/**
 * Runs the CLI (asynchronously: the test's page server must keep answering), or `wrapper` with it
 * (`xvfb-run -a`); `onLine` sees each line of stdout as it arrives.
 */
function cli(args: string[], cwd: string, options: { wrapper?: string[]; onLine?: (line: string) => void } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const [program, ...wrapperArgs] = [...(options.wrapper ?? []), process.execPath];
    const child = spawn(program, [...wrapperArgs, CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      const lines = (stdout.slice(stdout.lastIndexOf('\n') + 1) + c).split('\n').slice(0, -1);
      stdout += c;
      lines.forEach((line) => options.onLine?.(line));
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('synthetics-gitops run', function () {
  this.timeout(60_000);
  let page: PageServer;
  let project: string;

  before(async function () {
    chromiumOrSkip(this);
    page = await servePage();
    project = journeyProject(page.url);
  });

  after(async () => {
    await page?.close();
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });

  it('prints ✓ per step with durations and exits 0 when every journey passes', async () => {
    const { code, stdout, stderr } = await cli(['run', 'journeys/pass.journey.ts', 'journeys/helper.journey.ts'], project);
    assert.equal(code, 0, stdout + stderr);
    const lines = stdout.trimEnd().split('\n');
    assert.ok(lines.includes('Journey: passes (journeys/pass.journey.ts:3)'), stdout);
    assert.ok(lines.some((l) => /^ {2}✓ open the page \(\d+ ms\)$/.test(l)), stdout);
    assert.ok(lines.some((l) => /^ {2}✓ greet \(\d+ ms\)$/.test(l)), stdout);
    assert.ok(lines.some((l) => /^✓ uses a helper succeeded \(\d+\.\d s\)$/.test(l)), stdout);
    assert.match(lines[lines.length - 1], /^2 journeys: 2 passed, 0 failed \(\d+\.\d s\)$/);
  });

  it('exits 1 when a journey fails, with JUnit XML locating the failure', async () => {
    const { code, stdout } = await cli(['run', 'journeys/fail.journey.ts', 'journeys/params.journey.ts', '--reporter', 'junit', '--params', '{"greeting":"cli"}'], project);
    assert.equal(code, 1, stdout);
    assert.match(stdout, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="synthetics-gitops run" tests="4" failures="1" errors="0" skipped="1" time="[\d.]+">/);
    assert.match(stdout, /<testsuite name="fails" file="journeys\/fail.journey.ts" tests="3" failures="1" errors="0" skipped="1"/);
    assert.match(stdout, /<testcase name="open the page" classname="fails" file="journeys\/fail.journey.ts" time="[\d.]+"\/>/);
    assert.match(stdout, new RegExp(`<testcase name="expect the wrong greeting" classname="fails" [^>]*><failure message="expect\\(locator\\)\\.toHaveText\\(expected\\) failed" type="journeys/fail.journey.ts:${FAIL_LINE}:\\d+">`));
    assert.match(stdout, /Expected: &quot;Hi nobody&quot;/);
    assert.match(stdout, /<testcase name="never runs" [^>]*><skipped\/><\/testcase>/);
    assert.match(stdout, /<testsuite name="reads params" file="journeys\/params.journey.ts" tests="1" failures="0"/);
  });

  it('prints the typed result as JSON, filtered by --grep', async () => {
    const { code, stdout } = await cli(['run', '.', '--grep', 'params', '--reporter', 'json', '--params', '{"greeting":"json"}'], project);
    assert.equal(code, 0, stdout);
    const result = JSON.parse(stdout) as RunResult;
    assert.equal(result.version, 1);
    assert.deepEqual(result.journeys.map((j) => [j.name, j.status, j.file]), [['reads params', 'succeeded', path.join(project, 'journeys', 'params.journey.ts')]]);
    assert.equal(result.journeys[0].steps[0].url, `${page.url}?greeting=json&from=development`);
    assert.deepEqual(result.projects.map((p) => [p.cwd, p.files.length, p.exitCode]), [[project, 5, 0]]);
  });

  describe('traces of failed journeys (--trace), streamed results (--reporter ndjson)', () => {
    let trace: string;

    it('streams each step and journey as it ends, then the result; keeps a Playwright trace of the failed journey only', async () => {
      const requestsBefore = page.requests;
      /** The page's requests when each line arrived: the later journey had not visited it yet when the earlier one's lines came. */
      const requestsAt: number[] = [];
      const { code, stdout, stderr } = await cli(['run', 'journeys/fail.journey.ts', 'journeys/pass.journey.ts', '--reporter', 'ndjson', '--trace', 'traces'], project, {
        onLine: () => requestsAt.push(page.requests - requestsBefore),
      });
      assert.equal(code, 1, stderr);
      const events = stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as RunStreamEvent);
      const seen = events.map((e) => (e.type === 'step' ? `step ${e.journey.name}: ${e.step.name} ${e.step.status}` : e.type === 'journey' ? `journey ${e.journey.name} ${e.journey.status}` : e.type));
      assert.deepEqual(seen, [
        'step fails: open the page succeeded',
        'step fails: expect the wrong greeting failed',
        'step fails: never runs skipped',
        'journey fails failed',
        'step passes: open the page succeeded',
        'step passes: greet succeeded',
        'journey passes succeeded',
        'result',
      ]);
      assert.deepEqual(requestsAt.slice(0, 4), [1, 1, 1, 1], 'the first journey\'s lines came before the second journey opened the page');
      assert.equal(requestsAt[7], 2);

      const result = (events[7] as Extract<RunStreamEvent, { type: 'result' }>).result;
      const [fails, passes] = result.journeys;
      assert.equal(passes.trace, undefined, 'no trace of a journey that passed');
      assert.ok(fails.trace, 'the failed journey\'s trace');
      trace = fails.trace;
      assert.equal(path.dirname(trace), path.join(project, 'traces'));
      assert.match(path.basename(trace), /^fails-[0-9a-f]{8}\.zip$/);
      assert.deepEqual(fs.readdirSync(path.join(project, 'traces')), [path.basename(trace)]);
      const failedStep = events[1] as Extract<RunStreamEvent, { type: 'step' }>;
      assert.equal(failedStep.journey.trace, trace, 'the failed step comes with its journey\'s trace');
      assert.equal(failedStep.step.error?.line, FAIL_LINE);
      assert.deepEqual(result.projects.map((p) => p.warnings), [undefined]);

      // A Playwright trace (not Chrome's performance trace): its actions, the failed expect among them.
      const entries = unzipSync(fs.readFileSync(trace));
      assert.ok(entries['trace.trace'] && entries['trace.network'], Object.keys(entries).join(', '));
      const actions = strFromU8(entries['trace.trace']).split('\n').filter(Boolean).map((line) => JSON.parse(line) as { type: string; method?: string; callId?: string; error?: unknown });
      assert.equal(actions[0].type, 'context-options');
      const expect = actions.find((a) => a.type === 'before' && a.method === 'expect');
      assert.ok(expect, 'the expect call is recorded');
      assert.ok(actions.find((a) => a.type === 'after' && a.callId === expect.callId)?.error, 'with its failure');
      assert.deepEqual(actions.filter((a) => a.type === 'before').map((a) => a.method).slice(0, 4), ['goto', 'screenshot', 'fill', 'click']);
    });

    it('the kept trace opens in the trace viewer of the project\'s Playwright', async function () {
      if (!trace) this.skip();
      // The project runs the repository's @elastic/synthetics (it has no node_modules): that copy's Playwright.
      const viewer = spawn(process.execPath, [path.join(resolvePlaywrightCore(REPO), 'cli.js'), 'show-trace', '--host', '127.0.0.1', '--port', '0', trace], { stdio: ['ignore', 'pipe', 'inherit'] });
      const browser = await chromium.launch({ executablePath: findChromium() });
      try {
        const url = await listeningUrl(viewer);
        const viewerPage = await browser.newPage();
        await viewerPage.goto(url);
        const actions = viewerPage.locator('.action-title');
        await actions.filter({ hasText: 'Expect "to.have.text"' }).waitFor({ timeout: 15_000 });
        const titles = (await actions.allInnerTexts()).map((t) => t.split('\n')[0]);
        assert.deepEqual(titles.slice(0, 5), ['Navigate to "/"', 'Screenshot', 'Fill "elastic"', 'Click', 'Expect "to.have.text"']);
      } finally {
        await browser.close();
        viewer.kill();
      }
    });

    it('says in the text report where each trace is kept', async () => {
      const { code, stdout } = await cli(['run', 'journeys/fail.journey.ts', '--trace', 'text-traces'], project);
      assert.equal(code, 1, stdout);
      const kept = fs.readdirSync(path.join(project, 'text-traces'));
      assert.equal(kept.length, 1);
      const file = `text-traces/${kept[0]}`;
      assert.ok(stdout.split('\n').includes(`  Trace: ${file} (open it with: npx playwright show-trace ${file})`), stdout);
      assert.match(stdout, /\n1 journey: 0 passed, 1 failed \(\d+\.\d s\); 1 trace kept in text-traces\n$/);
    });
  });

  it('runs headed where a display exists: Chromium under Xvfb has a window (not HeadlessChrome)', async function () {
    if (spawnSync('xvfb-run', ['--help']).error) skipBecause(this, 'xvfb-run is not installed (Debian: apt-get install xvfb)', { requiredInCi: true });
    const headless = await cli(['run', 'journeys/pass.journey.ts', '--reporter', 'json'], project);
    assert.equal(headless.code, 0, headless.stderr);
    assert.match(page.userAgents.at(-1) ?? '', /HeadlessChrome\//, 'without --headed: headless');

    const before = page.userAgents.length;
    const headed = await cli(['run', 'journeys/pass.journey.ts', '--reporter', 'json', '--headed'], project, { wrapper: ['xvfb-run', '-a'] });
    assert.equal(headed.code, 0, headed.stdout + headed.stderr);
    assert.deepEqual((JSON.parse(headed.stdout) as RunResult).journeys.map((j) => [j.name, j.status]), [['passes', 'succeeded']]);
    const agents = page.userAgents.slice(before);
    assert.ok(agents.length > 0, 'the journey visited the page');
    for (const agent of agents) {
      assert.match(agent, / Chrome\/\d+/);
      assert.doesNotMatch(agent, /Headless/, agent);
    }
  });

  it('is cancelled by the editor\'s wrapper: the CLI, its runner and the browser all end', async () => {
    const abort = new AbortController();
    const requestsBefore = page.requests;
    // Children from before the run (esbuild's service, started by an earlier in-process bundle) are not the run's.
    const childrenBefore = new Set(descendants(process.pid));
    const running = runWithCli({ cli: CLI, cwd: project, files: [path.join(project, 'journeys', 'slow.journey.ts')], journeys: [], signal: abort.signal });
    let browser: number | undefined;
    const deadline = Date.now() + 20_000;
    while (!browser && Date.now() < deadline) {
      browser = descendants(process.pid).find((pid) => /chrom/.test(commandName(pid) ?? ''));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(browser, 'Chromium started under the CLI');
    const marker = environOf(browser).find((v) => v.startsWith('SYNTHETICS_GITOPS_RUN='))!.split('=')[1];
    await pageRequested(page, requestsBefore); // inside the step
    abort.abort();
    const result = await running;
    assert.equal(result.cancelled, true);
    assert.deepEqual(result.journeys.map((j) => [j.name, j.cancelled]), [['slow', true]]);
    assert.deepEqual(groupMembers(browser), []);
    assert.deepEqual(markedProcesses(marker), []);
    assert.deepEqual(descendants(process.pid).filter((pid) => !childrenBefore.has(pid)), [], 'no child of the run left');
  });

  it('exits 2 on usage errors, before starting anything', async () => {
    const cases: [string[], RegExp][] = [
      [['run', 'journeys', '--params', '{oops'], /--params is not JSON/],
      [['run', 'journeys', '--params', '[1]'], /--params must be a JSON object/],
      [['run', 'journeys', '--reporter', 'tap'], /--reporter must be text, json, ndjson or junit/],
      [['run', 'journeys', '--trace', ' '], /--trace needs a folder/],
      [['run', 'journeys', '--chromium', '/nonexistent/chromium'], /no executable Chromium at \/nonexistent\/chromium/],
      [['run', 'lib'], /no journey files/],
      [['run', 'missing.journey.ts'], /missing\.journey\.ts: no such file or folder/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await cli(args, project);
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, message);
    }
    const help = await cli(['run', '--help'], project);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: synthetics-gitops run \[journeys\.\.\.\] \[options\]/);
  });
});

/** The URL `show-trace --host` prints once it listens. */
function listeningUrl(viewer: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    viewer.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const found = /Listening on (http:\/\/\S+)/.exec(output);
      if (found) resolve(found[1]);
    });
    viewer.once('exit', (code) => reject(new Error(`show-trace ended (${code}): ${output}`)));
  });
}
