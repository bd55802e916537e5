// Journey files (`*.journey.ts`): each journey as a monitor with the id the agent derives, and
// the findings located in the file: options against the journey schema and the shared rules,
// journeys without steps, steps outside journeys, syntax errors; duplicate ids across formats.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WorkspaceIndex, fileKind } from '../../../../server/src/core';
import { analyseJourneyFile } from '../../../../server/src/core/journeys/analyse';
import { REPO, analyse, covered, located, seedYamlBlocks, settings } from '../../../helpers/core';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'journeys');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const journey = (text: string, overrides = {}) => analyse(text, overrides, 'journey');

describe('journey files', () => {
  it('are recognised by name, as @elastic/synthetics loads them; other TypeScript files are not ours', () => {
    const s = settings();
    assert.equal(fileKind('journeys/example.journey.ts', s), 'journey');
    assert.equal(fileKind('journeys/login.journey.mjs', s), 'journey');
    assert.equal(fileKind('journeys/login.journey.cjs', s), 'journey');
    // @elastic/synthetics skips these (its loader's JOURNEY_EXTENSIONS): neither run nor pushed, so no journeys of ours.
    assert.equal(fileKind('journeys/login.journey.mts', s), undefined);
    assert.equal(fileKind('journeys/login.journey.cts', s), undefined);
    assert.equal(fileKind('journeys/advanced-example-helpers.ts', s), undefined);
    assert.equal(fileKind('synthetics.config.ts', s), undefined);
  });

  it('read the example journey as one browser monitor with its monitor.use id, and find nothing wrong', () => {
    const text = fixture('example.journey.ts');
    const result = journey(text);
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.units, []);
    assert.equal(result.monitors.length, 1);
    const [monitor] = result.monitors;
    assert.equal(monitor.id, 'example-monitor');
    assert.equal(covered(text, { span: monitor.idSpan! } as never), "'example-monitor'");
    assert.equal(monitor.name, 'My Example Journey');
    assert.equal(monitor.type, 'browser');
    assert.equal(monitor.format, 'journey');
    assert.deepEqual(result.journeys!.map((j) => [j.name, j.steps.map((s) => s.name)]), [['My Example Journey', ['launch application', 'assert title']]]);
  });

  it('derive the id from the journey name when monitor.use has none, as the agent does (`options.id || options.name`)', () => {
    const text = fixture('advanced-example.journey.ts');
    const result = journey(text);
    // The steps come from imported helpers: not a journey without steps.
    assert.deepEqual(result.findings, []);
    assert.deepEqual(
      result.monitors.map((m) => [m.id, covered(text, { span: m.idSpan! } as never)]),
      [
        ['addition and completion of single task', "'addition and completion of single task'"],
        ['adding and removing multiple tasks', "'adding and removing multiple tasks'"],
      ],
    );
    const options = journey("import { journey, step } from '@elastic/synthetics';\njourney({ name: 'Login', id: 'login-flow', tags: ['auth'] }, () => { step('a', () => {}); });\n");
    assert.deepEqual(options.monitors.map((m) => [m.id, m.name, m.tags]), [['login-flow', 'Login', ['auth']]]);
    // An id computed at run time is not guessed (no false duplicates).
    const dynamic = journey("import { journey, step, monitor } from '@elastic/synthetics';\njourney('Login', () => { monitor.use({ id: ID }); step('a', () => {}); });\n");
    assert.equal(dynamic.monitors[0].id, undefined);
  });

  it('read the DSL variants: journey.skip/only, step.soft/skip/only, and apiJourney as an `api` monitor', () => {
    const text =
      "import { journey, apiJourney, step, monitor } from '@elastic/synthetics';\n" +
      "journey.skip('Later', () => { step.soft('a', () => {}); });\n" +
      "apiJourney('API', ({ request }) => { monitor.use({ id: 'api-check', schedule: 10 }); step('get', async () => { await request.get('/'); }); });\n";
    const result = journey(text);
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.monitors.map((m) => [m.id, m.type]), [['Later', 'browser'], ['api-check', 'api']]);
  });

  it('report each problem at its exact range, naming the field, the value and what is allowed', () => {
    const text = fixture('problems.journey.ts');
    const result = journey(text, { privateLocations: ['synthetic-monitor-default'] });
    assert.deepEqual(located(text, result.findings), [
      '4:6-4:19 step-outside-journey',
      '15:15-15:16 schedule-invalid',
      '16:17-16:25 invalid-value',
      '17:5-17:16 unknown-key',
      '18:17-18:26 location-unknown',
      '19:24-19:51 private-location-unknown',
      '20:16-20:24 namespace-invalid',
      '21:33-21:38 invalid-type',
      '29:9-29:27 journey-no-steps',
    ]);
    const byCode = new Map(result.findings.map((f) => [f.code, f]));
    assert.match(byCode.get('schedule-invalid')!.message, /`schedule` is 7 minutes; Kibana accepts .*`240` minutes\. The nearest is 5\./);
    assert.match(byCode.get('invalid-value')!.message, /`screenshot` is `always`; allowed: `on`, `off` or `only-on-failure`/);
    assert.match(byCode.get('unknown-key')!.message, /Unknown key `screenshots` for a journey monitor\. Did you mean `screenshot`\?/);
    assert.equal(byCode.get('unknown-key')!.severity, 'warning');
    assert.match(byCode.get('location-unknown')!.message, /`us-east` is not an Elastic-managed location.*Did you mean `us_east`\?.*under `privateLocations`/);
    assert.match(byCode.get('journey-no-steps')!.message, /Journey "Nothing to check" has no `step\(\.\.\.\)`/);
    assert.match(byCode.get('step-outside-journey')!.message, /Step "orphan step" is outside any journey/);
    // The helper's step (inside a function) is not reported: it runs when a journey calls the helper.
    assert.ok(!result.findings.some((f) => covered(text, f) === "'open home'"));
  });

  it('keep the quotes of string literals in fixes, as TypeScript needs them', () => {
    const text = fixture('problems.journey.ts');
    const result = journey(text, { privateLocations: ['synthetic-monitor-default'] });
    const fix = (code: string) => result.findings.find((f) => f.code === code)!.fixes![0].edits[0].newText;
    assert.equal(fix('invalid-value'), "'on'");
    assert.equal(fix('location-unknown'), "'us_east'");
    assert.equal(fix('private-location-unknown'), "'synthetic-monitor-default'");
    assert.equal(fix('schedule-invalid'), '5');
    assert.equal(fix('unknown-key'), 'screenshot');
  });

  it('report syntax errors where TypeScript finds them', () => {
    const text = "import { journey, step } from '@elastic/synthetics';\njourney('Broken', () => {\n  step('a', async () => {\n    await page.goto(;\n  });\n});\n";
    const result = journey(text);
    assert.deepEqual(located(text, result.findings), ['4:21-4:22 journey-syntax']);
    assert.equal(result.findings[0].severity, 'error');
    assert.equal(result.findings[0].message, "')' expected: the push cannot bundle this file.");
    assert.equal(result.monitors.length, 1, 'the journey is still read');
  });

  it('yield nothing at all for TypeScript that holds no journey', () => {
    assert.deepEqual(journey(fixture('advanced-example-helpers.ts')), { findings: [], versionGated: [], monitors: [], units: [], journeys: [] });
    const unrelated = journey('export function add(a: number, b: number) {\n  return a + ;\n}\n');
    assert.deepEqual(unrelated, { findings: [], versionGated: [], monitors: [], units: [], journeys: [] });
  });

  it('read JavaScript journeys too', () => {
    const text = "const { journey, step, monitor } = require('@elastic/synthetics');\njourney('JS', ({ page }) => {\n  monitor.use({ schedule: 4 });\n  step('open', async () => page.goto('https://example.com'));\n});\n";
    const result = analyseJourneyFile('login.journey.js', text, settings());
    assert.deepEqual(located(text, result.findings), ['3:27-3:28 schedule-invalid']);
    assert.equal(result.monitors[0].id, 'JS');
  });

  it('count as one monitor with their own browser entry, but clash with any other monitor of that id', () => {
    const journeyText = fixture('example.journey.ts');
    const configMap = seedYamlBlocks().find((b) => b.includes('browser-journey-configs'))!;
    const index = new WorkspaceIndex();
    index.update('journeys/example.journey.ts', journey(journeyText).monitors);
    index.update('k8s/configmaps/browser-monitors.yaml', analyse(configMap).monitors);
    assert.deepEqual(index.duplicateIds('journeys/example.journey.ts'), [], 'the entry generated from the journey is the same monitor');
    const http = 'heartbeat.monitors:\n- {id: example-monitor, name: X, type: http, schedule: "@every 1m", urls: [https://x.example]}\n';
    index.update('lightweight/heartbeat.yml', analyse(http).monitors);
    const inJourney = index.duplicateIds('journeys/example.journey.ts');
    assert.deepEqual(located(journeyText, inJourney), ['7:9-7:26 duplicate-id']);
    assert.match(inJourney[0].message, /Monitor id `example-monitor` is used 3 times/);
    assert.deepEqual(inJourney[0].related!.map((r) => r.file).sort(), ['k8s/configmaps/browser-monitors.yaml', 'lightweight/heartbeat.yml']);
    const inConfigMap = index.duplicateIds('k8s/configmaps/browser-monitors.yaml');
    assert.equal(inConfigMap.length, 1);
    assert.equal(covered(configMap, inConfigMap[0]), '"example-monitor"');
  });

  it('report two journeys of one file deriving the same id', () => {
    const text = "import { journey, step } from '@elastic/synthetics';\njourney('Same', () => { step('a', () => {}); });\njourney('Same', () => { step('b', () => {}); });\n";
    const index = new WorkspaceIndex();
    index.update('a.journey.ts', journey(text).monitors);
    assert.deepEqual(located(text, index.duplicateIds('a.journey.ts')), ['2:9-2:15 duplicate-id', '3:9-3:15 duplicate-id']);
  });
});
