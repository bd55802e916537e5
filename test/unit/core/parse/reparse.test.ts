// An edit inside one ConfigMap entry re-reads only that entry (reparse.ts), and the analysis of
// an edit starts from the one before: both must read exactly what a reading of the whole text
// reads. Checked on the repository's ConfigMaps with thousands of seeded random edits, structure
// breaking ones included (dedents, headers, anchors, tabs, carriage returns).

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAnalyser, FileAnalysis } from '../../../../server/src/core';
import { reparseYaml } from '../../../../server/src/core/parse/reparse';
import { parseYaml } from '../../../../server/src/core/parse/yamlTree';
import { REPO, configMap, settings } from '../../../helpers/core';
import { seededRandom } from '../../../helpers/random';

const CONFIGMAPS = [
  'test/fixtures/gitops/synthetic-monitors.yaml',
  'test/fixtures/grammar/configmap.yaml',
  'test/fixtures/workspace/kustomize/shop/base/http-monitors.yaml',
  'test/fixtures/kibana/codec-refusals.yaml',
  'test/fixtures/generate/expected/browser-monitors.yaml',
  'examples/standalone-heartbeat/tcp-monitors.yaml',
].map((file) => ({ file, text: fs.readFileSync(path.join(REPO, file), 'utf8') }));

/** What an edit types: characters, words, and what changes a YAML structure. */
const TYPED = ['x', ' ', '\n', '\n    ', '\n  ', '\n\n', ':', ': ', '- ', '|', '>-', '"', "'", '#', '&a ', '*a', '\t', '\r', '---\n', 'timeout: 5s\n    ', '{', '}'];

/** An edit at a random place: typing, deleting, or replacing a few characters. */
function edit(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  const removed = next() < 0.4 ? Math.floor(next() * 6) : 0;
  const typed = next() < 0.8 ? TYPED[Math.floor(next() * TYPED.length)] : '';
  return text.slice(0, at) + typed + text.slice(at + removed);
}

/** The part of an analysis a user sees: findings and monitors, as plain data. */
function seen(analysis: FileAnalysis): unknown {
  return JSON.parse(JSON.stringify({ findings: analysis.findings, monitors: analysis.monitors, units: analysis.units.map((u) => ({ root: u.root, container: u.container, text: u.embedded?.text })) }));
}

describe('re-reading a YAML file after an edit', () => {
  it('reads every edit as a whole reading does, re-reading one entry alone when the edit stays in its block', () => {
    let incremental = 0;
    let total = 0;
    for (const [n, { file, text: original }] of CONFIGMAPS.entries()) {
      const next = seededRandom(n + 1);
      let before = original;
      let parse = parseYaml(before);
      for (let k = 0; k < 400; k++) {
        // Mostly edits of the text as it has become; now and then from the original again.
        const text = edit(next() < 0.1 ? original : before, next);
        const from = next() < 0.1 ? original : before;
        const reparsed = reparseYaml(from, from === before ? parse : parseYaml(from), text);
        const whole = parseYaml(text);
        total++;
        if (reparsed) {
          incremental++;
          assert.deepEqual(reparsed.parse, whole, `${file}, edit ${k}: ${JSON.stringify(text)}`);
        }
        before = text;
        parse = whole;
      }
    }
    // Random edits land in entries' blocks often enough that the re-reading is exercised.
    assert.ok(incremental > total / 10, `only ${incremental} of ${total} edits were re-read in part`);
  });

  it('re-reads an entry alone for typing in its body, and the whole file for anything else', () => {
    const text = configMap('  a.yml: |\n    type: http\n    id: a\n  b.yml: |\n    type: tcp\n    id: b\n');
    const parse = parseYaml(text);
    const at = (s: string) => text.indexOf(s);
    const typed = (offset: number, s: string, removed = 0) => text.slice(0, offset) + s + text.slice(offset + removed);
    assert.ok(reparseYaml(text, parse, typed(at('id: a') + 5, 'x')), 'a character in a value');
    assert.ok(reparseYaml(text, parse, typed(at('id: a') + 5, '\n    name: A')), 'a new line of the block');
    assert.ok(reparseYaml(text, parse, typed(at('  b.yml'), '\n')), 'a blank line after the block');
    assert.equal(reparseYaml(text, parse, typed(at('a.yml: |') + 7, '-')), undefined, 'the block header');
    assert.equal(reparseYaml(text, parse, typed(at('a.yml'), 'c', 1)), undefined, 'the key');
    assert.equal(reparseYaml(text, parse, typed(at('    id: a'), '', 2)), undefined, 'a line out of the block');
    assert.equal(reparseYaml(text, parse, typed(at('name: '), 'x')), undefined, 'outside every block');
    const anchored = configMap('  a.yml: &a |\n    type: http\n  b.yml: *a\n');
    assert.equal(reparseYaml(anchored, parseYaml(anchored), anchored.replace('http', 'tcp')), undefined, 'a file with aliases');
  });

  it('analyses an edit from the analysis before it as it analyses the text anew', () => {
    const analyser = createAnalyser();
    const fresh = createAnalyser();
    const s = settings();
    for (const [n, { file, text: original }] of CONFIGMAPS.entries()) {
      const next = seededRandom(100 + n);
      let previous = { text: original, analysis: analyser.analyse(original, 'yaml', s) };
      for (let k = 0; k < 60; k++) {
        const text = edit(previous.text, next);
        const analysis = analyser.analyse(text, 'yaml', s, false, previous);
        assert.deepEqual(seen(analysis), seen(fresh.analyse(text, 'yaml', s)), `${file}, edit ${k}: ${JSON.stringify(text)}`);
        previous = { text, analysis };
      }
    }
  });
});
