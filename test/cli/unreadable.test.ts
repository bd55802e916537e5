// The issue's reproduction, end to end: twelve monitors pushed from a ConfigMap, then an entry that
// cannot be read as a monitor (its `type` gone, misspelt or wrong, an alias bomb, nesting too deep).
// `push --prune --yes`, the real CLI against the sandbox, must delete nothing, still push the rest,
// exit 1, and name the file:line that blocks the deletes.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LineIndex } from '../../server/src/core';
import { Sandbox, startSandbox } from '../../server/src/sandbox/server';
import { runCli } from '../helpers/cli';
import { REPO } from '../helpers/core';

const FIXTURE = fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'gitops', 'synthetic-monitors.yaml'), 'utf8');
const FILE = 'k8s/synthetic-monitors.yaml';
const ALL = ['api', 'auth', 'billing', 'cdn', 'checkout', 'db', 'docs', 'gateway', 'search', 'shop', 'status', 'web'];

/** The ConfigMap with the body of entry `key` rewritten (its lines without their indentation). */
function editEntry(text: string, key: string, edit: (body: string) => string): string {
  return text.replace(new RegExp(`(  ${key.replace('.', '\\.')}: \\|\\n)((?:    .*\\n)+)`), (_, header: string, body: string) => header + edit(body.replace(/^ {4}/gm, '')).replace(/^(?=.)/gm, '    '));
}
const removeEntry = (text: string, key: string) => text.replace(new RegExp(`  ${key.replace('.', '\\.')}: \\|\\n(?:    .*\\n)+`), '');

const LEVELS = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
for (let i = 1; i < 10; i++) LEVELS.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);

interface Case {
  name: string;
  /** The entry made unreadable. */
  key: string;
  edit: (body: string) => string;
  code: string;
  /** What the error points at, first found inside the entry, `plus` characters on. */
  at: string;
  plus?: number;
}

const CASES: Case[] = [
  { name: 'its `type:` line removed', key: 'shop.yml', edit: (b) => b.replace('type: http\n', ''), code: 'missing-required', at: 'id: shop' },
  { name: '`Type:`', key: 'shop.yml', edit: (b) => b.replace('type:', 'Type:'), code: 'missing-required', at: 'Type' },
  { name: '`tpye:`', key: 'shop.yml', edit: (b) => b.replace('type:', 'tpye:'), code: 'missing-required', at: 'tpye' },
  { name: '`type: htp`', key: 'shop.yml', edit: (b) => b.replace('type: http', 'type: htp'), code: 'unknown-monitor-type', at: 'htp' },
  { name: '`type: HTTP`', key: 'shop.yml', edit: (b) => b.replace('type: http', 'type: HTTP'), code: 'unknown-monitor-type', at: 'HTTP' },
  { name: '`"type": "brwser"` in JSON', key: 'checkout.json', edit: (b) => b.replace('"browser"', '"brwser"'), code: 'unknown-monitor-type', at: '"brwser"' },
  // At the alias whose expansion passes the 200,000 nodes: `a` to `e` and the first `*e` of `f` make about 141,000.
  { name: 'an alias bomb', key: 'shop.yml', edit: (b) => LEVELS.join('\n') + '\n' + b, code: 'yaml-too-large', at: '*e,*e', plus: 3 },
  // At the list 201 levels down (the entry's mapping is level 0).
  { name: 'nesting past the depth limit', key: 'shop.yml', edit: (b) => b + `x: ${'['.repeat(250)}${']'.repeat(250)}\n`, code: 'yaml-too-large', at: 'x: [', plus: 203 },
];

describe('push never deletes a monitor it cannot read (the real CLI, against the sandbox)', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let dir: string;

  beforeEach(async () => {
    sandbox = await startSandbox();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-unreadable-'));
    fs.mkdirSync(path.join(dir, 'k8s'));
    write(FIXTURE);
    const first = await cli('push', 'k8s/', '--prune', '--yes');
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.deepEqual(journeys(), ALL);
  });
  afterEach(async () => {
    await sandbox.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const write = (text: string) => fs.writeFileSync(path.join(dir, FILE), text);
  const cli = (...args: string[]) => runCli(args, { cwd: dir, env: { ...process.env, KIBANA_URL: sandbox.url, KIBANA_API_KEY: 'sandbox-key', SYNTHETICS_PROJECT: 'gitops', NO_COLOR: '1' } });
  const journeys = () => sandbox.state.monitorsIn('default').map((m) => String(m.attributes.journey_id)).sort();
  const deletes = () => sandbox.requests.filter((r) => r.method === 'DELETE').length;

  /** `file:line:column` of `at` (`plus` characters on), first found after the entry's key. */
  function place(text: string, key: string, at: string, plus = 0): string {
    const offset = text.indexOf(at, text.indexOf(`  ${key}: |`)) + plus;
    const { line, character } = new LineIndex(text).positionAt(offset);
    return `${FILE}:${line + 1}:${character + 1}`;
  }
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

  it('the reproduction: an entry loses its `type:` line; push --prune --yes deletes nothing and exits 1, naming the place', async () => {
    const text = editEntry(FIXTURE, 'shop.yml', (b) => b.replace('type: http\n', ''));
    write(text);
    const run = await cli('push', 'k8s/', '--prune', '--yes');
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const where = place(text, 'shop.yml', 'id: shop');
    assert.match(run.stderr, new RegExp(`^${escape(where)}: error missing-required: A monitor needs a \`type\`: \`http\`, \`tcp\`, \`icmp\` or \`browser\`\\.$`, 'm'));
    assert.match(run.stdout, new RegExp(`! invalid shop {2}"Shop health" \\(\\?\\) ${escape(FILE)}:\\d+:5\\n {4}not pushed: ${escape(where)}: error missing-required`));
    assert.match(run.stderr, /error: shop not pushed: fix its errors first \(missing-required\)/);
    assert.equal(deletes(), 0);
    assert.deepEqual(journeys(), ALL, 'shop is still in Kibana');

    const validate = await cli('validate', 'k8s/');
    assert.equal(validate.code, 1, 'validate exits 1 on it');
    assert.match(validate.stdout + validate.stderr, new RegExp(`${escape(where)}.*missing-required`));
  });

  for (const c of CASES) {
    it(`${c.name}: creates and updates the rest, withholds every delete, exits 1 and names the file:line`, async () => {
      // Besides the unreadable entry: cdn leaves git, api changes, fresh comes.
      let text = removeEntry(editEntry(FIXTURE, c.key, c.edit), 'cdn.yml');
      text = editEntry(text, 'api.yml', (b) => b.replace('@every 5m', '@every 10m'));
      text += '  fresh.yml: |\n    id: fresh\n    name: Fresh\n    type: http\n    schedule: "@every 5m"\n    urls: ["https://fresh.example.com"]\n    private_locations: [synthetic-monitor-default]\n';
      write(text);
      const run = await cli('push', 'k8s/', '--prune', '--yes');
      assert.equal(run.code, 1, run.stdout + run.stderr);
      const where = place(text, c.key, c.at, c.plus);
      assert.match(run.stderr, new RegExp(`^${escape(where)}: error ${c.code}: `, 'm'), run.stderr);
      const withheld = new RegExp(`^Deletes withheld: \\d monitor\\(s\\) stay in Kibana \\(([a-z, ]+)\\) while these inputs cannot be read, as they may hold monitors still in git: .*${escape(where)} \\(${c.code}: `, 'm');
      assert.match(run.stderr, withheld);
      assert.ok(withheld.exec(run.stderr)![1].split(', ').includes('cdn'));
      assert.match(run.stdout, new RegExp(`Deletes withheld: \\d monitor\\(s\\) stay in Kibana while these inputs cannot be read .*:\\n {2}${escape(where)}: ${c.code}: `));
      assert.match(run.stdout, /Pushed to http:\/\/127\.0\.0\.1:\d+: 1 created, 1 updated, 0 deleted, .*delete\(s\) withheld\./);
      assert.equal(deletes(), 0, 'no delete request');
      assert.deepEqual(journeys(), [...ALL, 'fresh'].sort());
      assert.deepEqual(sandbox.state.monitorsIn('default').find((m) => m.attributes.journey_id === 'api')!.attributes.schedule, { number: '10', unit: 'm' });
    });
  }

  it('deletes once the entry reads again', async () => {
    write(removeEntry(editEntry(FIXTURE, 'shop.yml', (b) => b.replace('type:', 'tpye:')), 'cdn.yml'));
    assert.equal((await cli('push', 'k8s/', '--prune', '--yes')).code, 1);
    assert.deepEqual(journeys(), ALL);
    const plan = await cli('plan', 'k8s/', '--format', 'json');
    const json = JSON.parse(plan.stdout);
    assert.deepEqual(json.blockers.map((b: { file: string; reason: string }) => [b.file, b.reason.split(':')[0]]), [[FILE, 'missing-required']]);
    assert.deepEqual(json.changes.filter((c: { withheld: boolean }) => c.withheld).map((c: { action: string; id: string }) => `${c.action} ${c.id}`), ['delete cdn']);
    write(removeEntry(FIXTURE, 'cdn.yml'));
    const fixed = await cli('push', 'k8s/', '--prune', '--yes');
    assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
    assert.match(fixed.stdout, /0 created, 0 updated, 1 deleted\./);
    assert.deepEqual(journeys(), ALL.filter((id) => id !== 'cdn'));
  });
});
