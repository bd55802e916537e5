// The Kibana sandbox over loopback, with Node's fetch: transport rules (§1), the project API (§3),
// the public CRUD API (§2), private locations (§4.1), persistence and fault injection.

import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProjectMonitor } from '../../../server/src/core/kibana/types';
import { Sandbox, SandboxOptions, startSandbox } from '../../../server/src/sandbox/server';

const HEADERS = {
  authorization: 'ApiKey c2FuZGJveDprZXk=',
  'content-type': 'application/json',
  'kbn-xsrf': 'true',
  'x-elastic-internal-origin': 'elastic-synthetics',
};

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

async function call(sandbox: Sandbox, method: string, path: string, body?: unknown, headers: Record<string, string> = HEADERS): Promise<Answer> {
  const response = await fetch(sandbox.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

const PROJECT = '/s/default/api/synthetics/project/demo/monitors';

function http(id: string, extra: Partial<ProjectMonitor> = {}): ProjectMonitor {
  return { type: 'http', id, name: `Monitor ${id}`, urls: `https://${id}.example.com`, schedule: 5, locations: ['us-east4-a'], hash: `hash-${id}`, ...extra };
}

const push = (sandbox: Sandbox, monitors: unknown[]) => call(sandbox, 'PUT', `${PROJECT}/_bulk_update`, { monitors });

async function withSandbox(options: SandboxOptions, run: (sandbox: Sandbox) => Promise<void>): Promise<void> {
  const sandbox = await startSandbox(options);
  try {
    await run(sandbox);
  } finally {
    await sandbox.close();
  }
}

describe('Kibana sandbox', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  afterEach(() => sandbox.close());

  describe('transport', () => {
    it('answers 401 without credentials, on every route', async () => {
      for (const path of ['/api/stats', PROJECT, '/api/synthetics/monitors', '/nowhere']) {
        const answer = await call(sandbox, 'GET', path, undefined, {});
        assert.equal(answer.status, 401, path);
        assert.deepEqual(answer.body, { statusCode: 401, error: 'Unauthorized', message: '[security_exception]: missing authentication credentials for REST request' });
      }
      assert.equal((await call(sandbox, 'GET', '/api/stats', undefined, { authorization: 'Basic dXNlcjpwYXNz' })).status, 200);
    });

    it('reports the version on /api/stats, without a -SNAPSHOT suffix', async () => {
      const { status, body } = await call(sandbox, 'GET', '/s/default/api/stats');
      assert.equal(status, 200);
      assert.equal(body.kibana.version, '9.1.0');
      assert.equal(body.kibana.snapshot, false);
      await withSandbox({ kibanaVersion: '8.16.0-SNAPSHOT' }, async (snapshot) => {
        const { body: stats } = await call(snapshot, 'GET', '/api/stats');
        assert.deepEqual([stats.kibana.version, stats.kibana.snapshot], ['8.16.0', true]);
      });
    });

    it('requires kbn-xsrf on writes, an existing space, and bodies within the limit', async () => {
      const { 'kbn-xsrf': _xsrf, ...noXsrf } = HEADERS;
      assert.deepEqual((await call(sandbox, 'PUT', `${PROJECT}/_bulk_update`, { monitors: [] }, noXsrf)).body, {
        statusCode: 400,
        error: 'Bad Request',
        message: 'Request must contain a kbn-xsrf header.',
      });
      const elsewhere = await call(sandbox, 'PUT', '/s/team-a/api/synthetics/project/demo/monitors/_bulk_update', { monitors: [] });
      assert.deepEqual([elsewhere.status, elsewhere.body.message], [404, "Kibana space 'team-a' does not exist"]);
      const large = await call(sandbox, 'POST', '/api/synthetics/monitors', { type: 'http', padding: 'x'.repeat(1048576) });
      assert.equal(large.status, 413);
      assert.equal((await call(sandbox, 'GET', '/api/nothing/here')).status, 404);
    });

    it('restricts the internal project routes from Kibana 9.0 only', async () => {
      const { 'x-elastic-internal-origin': _origin, ...publicHeaders } = HEADERS;
      const refused = await call(sandbox, 'GET', PROJECT, undefined, publicHeaders);
      assert.equal(refused.status, 400);
      assert.equal(refused.body.message, `uri [${PROJECT}] with method [get] exists but is not available with the current configuration`);
      assert.equal((await call(sandbox, 'GET', '/api/synthetics/monitors', undefined, publicHeaders)).status, 200, 'public routes need no header');
      await withSandbox({ kibanaVersion: '8.18.0' }, async (eight) => {
        assert.equal((await call(eight, 'GET', PROJECT, undefined, publicHeaders)).status, 200);
      });
    });
  });

  describe('project API', () => {
    it('creates, lists with hashes, then updates every monitor sent (revision + 1, no hash comparison)', async () => {
      const first = await push(sandbox, [http('b'), http('a')]);
      assert.deepEqual(first.body, { createdMonitors: ['b', 'a'], updatedMonitors: [], failedMonitors: [] });
      const listed = await call(sandbox, 'GET', PROJECT);
      assert.deepEqual(listed.body, {
        total: 2,
        after_key: 'b',
        monitors: [
          { journey_id: 'a', hash: 'hash-a' },
          { journey_id: 'b', hash: 'hash-b' },
        ],
      });
      const second = await push(sandbox, [http('a'), http('b')]);
      assert.deepEqual(second.body, { createdMonitors: [], updatedMonitors: ['a', 'b'], failedMonitors: [] });
      assert.deepEqual(sandbox.state.data.monitors.map((m) => m.attributes.revision), [2, 2]);
    });

    it('reports failed monitors in a 200 and still saves the good ones', async () => {
      const answer = await push(sandbox, [http('good'), http('odd', { processors: [{ add_tags: {} }] }), http('twice', { urls: ['https://a.example', 'https://b.example'] })]);
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body.createdMonitors, ['good']);
      assert.deepEqual(
        answer.body.failedMonitors.map((f: { id: string; reason: string }) => `${f.id}: ${f.reason}`),
        ['odd: Unsupported Heartbeat option', 'twice: Invalid Heartbeat configuration'],
      );
      assert.match(answer.body.failedMonitors[0].details, /not supported for http project monitors in 9\.1\.0: processors\./);
    });

    it("refuses what the type's codec refuses, with Kibana's reason and details, and saves nothing of it", async () => {
      const answer = await push(sandbox, [
        http('scalar', { 'check.response.status': 200 }),
        http('checks', { check: { response: { body: { positive: 'ok' }, json: [{ expression: 'up == true' }] }, request: { headers: { 'X-Count': 5 } } } }),
      ]);
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body.createdMonitors, []);
      assert.deepEqual(
        answer.body.failedMonitors.map(({ id, reason, details }: { id: string; reason: string; details: string }) => ({ id, reason, details })),
        [
          { id: 'scalar', reason: 'Monitor is not a valid monitor of type http', details: 'Invalid value "200" supplied to "check.response.status"' },
          {
            id: 'checks',
            reason: 'Monitor is not a valid monitor of type http',
            details:
              'Invalid value "5" supplied to "check.request.headers,X-Count" | Invalid value "ok" supplied to "check.response.body.positive" | Invalid value "undefined" supplied to "check.response.json,description"',
          },
        ],
      );
      assert.deepEqual(Object.keys(answer.body.failedMonitors[0]).sort(), ['details', 'id', 'payload', 'reason'], 'Kibana\'s shape, nothing of ours');
      assert.equal(answer.body.failedMonitors[0].payload['check.response.status'], 200, 'the payload is the normalised monitor');
      assert.deepEqual(sandbox.state.monitorsIn('default'), []);
    });

    it('refuses a type change, and journeys forced to fail by a fault', async () => {
      await push(sandbox, [http('a')]);
      const changed = await push(sandbox, [{ ...http('a'), type: 'tcp', urls: undefined, hosts: 'db:5432' }]);
      // As project_monitor_formatter.ts answers: no `id`, the monitor as sent echoed in `payload`.
      const [typeChange] = changed.body.failedMonitors;
      assert.equal(typeChange.reason, 'Cannot update monitor to different type.');
      assert.equal(typeChange.details, 'Monitor a of type http cannot be updated to type tcp. Please delete the monitor first and try again.');
      assert.equal(typeChange.id, undefined);
      assert.equal(typeChange.payload.id, 'a');
      sandbox.faults.failJourney({ id: 'b', reason: 'Failed to create monitor: b', details: 'fleet is down' });
      const forced = await push(sandbox, [http('b')]);
      assert.deepEqual(forced.body.failedMonitors, [{ reason: 'Failed to create monitor: b', details: 'fleet is down', payload: http('b') }]);
    });

    it('pages the project monitors with per_page and search_after', async () => {
      await push(sandbox, ['e', 'c', 'a', 'd', 'b'].map((id) => http(id)));
      const seen: string[][] = [];
      let after: string | null = null;
      for (;;) {
        const query: string = after === null ? '?per_page=2' : `?per_page=2&search_after=${encodeURIComponent(after)}`;
        const { body } = await call(sandbox, 'GET', PROJECT + query);
        assert.equal(body.total, 5);
        if (!body.monitors.length) {
          assert.equal(body.after_key, null);
          break;
        }
        seen.push(body.monitors.map((m: { journey_id: string }) => m.journey_id));
        after = body.after_key;
      }
      assert.deepEqual(seen, [['a', 'b'], ['c', 'd'], ['e']]);
    });

    it('deletes by journey id and echoes every id sent', async () => {
      await push(sandbox, [http('a'), http('b')]);
      const answer = await call(sandbox, 'DELETE', `${PROJECT}/_bulk_delete`, { monitors: ['a', 'ghost'] });
      assert.deepEqual(answer.body, { deleted_monitors: ['a', 'ghost'] });
      assert.deepEqual((await call(sandbox, 'GET', PROJECT)).body.monitors, [{ journey_id: 'b', hash: 'hash-b' }]);
      const tooMany = await call(sandbox, 'DELETE', `${PROJECT}/_bulk_delete`, { monitors: Array.from({ length: 501 }, (_, i) => `m${i}`) });
      assert.equal(tooMany.status, 400);
    });
  });

  describe('public API', () => {
    async function projectConfigId(journey: string): Promise<string> {
      await push(sandbox, [http(journey, { params: { token: 's3cret' } })]);
      return String(sandbox.state.data.monitors.find((m) => m.attributes.journey_id === journey)!.attributes.config_id);
    }

    it('returns the stored attributes with internal=true, the public form otherwise', async () => {
      const id = await projectConfigId('a');
      const raw = (await call(sandbox, 'GET', `/api/synthetics/monitors/${id}?internal=true`)).body;
      assert.equal(raw.hash, 'hash-a');
      assert.equal(raw.journey_id, 'a');
      assert.equal(raw.urls, 'https://a.example.com');
      assert.equal(raw.proxy_url, '', 'empty values are kept');
      assert.ok(raw.created_at && raw.updated_at);
      const shown = (await call(sandbox, 'GET', `/api/synthetics/monitors/${id}`)).body;
      assert.equal(shown.url, 'https://a.example.com');
      assert.deepEqual(shown.params, { token: 's3cret' }, 'secrets come back on GET one');
      assert.equal('hash' in shown || 'journey_id' in shown || 'proxy_url' in shown, false);
      const listed = (await call(sandbox, 'GET', '/api/synthetics/monitors?projects=demo&monitorTypes=http')).body;
      assert.deepEqual([listed.total, listed.monitors[0].config_id, 'params' in listed.monitors[0]], [1, id, false]);
      assert.equal((await call(sandbox, 'GET', '/api/synthetics/monitors?per_page=5')).status, 400, 'unknown query keys are refused');
    });

    it('edits a project monitor only with internal=true, resetting its hash', async () => {
      const id = await projectConfigId('a');
      const refused = await call(sandbox, 'PUT', `/api/synthetics/monitors/${id}`, { enabled: false });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.message, 'Unsupported origin type project, only ui type is supported via API.');
      const edited = await call(sandbox, 'PUT', `/api/synthetics/monitors/${id}?internal=true`, { enabled: false });
      assert.equal(edited.status, 200);
      assert.equal(edited.body.enabled, false);
      assert.equal(edited.body.revision, 2);
      assert.deepEqual((await call(sandbox, 'GET', PROJECT)).body.monitors, [{ journey_id: 'a', hash: '' }]);
    });

    it('creates UI monitors with Kibana checks, and deletes them in every form', async () => {
      const created = await call(sandbox, 'POST', '/api/synthetics/monitors', { type: 'http', name: 'Site', url: 'https://example.com', locations: ['united_kingdom'], schedule: 3 });
      assert.equal(created.status, 200);
      assert.deepEqual(created.body.schedule, { number: '3', unit: 'm' });
      assert.equal(created.body.origin, 'ui');
      assert.equal(created.body.id, created.body.config_id);
      const duplicate = await call(sandbox, 'POST', '/api/synthetics/monitors', { type: 'http', name: 'Site', url: 'https://example.org', locations: ['united_kingdom'] });
      assert.equal(duplicate.body.message, 'Monitor name must be unique, "Site" already exists.');
      const unknown = await call(sandbox, 'POST', '/api/synthetics/monitors', { type: 'http', name: 'X', url: 'https://x', locations: ['germany'], privateLocations: ['x'] });
      assert.equal(unknown.body.message, 'Invalid monitor key(s) for http type:  privateLocations');
      const schedule = await call(sandbox, 'POST', '/api/synthetics/monitors', { type: 'http', name: 'Y', url: 'https://y', locations: ['germany'], schedule: 7 });
      assert.equal(schedule.body.message, 'Monitor schedule is invalid');
      const codec = await call(sandbox, 'POST', '/api/synthetics/monitors', { type: 'http', name: 'Z', url: 'https://z', locations: ['germany'], 'check.response.status': 200, timeout: '30s' });
      assert.equal(codec.status, 400);
      assert.equal(codec.body.message, 'Monitor is not a valid monitor of type http');
      assert.equal(codec.body.attributes.details, 'Invalid value "200" supplied to "check.response.status" | Invalid value "30s" supplied to "timeout"');
      const project = await call(sandbox, 'POST', '/api/synthetics/monitors', { type: 'http', origin: 'project', url: 'https://z' });
      assert.equal(project.body.message, 'Unsupported origin type project, only ui type is supported via API.');

      assert.deepEqual((await call(sandbox, 'DELETE', `/api/synthetics/monitors/${created.body.config_id}`)).body, [{ id: created.body.config_id, deleted: true }]);
      assert.deepEqual((await call(sandbox, 'DELETE', '/api/synthetics/monitors', { ids: ['nope'] })).body, [{ id: 'nope', deleted: false, error: 'Monitor id nope not found!' }]);
      assert.deepEqual((await call(sandbox, 'POST', '/api/synthetics/monitors/_bulk_delete', { ids: ['nope'] })).body.result, [{ id: 'nope', deleted: false, error: 'Monitor id nope not found!' }]);
    });
  });

  describe('private locations', () => {
    it('lists the seed location, creates, finds, renames and deletes', async () => {
      const [seed] = (await call(sandbox, 'GET', '/api/synthetics/private_locations')).body;
      assert.equal(seed.label, 'synthetic-monitor-default');
      assert.equal(seed.agentPolicyId, 'synthetic-monitor-policy-default');
      assert.notEqual(seed.id, seed.agentPolicyId, 'from 8.18 the id is a uuid');

      const created = await call(sandbox, 'POST', '/api/synthetics/private_locations', { label: 'dc-1', agentPolicyId: 'policy-dc-1', geo: { lat: 1, lon: 2 } });
      assert.equal(created.status, 200);
      assert.equal(created.body.isServiceManaged, false);
      const duplicate = await call(sandbox, 'POST', '/api/synthetics/private_locations', { label: 'dc-1', agentPolicyId: 'other' });
      assert.equal(duplicate.body.message, 'Private location with label dc-1 already exists');
      assert.equal((await call(sandbox, 'GET', '/api/synthetics/private_locations/dc-1')).body.id, created.body.id);

      await push(sandbox, [http('a', { locations: [], privateLocations: ['dc-1'] })]);
      const renamed = await call(sandbox, 'PUT', `/api/synthetics/private_locations/${created.body.id}`, { label: 'dc-one' });
      assert.equal(renamed.body.label, 'dc-one');
      assert.equal((sandbox.state.data.monitors[0].attributes.locations as { label: string }[])[0].label, 'dc-one', 'monitors follow the rename');
      const inUse = await call(sandbox, 'DELETE', `/api/synthetics/private_locations/${created.body.id}`);
      assert.equal(inUse.body.message, `Private location with id ${created.body.id} cannot be deleted because it is used by 1 monitor(s).`);
      await call(sandbox, 'DELETE', `${PROJECT}/_bulk_delete`, { monitors: ['a'] });
      assert.deepEqual((await call(sandbox, 'DELETE', `/api/synthetics/private_locations/${created.body.id}`)).body, {});

      const service = (await call(sandbox, 'GET', '/internal/uptime/service/locations')).body.locations;
      assert.deepEqual(service.find((l: { id: string }) => l.id === 'us-east4-a').label, 'North America - US East');
    });

    it('uses the agent policy id as the location id before 8.18', async () => {
      await withSandbox({ kibanaVersion: '8.15.0' }, async (eight) => {
        const [seed] = (await call(eight, 'GET', '/api/synthetics/private_locations')).body;
        assert.equal(seed.id, 'synthetic-monitor-policy-default');
      });
    });
  });

  describe('spaces', () => {
    const space = (id: string) => call(sandbox, 'POST', '/api/spaces/space', { id, name: `Team ${id}` });
    const labels = async (prefix: string) => (await call(sandbox, 'GET', `${prefix}/api/synthetics/private_locations`)).body.map((l: { label: string }) => l.label);

    it('tells whether a space exists, and creates spaces as the spaces API does', async () => {
      assert.deepEqual((await call(sandbox, 'GET', '/api/spaces/space/default')).body, { id: 'default', name: 'Default', disabledFeatures: [] });
      assert.deepEqual((await call(sandbox, 'GET', '/api/spaces/space/team-a')).body, { statusCode: 404, error: 'Not Found', message: 'Not Found' });
      assert.deepEqual((await space('team-a')).body, { id: 'team-a', name: 'Team team-a', disabledFeatures: [] });
      assert.equal((await call(sandbox, 'GET', '/api/spaces/space/team-a')).status, 200);
      assert.deepEqual((await call(sandbox, 'GET', '/api/spaces/space')).body.map((s: { id: string }) => s.id), ['default', 'team-a']);
      assert.deepEqual([(await space('team-a')).status, (await space('team-a')).body.message], [409, 'A space with the identifier team-a already exists.']);
      assert.equal((await space('Team A')).body.message, "[request body.id]: must be lower case, a-z, 0-9, '_', and '-' are allowed");
    });

    it('answers a space that does not exist as Kibana does: only the project bulk routes say so', async () => {
      const missing = [404, "Kibana space 'nowhere' does not exist"];
      const update = await call(sandbox, 'PUT', '/s/nowhere/api/synthetics/project/demo/monitors/_bulk_update', { monitors: [http('a')] });
      assert.deepEqual([update.status, update.body.message], missing);
      const remove = await call(sandbox, 'DELETE', '/s/nowhere/api/synthetics/project/demo/monitors/_bulk_delete', { monitors: ['a'] });
      assert.deepEqual([remove.status, remove.body.message], missing);
      assert.deepEqual((await call(sandbox, 'GET', '/s/nowhere/api/synthetics/project/demo/monitors')).body, { total: 0, after_key: null, monitors: [] });
      assert.equal((await call(sandbox, 'GET', '/s/nowhere/api/synthetics/monitors')).body.total, 0);
      assert.deepEqual(await labels('/s/nowhere'), ['synthetic-monitor-default'], 'the seed location is shared with every space');
      assert.equal((await call(sandbox, 'GET', '/s/nowhere/internal/uptime/service/locations')).status, 200);
      assert.deepEqual(sandbox.state.data.monitors, []);
    });

    it('from 8.18, shows a private location in the spaces it was created for, `*` or none meaning every space', async () => {
      await space('team-a');
      const create = (prefix: string, label: string, spaces?: string[]) =>
        call(sandbox, 'POST', `${prefix}/api/synthetics/private_locations`, { label, agentPolicyId: `policy-${label}`, ...(spaces && { spaces }) });
      const own = await create('/s/team-a', 'team-a-dc', ['team-a']);
      assert.deepEqual(own.body.spaces, ['team-a']);
      assert.deepEqual((await create('/s/team-a', 'shared-dc', ['*'])).body.spaces, ['*']);
      assert.deepEqual((await create('', 'unnamed-dc')).body.spaces, ['*']);
      assert.deepEqual(await labels('/s/team-a'), ['synthetic-monitor-default', 'team-a-dc', 'shared-dc', 'unnamed-dc']);
      assert.deepEqual(await labels(''), ['synthetic-monitor-default', 'shared-dc', 'unnamed-dc']);
      assert.equal((await call(sandbox, 'GET', '/api/synthetics/private_locations/team-a-dc')).status, 404);
      const internal = async (prefix: string) => (await call(sandbox, 'GET', `${prefix}/internal/uptime/service/locations`)).body.locations.map((l: { label: string }) => l.label);
      assert.ok((await internal('/s/team-a')).includes('team-a-dc'));
      assert.ok(!(await internal('')).includes('team-a-dc'));

      // A monitor may use it in its space only; Kibana resolves the label case-insensitively, then wants one exact label.
      const inTeam = await call(sandbox, 'PUT', '/s/team-a/api/synthetics/project/demo/monitors/_bulk_update', {
        monitors: [http('a', { locations: [], privateLocations: ['TEAM-A-DC', 'team-a-dc'] })],
      });
      assert.deepEqual(inTeam.body.createdMonitors, ['a']);
      const inDefault = await push(sandbox, [http('a', { locations: [], privateLocations: ['team-a-dc'] })]);
      assert.match(inDefault.body.failedMonitors[0].details, /Private Location\(s\) 'team-a-dc' not found/);
      const caseOnly = await call(sandbox, 'PUT', '/s/team-a/api/synthetics/project/demo/monitors/_bulk_update', { monitors: [http('b', { locations: [], privateLocations: ['TEAM-A-DC'] })] });
      assert.equal(caseOnly.body.failedMonitors[0].details, 'Invalid private location: "TEAM-A-DC". Remove it or replace it with a valid private location.');
    });

    it('before 8.18, shows every private location in every space, whatever spaces it was given', async () => {
      await withSandbox({ kibanaVersion: '8.15.0' }, async (eight) => {
        await call(eight, 'POST', '/api/spaces/space', { id: 'team-a', name: 'A' });
        const created = await call(eight, 'POST', '/s/team-a/api/synthetics/private_locations', { label: 'team-a-dc', agentPolicyId: 'policy-a', spaces: ['team-a'] });
        assert.equal(created.body.id, 'policy-a');
        assert.equal(created.body.spaces, undefined);
        assert.deepEqual((await call(eight, 'GET', '/api/synthetics/private_locations')).body.map((l: { label: string }) => l.label), ['synthetic-monitor-default', 'team-a-dc']);
        assert.deepEqual((await push(eight, [http('a', { locations: [], privateLocations: ['team-a-dc'] })])).body.createdMonitors, ['a']);
      });
    });
  });

  describe('faults', () => {
    it('answers 429 with Retry-After, then 503, then recovers, and logs each request', async () => {
      sandbox.faults.add({ status: 429, retryAfter: 7, path: /_bulk_update/ });
      sandbox.faults.add({ status: 503, method: 'PUT' });
      const limited = await push(sandbox, [http('a')]);
      assert.deepEqual([limited.status, limited.headers.get('retry-after')], [429, '7']);
      assert.equal((await push(sandbox, [http('a')])).status, 503);
      assert.equal((await push(sandbox, [http('a')])).status, 200);
      assert.deepEqual(
        sandbox.requests.map((r) => r.status),
        [429, 503, 200],
      );
    });

    it('drops the connection before handling, or after applying the change', async () => {
      sandbox.faults.add({ drop: 'before', path: /_bulk_update/ });
      await assert.rejects(push(sandbox, [http('a')]));
      assert.equal(sandbox.state.data.monitors.length, 0);
      sandbox.faults.add({ drop: 'after', path: /_bulk_update/ });
      await assert.rejects(push(sandbox, [http('a')]));
      assert.equal(sandbox.state.data.monitors.length, 1, 'the push was applied although no answer came');
      assert.deepEqual(sandbox.requests.map((r) => r.status), [null, null]);
    });

    it('delays responses by the configured latency', async () => {
      sandbox.faults.setLatency(60);
      const started = Date.now();
      await call(sandbox, 'GET', '/api/stats');
      assert.ok(Date.now() - started >= 55);
    });
  });

  describe('persistence', () => {
    it('reloads monitors and private locations from the data file', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sandbox-'));
      const dataFile = join(dir, 'kibana.json');
      try {
        let seedId = '';
        await withSandbox({ dataFile }, async (first) => {
          await push(first, [http('a'), http('b', { privateLocations: ['synthetic-monitor-default'] })]);
          seedId = first.state.data.privateLocations[0].id;
        });
        await withSandbox({ dataFile }, async (second) => {
          assert.deepEqual((await call(second, 'GET', PROJECT)).body.monitors.map((m: { journey_id: string }) => m.journey_id), ['a', 'b']);
          assert.equal(second.state.data.privateLocations[0].id, seedId);
          assert.deepEqual((await push(second, [http('a')])).body.updatedMonitors, ['a']);
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('keeps the data file, which holds monitor secrets, readable by its owner only', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sandbox-'));
      const mode = (file: string) => statSync(file).mode & 0o777;
      try {
        const created = join(dir, 'created.json');
        await withSandbox({ dataFile: created }, async (sandbox) => {
          assert.equal(mode(created), 0o600, 'created private');
          await push(sandbox, [http('a')]);
          assert.equal(mode(created), 0o600, 'rewritten private');
        });
        // One a person wrote, readable by all: private from the start, even before the first write.
        const existing = join(dir, 'existing.json');
        writeFileSync(existing, JSON.stringify({ spaces: ['default'] }));
        chmodSync(existing, 0o644);
        await withSandbox({ dataFile: existing }, async () => assert.equal(mode(existing), 0o600));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
