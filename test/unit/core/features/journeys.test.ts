// Completion and hover inside `monitor.use({...})` of a journey file, from the journey schema,
// and the outline of its journeys and steps; the cursor is written into the text as |^|.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { complete, hover, outline } from '../../../../server/src/core';
import { REPO, analyse, caret, settings } from '../../../helpers/core';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'journeys');
const HEAD = "import { journey, step, monitor } from '@elastic/synthetics';\n\njourney('Shop', ({ page }) => {\n";
const TAIL = "\n  step('open', async () => { await page.goto('https://shop.example'); });\n});\n";

/** A journey whose monitor.use argument is `use` (with a |^| caret somewhere in the file). */
function completions(marked: string, overrides = {}, tags: string[] = []) {
  const { text, offset } = caret(marked);
  return { text, items: complete(analyse(text, overrides, 'journey'), text, offset, { settings: settings(overrides), tags }) };
}

const inUse = (use: string) => `${HEAD}  monitor.use(${use});${TAIL}`;
const labels = (marked: string, overrides = {}, tags: string[] = []) => completions(marked, overrides, tags).items.map((i) => i.label);

describe('journey completion', () => {
  it('offers the monitor.use keys not yet written, replacing what is typed', () => {
    const { text, items } = completions(inUse("{ id: 'shop', sch|^| }"));
    const keys = items.map((i) => i.label);
    assert.ok(keys.includes('schedule') && keys.includes('privateLocations') && keys.includes('screenshot') && keys.includes('playwrightOptions'));
    assert.ok(!keys.includes('id'), 'keys already written are not offered');
    assert.ok(!keys.includes('private_locations') && !keys.includes('type'), 'only the journey options');
    const schedule = items.find((i) => i.label === 'schedule')!;
    assert.equal(text.slice(schedule.span.start, schedule.span.end), 'sch');
    assert.equal(schedule.insertText, 'schedule: ${1|1,2,3,5,10,15,20,30,60,120,240|}');
    assert.equal(items.find((i) => i.label === 'privateLocations')!.insertText, 'privateLocations: [$0]');
    assert.equal(items.find((i) => i.label === 'screenshot')!.insertText, "screenshot: '${1|on,off,only-on-failure|}'");
    assert.equal(items.find((i) => i.label === 'throttling')!.deprecated, true);
  });

  it('offers keys at a blank place, after a comma and on a new line, and nested keys', () => {
    assert.ok(labels(inUse('{ |^| }')).includes('privateLocations'));
    assert.ok(labels(inUse("{\n    id: 'shop',\n    |^|\n  }")).includes('schedule'));
    assert.deepEqual(labels(inUse('{ alert: { |^| } }')), ['status', 'tls']);
    assert.deepEqual(labels(inUse('{ alert: { status: { |^| } } }')), ['enabled']);
  });

  it('replaces only the name of a key that has its colon already', () => {
    const { text, items } = completions(inUse('{ sche|^|dule: 10 }'));
    const schedule = items.find((i) => i.label === 'schedule')!;
    assert.equal(schedule.insertText, 'schedule');
    assert.equal(text.slice(schedule.span.start, schedule.span.end), 'schedule');
  });

  it('completes schedule values with the minutes Kibana accepts, as numbers', () => {
    const { items } = completions(inUse('{ schedule: |^| }'));
    assert.deepEqual(items.map((i) => i.insertText), ['1', '2', '3', '5', '10', '15', '20', '30', '60', '120', '240']);
    const typed = completions(inUse('{ schedule: 1|^| }'));
    const first = typed.items[0];
    assert.equal(typed.text.slice(first.span.start, first.span.end), '1');
    assert.deepEqual(labels(inUse('{ schedule: |^|\n  }')).length, 11);
  });

  it('completes enum, location and tag values, quoted unless inside a string', () => {
    assert.deepEqual(completions(inUse('{ screenshot: |^| }')).items.map((i) => i.insertText), ["'on'", "'off'", "'only-on-failure'"]);
    const inString = completions(inUse("{ screenshot: 'o|^|' }"));
    assert.deepEqual(inString.items.map((i) => i.insertText), ['on', 'off', 'only-on-failure']);
    assert.equal(inString.text.slice(inString.items[0].span.start, inString.items[0].span.end), 'o');
    assert.deepEqual(completions(inUse('{ privateLocations: [|^|] }'), { privateLocations: ['dc-1'] }).items.map((i) => i.insertText), ["'dc-1'"]);
    assert.ok(labels(inUse("{ locations: ['us_east', |^|] }")).includes('germany'));
    assert.deepEqual(labels(inUse('{ tags: [|^|] }'), {}, ['checkout', 'team-a']), ['checkout', 'team-a']);
    assert.deepEqual(completions(inUse('{ enabled: |^| }')).items.map((i) => i.insertText), ['true', 'false']);
    assert.deepEqual(completions(inUse('{ screenshot: "|^|" }')).items.map((i) => i.insertText), ['on', 'off', 'only-on-failure']);
  });

  it('offers nothing outside monitor.use', () => {
    assert.deepEqual(labels(`${HEAD}  |^|${TAIL}`), []);
    assert.deepEqual(labels(`${HEAD}  const options = { |^| };${TAIL}`), []);
    assert.deepEqual(labels(inUse("{ screenshot: 'on'|^| }")), []);
    assert.deepEqual(labels(inUse("{ id: 'shop' }|^|")), []);
  });
});

describe('journey hover', () => {
  it('describes a monitor.use option from the journey schema', () => {
    const { text, offset } = caret(inUse("{ scree|^|nshot: 'only-on-failure' }"));
    const result = hover(analyse(text, {}, 'journey'), text, offset)!;
    assert.equal(text.slice(result.span.start, result.span.end), 'screenshot');
    assert.match(result.markdown, /^\*\*`screenshot`\*\* · journey monitor/);
    assert.match(result.markdown, /When step screenshots are captured/);
    assert.match(result.markdown, /Allowed: `on`, `off` or `only-on-failure`/);
    assert.match(result.markdown, /Default: `"on"`/);
  });

  it('describes a location value and nested keys', () => {
    const location = caret(inUse("{ locations: ['ger|^|many'] }"));
    assert.match(hover(analyse(location.text, {}, 'journey'), location.text, location.offset)!.markdown, /Elastic-managed location `europe-west3-a`/);
    const nested = caret(inUse('{ alert: { tls: { ena|^|bled: false } } }'));
    assert.match(hover(analyse(nested.text, {}, 'journey'), nested.text, nested.offset)!.markdown, /^\*\*`alert\.tls\.enabled`\*\*[\s\S]*TLS certificate rule/);
  });

  it('tells a journey\'s monitor id on its name', () => {
    const { text, offset } = caret(`${HEAD.replace("'Shop'", "'Sh|^|op'")}  step('a', () => {});\n});\n`);
    const result = hover(analyse(text, {}, 'journey'), text, offset)!;
    assert.equal(text.slice(result.span.start, result.span.end), "'Shop'");
    assert.match(result.markdown, /Monitor id: `Shop`, from the journey's name/);
  });

  it('says nothing elsewhere', () => {
    const { text, offset } = caret(`${HEAD}  page.go|^|to;${TAIL}`);
    assert.equal(hover(analyse(text, {}, 'journey'), text, offset), undefined);
  });
});

describe('journey outline', () => {
  it('lists journeys with their steps', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'example.journey.ts'), 'utf8');
    const symbols = outline(analyse(text, {}, 'journey'));
    assert.deepEqual(
      symbols.map((s) => [s.kind, s.name, s.detail, s.children.map((c) => `${c.kind} ${c.name} (${c.detail})`)]),
      [['journey', 'My Example Journey', 'browser · example-monitor', ['step launch application (step 1)', 'step assert title (step 2)']]],
    );
    const [journey] = symbols;
    assert.equal(text.slice(journey.selectionSpan.start, journey.selectionSpan.end), "'My Example Journey'");
    assert.ok(text.slice(journey.span.start, journey.span.end).startsWith("journey('My Example Journey'"));
    const step = journey.children[0];
    assert.ok(text.slice(step.span.start, step.span.end).startsWith("step('launch application', async () => {"));
  });

  it('lists the journeys of the advanced example, whose steps come from helpers', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'advanced-example.journey.ts'), 'utf8');
    assert.deepEqual(
      outline(analyse(text, {}, 'journey')).map((s) => [s.name, s.detail, s.children.length]),
      [
        ['addition and completion of single task', 'browser', 0],
        ['adding and removing multiple tasks', 'browser', 0],
      ],
    );
  });
});
