// The journey runner (server/src/journeys/runner.ts) for real: @elastic/synthetics in Debian's
// Chromium, against a page served on 127.0.0.1, in a temporary project.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ChromiumNotFoundError, findChromium, markedProcesses, matchPattern, runJourneys } from '../../../server/src/journeys/runner';
import { JourneyResult, RunResult } from '../../../server/src/protocol/journeyRun';
import { chromiumOrSkip } from '../../helpers/pending';
import { FAIL_LINE, PageServer, childrenOf, commandName, environOf, groupMembers, journeyProject, servePage, pageRequested } from '../../helpers/journeyProject';


describe('journey runner (real @elastic/synthetics and Chromium)', function () {
  this.timeout(60_000);
  let page: PageServer;
  let project: string;
  const file = (name: string) => path.join(project, 'journeys', name);

  before(async function () {
    chromiumOrSkip(this);
    page = await servePage();
    project = journeyProject(page.url);
  });

  after(async () => {
    await page?.close();
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });

  describe('one run of several journey files', () => {
    let result: RunResult;
    const journey = (name: string): JourneyResult => {
      const found = result.journeys.find((j) => j.name === name);
      assert.ok(found, `journey "${name}" among ${result.journeys.map((j) => j.name).join(', ')}`);
      return found;
    };

    /** What the run handed on as it went: `step <journey>: <step> <status>` and `journey <name> <status>`, in order. */
    const handedOn: string[] = [];

    before(async () => {
      result = await runJourneys({
        files: ['pass', 'fail', 'helper', 'params'].map((n) => file(`${n}.journey.ts`)),
        onStep: (j, s) => handedOn.push(`step ${j.name}: ${s.name} ${s.status}${s.status === 'failed' && s.screenshot ? ' (screenshot)' : ''}`),
        onJourney: (j) => handedOn.push(`journey ${j.name} ${j.status}`),
      });
    });

    it('hands on each step as it completes and each journey as it ends, in order', () => {
      const of = (name: string) => handedOn.filter((e) => e.startsWith(`step ${name}:`) || e.startsWith(`journey ${name} `));
      assert.deepEqual(of('passes'), ['step passes: open the page succeeded', 'step passes: greet succeeded', 'journey passes succeeded']);
      // The failed step comes with its journey's end, once its screenshot is known.
      assert.deepEqual(of('fails'), [
        'step fails: open the page succeeded',
        'step fails: expect the wrong greeting failed (screenshot)',
        'step fails: never runs skipped',
        'journey fails failed',
      ]);
      assert.equal(handedOn.length, 4 + 3 + 2 + 2, handedOn.join('\n'));
      assert.deepEqual(handedOn.filter((e) => e.startsWith('journey ')).map((e) => e.split(' ').slice(1, -1).join(' ')), result.journeys.map((j) => j.name), 'journeys in run order');
    });

    it('runs them in one runner in the project folder, with the Chromium found', () => {
      assert.equal(result.projects.length, 1);
      assert.equal(result.projects[0].cwd, project);
      assert.equal(result.projects[0].error, undefined, result.projects[0].log);
      assert.equal(result.projects[0].exitCode, 1, 'a journey failed');
      assert.equal(result.chromium, findChromium());
      assert.equal(result.cancelled, false);
      assert.ok(!fs.existsSync(path.join(project, '.synthetics')), 'the runner\'s cache folder is removed');
    });

    it('reports a passing journey with its steps and their durations', () => {
      const passes = journey('passes');
      assert.equal(passes.status, 'succeeded');
      assert.equal(passes.file, file('pass.journey.ts'));
      assert.equal(passes.line, 3);
      assert.deepEqual(passes.steps.map((s) => [s.index, s.name, s.status]), [[1, 'open the page', 'succeeded'], [2, 'greet', 'succeeded']]);
      for (const step of passes.steps) {
        assert.ok(step.durationMs > 0 && step.durationMs < 30_000, `${step.name}: ${step.durationMs} ms`);
        assert.equal(step.screenshot, undefined, 'only failed steps keep a screenshot');
      }
      assert.ok(passes.durationMs >= passes.steps[0].durationMs);
      assert.equal(passes.steps[0].url, page.url);
    });

    it('locates a failing step at its line in the journey file, with the screenshot; the steps after are skipped', () => {
      const fails = journey('fails');
      assert.equal(fails.status, 'failed');
      assert.deepEqual(fails.steps.map((s) => [s.name, s.status]), [['open the page', 'succeeded'], ['expect the wrong greeting', 'failed'], ['never runs', 'skipped']]);
      const failed = fails.steps[1];
      assert.ok(failed.error);
      assert.match(failed.error.message, /toHaveText/);
      assert.match(failed.error.stack ?? '', /Expected: "Hi nobody"/);
      assert.match(failed.error.stack ?? '', /Received: "Hi elastic"/);
      assert.equal(failed.error.file, file('fail.journey.ts'));
      assert.equal(failed.error.line, FAIL_LINE);
      assert.ok(failed.error.column && failed.error.column > 1);
      assert.deepEqual(fails.error, failed.error, 'the journey\'s error is its failed step\'s');
      const jpeg = Buffer.from(failed.screenshot ?? '', 'base64');
      assert.ok(jpeg.length > 1000 && jpeg[0] === 0xff && jpeg[1] === 0xd8, 'a JPEG screenshot of the failure');
    });

    it('runs a journey that imports a local helper', () => {
      const helper = journey('uses a helper');
      assert.equal(helper.status, 'succeeded', JSON.stringify(helper.error));
      assert.deepEqual(helper.steps.map((s) => s.status), ['succeeded']);
    });

    it('passes the params of the project\'s synthetics.config.ts', () => {
      const params = journey('reads params');
      assert.equal(params.steps[0].url, `${page.url}?greeting=config&from=development`);
    });
  });

  it('merges a per-run params override over the config\'s', async () => {
    const result = await runJourneys({ files: [file('params.journey.ts')], params: { greeting: 'override' } });
    assert.deepEqual(result.journeys.map((j) => [j.name, j.status]), [['reads params', 'succeeded']]);
    // url still from the config, greeting from the override.
    assert.equal(result.journeys[0].steps[0].url, `${page.url}?greeting=override&from=development`);
  });

  it('runs only the journeys named, or matching a grep pattern', async () => {
    assert.equal(matchPattern(['a (b), c*'], undefined), 'a \\(b\\)\\, c\\*');
    assert.equal(matchPattern(['x', 'y.z'], undefined), '{x,y\\.z}');
    assert.equal(matchPattern(undefined, 'help'), '*help*');
    assert.equal(matchPattern(undefined, 'uses*'), 'uses*');
    const result = await runJourneys({ files: [file('pass.journey.ts'), file('helper.journey.ts')], grep: 'helper' });
    assert.deepEqual(result.journeys.map((j) => [j.name, j.status]), [['uses a helper', 'succeeded']]);
  });

  it('cancels: the runner and the whole browser are killed, the result says so', async () => {
    const abort = new AbortController();
    let chromiumPid: number | undefined;
    let marker: string | undefined;
    const requestsBefore = page.requests;
    const running = runJourneys({ files: [file('slow.journey.ts')], signal: abort.signal });
    try {
      // Wait for the browser: a chromium child of the runner (a child of this process).
      const deadline = Date.now() + 20_000;
      while (!chromiumPid && Date.now() < deadline) {
        for (const runner of childrenOf(process.pid)) {
          chromiumPid ??= childrenOf(runner).find((pid) => /chrom/.test(commandName(pid) ?? ''));
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.ok(chromiumPid, 'Chromium started');
      marker = environOf(chromiumPid).find((v) => v.startsWith('SYNTHETICS_GITOPS_RUN='))?.split('=')[1];
      assert.ok(marker, 'the browser carries the run\'s marker');
      // Inside the step: the page is loaded, so the browser has started its helpers (renderer, GPU, …).
      await pageRequested(page, requestsBefore);
      const browserGroup = groupMembers(chromiumPid);
      assert.ok(browserGroup.length > 1, `the browser's processes: ${browserGroup.join(' ')}`);
    } catch (error) {
      // Not left running into the next tests of this project.
      abort.abort();
      await running;
      throw error;
    }

    const cancelledAt = Date.now();
    abort.abort();
    const result = await running;
    assert.ok(Date.now() - cancelledAt < 8000, `stopped in ${Date.now() - cancelledAt} ms`);
    assert.equal(result.cancelled, true);
    assert.deepEqual(result.journeys.map((j) => [j.name, j.cancelled]), [['slow', true]]);
    assert.equal(result.projects[0].error, undefined);

    assert.deepEqual(groupMembers(chromiumPid), [], 'no process of the browser\'s group is left');
    assert.deepEqual(markedProcesses(marker), [], 'no process of the run is left (crash handlers included)');
    assert.ok(!fs.existsSync(path.join(project, '.synthetics')), 'the runner\'s cache folder is removed');
  });

  it('finds Chromium from the setting, CHROME_PATH or the usual places, and says so when there is none', () => {
    const found = findChromium();
    assert.equal(findChromium(found, {}), found);
    assert.equal(findChromium(undefined, { CHROME_PATH: found }), found);
    assert.throws(() => findChromium('/nonexistent/chromium', {}), (e: Error) => e instanceof ChromiumNotFoundError && /no executable Chromium at \/nonexistent\/chromium \(from the Chromium path setting/.test(e.message));
    assert.throws(() => findChromium(undefined, { CHROME_PATH: '/nonexistent/chrome' }), /from CHROME_PATH/);
  });

  it('reports a journey file outside any npm project without starting the runner', async () => {
    const lonely = fs.mkdtempSync(path.join('/tmp', 'sgo-lonely-'));
    try {
      fs.writeFileSync(path.join(lonely, 'x.journey.ts'), "import { journey } from '@elastic/synthetics';\njourney('x', () => {});\n");
      const result = await runJourneys({ files: [path.join(lonely, 'x.journey.ts')] });
      assert.deepEqual(result.journeys, []);
      assert.match(result.projects[0].error ?? '', /no package\.json in .* or above/);
    } finally {
      fs.rmSync(lonely, { recursive: true, force: true });
    }
  });
});
