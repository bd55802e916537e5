// The editor's monitor status (syntheticsGitops/monitorStatus), over stdio against the Kibana
// sandbox on loopback: each monitor of the folder and each pushed journey with its status, at its
// places as file URIs and 0-based lines; the key only to a confirmed host, never in a message; no
// request at all without a Kibana URL.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MonitorStatusRequest, PushRequest, UnconfirmedHostData } from '../../server/src/protocol/messages';
import { Sandbox, startSandbox } from '../../server/src/sandbox/server';
import type { LspClient } from '../helpers/lspClient';
import { SandboxedServer, startSandboxedServer, stopSandboxedServer } from '../helpers/sandboxedServer';
import { pushJourney, setStatuses } from '../helpers/sandboxStatus';

const API_KEY = 'c3RhdHVzLWtleS03YzJl';

const monitor = (id: string) => `  - id: ${id}\n    name: ${id} health\n    type: http\n    schedule: "@every 5m"\n    urls: ["https://${id}.example.com/health"]\n    locations: [japan]\n`;

describe('monitor status request of the language server, against the sandbox', function () {
  this.timeout(60_000);
  let server: SandboxedServer;
  let sandbox: Sandbox;
  let dir: string;
  let folderUri: string;
  let client: LspClient;
  let settings: SandboxedServer['settings'];
  let confirmedHosts: string[];

  beforeEach(async () => {
    server = await startSandboxedServer('sgo-lsp-status-', {
      'monitors.yml': 'heartbeat.monitors:\n' + monitor('api') + monitor('web'),
      'checkout.journey.ts': "import { journey, step } from '@elastic/synthetics';\n\njourney({ name: 'Checkout', id: 'checkout' }, () => {\n  step('open', async () => {});\n});\n",
    });
    ({ sandbox, dir, folderUri, client, settings, confirmedHosts } = server);
  });

  afterEach(() => stopSandboxedServer(server));

  const status = (params: Partial<MonitorStatusRequest.Params> = {}) => client.request<MonitorStatusRequest.Result>(MonitorStatusRequest.method, { folderUri, apiKey: API_KEY, confirmedHosts, ...params });

  it('answers each monitor\'s status with its places in the folder, as the sandbox was told it', async () => {
    const pushed = await client.request<PushRequest.Result>(PushRequest.method, { folderUri, apiKey: API_KEY, confirmedHosts, prune: false, confirmedDeletes: [] });
    assert.deepEqual(pushed.created.sort(), ['api', 'web']);
    fs.appendFileSync(path.join(dir, 'monitors.yml'), monitor('later'));
    await pushJourney(sandbox.url, 'checkout');
    await setStatuses(sandbox.url, [
      { monitor: 'web', status: 'down', error: 'expected 200, got 502', since: '2026-05-04T09:55:00.000Z' },
      { monitor: 'api', status: 'up' },
      { monitor: 'checkout', status: 'up' },
    ]);

    const result = await status();
    assert.equal(result.target, `${new URL(sandbox.url).host}/default/gitops`);
    assert.equal(result.kibanaVersion, '9.1.0');
    assert.deepEqual(
      result.monitors.map((m) => [m.id, m.status, m.places.map((p) => `${path.basename(p.uri)}:${p.line}`)]),
      [
        ['web', 'down', ['monitors.yml:7']],
        ['later', 'not-in-kibana', ['monitors.yml:13']],
        ['api', 'up', ['monitors.yml:1']],
        // The journey, as `@elastic/synthetics push` sent it to the project.
        ['checkout', 'up', ['checkout.journey.ts:2']],
      ],
    );
    const [web] = result.monitors;
    assert.equal(web.places[0].uri, `${folderUri}/monitors.yml`);
    assert.deepEqual([web.since, web.lastError?.message, web.locations], ['2026-05-04T09:55:00.000Z', 'expected 200, got 502', [{ id: 'asia-northeast1-a', label: 'Asia/Pacific - Japan', status: 'down' }]]);
    assert.equal(web.url, `${sandbox.url}/app/synthetics/monitor/${web.configId}`);
    assert.ok(!(server.wire() + client.stderr).includes(API_KEY), 'the API key appears in no message or log line of the server');
  });

  it('sends nothing to a host the user has not confirmed, nor without a Kibana URL, and says why', async () => {
    const origin = new URL(sandbox.url).origin;
    await assert.rejects(status({ confirmedHosts: [] }), (error: { data?: UnconfirmedHostData }) => error.data?.unconfirmedHost === origin);
    settings.kibana.url = '';
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await assert.rejects(status(), /^Error: No Kibana URL: run "Synthetics GitOps: Select Kibana Target"/);
    assert.deepEqual(sandbox.requests, [], 'nothing sent');
  });

  it('fails saying so when the Kibana reports no status per monitor (8.6)', async () => {
    await sandbox.close();
    // Closed after the test in its place.
    sandbox = server.sandbox = await startSandbox({ kibanaVersion: '8.6.2' });
    settings.kibana.url = sandbox.url;
    confirmedHosts = [new URL(sandbox.url).origin];
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await assert.rejects(status(), /Kibana 8\.6\.2 reports no status per monitor: its overview status route names monitors from 8\.7\.0/);
  });
});
