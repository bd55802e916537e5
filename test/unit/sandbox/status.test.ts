// The sandbox's monitor statuses over loopback (sandbox/statusRoutes.ts): set through its own route,
// served by Kibana's overview status route in the newest shape (core/kibana/status.ts reads it back),
// counts only before 8.7, the internal-origin rule from 9.0, kept across a restart.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { namesMonitors, overviewFacts, statusReport } from '../../../server/src/core/kibana/status';
import { Sandbox, startSandbox } from '../../../server/src/sandbox/server';

const HEADERS: Record<string, string> = { authorization: 'ApiKey c2FuZGJveDprZXk=', 'content-type': 'application/json', 'kbn-xsrf': 'true', 'x-elastic-internal-origin': 'test' };

async function call(sandbox: Sandbox, method: string, path: string, body?: unknown, headers: Record<string, string> = HEADERS) {
  const response = await fetch(sandbox.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as any };
}

const monitor = (id: string, locations: string[], extra = {}) => ({ type: 'http', id, name: `${id} health`, urls: `https://${id}.example.com`, schedule: 5, locations, ...extra });
const push = (sandbox: Sandbox, project: string, monitors: unknown[]) => call(sandbox, 'PUT', `/s/default/api/synthetics/project/${project}/monitors/_bulk_update`, { monitors });
const setStatuses = (sandbox: Sandbox, statuses: unknown[]) => call(sandbox, 'PUT', '/s/default/_sandbox/statuses', { statuses });
const overview = (sandbox: Sandbox, headers = HEADERS) => call(sandbox, 'GET', '/s/default/internal/synthetics/overview_status', undefined, headers);
const stored = (sandbox: Sandbox) => sandbox.state.monitorsIn('default').map((m) => m.attributes);

describe('Kibana sandbox: monitor statuses', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0 });
    const pushed = await push(sandbox, 'gitops', [monitor('web', ['asia-northeast1-a', 'europe-west3-a']), monitor('api', ['asia-northeast1-a']), monitor('off', ['asia-northeast1-a'], { enabled: false })]);
    assert.deepEqual(pushed.body.failedMonitors, []);
  });
  afterEach(() => sandbox.close());

  it('serves what was set, per location, in the shape of Kibana\'s overview status route', async () => {
    // A location by alias (as git names it), by label, or (unnamed) every one of the monitor's.
    const set = await setStatuses(sandbox, [
      { monitor: 'web', status: 'up' },
      { monitor: 'web', location: 'germany', status: 'down', since: '2026-05-04T09:55:00.000Z', error: '503 Service Unavailable' },
      { monitor: 'api', location: 'Asia/Pacific - Japan', status: 'up' },
    ]);
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual(set.body.statuses.map((s: { monitor: string; location: string; status: string }) => `${s.monitor}@${s.location}=${s.status}`), [
      'web@asia-northeast1-a=up',
      'web@europe-west3-a=up',
      'web@europe-west3-a=down',
      'api@asia-northeast1-a=up',
    ]);
    const { status, body } = await overview(sandbox);
    assert.equal(status, 200);
    const web = stored(sandbox).find((m) => m.journey_id === 'web')!;
    assert.deepEqual(Object.keys(body.downConfigs), [web.config_id]);
    assert.deepEqual(body.downConfigs[web.config_id as string].locations, [
      { id: 'asia-northeast1-a', label: 'Asia/Pacific - Japan', status: 'up' },
      { id: 'europe-west3-a', label: 'Europe - Germany', status: 'down', downSince: '2026-05-04T09:55:00.000Z', error: { message: '503 Service Unavailable' } },
    ]);
    assert.deepEqual([body.up, body.down, body.pending, body.disabledCount, body.allMonitorsCount], [2, 1, 0, 1, 3]);
    assert.deepEqual(Object.values(body.disabledConfigs).map((c: any) => c.overallStatus), ['disabled']);

    // Read back as the CLI and the editor read Kibana.
    assert.ok(namesMonitors(body));
    const targets = ['web', 'api', 'off'].map((id, i) => ({ id, file: 'm.yml', span: { start: i, end: i } }));
    const items = statusReport(targets, stored(sandbox), overviewFacts(body), { url: sandbox.url, space: 'default' });
    assert.deepEqual(items.map((m) => `${m.id}:${m.status}`), ['web:down', 'off:disabled', 'api:up']);
    assert.deepEqual(items[0].lastError?.message, '503 Service Unavailable');
  });

  it('keeps since while a status repeats, and forgets a location\'s check when set pending', async () => {
    await setStatuses(sandbox, [{ monitor: 'api', status: 'down', since: '2026-05-04T09:00:00.000Z', error: 'timeout' }]);
    await setStatuses(sandbox, [{ monitor: 'api', status: 'down', error: 'timeout again' }]);
    const api = () => overview(sandbox).then(({ body }) => Object.values({ ...body.upConfigs, ...body.downConfigs, ...body.pendingConfigs }).find((c: any) => c.monitorQueryId.startsWith('api-')) as any);
    assert.deepEqual((await api()).locations[0], { id: 'asia-northeast1-a', label: 'Asia/Pacific - Japan', status: 'down', downSince: '2026-05-04T09:00:00.000Z', error: { message: 'timeout again' } });
    await setStatuses(sandbox, [{ monitor: 'api', status: 'pending' }]);
    assert.deepEqual([(await api()).overallStatus, (await api()).timestamp], ['pending', undefined]);
  });

  it('refuses, naming what is wrong, a monitor it does not hold, a location it does not run at, or a bad value; nothing of the request is set', async () => {
    const bad = await setStatuses(sandbox, [{ monitor: 'api', status: 'down' }, { monitor: 'nope', status: 'up' }]);
    assert.deepEqual([bad.status, bad.body.message], [404, 'No monitor "nope" in space "default"']);
    assert.equal((await overview(sandbox)).body.down, 0, 'the first entry was not set either');
    const where = await setStatuses(sandbox, [{ monitor: 'api', location: 'germany', status: 'up' }]);
    assert.deepEqual([where.status, where.body.message], [400, 'Monitor "api" does not run at "germany": its locations are asia-northeast1-a (Asia/Pacific - Japan)']);
    const state = await setStatuses(sandbox, [{ monitor: 'api', status: 'sideways' }]);
    assert.deepEqual([state.status, state.body.message], [400, '[request body.statuses.0.status]: expected up, down or pending, not "sideways"']);
    const since = await setStatuses(sandbox, [{ monitor: 'api', status: 'up', since: 'yesterday' }]);
    assert.equal(since.status, 400);
    assert.equal((await call(sandbox, 'PUT', '/s/default/_sandbox/statuses', { monitors: [] })).status, 400);
    // A journey id of two projects needs the project; a config id never does.
    await push(sandbox, 'other', [monitor('api', ['asia-northeast1-a'])]);
    const ambiguous = await setStatuses(sandbox, [{ monitor: 'api', status: 'up' }]);
    assert.deepEqual([ambiguous.status, ambiguous.body.message], [400, '"api" is a monitor of several projects (gitops, other): name one as "project"']);
    assert.equal((await setStatuses(sandbox, [{ monitor: 'api', project: 'other', status: 'up' }])).status, 200);
    const theirs = stored(sandbox).find((m) => m.project_id === 'other')!;
    assert.equal((await setStatuses(sandbox, [{ monitor: theirs.config_id, status: 'down' }])).status, 200);
  });

  it('is an internal route from 9.0, answered without the internal-origin header before', async () => {
    const { 'x-elastic-internal-origin': _origin, ...plain } = HEADERS;
    const refused = await overview(sandbox, plain);
    assert.equal(refused.status, 400);
    assert.match(refused.body.message, /exists but is not available with the current configuration/);
    assert.equal((await call(sandbox, 'GET', '/s/default/internal/synthetics/overview_status?nonsense=1')).status, 400);
    const old = await startSandbox({ port: 0, kibanaVersion: '8.15.0' });
    try {
      assert.equal((await overview(old, plain)).status, 200);
    } finally {
      await old.close();
    }
  });

  it('answers counts only as 8.6 did, naming no monitor', async () => {
    const old = await startSandbox({ port: 0, kibanaVersion: '8.6.2' });
    try {
      await push(old, 'gitops', [monitor('api', ['asia-northeast1-a'])]);
      await setStatuses(old, [{ monitor: 'api', status: 'down' }]);
      const { body } = await overview(old);
      assert.deepEqual(body, { enabledIds: ['api-gitops-default'], disabledCount: 0, up: 0, down: 1 });
      assert.equal(namesMonitors(body), false);
    } finally {
      await old.close();
    }
  });

  it('keeps statuses in its data file across a restart, and drops those of a deleted monitor', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgo-status-'));
    const dataFile = join(dir, 'state.json');
    try {
      const first = await startSandbox({ port: 0, dataFile });
      await push(first, 'gitops', [monitor('api', ['asia-northeast1-a']), monitor('web', ['asia-northeast1-a'])]);
      await setStatuses(first, [{ monitor: 'api', status: 'down', error: 'refused' }, { monitor: 'web', status: 'up' }]);
      await call(first, 'DELETE', '/s/default/api/synthetics/project/gitops/monitors/_bulk_delete', { monitors: ['web'] });
      await first.close();
      const again = await startSandbox({ port: 0, dataFile });
      try {
        assert.deepEqual(again.state.data.statuses?.map((s) => [s.status, s.error]), [['down', 'refused']]);
        assert.equal((await overview(again)).body.down, 1);
      } finally {
        await again.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
