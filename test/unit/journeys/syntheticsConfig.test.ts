// The project's synthetics.config.ts as push applies it (journeys/syntheticsConfig.ts): loaded by
// @elastic/synthetics' own reader in a child process when trusted, its literal values read
// without running it when restricted; the settings every journey starts from; push's merge.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SyntheticsConfigError, SyntheticsConfigs, findSyntheticsConfig, mergeLikePush } from '../../../server/src/journeys/syntheticsConfig';
import { RESTRICTED_ENV } from '../../../server/src/protocol/trust';

/** A project folder: package.json, the config (`synthetics.config.ts` unless named), a journey, more files. */
function project(config: string, files: Record<string, string> = {}, configName = 'synthetics.config.ts'): { root: string; journey: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-config-'));
  const all: Record<string, string> = { 'package.json': '{"name":"p","private":true}', [configName]: config, 'journeys/a.journey.ts': "import { journey } from '@elastic/synthetics';\njourney('a', () => {});\n", ...files };
  for (const [file, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return { root, journey: path.join(root, 'journeys', 'a.journey.ts') };
}

/** Runs `body` with RESTRICTED_ENV (and NODE_ENV) set as given, restoring them after. */
async function withEnv<T>(env: { restricted?: boolean; nodeEnv?: string }, body: () => Promise<T>): Promise<T> {
  const before = { restricted: process.env[RESTRICTED_ENV], nodeEnv: process.env.NODE_ENV };
  const set = (name: string, value: string | undefined) => (value === undefined ? delete process.env[name] : (process.env[name] = value));
  set(RESTRICTED_ENV, env.restricted ? '1' : undefined);
  set('NODE_ENV', env.nodeEnv);
  try {
    return await body();
  } finally {
    set(RESTRICTED_ENV, before.restricted);
    set('NODE_ENV', before.nodeEnv);
  }
}

/** A config whose values are partly computed, and that leaves a mark when it is run. */
const CONFIG = `import type { SyntheticsConfig } from '@elastic/synthetics';
import { writeFileSync } from 'node:fs';
import { team } from './team';

writeFileSync(__dirname + '/config-ran', 'yes');

export default (env: string) => {
  const config: SyntheticsConfig = {
    params: { url: 'http://127.0.0.1:1/', env },
    playwrightOptions: { ignoreHTTPSErrors: true },
    monitor: {
      schedule: 30,
      locations: [],
      privateLocations: ['synthetic-monitor-default'],
      tags: [team],
      throttling: { download: 10, upload: 5, latency: 20 },
      maintenanceWindows: ['mw-1'],
    },
    project: { id: 'p', url: 'http://127.0.0.1:5601', space: 'default' },
  };
  return config;
};
`;

describe('synthetics.config.ts as push applies it', function () {
  this.timeout(30_000);
  const roots: string[] = [];
  const make = (...args: Parameters<typeof project>) => {
    const made = project(...args);
    roots.push(made.root);
    return made;
  };
  after(() => roots.forEach((root) => fs.rmSync(root, { recursive: true, force: true })));

  it('merges as @elastic/synthetics does: objects key by key, a non-empty list replaces, an empty one keeps', () => {
    const project = { params: { url: 'u', shared: { a: 1, b: 2 } }, tags: ['cfg'], locations: ['x'], schedule: 10 };
    const journey = { params: { shared: { b: 3 }, own: true }, tags: ['own'], locations: [], schedule: 5 };
    assert.deepEqual(mergeLikePush(project, journey), { params: { url: 'u', shared: { a: 1, b: 3 }, own: true }, tags: ['own'], locations: ['x'], schedule: 5 });
    assert.deepEqual(mergeLikePush({ tags: ['a'] }, { tags: ['b', 'b'] }), { tags: ['b'] });
  });

  it('finds the config as @elastic/synthetics does: synthetics.config.js before .ts, walking up', () => {
    const { root } = make('export default {};', { 'synthetics.config.js': 'module.exports = {};', 'sub/dir/.keep': '' });
    assert.equal(findSyntheticsConfig(path.join(root, 'sub', 'dir')), path.join(root, 'synthetics.config.js'));
  });

  it('trusted: loads it with @elastic/synthetics\' own reader (imports, the env argument), in a child process', async () => {
    const { root, journey } = make(CONFIG, { 'team.ts': "export const team = 'web';\n" });
    const config = await withEnv({ nodeEnv: 'staging' }, () => new SyntheticsConfigs().for(journey));
    assert.ok(config);
    assert.equal(config.read, 'loaded');
    assert.equal(fs.readFileSync(path.join(root, 'config-ran'), 'utf8'), 'yes', 'the config ran');
    assert.deepEqual(config.monitor, {
      throttling: { download: 10, upload: 5, latency: 20 },
      schedule: 30,
      locations: [],
      privateLocations: ['synthetic-monitor-default'],
      tags: ['web'],
      params: { url: 'http://127.0.0.1:1/', env: 'staging' },
      // Push adds `headless` (true unless the config says otherwise).
      playwrightOptions: { ignoreHTTPSErrors: true, headless: true },
    });
    assert.deepEqual(config.unread, []);
    assert.deepEqual(config.warnings.map((w) => w.message), ['`monitor.maintenanceWindows` of synthetics.config.ts is not carried into the entries: the browser-config format has no such field.']);
  });

  it('restricted: never runs it; reads its literal values and leaves out each computed setting, saying where', async () => {
    const { root, journey } = make(CONFIG, { 'team.ts': "export const team = 'web';\n" });
    const config = await withEnv({ restricted: true }, () => new SyntheticsConfigs().for(journey));
    assert.ok(config);
    assert.equal(config.read, 'static');
    assert.ok(!fs.existsSync(path.join(root, 'config-ran')), 'the config did not run');
    assert.deepEqual(config.monitor, {
      throttling: { download: 10, upload: 5, latency: 20 },
      schedule: 30,
      locations: [],
      privateLocations: ['synthetic-monitor-default'],
      playwrightOptions: { ignoreHTTPSErrors: true, headless: true },
    });
    assert.deepEqual(config.unread.sort(), ['params', 'tags']);
    assert.deepEqual(
      config.warnings.map((w) => `${w.line}:${w.column} ${w.message.split(':')[0]}`),
      ['9:43 `params` of synthetics.config.ts is left out', '15:14 `monitor.tags` of synthetics.config.ts is left out', '1:1 `monitor.maintenanceWindows` of synthetics.config.ts is not carried into the entries'],
    );
    assert.match(config.warnings[0].message, /`env` is computed, and in Restricted Mode the config is not run; trust the workspace to read it as @elastic\/synthetics does\.$/);
  });

  it('restricted: reads the usual forms (an object, an arrow function, module.exports), and says when the whole config is computed', async () => {
    const forms: [string, string, Record<string, unknown> | undefined][] = [
      ['synthetics.config.ts', "export default { monitor: { schedule: 5 } } satisfies object;\n", { schedule: 5 }],
      ['synthetics.config.ts', 'export default () => ({ params: { a: 1 }, monitor: { schedule: 15 } });\n', { schedule: 15, params: { a: 1 } }],
      ['synthetics.config.ts', 'const config = { monitor: { locations: ["us_east"] } };\nexport default config;\n', { locations: ['us_east'] }],
      ['synthetics.config.js', 'module.exports = { monitor: { schedule: 60 } };\n', { schedule: 60 }],
      ['synthetics.config.ts', 'export default makeConfig();\n', undefined],
    ];
    for (const [name, text, expected] of forms) {
      const { journey } = make(text, {}, name);
      const config = (await withEnv({ restricted: true }, () => new SyntheticsConfigs().for(journey)))!;
      if (expected) {
        assert.deepEqual(config.monitor, { ...expected, playwrightOptions: { headless: true } }, text);
        assert.deepEqual(config.warnings, [], text);
      } else {
        assert.deepEqual(config.monitor, {}, 'nothing read');
        assert.match(config.warnings[0].message, /^`the configuration` of synthetics\.config\.ts is left out: `makeConfig\(\)` is not an object literal/);
      }
    }
  });

  it('a config that fails to load is an error naming it, as push stops at it', async () => {
    const { journey, root } = make("export default () => { throw new Error('no KIBANA_URL'); };\n");
    await assert.rejects(
      () => new SyntheticsConfigs().for(journey),
      (error: Error) => error instanceof SyntheticsConfigError && error.file === path.join(root, 'synthetics.config.ts') && /no KIBANA_URL/.test(error.message),
    );
  });

  it('reads a config once while it is unchanged, and again once it changes', async () => {
    const { journey, root } = make('export default { monitor: { schedule: 5 } };\n');
    const configs = new SyntheticsConfigs();
    const first = await withEnv({ restricted: true }, () => configs.for(journey));
    assert.equal(await withEnv({ restricted: true }, () => configs.for(journey)), first);
    fs.writeFileSync(path.join(root, 'synthetics.config.ts'), 'export default { monitor: { schedule: 10 } };\n');
    const file = path.join(root, 'synthetics.config.ts');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    assert.equal((await withEnv({ restricted: true }, () => configs.for(journey)))?.monitor.schedule, 10);
    assert.equal(await new SyntheticsConfigs().for(path.join(os.tmpdir(), 'nowhere', 'x.journey.ts')), undefined, 'no project: no config');
  });
});
