// `push --from DIR` as the in-cluster Job runs it, against the Kibana sandbox: ConfigMaps mounted
// the way the kubelet writes them, JSON events a line each with the plan before any write, the
// prune guards refusing an empty or shrunken mount, and a refused monitor at its key and line.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Sandbox, startSandbox } from '../../server/src/sandbox/server';
import { events, runCli } from '../helpers/cli';
import { writeConfigMapVolume } from '../helpers/kubeletMount';

const http = (id: string, extra = '') =>
  `id: ${id}\nname: ${id} health\ntype: http\nschedule: "@every 5m"\nurls: ["https://${id}.example.com/health"]\nprivate_locations: [synthetic-monitor-default]\n${extra}`;
const list = (...ids: string[]) => ids.map((id) => '- ' + http(id).replace(/\n(?=.)/g, '\n  ')).join('');
const BROWSER = JSON.stringify({
  id: 'example-monitor',
  name: 'My Example Journey',
  type: 'browser',
  schedule: { number: '10', unit: 'm' },
  private_locations: ['synthetic-monitor-default'],
  source: { inline: { script: "step('launch', async () => { await page.goto(params.url); });" } },
  params: { url: 'https://elastic.github.io/synthetics-demo/' },
});
// As the seed writes it; KIBANA_URL and KIBANA_API_KEY, set for the tests, come first.
const SYNC_CONFIG = 'kibana:\n  url: https://kibana.example.com\n  space: default\n  auth:\n    type: api_key\n    api_key_secret: kibana-api-key\nmonitors:\n  project_id: in-cluster\n';

describe('synthetics-gitops push --from a ConfigMap mount, against the Kibana sandbox', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let mount: string;

  beforeEach(async () => {
    sandbox = await startSandbox();
    mount = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-mount-'));
    writeConfigMapVolume(path.join(mount, 'http-monitors'), {
      'api.yml': http('api', 'check.request.headers: {Authorization: "Bearer s3cret-token"}\n'),
      'web.yml': list('web', 'shop', 'docs'),
    });
    writeConfigMapVolume(path.join(mount, 'browser-journey-configs'), { 'example-journey.json': BROWSER });
    writeConfigMapVolume(path.join(mount, 'sync-config'), { 'sync-config.yaml': SYNC_CONFIG });
  });
  afterEach(async () => {
    await sandbox.close();
    fs.rmSync(mount, { recursive: true, force: true });
  });

  function cli(...args: string[]) {
    const env: NodeJS.ProcessEnv = { ...process.env, KIBANA_URL: sandbox.url, KIBANA_API_KEY: 'sandbox-key', NO_COLOR: '1' };
    delete env.SYNTHETICS_PROJECT;
    return runCli(args, { cwd: os.tmpdir(), env });
  }

  const journeys = () => sandbox.state.monitorsIn('default').filter((m) => m.attributes.project_id === 'in-cluster').map((m) => String(m.attributes.journey_id)).sort();
  const deletes = () => sandbox.requests.filter((r) => r.method === 'DELETE').length;
  const push = (...extra: string[]) => cli('push', '--from', mount, '--prune', '--yes', '--log-format', 'json', ...extra);

  it('pushes every key of every mounted ConfigMap, logging the plan before any write, one JSON event a line', async () => {
    const run = await push();
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const log = events(run.stdout);
    assert.deepEqual(log.map((e) => e.event), ['plan', ...Array(5).fill('planned'), ...Array(5).fill('created'), 'done']);
    assert.deepEqual(log[0].summary, { create: 5, update: 0, replace: 0, delete: 0, unchanged: 0, invalid: 0, editedOutsideGit: 0, withheld: 0 });
    assert.equal(log[0].project, 'in-cluster', 'the project comes from the mounted sync configuration');
    const web = log.find((e) => e.event === 'planned' && e.id === 'shop')!;
    assert.deepEqual([web.file, web.line, web.column], ['http-monitors/web.yml', 7, 3], 'the key and line inside the ConfigMap');
    assert.deepEqual(log.at(-1), { ...log.at(-1), event: 'done', exitCode: 0, created: 5, updated: 0, deleted: 0, failed: 0 });
    for (const e of log) assert.ok(!Number.isNaN(Date.parse(String(e.time))) && typeof e.msg === 'string');
    assert.ok(!run.stdout.includes('s3cret') && !run.stdout.includes('sandbox-key'), 'no secret in the log');
    assert.deepEqual(journeys(), ['api', 'docs', 'example-monitor', 'shop', 'web']);

    const again = await push();
    assert.equal(again.code, 0);
    assert.deepEqual(events(again.stdout).map((e) => e.event), ['plan', 'done'], 'a second run writes nothing');
    const plan = await cli('plan', '--from', mount, '--detailed-exitcode');
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
    assert.match(plan.stdout, /No changes: Kibana matches git\./);
  });

  it('agrees with a push from the ConfigMap manifests in git: the same hashes, nothing to push', async () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-repo-'));
    try {
      // The manifests the volumes come from, as they are kept in git.
      const manifest = (name: string, data: Record<string, string>) =>
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n` +
        Object.entries(data).map(([key, text]) => `  ${key}: |\n${text.trimEnd().split('\n').map((l) => '    ' + l).join('\n')}\n`).join('');
      const volume = (name: string) => Object.fromEntries(fs.readdirSync(path.join(mount, name)).filter((k) => !k.startsWith('..')).map((k) => [k, fs.readFileSync(path.join(mount, name, k), 'utf8')]));
      fs.writeFileSync(path.join(repo, 'configmaps.yaml'), ['http-monitors', 'browser-journey-configs', 'sync-config'].map((n) => manifest(n, volume(n))).join('---\n'));
      const fromGit = await runCli(['push', repo], { env: { ...process.env, KIBANA_URL: sandbox.url, KIBANA_API_KEY: 'k' } });
      assert.match(fromGit.code ? fromGit.stderr : fromGit.stdout, /5 created/);
      const plan = await cli('plan', '--from', mount, '--detailed-exitcode');
      assert.equal(plan.code, 0, plan.stdout);
      assert.match(plan.stdout, /No changes: Kibana matches git\./);
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });

  it('refuses to prune what a shrunken mount would delete beyond --max-deletions, and says what to pass', async () => {
    assert.equal((await push()).code, 0);
    // The http-monitors ConfigMap loses three of its four monitors: 3 of 5 deletes, over 10%.
    writeConfigMapVolume(path.join(mount, 'http-monitors'), { 'api.yml': http('api') });
    const refused = await push();
    assert.equal(refused.code, 1);
    const done = events(refused.stdout).at(-1)!;
    assert.equal(done.event, 'done');
    assert.equal(done.refused, 'prune');
    assert.match(done.msg, /3 of the project's 5 monitor\(s\) in Kibana would be deleted, more than --max-deletions 10% allows \(1\)\. .*pass --max-deletions 3/);
    assert.equal(deletes(), 0, 'nothing deleted');
    assert.ok(events(refused.stdout).some((e) => e.event === 'planned' && e.action === 'delete'), 'the plan is logged all the same');

    const allowed = await push('--max-deletions', '3');
    assert.equal(allowed.code, 0, allowed.stdout);
    assert.deepEqual(journeys(), ['api', 'example-monitor']);
  });

  it('refuses to prune from an empty mount, whatever --max-deletions says, unless --allow-empty', async () => {
    assert.equal((await push()).code, 0);
    writeConfigMapVolume(path.join(mount, 'http-monitors'), {});
    writeConfigMapVolume(path.join(mount, 'browser-journey-configs'), {});
    const refused = await push('--max-deletions', '100%');
    assert.equal(refused.code, 1);
    assert.match(events(refused.stdout).at(-1)!.msg, /no monitor was read, so all 5 monitor\(s\) of project "in-cluster" would be deleted.*--allow-empty/);
    assert.equal(deletes(), 0);
    const text = await cli('push', '--from', mount, '--prune', '--yes');
    assert.equal(text.code, 1);
    assert.match(text.stderr, /^Refusing to prune: no monitor was read/m, 'in text too, on stderr');
    assert.equal((await push('--max-deletions', '100%', '--allow-empty')).code, 0);
    assert.deepEqual(journeys(), []);
  });

  it('refuses two mounted sync configurations unless --sync-config says which to use', async () => {
    writeConfigMapVolume(path.join(mount, 'prod-sync-config'), { 'prod-sync-config.yaml': SYNC_CONFIG.replace('in-cluster', 'prod') });
    const refused = await push();
    assert.equal(refused.code, 2, refused.stdout);
    assert.deepEqual(events(refused.stdout).map((e) => e.event), ['error', 'done']);
    assert.match(events(refused.stdout)[0].msg, /several sync configurations are mounted \(prod-sync-config\/prod-sync-config\.yaml, sync-config\/sync-config\.yaml\): .*--sync-config/);
    assert.equal(sandbox.requests.length, 0, 'Kibana not asked');

    const chosen = await push('--sync-config', path.join(mount, 'prod-sync-config', 'prod-sync-config.yaml'));
    assert.equal(chosen.code, 0, chosen.stdout + chosen.stderr);
    assert.equal(events(chosen.stdout)[0].project, 'prod', 'the project of the sync configuration given');
    assert.deepEqual(journeys(), [], 'nothing pushed to the other project');
    assert.equal(sandbox.state.monitorsIn('default').filter((m) => m.attributes.project_id === 'prod').length, 5);
  });

  it('exits 1 when Kibana refuses a monitor, with its key and line', async () => {
    sandbox.faults.failJourney({ id: 'shop', reason: 'Failed to update journey: shop', details: 'the saved object could not be written' });
    const run = await push();
    assert.equal(run.code, 1);
    const failed = events(run.stdout).filter((e) => e.event === 'failed');
    assert.deepEqual(failed.map((e) => [e.id, e.file, e.line, e.reason]), [['shop', 'http-monitors/web.yml', 7, 'Failed to update journey: shop']]);
    assert.deepEqual(events(run.stdout).at(-1), { ...events(run.stdout).at(-1), event: 'done', exitCode: 1, failed: 1, created: 4 });
  });

  it('reports a bad key at its place in the ConfigMap, pushes the other monitors but not that one, and a missing mount as an event, exiting 2', async () => {
    writeConfigMapVolume(path.join(mount, 'tcp-monitors'), { 'db.yml': 'id: db\nname: DB\ntype: tcp\nschedule: "@every 5m"\nhosts: ["db:5432"]\ntimeout: 1.5s\n' });
    const bad = await push();
    assert.equal(bad.code, 1);
    const invalid = events(bad.stdout).find((e) => e.event === 'invalid')!;
    assert.deepEqual([invalid.file, invalid.line, invalid.code], ['tcp-monitors/db.yml', 6, 'duration-invalid']);
    const notPushed = events(bad.stdout).find((e) => e.event === 'not-pushed')!;
    assert.deepEqual([notPushed.id, notPushed.file, notPushed.line, notPushed.codes], ['db', 'tcp-monitors/db.yml', 1, ['duration-invalid']]);
    assert.deepEqual(events(bad.stdout).at(-1), { ...events(bad.stdout).at(-1), event: 'done', exitCode: 1, created: 5, notPushed: 1 });
    assert.deepEqual(journeys(), ['api', 'docs', 'example-monitor', 'shop', 'web'], 'the others pushed, db not');
    const missing = await cli('push', '--from', path.join(mount, 'nope'), '--log-format', 'json');
    assert.equal(missing.code, 2);
    assert.deepEqual(events(missing.stdout).map((e) => [e.event, e.level]), [['error', 'error'], ['done', 'error']]);
    assert.match(events(missing.stdout)[0].msg, /cannot read the mount .*nope: no such directory/);
  });
});
