// Entries written into a ConfigMap file: golden output, every byte outside the entries written
// kept (comments, spacing, other entries), no change on a re-run, and a result the language
// server finds nothing to say about.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAnalyser } from '../../../server/src/core';
import { ConfigMapError, findEntries, upsertEntries } from '../../../server/src/journeys/configmap';
import { DEFAULT_SETTINGS } from '../../../server/src/protocol/settings';
import { CONFIGMAP, FIXTURES, JOURNEYS, changedRegion, generated, read, writeInto } from '../../helpers/generate';

const GOLDEN = path.join(FIXTURES, 'expected', 'browser-monitors.yaml');
const settings = { ...DEFAULT_SETTINGS, privateLocations: ['synthetic-monitor-default'] };

/** Findings of the language server's analysis of a ConfigMap text, as `line code`. */
function findingsOf(text: string): string[] {
  const analysis = createAnalyser().analyse(text, 'yaml', settings);
  return analysis.findings.map((f) => `${text.slice(0, f.span.start).split('\n').length} ${f.code}`);
}

async function journeys() {
  return [...(await generated(path.join(JOURNEYS, 'example.journey.ts'))), ...(await generated(path.join(JOURNEYS, 'todo.journey.ts')))];
}

/** The entry holding `id`, as its block's text. */
function blockOf(text: string, id: string): string {
  const entry = findEntries(text).find((e) => e.value?.id === id)!;
  return text.slice(entry.block.start, entry.block.end);
}

describe('generate: ConfigMap file', () => {
  it('writes the journeys into the fixture ConfigMap as the golden file has it', async () => {
    const result = writeInto(read(CONFIGMAP), await journeys());
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(GOLDEN, result.text);
    assert.equal(result.text, read(GOLDEN));
    assert.deepEqual(
      result.changes.map((c) => [c.key, c.status]),
      [
        ['example-journey.json', 'updated'],
        ['greeting-journey.json', 'created'],
      ],
    );
  });

  it('changes only the regenerated entry\'s lines: comments, spacing and other entries stay byte for byte', async () => {
    const before = read(CONFIGMAP);
    const result = writeInto(before, await generated(path.join(JOURNEYS, 'example.journey.ts')));
    const region = changedRegion(before, result.text);
    const entry = findEntries(before).find((e) => e.key === 'example-journey.json')!;
    assert.ok(region.start >= entry.block.start && region.end <= entry.block.end, 'the change lies inside the entry');
    // Only the script line differs: the entry's other fields (params, tags, private_locations) are the ConfigMap's own.
    assert.deepEqual(
      before.slice(region.start, region.end).split('\n').length,
      1,
    );
    const lineStart = before.lastIndexOf('\n', region.start) + 1;
    assert.ok(before.slice(lineStart, region.start).startsWith('          "script": "step('));
    assert.equal(result.edits.length, 1);
  });

  it('changes nothing when run again on unchanged journeys', async () => {
    const golden = read(GOLDEN);
    const result = writeInto(golden, await journeys());
    assert.equal(result.text, golden);
    assert.deepEqual(result.edits, []);
    assert.deepEqual(
      result.changes.map((c) => c.status),
      ['unchanged', 'unchanged'],
    );
  });

  it('updates only the changed journey\'s entry', async () => {
    const golden = read(GOLDEN);
    const changed = read(path.join(JOURNEYS, 'todo.journey.ts')).replace("step('fill and click'", "step('fill in and click'");
    const result = writeInto(golden, [...(await generated(path.join(JOURNEYS, 'example.journey.ts'))), ...(await generated(path.join(JOURNEYS, 'todo.journey.ts'), changed))]);
    assert.deepEqual(
      result.changes.map((c) => [c.key, c.status]),
      [
        ['example-journey.json', 'unchanged'],
        ['greeting-journey.json', 'updated'],
      ],
    );
    const region = changedRegion(golden, result.text);
    const entry = findEntries(golden).find((e) => e.key === 'greeting-journey.json')!;
    assert.ok(region.start >= entry.block.start && region.end <= entry.block.end);
    assert.equal(result.text.replace('fill in and click', 'fill and click'), golden);
  });

  it('gives a result the language server validates clean', async () => {
    assert.deepEqual(findingsOf(read(GOLDEN)), []);
    const created = writeInto(undefined, await journeys());
    assert.deepEqual(findingsOf(created.text), []);
  });

  it('creates the ConfigMap, named as in the design document, when the file is missing or empty', async () => {
    const [example] = await generated(path.join(JOURNEYS, 'example.journey.ts'));
    for (const before of [undefined, '', '\n']) {
      const result = writeInto(before, [example]);
      assert.match(result.text, /^apiVersion: v1\nkind: ConfigMap\nmetadata:\n {2}name: browser-journey-configs\n {2}labels:\n(.*\n){3}data:\n {2}example-monitor\.json: \|\n {4}\{\n {6}"name": "My Example Journey",\n/);
      assert.deepEqual(result.changes.map((c) => c.status), ['created']);
    }
    // A file holding other documents gets the ConfigMap as one more.
    const other = '# deployment\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n';
    const appended = writeInto(other, [example]);
    assert.ok(appended.text.startsWith(other + '---\napiVersion: v1\nkind: ConfigMap\n'));
  });

  it('follows the file\'s indentation and line ends, and adds `data:` where there is none', async () => {
    const [example] = await generated(path.join(JOURNEYS, 'example.journey.ts'));
    const crlf = 'apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n    name: browser-journey-configs\r\ndata:\r\n    other.json: |\r\n        {"id": "other", "type": "browser"}\r\n';
    const result = writeInto(crlf, [example]);
    assert.ok(result.text.startsWith(crlf), 'appended after the last entry');
    assert.match(result.text.slice(crlf.length), /^ {4}example-monitor\.json: \|\r\n {8}\{\r\n {10}"name": "My Example Journey",\r\n/);
    assert.ok(!/[^\r]\n/.test(result.text), 'CRLF throughout');

    for (const data of ['', 'data:\n', 'data: {}\n', 'data: ~\n']) {
      const before = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: browser-journey-configs\n${data}`;
      const text = writeInto(before, [example]).text;
      assert.ok(text.startsWith('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: browser-journey-configs\ndata:\n  example-monitor.json: |\n    {\n'), data);
      assert.equal(findEntries(text).length, 1);
    }
  });

  it('finds an entry by its id under any key, and keeps an entry whose JSON already matches byte for byte', async () => {
    const compact = 'kind: ConfigMap\nmetadata: {name: browser-journey-configs}\ndata:\n  anything.json: \'{"id": "a", "name": "A", "type": "browser"}\'   # kept\n';
    const unchanged = upsertEntries(compact, [{ id: 'a', key: 'a.json', build: (existing) => ({ ...existing }) }]);
    assert.equal(unchanged.text, compact);
    assert.deepEqual(unchanged.changes, [{ id: 'a', key: 'anything.json', configMap: 'browser-journey-configs', status: 'unchanged' }]);
    const updated = upsertEntries(compact, [{ id: 'a', key: 'a.json', build: (existing) => ({ ...existing, name: 'B' }) }]);
    assert.equal(updated.text, 'kind: ConfigMap\nmetadata: {name: browser-journey-configs}\ndata:\n  anything.json: |\n    {\n      "id": "a",\n      "name": "B",\n      "type": "browser"\n    }\n');
  });

  it('refuses to overwrite another monitor, to guess between ConfigMaps, or to edit a file that is not YAML', () => {
    const build = () => ({ id: 'b' });
    const taken = 'kind: ConfigMap\nmetadata: {name: browser-journey-configs}\ndata:\n  b.json: \'{"id": "other"}\'\n';
    assert.throws(() => upsertEntries(taken, [{ id: 'b', key: 'b.json', build }]), (e: Error) => e instanceof ConfigMapError && /already holds monitor `other`/.test(e.message));
    const two = 'kind: ConfigMap\nmetadata: {name: one}\n---\nkind: ConfigMap\nmetadata: {name: two}\n';
    assert.throws(() => upsertEntries(two, [{ id: 'b', key: 'b.json', build }]), /several ConfigMaps \(one, two\)/);
    assert.equal(upsertEntries(two, [{ id: 'b', key: 'b.json', build }], { configMap: 'two' }).changes[0].configMap, 'two');
    assert.throws(() => upsertEntries('kind: ConfigMap\ndata: [\n', [{ id: 'b', key: 'b.json', build }]), /not valid YAML \(line \d\)/);
  });

  it('keeps the entry\'s place among the others and the comments above it', async () => {
    const golden = read(GOLDEN);
    assert.match(blockOf(golden, 'example-monitor'), /^ {2}example-journey\.json: \|\n {4}\{\n/);
    const lines = golden.split('\n');
    assert.deepEqual(lines.filter((l) => /^\s*#/.test(l)), read(CONFIGMAP).split('\n').filter((l) => /^\s*#/.test(l)));
    assert.ok(golden.indexOf('status-page.json') < golden.indexOf('sync-config.yaml') && golden.indexOf('sync-config.yaml') < golden.indexOf('greeting-journey.json'));
  });
});
