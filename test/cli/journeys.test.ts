// `synthetics-gitops generate` and `check` from the shipped dist/cli.js: what they print, what
// they write, and their exit codes; the project's synthetics.config.ts (run as push runs it, or read
// without running it); standalone browser-monitor JSON files.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { REPO } from '../helpers/core';

const CLI = path.join(REPO, 'dist', 'cli.js');
const FIXTURES = path.join(REPO, 'test', 'fixtures', 'generate');

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A copy of the generate fixtures (journeys/, configmaps/) in a temporary folder, minus `without`. */
function workspace(without: string[] = []): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-journeys-'));
  for (const dir of ['journeys', 'configmaps']) {
    fs.mkdirSync(path.join(root, dir));
    for (const name of fs.readdirSync(path.join(FIXTURES, dir))) {
      if (!without.includes(name)) fs.copyFileSync(path.join(FIXTURES, dir, name), path.join(root, dir, name));
    }
  }
  return root;
}

const read = (root: string, file: string) => fs.readFileSync(path.join(root, file), 'utf8');

describe('synthetics-gitops generate', function () {
  this.timeout(30_000);
  it('writes the entries, says what it did, and changes nothing on a second run (exit 0)', () => {
    const root = workspace(['npm.journey.ts']);
    try {
      const first = run(['generate', 'journeys', '--configmap', 'configmaps/browser-monitors.yaml'], root);
      assert.equal(first.code, 0, first.stdout + first.stderr);
      assert.equal(
        first.stdout,
        [
          'updated   example-journey.json  (id example-monitor, from journeys/example.journey.ts:3)',
          'created   greeting-journey.json  (id greeting-journey, from journeys/todo.journey.ts:7)',
          'configmaps/browser-monitors.yaml: 1 created, 1 updated, 0 unchanged (wrote).',
          '',
        ].join('\n'),
      );
      // The defaults come from the ConfigMap's own sync-config.yaml: the golden file is what the unit tests write.
      const written = read(root, 'configmaps/browser-monitors.yaml');
      assert.equal(written, fs.readFileSync(path.join(FIXTURES, 'expected', 'browser-monitors.yaml'), 'utf8'));
      const second = run(['generate', 'journeys', '--configmap', 'configmaps/browser-monitors.yaml'], root);
      assert.equal(second.code, 0);
      assert.match(second.stdout, /^unchanged example-journey\.json .*\nunchanged greeting-journey\.json .*\nconfigmaps\/browser-monitors\.yaml: 0 created, 0 updated, 2 unchanged \(left unchanged\)\.\n$/);
      assert.equal(read(root, 'configmaps/browser-monitors.yaml'), written);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('creates the ConfigMap file, and exits 1 for a journey it cannot generate while writing the others', () => {
    const root = workspace();
    try {
      const result = run(['generate', 'journeys', '--configmap', 'k8s/new/browser-monitors.yaml', '--default-private-locations', 'synthetic-monitor-default'], root);
      assert.equal(result.code, 1);
      const lines = result.stdout.trim().split('\n');
      assert.match(lines[0], /^journeys\/npm\.journey\.ts:2:23: error: `@faker-js\/faker` \(imported at npm\.journey\.ts:2\) cannot be inlined/);
      assert.equal(lines[lines.length - 1], 'k8s/new/browser-monitors.yaml: 2 created, 0 updated, 0 unchanged, 1 failed (wrote).');
      assert.match(read(root, 'k8s/new/browser-monitors.yaml'), /^apiVersion: v1\nkind: ConfigMap\nmetadata:\n {2}name: browser-journey-configs\n/);
      const validate = run(['validate', 'k8s', '--private-locations', 'synthetic-monitor-default'], root);
      assert.equal(validate.stdout, '1 file checked: 0 errors, 0 warnings.\n');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('--dry-run writes nothing; usage and I/O errors exit 2', () => {
    const root = workspace(['npm.journey.ts']);
    try {
      const before = read(root, 'configmaps/browser-monitors.yaml');
      const dry = run(['generate', 'journeys', '--configmap', 'configmaps/browser-monitors.yaml', '--dry-run'], root);
      assert.equal(dry.code, 0);
      assert.match(dry.stdout, /1 created, 1 updated, 0 unchanged \(would write\)\.\n$/);
      assert.equal(read(root, 'configmaps/browser-monitors.yaml'), before);
      assert.equal(run(['generate', 'journeys'], root).code, 2);
      assert.match(run(['generate', 'journeys'], root).stderr, /generate needs --configmap FILE/);
      fs.writeFileSync(path.join(root, 'broken.yaml'), 'kind: ConfigMap\ndata: [\n');
      const broken = run(['generate', 'journeys', '--configmap', 'broken.yaml'], root);
      assert.equal(broken.code, 2);
      assert.match(broken.stderr, /broken\.yaml: the file is not valid YAML/);
      assert.equal(run(['generate', 'nowhere', '--configmap', 'x.yaml'], root).code, 2);
      const help = run(['generate', '--help'], root);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /^Usage: synthetics-gitops generate \[journeys\.\.\.\] --configmap FILE/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('synthetics-gitops check', function () {
  this.timeout(30_000);
  it('lists missing, orphaned, stale and not-inlinable with file:line, and exits 1', () => {
    const root = workspace();
    try {
      const result = run(['check', '--journeys', 'journeys', '--configmaps', 'configmaps'], root);
      assert.equal(result.code, 1);
      const lines = result.stdout.trim().split('\n');
      assert.deepEqual(
        lines.slice(0, -1).map((l) => l.replace(/: [A-Z][^]*$/, '')),
        [
          'configmaps/browser-monitors.yaml:16:3: warning journey-entry-stale',
          'configmaps/browser-monitors.yaml:39:3: warning journey-entry-orphaned',
          'journeys/npm.journey.ts:2:23: error journey-not-inlinable',
          'journeys/npm.journey.ts:4:9: warning journey-entry-missing',
          'journeys/todo.journey.ts:7:9: warning journey-entry-missing',
        ],
      );
      assert.equal(lines[lines.length - 1], '3 journeys, 2 entries: 2 missing, 1 orphaned, 1 stale, 1 not inlinable.');

      const json = run(['check', '--journeys', 'journeys', '--configmaps', 'configmaps', '--format', 'json'], root);
      assert.equal(json.code, 1);
      const report = JSON.parse(json.stdout);
      assert.deepEqual(report.summary, { journeys: 3, entries: 2, missing: 2, orphaned: 1, stale: 1, notInlinable: 1 });
      assert.deepEqual(report.issues[0], {
        kind: 'stale',
        code: 'journey-entry-stale',
        file: 'configmaps/browser-monitors.yaml',
        line: 16,
        column: 3,
        endLine: 16,
        endColumn: 23,
        id: 'example-monitor',
        message: 'Entry `example-journey.json` no longer matches journey "My Example Journey" (journeys/example.journey.ts:3): the script differs. Regenerate it.',
        related: [{ file: 'journeys/example.journey.ts', line: 3, column: 9, endLine: 3, endColumn: 29, message: 'journey "My Example Journey"' }],
      });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('exits 0 once everything is generated and nothing is orphaned', () => {
    const root = workspace(['npm.journey.ts']);
    try {
      const configMap = path.join(root, 'configmaps', 'browser-monitors.yaml');
      fs.writeFileSync(configMap, fs.readFileSync(configMap, 'utf8').replace(/ {2}# Written by hand[^]*?\n\n/, ''));
      assert.equal(run(['generate', 'journeys', '--configmap', 'configmaps/browser-monitors.yaml'], root).code, 0);
      const result = run(['check', '--journeys', 'journeys', '--configmaps', 'configmaps'], root);
      assert.equal(result.stdout, '2 journeys, 2 entries: 0 missing, 0 orphaned, 0 stale, 0 not inlinable.\n');
      assert.equal(result.code, 0);
      assert.equal(run(['check', '--journeys', 'journeys'], root).code, 2);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

/** An @elastic/synthetics project (package.json, synthetics.config.ts, a journey) in a temporary folder; the config leaves a mark when it runs. */
function syntheticsProject(config = CONFIG): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-project-'));
  const files: Record<string, string> = { 'package.json': '{"name":"shop","private":true}', 'synthetics.config.ts': config, 'journeys/shop.journey.ts': SHOP };
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

const CONFIG = `import type { SyntheticsConfig } from '@elastic/synthetics';
import { writeFileSync } from 'node:fs';

writeFileSync(__dirname + '/config-ran', 'yes');

export default (env: string): SyntheticsConfig => ({
  params: { url: 'https://shop.example.com', env },
  playwrightOptions: { ignoreHTTPSErrors: true },
  monitor: { schedule: 30, locations: [], privateLocations: ['synthetic-monitor-default'], throttling: { download: 10, upload: 5, latency: 20 }, tags: ['shop'] },
  project: { id: 'shop', url: 'https://kibana.example.com', space: 'default' },
});
`;

const SHOP = `import { journey, step, monitor } from '@elastic/synthetics';

journey('Shop', ({ page, params }) => {
  monitor.use({ id: 'shop', schedule: 10, params: { basket: true } });
  step('open', async () => {
    await page.goto(params.url);
  });
});
`;

/** The entry generate wrote for `id` into the ConfigMap file. */
function entryIn(file: string, key: string): Record<string, unknown> {
  return JSON.parse((parse(fs.readFileSync(file, 'utf8')) as { data: Record<string, string> }).data[key]);
}

describe('synthetics-gitops generate with the project\'s synthetics.config.ts', function () {
  this.timeout(30_000);
  let root: string;
  beforeEach(() => (root = syntheticsProject()));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('applies its monitor settings, params and playwrightOptions as push does, the journey\'s monitor.use over them', () => {
    const result = run(['generate', 'journeys', '--configmap', 'k8s/browser-monitors.yaml'], root, { NODE_ENV: 'production' });
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.equal(fs.readFileSync(path.join(root, 'config-ran'), 'utf8'), 'yes', 'the config ran, as push runs it');
    const { source, ...entry } = entryIn(path.join(root, 'k8s', 'browser-monitors.yaml'), 'shop.json');
    assert.deepEqual(entry, {
      name: 'Shop',
      id: 'shop',
      type: 'browser',
      schedule: { number: '10', unit: 'm' }, // the journey's, over the project's 30
      locations: [],
      private_locations: ['synthetic-monitor-default'],
      params: { url: 'https://shop.example.com', env: 'production', basket: true },
      tags: ['shop'],
      enabled: true,
      throttling: { download: 10, upload: 5, latency: 20 },
      playwright_options: { ignoreHTTPSErrors: true, headless: true },
    });
    assert.match(JSON.stringify(source), /page\.goto\(params\.url\)/);
  });

  it('in restricted mode, reads its literal values without running it, and says what it left out', () => {
    const result = run(['generate', 'journeys', '--configmap', 'k8s/browser-monitors.yaml'], root, { SYNTHETICS_GITOPS_RESTRICTED: '1' });
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.ok(!fs.existsSync(path.join(root, 'config-ran')), 'the config did not run');
    assert.equal(
      result.stdout.split('\n')[0],
      'synthetics.config.ts:7:46: warning: `params` of synthetics.config.ts is left out: `env` is computed, and in Restricted Mode the config is not run; trust the workspace to read it as @elastic/synthetics does.',
    );
    const entry = entryIn(path.join(root, 'k8s', 'browser-monitors.yaml'), 'shop.json');
    assert.equal(entry.params, undefined, 'params left out: part of them could not be read');
    assert.deepEqual([entry.schedule, entry.private_locations, entry.tags, entry.playwright_options], [{ number: '10', unit: 'm' }, ['synthetic-monitor-default'], ['shop'], { ignoreHTTPSErrors: true, headless: true }]);
  });

  it('stops at a config that does not load, as push does (exit 1)', () => {
    fs.writeFileSync(path.join(root, 'synthetics.config.ts'), "export default () => { throw new Error('KIBANA_URL is not set'); };\n");
    const result = run(['generate', 'journeys', '--configmap', 'k8s/browser-monitors.yaml'], root);
    assert.equal(result.code, 1);
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines[0], 'synthetics.config.ts:1:1: error: synthetics.config.ts could not be read: KIBANA_URL is not set');
    assert.equal(lines[lines.length - 1], 'k8s/browser-monitors.yaml: 0 created, 0 updated, 0 unchanged, 1 failed (left unchanged).');
    assert.ok(!fs.existsSync(path.join(root, 'k8s')), 'nothing written');
  });

  it('check compares with it too: an entry generated before the config changed is stale', () => {
    assert.equal(run(['generate', 'journeys', '--configmap', 'k8s/browser-monitors.yaml'], root).code, 0);
    assert.equal(run(['check', '--journeys', 'journeys', '--configmaps', 'k8s'], root).code, 0);
    fs.writeFileSync(path.join(root, 'synthetics.config.ts'), CONFIG.replace("privateLocations: ['synthetic-monitor-default']", "privateLocations: ['eu-private']"));
    const result = run(['check', '--journeys', 'journeys', '--configmaps', 'k8s'], root);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^k8s\/browser-monitors\.yaml:10:3: warning journey-entry-stale: Entry `shop\.json` no longer matches journey "Shop" \(journeys\/shop\.journey\.ts:3\): `private_locations` differs\. Regenerate it\.\n/);
  });
});

describe('synthetics-gitops check with standalone browser-monitor JSON files', function () {
  this.timeout(30_000);
  let root: string;
  beforeEach(() => {
    root = syntheticsProject();
    assert.equal(run(['generate', 'journeys', '--configmap', 'k8s/browser-monitors.yaml'], root).code, 0);
    // The same entry as a standalone file, as the browserConfigGlobs find them, and one no journey has.
    fs.mkdirSync(path.join(root, 'monitors', 'browser-monitors'), { recursive: true });
    const entry = entryIn(path.join(root, 'k8s', 'browser-monitors.yaml'), 'shop.json');
    fs.writeFileSync(path.join(root, 'monitors', 'browser-monitors', 'shop.json'), JSON.stringify({ ...entry, schedule: { number: '60', unit: 'm' } }, null, 2) + '\n');
    fs.writeFileSync(path.join(root, 'monitors', 'browser-monitors', 'gone.json'), JSON.stringify({ name: 'Gone', id: 'gone', type: 'browser', schedule: { number: '10', unit: 'm' } }, null, 2) + '\n');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reports a stale file at its id and an orphaned one, as it does ConfigMap entries', () => {
    const result = run(['check', '--journeys', 'journeys', '--configmaps', 'monitors', '--format', 'json'], root);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    const report = JSON.parse(result.stdout) as { summary: Record<string, number>; issues: { code: string; file: string; line: number; column: number; message: string }[] };
    assert.deepEqual(report.summary, { journeys: 1, entries: 2, missing: 0, orphaned: 1, stale: 1, notInlinable: 0 });
    assert.deepEqual(
      report.issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.code}`),
      ['monitors/browser-monitors/gone.json:3:9 journey-entry-orphaned', 'monitors/browser-monitors/shop.json:3:9 journey-entry-stale'],
    );
    assert.match(report.issues[1].message, /^Browser monitor file `shop\.json` no longer matches journey "Shop" \(journeys\/shop\.journey\.ts:3\): `schedule` differs\. Regenerate it\.$/);
  });

  it('finds the files of other folders with --browser-globs, and reads a file named explicitly', () => {
    fs.renameSync(path.join(root, 'monitors', 'browser-monitors'), path.join(root, 'monitors', 'synthetics'));
    const unseen = run(['check', '--journeys', 'journeys', '--configmaps', 'monitors', '--configmaps', 'k8s'], root);
    assert.equal(unseen.code, 0, 'not browser-monitor files by the default globs');
    const globbed = run(['check', '--journeys', 'journeys', '--configmaps', 'monitors', '--browser-globs', 'synthetics/*.json'], root);
    assert.match(globbed.stdout, /\n1 journeys, 2 entries: 0 missing, 1 orphaned, 1 stale, 0 not inlinable\.\n$/);
    const named = run(['check', '--journeys', 'journeys', '--configmaps', 'monitors/synthetics/shop.json'], root);
    assert.match(named.stdout, /^monitors\/synthetics\/shop\.json:3:9: warning journey-entry-stale: /);
  });
});
