// `synthetics-gitops status` as a process against the Kibana sandbox on loopback: each monitor of the
// paths (and each journey Kibana's project holds) with its status as the sandbox was told it, in text
// and JSON, exit 1 when one is down, and a Kibana that cannot say (8.6) never taken for "all up".

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Sandbox, startSandbox } from '../../server/src/sandbox/server';
import { runCli } from '../helpers/cli';
import { pushJourney, setStatuses as tell } from '../helpers/sandboxStatus';

const monitor = (id: string, extra = '') =>
  `  - id: ${id}\n    name: ${id} health\n    type: http\n    schedule: "@every 5m"\n    urls: ["https://${id}.example.com/health"]\n    locations: [japan, germany]\n${extra}`;

const JOURNEYS = `import { journey, step } from '@elastic/synthetics';

journey({ name: 'Checkout', id: 'checkout' }, () => {
  step('open', async () => {});
});

journey('only run here', () => {
  step('open', async () => {});
});
`;

describe('synthetics-gitops status, against the Kibana sandbox', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let dir: string;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-status-'));
    fs.writeFileSync(path.join(dir, 'monitors.yml'), 'heartbeat.monitors:\n' + monitor('api', '    check.request.headers: {Authorization: "Bearer s3cret-token"}\n') + monitor('web'));
    fs.mkdirSync(path.join(dir, 'journeys'));
    fs.writeFileSync(path.join(dir, 'journeys', 'checkout.journey.ts'), JOURNEYS);
  });
  afterEach(async () => {
    await sandbox?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const cli = (...args: string[]) => runCli(args, { cwd: dir, env: { ...process.env, KIBANA_URL: sandbox.url, KIBANA_API_KEY: 'sandbox-key', SYNTHETICS_PROJECT: 'gitops', NO_COLOR: '1' } });
  const setStatuses = (statuses: unknown[]) => tell(sandbox.url, statuses);

  it('lists each monitor with its status, down first, at its file:line, and exits 1 while one is down', async () => {
    sandbox = await startSandbox();
    assert.equal((await cli('push')).code, 0);
    await pushJourney(sandbox.url, 'checkout');
    // One more in git, not pushed yet.
    fs.appendFileSync(path.join(dir, 'monitors.yml'), monitor('later'));
    await setStatuses([
      { monitor: 'checkout', status: 'down', error: 'locator.click: Timeout 30000ms exceeded' },
      { monitor: 'api', status: 'up' },
      { monitor: 'web', location: 'japan', status: 'up' },
      { monitor: 'web', location: 'germany', status: 'down', since: '2026-05-04T09:55:00.000Z', error: '503 Service Unavailable' },
    ]);
    const text = await cli('status');
    assert.equal(text.code, 1, text.stderr);
    assert.equal(text.stderr, '');
    const lines = text.stdout.split('\n');
    assert.equal(lines[0], 'Kibana 9.1.0, space "default", project "gitops"');
    assert.equal(lines[2], '✖ down web  "web health" (http)  since 2026-05-04T09:55:00.000Z at Europe - Germany (1 of 2 locations): 503 Service Unavailable  monitors.yml:9:5');
    // A journey the project holds (as `@elastic/synthetics push` sent it): Kibana's name for it, at the journey.
    assert.match(lines[3], /^✖ down checkout {2}"checkout" \(browser\) {2}since \S+ at Asia\/Pacific - Japan: locator\.click: Timeout 30000ms exceeded {2}journeys\/checkout\.journey\.ts:3:1$/);
    assert.equal(lines[4], '? not in Kibana later  "later health" (http)  Kibana\'s project has no such monitor: push it  monitors.yml:15:5');
    // Kibana's newest answer (the sandbox's) dates only a down streak; for up, the latest check.
    assert.match(lines[5], /^● up api {2}"api health" \(http\) {2}checked \d{4}-\d\d-\d\dT[\d:.]+Z at 2 locations {2}monitors\.yml:2:5$/);
    assert.match(text.stdout, /\n4 monitors: 2 down, 0 pending, 1 not in Kibana, 0 disabled, 1 up\.\n$/);
    assert.ok(!text.stdout.includes('only run here'), 'a journey nothing pushed is no monitor');

    const json = await cli('status', '--format', 'json');
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout);
    assert.deepEqual([report.version, report.kibana, report.kibanaVersion, report.space, report.project], [1, sandbox.url, '9.1.0', 'default', 'gitops']);
    assert.deepEqual(report.summary, { up: 1, down: 2, pending: 0, disabled: 0, notInKibana: 1 });
    const web = report.monitors[0];
    const configId = sandbox.state.monitorsIn('default').find((m) => m.attributes.journey_id === 'web')!.attributes.config_id;
    assert.deepEqual(
      { ...web, checkedAt: typeof web.checkedAt },
      {
        id: 'web',
        name: 'web health',
        type: 'http',
        status: 'down',
        since: '2026-05-04T09:55:00.000Z',
        checkedAt: 'string',
        locations: [
          { id: 'asia-northeast1-a', label: 'Asia/Pacific - Japan', status: 'up' },
          { id: 'europe-west3-a', label: 'Europe - Germany', status: 'down' },
        ],
        lastError: { message: '503 Service Unavailable', at: web.checkedAt },
        configId,
        url: `${sandbox.url}/app/synthetics/monitor/${configId}`,
        places: [{ file: 'monitors.yml', line: 9, column: 5 }],
      },
    );
    assert.ok(![text.stdout, json.stdout].join().includes('s3cret'), 'secrets stay out of the output');
    // The sandbox, as Kibana 9, answers the internal route only with the internal-origin header: the client sent it.
    assert.ok(sandbox.requests.some((r) => r.path.startsWith('/s/default/internal/synthetics/overview_status') && r.status === 200));
  });

  it('exits 0 when none is down: pending monitors and those not in Kibana are listed, not failed', async () => {
    sandbox = await startSandbox();
    assert.equal((await cli('push', 'monitors.yml')).code, 0);
    // And one without an id (an error in git): no monitor of Kibana's, not listed.
    fs.appendFileSync(path.join(dir, 'monitors.yml'), monitor('later') + monitor('').replace('  - id: \n', '  - '));
    await setStatuses([{ monitor: 'api', status: 'up' }]);
    const result = await cli('status', 'monitors.yml');
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^◌ pending web {2}"web health" \(http\) {2}no check reported yet at Asia\/Pacific - Japan, Europe - Germany {2}monitors\.yml:9:5$/m);
    assert.match(result.stdout, /\n3 monitors: 0 down, 1 pending, 1 not in Kibana, 0 disabled, 1 up\.\n$/);
    // A status set to down, then up again: the gate opens.
    await setStatuses([{ monitor: 'web', status: 'down' }]);
    assert.equal((await cli('status', 'monitors.yml')).code, 1);
    await setStatuses([{ monitor: 'web', status: 'up' }]);
    assert.equal((await cli('status', 'monitors.yml')).code, 0);
  });

  it('exits 1 saying so when Kibana reports no status per monitor (8.6), and 2 on bad usage', async () => {
    sandbox = await startSandbox({ kibanaVersion: '8.6.2' });
    assert.equal((await cli('push', 'monitors.yml')).code, 0);
    const old = await cli('status', 'monitors.yml');
    assert.equal(old.code, 1);
    assert.equal(old.stdout, '');
    assert.equal(old.stderr, 'synthetics-gitops: Kibana 8.6.2 reports no status per monitor: its overview status route names monitors from 8.7.0\n');
    const usage = await cli('status', '--format', 'xml');
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--format must be text or json, not "xml"/);
    const help = await cli('status', '--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Exit status: 0 no monitor is down/);
  });
});
