// The runner's NDJSON events turned into results handed on as the run goes (journeys/runEvents.ts):
// the order steps and journeys are handed on in, and the traces of the preload mapped to their
// journeys. The events are shaped as @elastic/synthetics 1.26's json reporter and the trace
// preload write them (runner.test.ts and run.test.ts run them for real).

import assert from 'node:assert/strict';
import { RunEvents, journeySources } from '../../../server/src/journeys/runEvents';
import { TRACE_EVENT } from '../../../server/src/journeys/traces';
import { JourneyResult, StepResult } from '../../../server/src/protocol/journeyRun';

const FILE = '/project/journeys/shop.journey.ts';
const SOURCE = `import { journey, step, expect } from '@elastic/synthetics';

journey('shop', ({ page }) => {
  step('open', async () => {});
  step('add to cart', async () => {});
  step('pay', async () => {});
});
`;

const start = (journey: string) => ({ type: 'journey/start', journey: { name: journey, id: journey } });
const stepEnd = (journey: string, index: number, name: string, status: string, extra: Record<string, unknown> = {}) => ({
  type: 'step/end',
  journey: { name: journey, id: journey },
  step: { name, index, status, duration: { us: index * 100_000 } },
  ...extra,
});
const screenshot = (journey: string, index: number) => ({ type: 'step/screenshot', journey: { name: journey }, step: { name: 'x', index }, blob: '/9j/4AAQ' });
const end = (journey: string, status: string) => ({ type: 'journey/end', journey: { name: journey, id: journey, status, duration: { us: 900_000 } } });
const failure = { error: { message: 'expect(locator).toHaveText(expected) failed', stack: `Error: expect failed\n    at (${FILE}:5:40)` } };

/** Feeds the events; returns what was handed on, as `step <journey>: <name> <status>[ trace]` and `journey <name> <status>`, and the collector. */
function feed(events: unknown[]): { handedOn: string[]; steps: StepResult[]; journeys: JourneyResult[]; run: RunEvents } {
  const handedOn: string[] = [];
  const steps: StepResult[] = [];
  const journeys: JourneyResult[] = [];
  const run = new RunEvents(journeySources(FILE, SOURCE), {
    onStep: (journey, step) => {
      steps.push(step);
      handedOn.push(`step ${journey.name}: ${step.name} ${step.status}${journey.trace ? ' trace' : ''}`);
    },
    onJourney: (journey) => {
      journeys.push(journey);
      handedOn.push(`journey ${journey.name} ${journey.status}`);
    },
  });
  for (const event of events) assert.equal(run.push(JSON.stringify(event)), true);
  return { handedOn, steps, journeys, run };
}

describe('run events: steps handed on as they complete', () => {
  it('hands on a passed step at its step/end, before the journey ends', () => {
    const { handedOn } = feed([start('shop'), stepEnd('shop', 1, 'open', 'succeeded')]);
    assert.deepEqual(handedOn, ['step shop: open succeeded']);
  });

  it('holds a failed step (and the steps after it) until the journey ends, then hands it on with its screenshot, located at its line', () => {
    const events = [start('shop'), stepEnd('shop', 1, 'open', 'succeeded'), stepEnd('shop', 2, 'add to cart', 'failed', failure), stepEnd('shop', 3, 'pay', 'skipped')];
    const { handedOn, steps } = feed([...events, screenshot('shop', 2), end('shop', 'failed')]);
    assert.deepEqual(handedOn, ['step shop: open succeeded', 'step shop: add to cart failed', 'step shop: pay skipped', 'journey shop failed']);
    const failed = steps[1];
    assert.equal(failed.screenshot, '/9j/4AAQ');
    assert.deepEqual([failed.error?.file, failed.error?.line, failed.error?.column], [FILE, 5, 40]);
    assert.equal(failed.durationMs, 200);

    const before = feed(events);
    assert.deepEqual(before.handedOn, ['step shop: open succeeded'], 'nothing after the failed step before the journey ends');
  });

  it('keeps the order when a soft step fails and the next one passes', () => {
    const events = [start('shop'), stepEnd('shop', 1, 'open', 'failed', failure), stepEnd('shop', 2, 'add to cart', 'succeeded')];
    assert.deepEqual(feed(events).handedOn, []);
    assert.deepEqual(feed([...events, end('shop', 'failed')]).handedOn, ['step shop: open failed', 'step shop: add to cart succeeded', 'journey shop failed']);
  });

  it('maps the preload\'s trace to its journey: on the journey, and with the steps handed on at its end', () => {
    const trace = '/project/traces/shop-1a2b3c4d.zip';
    const { handedOn, journeys, run } = feed([
      start('shop'),
      stepEnd('shop', 1, 'open', 'succeeded'),
      stepEnd('shop', 2, 'add to cart', 'failed', failure),
      { type: TRACE_EVENT, journey: { name: 'shop' }, path: trace },
      end('shop', 'failed'),
      start('other'),
      stepEnd('other', 1, 'open', 'succeeded'),
      end('other', 'succeeded'),
    ]);
    assert.deepEqual(handedOn, ['step shop: open succeeded', 'step shop: add to cart failed trace', 'journey shop failed', 'step other: open succeeded', 'journey other succeeded']);
    assert.deepEqual(journeys.map((j) => [j.name, j.trace]), [['shop', trace], ['other', undefined]]);
    assert.deepEqual([journeys[0].file, journeys[0].line], [FILE, 3]);
    assert.deepEqual(run.warnings(), []);
  });

  it('reports why traces are missing: a runner whose internals do not fit, a trace that could not be saved', () => {
    const { run, journeys } = feed([
      { type: TRACE_EVENT, error: 'no trace is kept: @elastic/synthetics 9.0.0 does not have the internals traces are recorded through (tested with 1.26.3)' },
      start('shop'),
      stepEnd('shop', 1, 'open', 'failed', failure),
      { type: TRACE_EVENT, journey: { name: 'shop' }, error: 'the trace could not be saved: ENOSPC' },
      end('shop', 'failed'),
    ]);
    assert.deepEqual(run.warnings(), [
      'no trace is kept: @elastic/synthetics 9.0.0 does not have the internals traces are recorded through (tested with 1.26.3)',
      'journey "shop": the trace could not be saved: ENOSPC',
    ]);
    assert.equal(journeys[0].trace, undefined);
  });

  it('hands on nothing more for a journey cut short; its result counts it failed', () => {
    const { handedOn, run } = feed([start('shop'), stepEnd('shop', 1, 'open', 'succeeded'), stepEnd('shop', 2, 'add to cart', 'failed', failure)]);
    assert.deepEqual(handedOn, ['step shop: open succeeded']);
    const [journey] = run.results();
    assert.deepEqual([journey.status, journey.steps.map((s) => s.status)], ['failed', ['succeeded', 'failed']]);
  });

  it('leaves lines that are not events to the log', () => {
    const run = new RunEvents([]);
    assert.equal(run.push('Journey: shop'), false);
    assert.equal(run.push('{not json'), false);
    assert.equal(run.push('{"no":"type"}'), false);
  });
});
