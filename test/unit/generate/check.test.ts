// Journeys against ConfigMap entries: missing, orphaned, stale (with the regenerating fix) and
// not inlinable, each where it is reported.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { createAnalyser } from '../../../server/src/core';
import { analyseJourneyFile } from '../../../server/src/core/journeys/analyse';
import { toJS } from '../../../server/src/core/tree';
import { ConsistencyIssue, EntrySource, JourneySource, checkConsistency } from '../../../server/src/journeys/check';
import { applyEdits } from '../../../server/src/journeys/configmap';
import { DEFAULT_SETTINGS } from '../../../server/src/protocol/settings';
import { CONFIGMAP, FIXTURE_DEFAULTS, JOURNEYS, generated, read, writeInto } from './helpers';

function journeySource(file: string, text = read(file)): JourneySource {
  return { file, text, journeys: analyseJourneyFile(file, text, DEFAULT_SETTINGS).journeys };
}

function entrySources(file: string, text: string): EntrySource[] {
  return createAnalyser()
    .analyse(text, 'yaml', DEFAULT_SETTINGS)
    .units.filter((u) => u.format === 'browser-json' && u.container)
    .map((u) => ({ file, text, configMap: u.container!.configMap, key: u.container!.key, keySpan: u.container!.keySpan, value: toJS(u.root) as Record<string, unknown> }));
}

/** `file:line code id` for each issue. */
function summary(issues: ConsistencyIssue[], texts: Record<string, string>): string[] {
  return issues.map((i) => `${path.basename(i.file)}:${texts[i.file].slice(0, i.span.start).split('\n').length} ${i.code} ${i.id}`);
}

const FILES = ['example.journey.ts', 'todo.journey.ts', 'npm.journey.ts'].map((f) => path.join(JOURNEYS, f));

describe('check: journeys against ConfigMap entries', () => {
  it('finds missing, orphaned, stale and not-inlinable, each at its place', async () => {
    const configMap = read(CONFIGMAP);
    const texts: Record<string, string> = { [CONFIGMAP]: configMap, ...Object.fromEntries(FILES.map((f) => [f, read(f)])) };
    const issues = await checkConsistency(FILES.map((f) => journeySource(f)), entrySources(CONFIGMAP, configMap), { defaults: FIXTURE_DEFAULTS });
    assert.deepEqual(summary(issues, texts), [
      'browser-monitors.yaml:16 journey-entry-stale example-monitor',
      'browser-monitors.yaml:39 journey-entry-orphaned status-page',
      'npm.journey.ts:2 journey-not-inlinable Random name',
      'npm.journey.ts:4 journey-entry-missing Random name',
      'todo.journey.ts:7 journey-entry-missing greeting-journey',
    ]);
    const stale = issues.find((i) => i.kind === 'stale')!;
    assert.match(stale.message, /^Entry `example-journey\.json` no longer matches journey "My Example Journey" \(.*example\.journey\.ts:3\): the script differs\. Regenerate it\.$/);
    assert.equal(stale.related?.file, FILES[0]);
    assert.match(stale.fix!.title, /^Regenerate from .*example\.journey\.ts$/);
    assert.equal(issues.find((i) => i.kind === 'refused')!.message.includes('`@faker-js/faker` (imported at npm.journey.ts:2) cannot be inlined'), true);
  });

  it('the stale fix writes the entry as generate does, after which it is not stale', async () => {
    const configMap = read(CONFIGMAP);
    const sources = [journeySource(FILES[0])];
    const [stale] = (await checkConsistency(sources, entrySources(CONFIGMAP, configMap), { defaults: FIXTURE_DEFAULTS })).filter((i) => i.kind === 'stale');
    const fixed = applyEdits(configMap, [{ start: stale.fix!.span.start, end: stale.fix!.span.end, newText: stale.fix!.newText }]);
    assert.equal(fixed, writeInto(configMap, await generated(FILES[0])).text);
    const after = await checkConsistency(sources, entrySources(CONFIGMAP, fixed), { defaults: FIXTURE_DEFAULTS });
    assert.deepEqual(after.map((i) => i.kind), ['orphaned']);
  });

  it('reports nothing once every journey is generated and every entry has its journey', async () => {
    const both = [FILES[0], FILES[1]];
    const written = writeInto(read(CONFIGMAP).replace(/ {2}# Written by hand[^]*?\n\n/, ''), [...(await generated(FILES[0])), ...(await generated(FILES[1]))]).text;
    assert.deepEqual(await checkConsistency(both.map((f) => journeySource(f)), entrySources(CONFIGMAP, written), { defaults: FIXTURE_DEFAULTS }), []);
    // A journey edited since: its entry is stale, and only that one.
    const edited = read(FILES[1]).replace("schedule: 5", 'schedule: 15');
    const issues = await checkConsistency([journeySource(FILES[0]), journeySource(FILES[1], edited)], entrySources(CONFIGMAP, written), { defaults: FIXTURE_DEFAULTS });
    assert.deepEqual(issues.map((i) => [i.kind, i.id]), [['stale', 'greeting-journey']]);
    assert.match(issues[0].message, /: `schedule` differs\./);
  });
});
