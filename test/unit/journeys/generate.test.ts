// A journey as its browser-config entry: the fields from monitor.use, and an inline script that
// Kibana accepts (a `step(`, no `journey(`, nothing to import) and that declares the journey's steps.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { changedFields, entryKeyFor, mergeEntry, renderEntryJson } from '../../../server/src/journeys/generate';
import { JOURNEYS, declareSteps, generateFile, generated, tempDir } from '../../helpers/generate';

/** One journey file (plus other files) in a temporary folder: its results. */
async function generateText(text: string, others: Record<string, string> = {}) {
  const root = tempDir({ 'j.journey.ts': text, ...others });
  return generateFile(path.join(root, 'j.journey.ts'));
}

async function scriptOf(text: string, others: Record<string, string> = {}): Promise<string> {
  const [result] = await generateText(text, others);
  assert.deepEqual(result.errors, []);
  return (result.generated!.own.source as { inline: { script: string } }).inline.script;
}

async function errorOf(text: string, others: Record<string, string> = {}): Promise<{ line: number; message: string }> {
  const [result] = await generateText(text, others);
  assert.equal(result.generated, undefined, 'expected a refusal');
  return { line: result.errors[0].line, message: result.errors[0].message };
}

const HEAD = "import { journey, step, monitor, expect } from '@elastic/synthetics';\n";

/** What Kibana checks on an inline script, and what makes the runner load it as a module instead. */
function assertKibanaAccepts(script: string): void {
  assert.ok(script.includes('step('), 'an inline script needs step(');
  assert.ok(!script.includes('journey('), 'an inline script must not call journey(');
  assert.doesNotMatch(script, /^\s*(import|export)\b/m);
  assert.doesNotMatch(script, /\brequire\(/);
}

describe('generate: journey → browser-config entry', () => {
  it('takes the fields from monitor.use, in the browser-config spelling', async () => {
    const [greeting] = await generated(path.join(JOURNEYS, 'todo.journey.ts'));
    const { source, ...own } = greeting.own;
    assert.deepEqual(own, {
      name: 'Greeting journey',
      id: 'greeting-journey',
      type: 'browser',
      schedule: { number: '5', unit: 'm' },
      private_locations: ['synthetic-monitor-default'],
      params: { url: 'http://127.0.0.1:8765/' },
      tags: ['gitops-managed', 'greeting'],
    });
    assert.ok(source);
    assert.deepEqual(greeting.defaults, { schedule: { number: '10', unit: 'm' }, private_locations: ['synthetic-monitor-default'], enabled: true });
    assert.deepEqual(greeting.warnings, []);
  });

  it('bundles the local helpers the journey uses (and only those) into a readable script Kibana accepts', async () => {
    const [greeting] = await generated(path.join(JOURNEYS, 'todo.journey.ts'));
    const script = (greeting.own.source as { inline: { script: string } }).inline.script;
    assertKibanaAccepts(script);
    assert.match(script, /^\/\/ todo-helpers\.ts\n/);
    assert.match(script, /var openPage = \(page2, url\) => \{\n  step\('open page', async \(\) => \{\n    await page2\.goto\(url\);/);
    assert.match(script, /function checkGreeting\(page2, greeting\) \{/);
    assert.match(script, /\n\/\/ todo\.journey\.ts\nvar NAME = 'elastic';\nopenPage\(page, params\.url\);\nstep\('fill and click', async \(\) => \{\n  await page\.fill\('#name', NAME\);/);
    assert.ok(!script.includes('unusedHelper'), 'helpers nothing uses are left out');
    assert.ok(!script.includes('monitor.use'), 'monitor.use is configuration, not a step');
  });

  it('declares the journey\'s steps, in order, when run as Kibana runs an inline script', async () => {
    const [greeting] = await generated(path.join(JOURNEYS, 'todo.journey.ts'));
    const script = (greeting.own.source as { inline: { script: string } }).inline.script;
    const visited: string[] = [];
    const declared = declareSteps(script, { url: 'http://site/' });
    assert.deepEqual(declared.names, ['open page', 'fill and click', 'check greeting']);
    const locator = () => ({ toHaveText: async () => undefined });
    await declared.run({ goto: async (url: string) => visited.push(url), fill: async () => undefined, click: async () => undefined, locator });
    assert.deepEqual(visited, ['http://site/']);
  });

  it('writes the seed example as its own steps, with no bundler heading', async () => {
    const [example] = await generated(path.join(JOURNEYS, 'example.journey.ts'));
    assert.equal(example.id, 'example-monitor');
    assert.equal(
      (example.own.source as { inline: { script: string } }).inline.script,
      "step('launch application', async () => {\n  await page.goto(params.url);\n});\nstep('assert title', async () => {\n  const header = await page.locator('h1');\n  expect(await header.textContent()).toBe('todos');\n});\n",
    );
  });

  it('refuses npm imports other than @elastic/synthetics, naming the import and its line', async () => {
    const [result] = await generateFile(path.join(JOURNEYS, 'npm.journey.ts'));
    assert.equal(result.generated, undefined);
    assert.equal(result.errors.length, 1);
    assert.equal(result.errors[0].line, 2);
    assert.match(result.errors[0].message, /^`@faker-js\/faker` \(imported at npm\.journey\.ts:2\) cannot be inlined: an inline script runs without node_modules/);
  });

  it('refuses npm imports of helper files, naming the helper\'s line', async () => {
    const error = await errorOf(`${HEAD}import { login } from './helper';\njourney('j', ({ page }) => {\n  login(page);\n});\n`, {
      'helper.ts': "import { step } from '@elastic/synthetics';\nimport dayjs from 'dayjs';\nexport const login = (page: any) => step('login ' + dayjs().year(), async () => { await page.goto('x'); });\n",
    });
    assert.match(error.message, /^`dayjs` \(imported at helper\.ts:2\) cannot be inlined/);
  });

  it('accepts npm imports used only as types', async () => {
    const script = await scriptOf(`${HEAD}import type { Page } from 'playwright-core';\nimport { Locator } from 'playwright-core';\njourney('j', ({ page }) => {\n  const p: Page = page;\n  let l: Locator;\n  step('a', async () => { await p.goto('x'); });\n});\n`);
    assertKibanaAccepts(script);
  });

  it('refuses @elastic/synthetics values the runner does not provide', async () => {
    const error = await errorOf("import { journey, step, devices } from '@elastic/synthetics';\njourney('j', ({ page }) => {\n  step('a', async () => { await page.setViewportSize(devices['iPhone 13'].viewport); });\n});\n");
    assert.equal(error.line, 1);
    assert.match(error.message, /^`devices` from @elastic\/synthetics \(imported at j\.journey\.ts:1\) is not available to an inline script/);
  });

  it('keeps the file\'s constants and helpers, and a block keeps the body\'s own names apart from them', async () => {
    const script = await scriptOf(`${HEAD}const url = 'https://a.example';\nfunction open(page: any, to: string) { return page.goto(to); }\njourney('j', ({ page, params }) => {\n  const url = params.url ?? 'x';\n  step('a', async () => { await open(page, url); });\n});\n`);
    assertKibanaAccepts(script);
    assert.match(script, /\{\n {2}const url2? = params\.url \?\? 'x';/);
    assert.deepEqual(declareSteps(script, { url: 'u' }).names, ['a']);
  });

  it('binds a callback parameter written otherwise than ({ page, params })', async () => {
    const whole = await scriptOf(`${HEAD}journey('j', (ctx) => {\n  step('a', async () => { await ctx.page.goto(ctx.params.url); });\n});\n`);
    assert.match(whole, /^(const|var) ctx = \{ page, context, browser, params, request \};/);
    const renamed = await scriptOf(`${HEAD}journey('j', ({ page: p, params }) => {\n  step('a', async () => { await p.goto(params.url); });\n});\n`);
    assert.match(renamed, /^(const|var) \{ page: p \} = \{ page, context, browser, params, request \};/);
    for (const script of [whole, renamed]) {
      const visited: string[] = [];
      const declared = declareSteps(script, { url: 'u' });
      await declared.run({ goto: async (to: string) => visited.push(to) });
      assert.deepEqual(visited, ['u']);
    }
  });

  it('refuses what an inline script cannot hold, at its line', async () => {
    const cases: [string, number, RegExp][] = [
      [`${HEAD}journey('j', async ({ page }) => {\n  await page.goto('x');\n  step('a', async () => {});\n});\n`, 3, /^`await` directly in the journey callback/],
      [`${HEAD}import { beforeAll } from '@elastic/synthetics';\nbeforeAll(() => {});\njourney('j', () => {\n  step('a', async () => {});\n});\n`, 3, /^`beforeAll\(\.\.\.\)` runs around the journeys of this file/],
      [`${HEAD}const MINUTES = 5;\njourney('j', () => {\n  monitor.use({ schedule: MINUTES });\n  step('a', async () => {});\n});\n`, 4, /^`schedule` in `monitor\.use` is an expression \(`MINUTES`\)/],
      [`${HEAD}journey('j', () => {\n  if (process.env.X) monitor.use({ id: 'x' });\n  step('a', async () => {});\n});\n`, 3, /^`monitor\.use` must stand directly in the journey callback/],
      [`${HEAD}journey('j', () => {\n  monitor.use({ schedule: 7.5 });\n  step('a', async () => {});\n});\n`, 3, /^`schedule` must be a whole number of minutes/],
      [`import { apiJourney, step } from '@elastic/synthetics';\napiJourney('api', ({ request }) => {\n  step('a', async () => {});\n});\n`, 2, /is an `apiJourney`/],
      [`${HEAD}journey('j', () => {\n  step('my journey(1)', async () => {});\n});\n`, 2, /contains the text `journey\(`/],
      [`${HEAD}journey('j', ({ page }) => {\n  page.goto('x');\n});\n`, 2, /declares no `step\(\.\.\.\)`/],
    ];
    for (const [text, line, message] of cases) {
      const error = await errorOf(text);
      assert.match(error.message, message, text);
      assert.equal(error.line, line, text);
    }
  });

  it('says which monitor.use options the browser-config format cannot carry', async () => {
    const [result] = await generateText(`${HEAD}journey('j', () => {\n  monitor.use({ spaces: ['default'], retestOnFailure: false, screenshot: 'off', fields: { team: 'web' } });\n  step('a', async () => {});\n});\n`);
    assert.deepEqual(
      result.generated!.warnings.map((w) => [w.line, w.message]),
      [[3, '`monitor.use` option `spaces` is not carried into the entry: the browser-config format has no such field.']],
    );
    const { retest_on_failure, screenshots, labels } = result.generated!.own;
    assert.deepEqual({ retest_on_failure, screenshots, labels }, { retest_on_failure: false, screenshots: 'off', labels: { team: 'web' } });
  });

  it('derives the id as @elastic/synthetics does: monitor.use, else the journey\'s id option, else its name', async () => {
    const ids = async (text: string) => (await generateText(text)).map((r) => r.journey.id);
    assert.deepEqual(await ids(`${HEAD}journey('Name', () => {\n  monitor.use({ id: 'own' });\n  step('a', async () => {});\n});\n`), ['own']);
    assert.deepEqual(await ids(`${HEAD}journey({ name: 'Name', id: 'option', tags: ['t'] }, () => {\n  step('a', async () => {});\n});\n`), ['option']);
    assert.deepEqual(await ids(`${HEAD}journey('Only a name', () => {\n  step('a', async () => {});\n});\n`), ['Only a name']);
    const [withTags] = await generateText(`${HEAD}journey({ name: 'Name', tags: ['from-options'] }, () => {\n  step('a', async () => {});\n});\n`);
    assert.deepEqual(withTags.generated!.own.tags, ['from-options']);
  });
});

describe('generate: entries', () => {
  it('merges into an entry: the journey\'s fields win, defaults fill gaps, the rest stays where it was', async () => {
    const [example] = await generated(path.join(JOURNEYS, 'example.journey.ts'), undefined, { privateLocations: ['default-pl'], locations: ['us_east'] });
    const existing = { name: 'Old', id: 'example-monitor', type: 'browser', locations: ['germany'], source: { inline: { script: 'old' } }, params: { url: 'u' }, alert: { status: { enabled: false } } };
    const merged = mergeEntry(existing, example);
    assert.deepEqual(Object.keys(merged), ['name', 'id', 'type', 'locations', 'source', 'params', 'alert', 'schedule', 'private_locations', 'enabled']);
    assert.equal(merged.name, 'My Example Journey');
    assert.deepEqual(merged.locations, ['germany']);
    assert.deepEqual(merged.private_locations, ['default-pl']);
    assert.deepEqual(merged.alert, { status: { enabled: false } });
    assert.deepEqual(changedFields(existing, merged), ['name', 'source', 'schedule', 'private_locations', 'enabled']);
    assert.deepEqual(Object.keys(mergeEntry(undefined, example)), ['name', 'id', 'type', 'schedule', 'locations', 'private_locations', 'source', 'enabled']);
  });

  it('renders JSON as the seed writes it', () => {
    assert.equal(
      renderEntryJson({ name: 'n', schedule: { number: '10', unit: 'm' }, tags: ['a', 'b'], params: {}, list: [{ a: 1 }], empty: [] }),
      '{\n  "name": "n",\n  "schedule": {\n    "number": "10",\n    "unit": "m"\n  },\n  "tags": ["a", "b"],\n  "params": {},\n  "list": [\n    {\n      "a": 1\n    }\n  ],\n  "empty": []\n}',
    );
  });

  it('names a new entry after the id, as a ConfigMap key may be written', () => {
    assert.equal(entryKeyFor('example-monitor'), 'example-monitor.json');
    assert.equal(entryKeyFor('addition and completion of single task'), 'addition-and-completion-of-single-task.json');
    assert.equal(entryKeyFor('Ünïcode/slash'), 'n-code-slash.json');
  });
});
