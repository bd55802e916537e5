// `synthetics-gitops watch`, the drift watcher, as a real process against the Kibana sandbox, with
// ConfigMaps mounted and swapped the way the kubelet does it: drift by kind after an edit through
// Kibana's public API and after a change in git, the swap picked up by the next check, metrics
// scraped over HTTP, readiness following Kibana, --correct, and a clean stop on SIGTERM.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Sandbox, startSandbox } from '../../server/src/sandbox/server';
import { events, runCli } from '../helpers/cli';
import { eventually } from '../helpers/eventually';
import { writeConfigMapVolume } from '../helpers/kubeletMount';
import { Watcher, sample } from '../helpers/watcher';

const http = (id: string, schedule = '5m') =>
  `id: ${id}\nname: ${id} health\ntype: http\nschedule: "@every ${schedule}"\nurls: ["https://${id}.example.com/health"]\nprivate_locations: [synthetic-monitor-default]\n`;
const SYNC_CONFIG = 'monitors:\n  project_id: watched\n';

describe('synthetics-gitops watch: the drift watcher, against the Kibana sandbox', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let mount: string;
  let env: NodeJS.ProcessEnv;
  const watchers: Watcher[] = [];

  const watch = (...args: string[]) => {
    const watcher = new Watcher(['--from', mount, ...args], env);
    watchers.push(watcher);
    return watcher;
  };

  beforeEach(async () => {
    sandbox = await startSandbox();
    mount = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-watch-'));
    env = { ...process.env, KIBANA_URL: sandbox.url, KIBANA_API_KEY: 'sandbox-key', NO_COLOR: '1' };
    delete env.SYNTHETICS_PROJECT;
    writeConfigMapVolume(path.join(mount, 'http-monitors'), { 'api.yml': http('api'), 'web.yml': http('web'), 'shop.yml': http('shop') });
    writeConfigMapVolume(path.join(mount, 'sync-config'), { 'sync-config.yaml': SYNC_CONFIG });
    const pushed = await runCli(['push', '--from', mount], { env });
    assert.equal(pushed.code ? pushed.stderr : '', '', 'the first push succeeds');
  });
  afterEach(async () => {
    for (const watcher of watchers.splice(0)) watcher.stop();
    await sandbox.close();
    fs.rmSync(mount, { recursive: true, force: true });
  });

  /** Renames a monitor through Kibana's public API, as someone in its UI would: its hash is reset. */
  async function editInKibana(journey: string): Promise<void> {
    const edit = await fetch(`${sandbox.url}/api/synthetics/monitors/${configId(journey)}?internal=true`, {
      method: 'PUT',
      headers: { authorization: 'ApiKey x', 'kbn-xsrf': 'true', 'content-type': 'application/json', 'elastic-api-version': '2023-10-31' },
      body: JSON.stringify({ name: `${journey}, renamed in the UI` }),
    });
    assert.equal(edit.status, 200, await edit.text());
  }

  const journeys = () => sandbox.state.monitorsIn('default').map((m) => String(m.attributes.journey_id)).sort();
  const configId = (journey: string) => sandbox.state.monitorsIn('default').find((m) => m.attributes.journey_id === journey)!.attributes.config_id as string;

  it('reports drift by kind: an edit through the public API, then a change in git picked up from a swapped mount', async () => {
    const watcher = watch('--interval', '200ms');
    const first = await watcher.next((e) => e.event === 'drift', 'the first check');
    assert.deepEqual(first.counts, { 'changed-in-git': 0, 'edited-outside-git': 0, 'missing-in-kibana': 0, orphaned: 0 });
    assert.equal(first.inSync, 3);

    await editInKibana('web');
    const afterEdit = sandbox.requests.length;
    const edited = await watcher.next((e) => e.event === 'drifted' && e.kind === 'edited-outside-git', 'the edit outside git');
    assert.deepEqual([edited.id, edited.file, edited.line, edited.fields], ['web', 'http-monitors/web.yml', 1, ['name']]);

    // In git: api's schedule changes, shop goes, docs comes; the kubelet swaps the volume.
    const before = watcher.events.length;
    writeConfigMapVolume(path.join(mount, 'http-monitors'), { 'api.yml': http('api', '10m'), 'web.yml': http('web'), 'docs.yml': http('docs') });
    const reloaded = await watcher.next((e) => e.event === 'reloaded', 'the reload', before);
    assert.equal(reloaded.monitors, 3);
    const checksBeforeReload = watcher.events.slice(before, watcher.events.indexOf(reloaded)).filter((e) => e.event === 'drift').length;
    assert.ok(checksBeforeReload <= 1, `picked up by the next check (${checksBeforeReload} checks in between)`);
    const drift = await watcher.next((e) => e.event === 'drift', 'the check after the reload', watcher.events.indexOf(reloaded));
    assert.deepEqual(drift.counts, { 'changed-in-git': 1, 'edited-outside-git': 1, 'missing-in-kibana': 1, orphaned: 1 });
    // Each drifted monitor follows its check's summary, maybe in a later chunk of the watcher's output.
    const ids = ['api', 'docs', 'shop', 'web'];
    const drifted = await Promise.all(ids.map((id) => watcher.next((e) => e.event === 'drifted' && e.id === id, `the drifted event of ${id}`, watcher.events.indexOf(drift))));
    const byId = new Map(drifted.map((e) => [e.id, e]));
    assert.deepEqual([...byId.keys()].sort(), ['api', 'docs', 'shop', 'web']);
    assert.deepEqual([byId.get('api')!.kind, byId.get('api')!.fields], ['changed-in-git', ['schedule']]);
    assert.deepEqual([byId.get('web')!.kind, byId.get('web')!.fields], ['edited-outside-git', ['name']]);
    assert.deepEqual([byId.get('docs')!.kind, byId.get('docs')!.file], ['missing-in-kibana', 'http-monitors/docs.yml']);
    assert.deepEqual([byId.get('shop')!.kind, byId.get('shop')!.name], ['orphaned', 'shop health']);
    assert.deepEqual(sandbox.requests.slice(afterEdit).filter((r) => r.method !== 'GET'), [], 'report-only: nothing written');
  });

  it('serves its metrics: reconciles, drift by kind, Kibana requests by code, the last success', async () => {
    await editInKibana('shop');
    const requestsBefore = sandbox.requests.length;
    const watcher = watch('--interval', '1h');
    const url = await watcher.url();
    await watcher.next((e) => e.event === 'drift', 'the first check');
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
    assert.equal((await fetch(`${url}/readyz`)).status, 200);
    const response = await fetch(`${url}/metrics`);
    assert.match(response.headers.get('content-type')!, /^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const c = 'controller="synthetics-gitops"';
    assert.equal(sample(text, `controller_runtime_reconcile_total{${c},result="success"}`), 1);
    assert.equal(sample(text, `controller_runtime_reconcile_total{${c},result="error"}`), 0);
    assert.equal(sample(text, `controller_runtime_reconcile_errors_total{${c}}`), 0);
    assert.equal(sample(text, `controller_runtime_reconcile_time_seconds_count{${c}}`), 1);
    assert.ok(sample(text, `controller_runtime_reconcile_time_seconds_sum{${c}}`)! > 0);
    assert.equal(sample(text, 'synthetics_gitops_drift_monitors{kind="edited-outside-git"}'), 1);
    assert.equal(sample(text, 'synthetics_gitops_drift_monitors{kind="orphaned"}'), 0);
    assert.equal(sample(text, 'synthetics_gitops_desired_monitors'), 3);
    // The version, the project's hashes, then the one edited monitor in full: every request the sandbox saw.
    assert.deepEqual(sandbox.requests.slice(requestsBefore).map((r) => r.path.replace(/\?.*/, '')), ['/s/default/api/stats', '/s/default/api/synthetics/project/watched/monitors', '/s/default/api/synthetics/monitors']);
    assert.equal(sample(text, 'synthetics_gitops_kibana_requests_total{code="200"}'), 3);
    const last = sample(text, 'synthetics_gitops_last_success_timestamp_seconds')!;
    assert.ok(Math.abs(Date.now() / 1000 - last) < 60, `last success ${last}`);
    assert.equal((await fetch(`${url}/nope`)).status, 404);
  });

  it('is not ready while Kibana is unreachable, and ready again when it answers', async () => {
    const watcher = watch('--interval', '100ms');
    const url = await watcher.url();
    await eventually(async () => assert.equal((await fetch(`${url}/readyz`)).status, 200, 'ready'));
    sandbox.faults.add({ drop: 'before', times: 1_000_000 });
    const failed = await watcher.next((e) => e.event === 'reconcile-error', 'a failed check');
    assert.match(failed.msg, /Drift check failed: GET .* failed/);
    await eventually(async () => assert.equal((await fetch(`${url}/readyz`)).status, 503, 'not ready'));
    const metrics = await (await fetch(`${url}/metrics`)).text();
    assert.ok(sample(metrics, 'controller_runtime_reconcile_errors_total{controller="synthetics-gitops"}')! >= 1);
    assert.ok(sample(metrics, 'synthetics_gitops_kibana_requests_total{code="error"}')! >= 1);
    assert.equal((await fetch(`${url}/healthz`)).status, 200, 'alive all the same');
    sandbox.faults.clear();
    await eventually(async () => assert.equal((await fetch(`${url}/readyz`)).status, 200, 'ready again'));
  });

  it('with --correct, pushes back an edit made outside git', async () => {
    await editInKibana('api');
    const watcher = watch('--interval', '200ms', '--correct');
    const updated = await watcher.next((e) => e.event === 'updated', 'the correction');
    assert.equal(updated.id, 'api');
    await watcher.next((e) => e.event === 'drift' && (e.counts as Record<string, number>)['edited-outside-git'] === 0 && e.inSync === 3, 'no drift left');
    const api = sandbox.state.monitorsIn('default').find((m) => m.attributes.journey_id === 'api')!.attributes;
    assert.equal(api.name, 'api health');
    assert.notEqual(api.hash, '');
  });

  it('reports a bad key of a swapped mount at its line, counts the check as an error, and does not push that monitor', async () => {
    const watcher = watch('--interval', '200ms', '--correct');
    const url = await watcher.url();
    await watcher.next((e) => e.event === 'drift', 'the first check');
    const before = watcher.events.length;
    writeConfigMapVolume(path.join(mount, 'http-monitors'), { 'api.yml': http('api').replace('"@every 5m"', '"@every 5m"\ntimeout: 1.5s'), 'web.yml': http('web'), 'shop.yml': http('shop') });
    const invalid = await watcher.next((e) => e.event === 'invalid', 'the bad key', before);
    assert.deepEqual([invalid.file, invalid.line, invalid.code], ['http-monitors/api.yml', 5, 'duration-invalid']);
    const notPushed = await watcher.next((e) => e.event === 'not-pushed', 'no correction of api', before);
    assert.deepEqual([notPushed.id, notPushed.file, notPushed.line, notPushed.codes], ['api', 'http-monitors/api.yml', 1, ['duration-invalid']]);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    assert.ok(sample(metrics, 'controller_runtime_reconcile_errors_total{controller="synthetics-gitops"}')! >= 1);
    assert.equal(sandbox.requests.filter((r) => r.method !== 'GET').length, 1, 'only the first push wrote');
  });

  it('with --correct --prune, deletes nothing while a mounted key holds an alias bomb, logs which key blocks, and deletes once it reads again', async () => {
    const watcher = watch('--interval', '200ms', '--correct', '--prune');
    await watcher.next((e) => e.event === 'drift', 'the first check');
    const before = watcher.events.length;
    // The kubelet swaps in a generation where api.yml starts with an alias bomb (nothing after it is read), and shop is gone.
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    writeConfigMapVolume(path.join(mount, 'http-monitors'), { 'api.yml': levels.join('\n') + '\n' + http('api'), 'web.yml': http('web') });
    const tooLarge = await watcher.next((e) => e.event === 'invalid' && e.code === 'yaml-too-large', 'the alias bomb reported', before);
    assert.deepEqual([tooLarge.file, tooLarge.line, tooLarge.level], ['http-monitors/api.yml', 6, 'error']);
    const withheld = await watcher.next((e) => e.event === 'deletes-withheld', 'the deletes withheld', before);
    assert.deepEqual((withheld.ids as string[]).sort(), ['api', 'shop'], 'api, unreadable, and shop, gone from the mount');
    // The bomb (`f`, line 6), the `type` it left unread (line 13), the monitor without a readable id (line 1).
    const blockers = (withheld.blockers as { file: string; line: number; reason: string }[]).map((b) => [b.file, b.line, b.reason.split(':')[0]]);
    assert.deepEqual(blockers, [['http-monitors/api.yml', 6, 'yaml-too-large'], ['http-monitors/api.yml', 13, 'unknown-monitor-type'], ['http-monitors/api.yml', 1, 'a monitor without a readable `id`']]);
    assert.match(withheld.msg, /^Deletes withheld: 2 monitor\(s\) stay in Kibana \(.*\) while these inputs cannot be read, as they may hold monitors still in git: http-monitors\/api\.yml:6:\d+ \(yaml-too-large: /);
    // A few more checks: still nothing deleted.
    await watcher.next((e) => e.event === 'drift', 'a later check', watcher.events.indexOf(withheld) + 1);
    assert.equal(sandbox.requests.filter((r) => r.method === 'DELETE').length, 0, 'no delete request');
    assert.deepEqual(journeys(), ['api', 'shop', 'web']);

    writeConfigMapVolume(path.join(mount, 'http-monitors'), { 'api.yml': http('api'), 'web.yml': http('web') });
    const deleted = await watcher.next((e) => e.event === 'deleted', 'the delete, once every key reads', watcher.events.length);
    assert.equal(deleted.id, 'shop');
    assert.deepEqual(journeys(), ['api', 'web']);
  });

  it('stops cleanly on SIGTERM, even with a check in flight, exiting 0', async () => {
    // A slow Kibana, which answers within the request timeout.
    const watcher = watch('--interval', '100ms', '--request-timeout', '10s');
    await watcher.next((e) => e.event === 'drift', 'the first check');
    sandbox.faults.setLatency(1500);
    const requests = sandbox.requests.length;
    await eventually(() => assert.ok(sandbox.requests.length > requests, 'a check in flight'), 15_000, 20);
    const signalled = Date.now();
    watcher.signal('SIGTERM');
    assert.equal(await watcher.exit, 0, watcher.stderr);
    assert.ok(Date.now() - signalled < 5000, 'within the grace period');
    const tail = watcher.events.slice(-2).map((e) => e.event);
    assert.deepEqual(tail, ['drift', 'stopped'], 'the check in flight finished, then the watcher stopped');
    assert.deepEqual(watcher.events.filter((e) => e.event === 'stopping').map((e) => e.signal), ['SIGTERM']);
  });

  it('on SIGTERM, leaves a check Kibana does not answer after the grace period, and exits 0', async function () {
    this.timeout(40_000);
    const watcher = watch('--interval', '100ms', '--request-timeout', '1m');
    await watcher.next((e) => e.event === 'drift', 'the first check');
    sandbox.faults.setLatency(60_000);
    const requests = sandbox.requests.length;
    await eventually(() => assert.ok(sandbox.requests.length > requests, 'a check in flight'), 15_000, 20);
    const signalled = Date.now();
    watcher.signal('SIGTERM');
    assert.equal(await watcher.exit, 0, watcher.stderr);
    const took = Date.now() - signalled;
    assert.ok(took >= 9_500 && took < 20_000, `stopped after ${took} ms, the 10 s grace period`);
    assert.match(watcher.events.find((e) => e.event === 'stopped')!.msg, /the check in flight was abandoned after 10 s/);
    const afterSignal = watcher.events.slice(watcher.events.findIndex((e) => e.event === 'stopping')).map((e) => e.event);
    assert.deepEqual(afterSignal, ['stopping', 'stopped'], 'the check given up logs nothing, before or after');
    sandbox.faults.setLatency(0);
  });
});

describe('synthetics-gitops watch and push --from: usage errors', () => {
  const cases: [string[], RegExp][] = [
    [['watch'], /watch needs --from DIR/],
    [['watch', '--from', '.', '--interval', '5'], /--interval must be a duration of at least 50ms, such as 5m, 30s or 200ms, not "5"/],
    [['watch', '--from', '.', '--listen', '8080'], /--listen must be \[HOST\]:PORT, such as :8080 or 127\.0\.0\.1:9090, not "8080"/],
    [['watch', '--from', '.', '--prune'], /--prune deletes, so it needs --correct/],
    [['push', '--from', '.', '--max-deletions', 'ten'], /--max-deletions must be a count \(5\) or a percentage \(10%\), not "ten"/],
    [['push', '--from', '.', 'k8s/'], /--from reads the monitors from a mount: give it or paths \(k8s\/\), not both/],
    [['push', '--log-format', 'yaml'], /--log-format must be text or json, not "yaml"/],
  ];
  for (const [args, message] of cases) {
    it(`${args.join(' ')}: exit 2, saying what to write`, async () => {
      const { code, stderr } = await runCli(args, { cwd: os.tmpdir() });
      assert.equal(code, 2);
      assert.match(stderr, message);
    });
  }

  it('a --listen address in use: an error event, exit 2', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const port = (taken.address() as AddressInfo).port;
      const { code, stdout } = await runCli(['watch', '--from', os.tmpdir(), '--project', 'p', '--listen', `127.0.0.1:${port}`, '--log-format', 'json'], { env: { ...process.env, KIBANA_URL: 'http://127.0.0.1:9', KIBANA_API_KEY: 'k' } });
      assert.equal(code, 2);
      const log = events(stdout);
      assert.deepEqual(log.map((e) => e.event), ['error', 'done']);
      assert.match(log[0].msg, /EADDRINUSE/);
    } finally {
      taken.close();
    }
  });
});
