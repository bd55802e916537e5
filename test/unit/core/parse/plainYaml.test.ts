// The fast reader of plain YAML (plainYaml.ts) must read exactly as the yaml library does, spans
// included, or leave the text to it: checked on every YAML file of the repository (and of the
// corpus, when it is beside this clone), on the monitors embedded in their ConfigMaps, and on
// thousands of seeded random edits of them.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readPlainYaml } from '../../../../server/src/core/parse/plainYaml';
import { readWithLibrary } from '../../../../server/src/core/parse/yamlTree';
import { CORPUS, REPO } from '../../../helpers/core';
import { seededRandom } from '../../../helpers/random';

function yamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    return e.isDirectory() ? yamlFiles(file) : /\.ya?ml$/.test(e.name) ? [file] : [];
  });
}

/** Each file, and each YAML document embedded in a data entry of it. */
function inputs(): { name: string; text: string }[] {
  const all: { name: string; text: string }[] = [];
  for (const file of [...yamlFiles(path.join(REPO, 'test/fixtures')), ...yamlFiles(path.join(REPO, 'examples')), ...yamlFiles(CORPUS)]) {
    const text = fs.readFileSync(file, 'utf8');
    const name = path.relative(REPO, file);
    all.push({ name, text });
    for (const doc of readWithLibrary(text).documents) {
      const data = doc.root?.kind === 'map' ? doc.root.entries.find((e) => e.key === 'data')?.value : undefined;
      for (const entry of data?.kind === 'map' ? data.entries : []) {
        if (entry.value.kind === 'scalar' && typeof entry.value.value === 'string' && /\.ya?ml$/.test(entry.key)) all.push({ name: `${name} ${entry.key}`, text: entry.value.value });
      }
    }
  }
  return all;
}

/** What an edit types: characters, and what changes a YAML structure or a scalar's type. */
const TYPED = ['x', ' ', '  ', '\n', '\n  ', '\n    ', '\n- ', ':', ': ', '- ', '-', '"', "'", '#', ' #', '[', ']', ',', ', ', '{', '1', '0', '.5', 'true', 'null', '~', '\\', "''", 'a: b', '\n\n', '? ', '|', '&a ', '*a', '!!str ', '\t', '---\n'];

function edited(text: string, next: () => number): string {
  for (let edits = 1 + Math.floor(next() * 3); edits > 0; edits--) {
    const at = Math.floor(next() * (text.length + 1));
    const removed = next() < 0.4 ? Math.floor(next() * 4) : 0;
    text = text.slice(0, at) + (next() < 0.85 ? TYPED[Math.floor(next() * TYPED.length)] : '') + text.slice(at + removed);
  }
  return text;
}

/** Whether the fast reader read it, after checking that it read it as the library does. */
function readsAsLibrary(name: string, text: string): boolean {
  const fast = readPlainYaml(text);
  if (fast) assert.deepEqual(fast, readWithLibrary(text), `${name}: ${JSON.stringify(text)}`);
  return fast !== undefined;
}

describe('the fast reader of plain YAML', () => {
  const all = inputs();

  it('reads the repository’s files and the monitors of their ConfigMaps as the yaml library does', () => {
    const read = all.filter(({ name, text }) => readsAsLibrary(name, text));
    // Most embedded monitors are plain: the fast reader must take them, or it speeds nothing up.
    assert.ok(read.length >= all.length / 3, `read ${read.length} of ${all.length}`);
  });

  it('reads random edits of them as the yaml library does, or leaves them to it', () => {
    const next = seededRandom(7);
    let read = 0;
    let total = 0;
    for (let round = 0; round < 15; round++) {
      for (const { name, text } of all) {
        total++;
        if (readsAsLibrary(name, edited(text, next))) read++;
      }
    }
    assert.ok(read > total / 20, `read ${read} of ${total}`);
  });

  it('reads a monitor as written by hand, and leaves what it does not model to the library', () => {
    const monitor = 'id: api\nname: API  # shown in Kibana\ntype: http\nschedule: "@every 5m"\nurls: [https://example.com, "https://b.example.com"]\ntimeout: 30\ntags:\n  - a\n  - b\ncheck.response.status: [200]\nlocations:\n- us_east\n';
    assert.ok(readsAsLibrary('monitor', monitor));
    assert.ok(readsAsLibrary('ConfigMap', `data:\n  api.yml: |\n${monitor.replace(/^/gm, '    ').trimEnd()}\n`));
    for (const other of ['a: &x 1\nb: *x\n', 'a: >\n  x\n', 'a: |-\n  x\n', 'a: |\n  x\n\nb: 1\n', 'a: 1.5\n', 'a: 0x1F\n', 'a: "x\\ny"\n', 'a: 1\na: 2\n', 'a: {b: 1}\n', 'a: 1\n# c\nb: 2\n', 'a: b\n  c\n', '---\na: 1\n']) {
      assert.equal(readPlainYaml(other), undefined, JSON.stringify(other));
    }
  });
});
