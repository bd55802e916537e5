// `dist/cli.js run`: journeys run for real (@elastic/synthetics, Chromium) against a page served
// on 127.0.0.1; the text, JSON and JUnit reports and the exit codes.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { markedProcesses } from '../../server/src/journeys/runner';
import { RunResult } from '../../server/src/protocol/journeyRun';
import { REPO } from '../helpers/core';
import { chromiumOrSkip } from '../helpers/pending';
import { FAIL_LINE, PageServer, childrenOf, commandName, environOf, groupMembers, journeyProject, servePage, pageRequested } from '../helpers/journeyProject';

const CLI = path.join(REPO, 'dist', 'cli.js');

/** The extension's wrapper around the CLI (client/src/testing/cliRun.ts, no `vscode` import), as built. */
const { runWithCli } = require(path.join(REPO, 'out', 'client', 'src', 'testing', 'cliRun.js')) as {
  runWithCli(options: { cli: string; cwd: string; files: string[]; journeys: string[]; signal?: AbortSignal }): Promise<RunResult>;
};

/** The descendants of a pid, depth first. */
function descendants(pid: number): number[] {
  return childrenOf(pid).flatMap((child) => [child, ...descendants(child)]);
}

/** Runs the CLI (asynchronously: the test's page server must keep answering). */
function cli(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
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
      [['run', 'journeys', '--reporter', 'tap'], /--reporter must be text, json or junit/],
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
