// No input crashes or hangs the core: binary data, invalid UTF-8, huge files, absurd nesting,
// alias bombs, enormous ConfigMaps; and random mutations of real fixtures (fast-check).

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { FileKind } from '../../../server/src/core';
import { CORPUS, analyse, corpusOrSkip, seedYamlBlocks } from '../../helpers/core';

/** Analyses and returns the time it took; throwing fails the test. */
function timed(text: string, kind: FileKind = 'yaml'): number {
  const start = performance.now();
  const result = analyse(text, {}, kind);
  assert.ok(Array.isArray(result.findings));
  return performance.now() - start;
}

function configMapWith(count: number, entry: (i: number) => string): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: many', 'data:'];
  for (let i = 0; i < count; i++) lines.push(entry(i));
  return lines.join('\n') + '\n';
}

const HTTP_ENTRY = (i: number) =>
  `  m-${i}.yml: |\n    id: m-${i}\n    name: Monitor ${i}\n    type: http\n    schedule: "@every 5m"\n    urls: ["https://s${i}.example.com/health"]\n    locations: [us_east]\n    timeout: 30s\n    tags: [gitops-managed, team-${i % 7}]\n    check.response.status: [200]`;

describe('robustness', () => {
  it('reads binary data and invalid UTF-8 without throwing', () => {
    const bytes = Buffer.alloc(64 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
    timed(bytes.toString('utf8'));
    timed(bytes.toString('utf8'), 'browser-json');
    const invalid = Buffer.concat([Buffer.from('kind: ConfigMap\ndata:\n  a.yml: |\n    type: http\n    name: '), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('\n')]);
    const result = analyse(invalid.toString('utf8'));
    assert.equal(result.monitors.length, 1);
  });

  it('checks a 10 MB file: thousands of monitors beside a huge non-monitor entry', function () {
    this.timeout(60_000);
    const filler = `  notes.txt: |\n${'    lorem ipsum dolor sit amet, consectetur adipiscing elit\n'.repeat(160_000)}`;
    const text = configMapWith(8000, HTTP_ENTRY) + filler;
    assert.ok(text.length > 10 * 1024 * 1024, `${text.length} bytes`);
    const result = analyse(text);
    assert.equal(result.monitors.length, 8000);
    assert.deepEqual(result.findings, []);
  });

  it('checks a ConfigMap with 5,000 entries, finding the one bad monitor', () => {
    const text = configMapWith(5000, (i) => (i === 4321 ? HTTP_ENTRY(i).replace('@every 5m', '@every 7m') : HTTP_ENTRY(i)));
    const result = analyse(text);
    assert.equal(result.monitors.length, 5000);
    assert.deepEqual(result.findings.map((f) => f.code), ['schedule-adjusted']);
  });

  it('survives 10,000-deep nesting in YAML and JSON, plain or embedded', () => {
    const flow = '['.repeat(10_000) + ']'.repeat(10_000);
    const mapping = '{a: '.repeat(10_000) + '1' + '}'.repeat(10_000);
    timed(flow);
    timed(mapping);
    timed(flow, 'browser-json');
    timed(`{"type": "browser", "source": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`, 'browser-json');
    timed(`kind: ConfigMap\ndata:\n  a.yml: |\n    type: http\n    x: ${mapping}\n  b.json: |\n    {"type": "browser", "x": ${flow}}\n`);
    const block = Array.from({ length: 2000 }, (_, i) => ' '.repeat(i) + 'a:').join('\n');
    timed('heartbeat.monitors:\n- type: http\n  x:\n' + block.replace(/^/gm, '    '));
  });

  it('does not expand YAML alias bombs', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const name = String.fromCharCode(97 + i);
      const prev = String.fromCharCode(96 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const bomb = `heartbeat.monitors:\n- type: http\n  urls: [https://x.example]\n  ${levels.join('\n  ')}\n`;
    const result = analyse(bomb);
    assert.ok(result.findings.some((f) => f.code === 'yaml-too-large'));
    const embedded = `kind: ConfigMap\ndata:\n  bomb.yml: |\n    type: http\n    ${levels.join('\n    ')}\n`;
    assert.ok(analyse(embedded).findings.some((f) => f.code === 'yaml-too-large'));
  });

  it('never throws on the real corpus', function () {
    const corpus = corpusOrSkip(this);
    for (const file of fs.readdirSync(corpus)) {
      const text = fs.readFileSync(path.join(corpus, file), 'utf8');
      timed(text, file.endsWith('.json') ? 'browser-json' : 'yaml');
    }
  });

  it('returns findings without throwing on random mutations of real fixtures, within a time bound', function () {
    this.timeout(120_000);
    // The design document's ConfigMaps, and three real files of the corpus where it is beside this clone.
    const real = ['elastic__synthetics__templates__lightweight__heartbeat.yml', 'pranaygitac__tomcat-eck-filebeat__heartbeat-configmap.yaml', 'jzelenjak__elastic-stack__heartbeat__monitors.d__http.yml'];
    const fixtures = [...seedYamlBlocks(), ...(fs.existsSync(CORPUS) ? real.map((f) => fs.readFileSync(path.join(CORPUS, f), 'utf8')) : [])];
    const pieces = ['|', '|-', '>', ':', '- ', '\n', '  ', '\t', '{', '}', '[', ']', '"', "'", '#', '&a', '*a', '<<: *a', '---', '\\', '@every', '${x}', 'type: http', '\u0000', '\uFFFD', '\r\n'];
    const mutation = fc.record({
      fixture: fc.integer({ min: 0, max: fixtures.length - 1 }),
      edits: fc.array(fc.record({ at: fc.nat(), cut: fc.nat({ max: 20 }), insert: fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 12 })) }), { minLength: 1, maxLength: 8 }),
    });
    fc.assert(
      fc.property(mutation, ({ fixture, edits }) => {
        let text = fixtures[fixture];
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.insert + text.slice(at + e.cut);
        }
        const ms = timed(text);
        // A few-kilobyte document is checked in well under a second even on a slow machine.
        assert.ok(ms < 1000, `took ${ms} ms`);
      }),
      { numRuns: 400, seed: 20261127 },
    );
  });
});
