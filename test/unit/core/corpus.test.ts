// The 50 real configurations of the corpus, each read as its manifest says (target, file path):
// the findings must match the reviewed list in test/fixtures/corpus/expected.txt. Every line
// there was looked at against what the file's real consumer does; configs that people ran clean
// stay clean. The warnings and errors a running Heartbeat would not print itself, and why they stay
// (also in docs/monitors.md, "What real configurations get wrong"):
// - duplicate-key (bruneaug, KennethLobato, framsouza): its YAML reader keeps the last value silently;
//   the earlier `processors`, `providers` or `schedule` are lost.
// - unknown-key (cyrille-leclerc `protocol`, ayushvtf `wait` on tcp): ignored silently, so it does nothing.
// - timeout-exceeds-schedule (ayushvtf, diegograssato, Rungway: 16s against a cron every 5s): runs
//   are skipped while a check lasts.
// - missing-required and unknown-key on elastic/synthetics' heartbeat.docker.yml: the browser `script:`
//   of the 7.10 experimental image, which Heartbeat 8 no longer reads.
// The real error processor-invalid (liu-xiao-guo) is libbeat's own; url-no-scheme and
// locations-missing are information. UPDATE_GOLDEN=1 rewrites the file.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineIndex, fileKind } from '../../../server/src/core';
import { REPO, SHARED, analyse, corpusOrSkip, settings } from '../../helpers/core';

const EXPECTED = path.join(REPO, 'test', 'fixtures', 'corpus', 'expected.txt');

describe('the real-world corpus', () => {
  it('gets exactly the reviewed findings', function () {
    const corpus = corpusOrSkip(this);
    const rows = fs.readFileSync(path.join(SHARED, 'corpus', 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
    assert.equal(rows.length, 50);
    const lines: string[] = [];
    for (const [file, , repoPath, , , , target] of rows) {
      const overrides = { target: target === 'heartbeat' ? ('heartbeat' as const) : ('kibana' as const) };
      // The corpus is a list of files, each read as if named on the command line: a JSON file is read whatever its name.
      const kind = fileKind(repoPath, settings(overrides)) ?? (repoPath.endsWith('.json') ? 'browser-json' : undefined);
      if (!kind) continue;
      const text = fs.readFileSync(path.join(corpus, file), 'utf8');
      const index = new LineIndex(text);
      for (const f of analyse(text, overrides, kind).findings) {
        const at = index.positionAt(f.span.start);
        lines.push(`${file}:${at.line + 1}:${at.character + 1} ${f.severity} ${f.code}`);
      }
    }
    const actual = lines.join('\n') + '\n';
    if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(EXPECTED, actual);
    assert.equal(actual, fs.readFileSync(EXPECTED, 'utf8'));
  });
});
