// Journeys against ConfigMap entries and standalone browser-monitor JSON files: missing,
// orphaned, stale (with the regenerating fix) and not inlinable, each where it is reported.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { createAnalyser } from '../../../server/src/core';
import { analyseJourneyFile } from '../../../server/src/core/journeys/analyse';
import { ConsistencyIssue, EntrySource, JourneySource, checkConsistency, entrySources as entriesOf } from '../../../server/src/journeys/check';
import { applyEdits } from '../../../server/src/journeys/configmap';
import { mergeEntry, renderEntryJson } from '../../../server/src/journeys/generate';
import { DEFAULT_SETTINGS } from '../../../server/src/protocol/settings';
import { CONFIGMAP, FIXTURE_DEFAULTS, JOURNEYS, generated, read, writeInto } from '../../helpers/generate';

function journeySource(file: string, text = read(file)): JourneySource {
  return { file, text, journeys: analyseJourneyFile(file, text, DEFAULT_SETTINGS).journeys };
}

/** The browser entries of a ConfigMap (YAML), or of a standalone browser-monitor JSON file. */
function entrySources(file: string, text: string): EntrySource[] {
  return entriesOf(file, text, createAnalyser().analyse(text, file.endsWith('.json') ? 'browser-json' : 'yaml', DEFAULT_SETTINGS).units);
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

describe('check: journeys against standalone browser-monitor JSON files', () => {
  const dir = path.join(path.dirname(CONFIGMAP), 'browser-monitors');
  const standalone = (name: string, entry: Record<string, unknown>) => {
    const file = path.join(dir, name);
    const text = `${renderEntryJson(entry)}\n`;
    return { file, text, entries: entrySources(file, text) };
  };

  it('checks a file as it checks a ConfigMap entry: stale at its id, with a fix writing the file anew, and orphaned', async () => {
    const [journey] = await generated(FILES[1]);
    const current = mergeEntry(undefined, journey);
    const greeting = standalone('greeting.json', { ...current, schedule: { number: '15', unit: 'm' }, tags: ['by-hand'] });
    const orphan = standalone('status-page.json', { name: 'Status page', id: 'status-page', type: 'browser', schedule: { number: '5', unit: 'm' } });
    assert.deepEqual(greeting.entries.map((e) => [e.configMap, e.key]), [[undefined, 'greeting.json']]);

    const issues = await checkConsistency([journeySource(FILES[1])], [...greeting.entries, ...orphan.entries], { defaults: FIXTURE_DEFAULTS });
    const texts = { [greeting.file]: greeting.text, [orphan.file]: orphan.text };
    assert.deepEqual(summary(issues, texts), ['greeting.json:3 journey-entry-stale greeting-journey', 'status-page.json:3 journey-entry-orphaned status-page']);
    const [stale, orphaned] = issues;
    assert.equal(greeting.text.slice(stale.span.start, stale.span.end), '"greeting-journey"', 'reported at its id');
    assert.match(stale.message, /^Browser monitor file `greeting\.json` no longer matches journey "Greeting journey" \(.*todo\.journey\.ts:7\): `schedule`, `tags` differ\. Regenerate it\.$/);
    assert.match(orphaned.message, /^Browser monitor file `status-page\.json` \(id `status-page`\) matches no journey: .* Delete the file, or give a journey this id/);

    // The fix writes the whole file as generate writes an entry; then it is current.
    assert.deepEqual([stale.fix!.span.start, stale.fix!.span.end], [0, greeting.text.length]);
    assert.equal(stale.fix!.newText, `${renderEntryJson(current)}\n`);
    const fixed = standalone('greeting.json', JSON.parse(stale.fix!.newText) as Record<string, unknown>);
    assert.deepEqual(await checkConsistency([journeySource(FILES[1])], fixed.entries, { defaults: FIXTURE_DEFAULTS }), []);
  });
});
