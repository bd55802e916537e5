// `import` against the Kibana sandbox, as a user runs it: monitors of every type and option pushed
// by our own push or made through Kibana's public API, imported in both layouts, validated and
// planned again — "No changes" with the secrets, only masked secrets without them — and the UI-made
// ones adopted, each original deleted only once its replacement exists.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { Sandbox, startSandbox } from '../../server/src/sandbox/server';
import { runCli } from '../helpers/cli';
import { REPO } from '../helpers/core';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'import');
/** A browser config with inline steps: the push bundles them, and the import keeps the bundle. */
const INLINE = {
  id: 'inline',
  name: 'Inline journey',
  type: 'browser',
  private_locations: ['synthetic-monitor-default'],
  source: { inline: { script: "step('open', async () => {\n  await page.goto(params.url);\n});\n" } },
  params: { url: 'https://shop.example.com' },
};
const SECRETS = ['s3cret-token', 'hunter2', 'private-key-pem', 'key-pass', 'cHJveHk=', 'shop-pass', 'PING', 'name=a&pass=b'];
/** Monitors made through Kibana's public API, as its UI makes them. */
const UI_MONITORS = [
  { type: 'http', name: 'Status page', url: 'https://status.example.com', locations: ['us_east'], tags: ['ui'], 'check.response.status': ['200'] },
  { type: 'tcp', name: 'Mail server', host: 'smtp.example.com:25', private_locations: ['synthetic-monitor-default'], schedule: 10 },
  { type: 'icmp', name: 'Gateway', host: '10.0.0.1', locations: ['germany'], retest_on_failure: false },
  { type: 'browser', name: 'Log in', inline_script: "step('open', async () => { await page.goto('https://shop.example.com/login'); });", locations: ['us_east'] },
];

describe('synthetics-gitops import, against the Kibana sandbox', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let dir: string;

  beforeEach(async () => {
    // 9.3: lightweight monitors store `maintenance_windows` (core/kibana/versions.ts), which the fixtures set.
    sandbox = await startSandbox({ kibanaVersion: '9.3.0' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-import-'));
    fs.mkdirSync(path.join(dir, 'git'));
    for (const name of ['lightweight.yaml', 'browser-journey-configs.yaml']) fs.copyFileSync(path.join(FIXTURES, name), path.join(dir, 'git', name));
    const inline = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: inline-journeys\ndata:\n  inline.json: |\n${JSON.stringify(INLINE, null, 2).replace(/^/gm, '    ')}\n`;
    fs.writeFileSync(path.join(dir, 'git', 'inline.yaml'), inline);
  });
  afterEach(async () => {
    await sandbox.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const cli = (...args: string[]) => runCli(args, { cwd: dir, env: { ...process.env, KIBANA_URL: sandbox.url, KIBANA_API_KEY: 'sandbox-key', SYNTHETICS_PROJECT: '', NO_COLOR: '1' } });
  const read = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
  const all = () => sandbox.state.monitorsIn('default').map((m) => m.attributes);

  async function pushGit(): Promise<void> {
    const pushed = await cli('push', 'git', '--project', 'shop');
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.equal(all().length, 8);
  }

  async function createUiMonitors(): Promise<string[]> {
    const ids: string[] = [];
    for (const body of UI_MONITORS) {
      const response = await fetch(`${sandbox.url}/api/synthetics/monitors`, {
        method: 'POST',
        headers: { authorization: 'ApiKey x', 'kbn-xsrf': 'true', 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      assert.equal(response.status, 200, await response.clone().text());
      ids.push(((await response.json()) as { config_id: string }).config_id);
    }
    return ids;
  }

  for (const format of ['configmap', 'heartbeat']) {
    it(`imports a project's monitors of every type and option as ${format} files that validate and plan as "No changes"`, async () => {
      await pushGit();
      const imported = await cli('import', '--project', 'shop', '--out', 'out', '--format', format, '--include-secrets', '--journeys', 'journeys');
      assert.equal(imported.code, 0, imported.stderr);
      assert.match(imported.stdout, /^Imported 8 monitor\(s\) from Kibana 9\.3\.0 \(http:\/\/127\.0\.0\.1:\d+, space "default", project "shop"\) into out:$/m);
      assert.match(imported.stderr, /^WARNING: --include-secrets wrote \d+ secret value\(s\) in plain text into out \(api: check\.request\.headers\.Authorization, /m);
      const validated = await cli('validate', 'out');
      assert.equal(validated.code, 0, validated.stdout);
      assert.match(validated.stdout, / 0 errors/);
      const plan = await cli('plan', 'out', '--detailed-exitcode');
      assert.equal(plan.code, 0, plan.stdout + plan.stderr);
      assert.match(plan.stdout, /No changes: Kibana matches git\.\n\nPlan: 0 to create, 0 to update, 0 to delete, 8 unchanged\./);
      // Every monitor was read with its secrets, one by one (the list leaves them out).
      assert.equal(sandbox.requests.filter((r) => r.method === 'GET' && /^\/s\/default\/api\/synthetics\/monitors\/[^/?]+\?internal=true$/.test(r.path)).length >= 8, true);
      const journeys = fs.readdirSync(path.join(dir, 'journeys')).sort();
      assert.deepEqual(journeys, ['bare.journey.ts', 'checkout.journey.ts', 'custom.journey.ts', 'inline.journey.ts']);
      assert.match(read('journeys/checkout.journey.ts'), /^journey\("Checkout", \(\) => \{ step\("open", async \(\) => \{\}\); \}\);$/m);
      assert.match(read('journeys/inline.journey.ts'), /await page\.goto\(params\.url\)/, 'the bundle our push made of inline steps, unzipped');
    });
  }

  it('writes no secret without --include-secrets: placeholders for the parameters to create, and the plan shows only them, masked', async () => {
    await pushGit();
    const imported = await cli('import', '--project', 'shop', '--out', 'out');
    assert.equal(imported.code, 0, imported.stderr);
    assert.equal(imported.stderr, '');
    assert.match(imported.stdout, /^Secrets left out: create these Kibana global parameters \(Synthetics → Settings → Global parameters\)/m);
    assert.match(imported.stdout, /^ {2}api_password {2}\(api: password\)$/m);
    assert.match(imported.stdout, /^ {2}url, password {2}\(checkout: params, left out of its config under the same names\)$/m);
    const written = fs.readdirSync(path.join(dir, 'out')).map((f) => read(`out/${f}`)).join('\n');
    for (const secret of SECRETS) assert.ok(!written.includes(secret) && !imported.stdout.includes(secret), `${secret} is written nowhere`);
    assert.match(read('out/http-monitors.yaml'), /^ {4}password: \$\{api_password\} # secret: create the Kibana global parameter api_password$/m);
    const plan = await cli('plan', 'out', '--format', 'json');
    assert.equal(plan.code, 0, plan.stderr);
    const changes = (JSON.parse(plan.stdout) as { changes: { action: string; id: string; fields: { field: string; secret: boolean; before: unknown }[] }[] }).changes;
    assert.deepEqual(
      changes.filter((c) => c.action !== 'unchanged').map((c) => `${c.action} ${c.id}: ${c.fields.map((f) => f.field).join(',')}`),
      [
        'update checkout: params',
        'update inline: params',
        'update api: check.request.body,check.request.headers,password,proxy_headers,ssl.key,ssl.key_passphrase,username',
        'update form: check.request.body',
        'update db: check.send',
      ],
    );
    assert.ok(changes.flatMap((c) => c.fields).every((f) => f.secret && f.before === '(secret)'), 'only secret fields, masked');
  });

  it('imports UI-made monitors for adoption, then deletes each original only once its replacement exists', async () => {
    await pushGit();
    const originals = await createUiMonitors();
    const imported = await cli('import', '--project', 'shop', '--origin', 'ui', '--out', 'ui');
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /4 monitor\(s\) were made in Kibana's UI: pushed, each becomes a project monitor beside its original; `push --adopt` then deletes/);
    assert.doesNotMatch(imported.stdout, /Cannot be carried/, 'everything these UI monitors set comes along');
    assert.equal((await cli('validate', 'ui')).code, 0);
    const entries = parse(read('ui/http-monitors.yaml')).data as Record<string, string>;
    assert.deepEqual(parse(entries['status-page.yml']), {
      id: 'status-page',
      name: 'Status page',
      type: 'http',
      schedule: '@every 3m',
      urls: ['https://status.example.com'],
      locations: ['us-east4-a'],
      tags: ['ui'],
      check: { response: { status: [200] } },
      adopts: originals[0],
    });

    const plan = await cli('plan', 'git', 'ui');
    assert.match(plan.stdout, /^- adopt [-\w]+ {2}"Mail server" \(tcp\), made in the UI: replaced by mail-server ui\/tcp-monitors\.yaml:\d+:\d+\n {4}deleted by push --adopt once mail-server exists in Kibana/m);
    assert.match(plan.stdout, /Plan: 4 to create, 0 to update, 0 to delete, 8 unchanged; 4 UI monitor\(s\) to adopt\./);

    // Guarded as any deletion: the limit, then the confirmation, before anything is written.
    const limited = await cli('push', 'git', 'ui', '--adopt');
    assert.equal(limited.code, 1);
    assert.match(limited.stderr, /Refusing to delete 4 monitor\(s\) \(4 adopted UI original\(s\)\) of the 12 in Kibana: more than --max-deletions 10% allows \(1\)/);
    const unconfirmed = await cli('push', 'git', 'ui', '--adopt', '--max-deletions', '4');
    assert.equal(unconfirmed.code, 1);
    assert.match(unconfirmed.stderr, /Refusing to delete 4 monitor\(s\) \(4 adopted UI original\(s\)\) of project "shop" without confirmation: add --yes\./);
    assert.equal(all().length, 12, 'nothing written or deleted');

    // A replacement Kibana refuses keeps its original.
    sandbox.faults.failJourney({ id: 'gateway', reason: 'Failed to create journey: gateway', details: 'the saved object could not be written' });
    const before = sandbox.requests.length;
    const partial = await cli('push', 'git', 'ui', '--adopt', '--yes', '--max-deletions', '4');
    assert.equal(partial.code, 1);
    assert.match(partial.stderr, /^ui\/icmp-monitors\.yaml:\d+:\d+: error kibana-refused: gateway: Failed to create journey: gateway/m);
    assert.match(partial.stderr, new RegExp(`^UI monitor ${originals[2]} kept: its replacement gateway is not in Kibana; push --adopt again once it is\\.$`, 'm'));
    assert.match(partial.stdout, /Pushed to http:\/\/127\.0\.0\.1:\d+: 3 created, 0 updated, 0 deleted, 3 UI monitor\(s\) adopted \(deleted\), 1 failed\./);
    const ui = () => all().filter((m) => m.origin === 'ui').map((m) => m.name);
    assert.deepEqual(ui(), ['Gateway']);
    const steps = sandbox.requests.slice(before).map((r) => `${r.method} ${r.path.replace(/\?.*/, '')}`);
    assert.ok(steps.indexOf('DELETE /s/default/api/synthetics/monitors') > steps.indexOf('PUT /s/default/api/synthetics/project/shop/monitors/_bulk_update'), 'deleted after the replacements were written');
    assert.ok(steps.lastIndexOf('GET /s/default/api/synthetics/monitors') > steps.indexOf('PUT /s/default/api/synthetics/project/shop/monitors/_bulk_update'), 'and read back');

    sandbox.faults.clear();
    const rest = await cli('push', 'git', 'ui', '--adopt', '--yes');
    assert.equal(rest.code, 0, rest.stderr);
    assert.match(rest.stdout, /1 created, 0 updated, 0 deleted, 1 UI monitor\(s\) adopted \(deleted\)\./);
    assert.deepEqual(ui(), []);
    const settled = await cli('plan', 'git', 'ui', '--detailed-exitcode');
    assert.equal(settled.code, 0, settled.stdout);
    assert.match(settled.stdout, /No changes: Kibana matches git\./);
  });

  it('keeps the originals disabled with --keep-originals, and never adopts a project monitor', async () => {
    await pushGit();
    const [statusPage] = await createUiMonitors();
    assert.equal((await cli('import', '--project', 'shop', '--origin', 'ui', '--config-id', statusPage, '--out', 'ui')).code, 0);
    const api = all().find((m) => m.journey_id === 'api')!;
    // A hand-written `adopts` naming a project monitor: refused, whatever the flags.
    fs.writeFileSync(
      path.join(dir, 'ui', 'mistake.yml'),
      `heartbeat.monitors:\n- id: mistake\n  name: Mistake\n  type: icmp\n  schedule: "@every 5m"\n  hosts: [10.9.9.9]\n  locations: [germany]\n  adopts: ${api.config_id}\n`,
    );
    const pushed = await cli('push', 'git', 'ui', '--adopt', '--keep-originals');
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.match(pushed.stdout, new RegExp(`^! adopt ${api.config_id} {2}refused, left in Kibana: it is a project monitor of project "shop", not one made in the UI: only those are adopted`, 'm'));
    assert.match(pushed.stdout, /^~ adopt [-\w]+ {2}"Status page" \(http\), made in the UI: replaced by status-page ui\/http-monitors\.yaml:\d+:\d+\n {4}disabled once status-page exists in Kibana \(--keep-originals\)$/m);
    assert.match(pushed.stdout, /2 created, 0 updated, 0 deleted, 1 UI monitor\(s\) adopted \(disabled\)\./);
    const original = all().find((m) => m.config_id === statusPage)!;
    assert.equal(original.enabled, false, 'the original stays, disabled, its history in view');
    assert.ok(all().some((m) => m.journey_id === 'api'), 'the project monitor named by mistake is untouched');
    assert.ok(all().some((m) => m.journey_id === 'status-page' && m.enabled === true));
  });

  it('filters what it imports, refuses to overwrite without --force, and asks for a project when monitors span several', async () => {
    await pushGit();
    await createUiMonitors();
    const filtered = await cli('import', '--type', 'tcp,icmp', '--origin', 'ui', '--out', 'net', '--format', 'heartbeat');
    assert.equal(filtered.code, 0, filtered.stderr);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'net', 'lightweight')).sort(), ['icmp.yml', 'tcp.yml']);
    assert.ok(!fs.existsSync(path.join(dir, 'net', 'sync-config.yaml')), 'no project: no sync configuration');
    const tagged = await cli('import', '--project', 'shop', '--tags', 'shop', '--location', 'us-east4-a', '--out', 'tagged');
    assert.equal(tagged.code, 0, tagged.stderr);
    assert.match(tagged.stdout, /^Imported 1 monitor\(s\)/m);
    assert.deepEqual(Object.keys(parse(read('tagged/browser-journey-configs.yaml')).data), ['checkout.json']);
    const searched = await cli('import', '--query', 'gateway', '--out', 'searched');
    assert.equal(searched.code, 0, searched.stderr);
    assert.deepEqual(Object.keys(parse(read('searched/icmp-monitors.yaml')).data), ['gateway.yml', 'ping.yml']);

    const again = await cli('import', '--type', 'tcp,icmp', '--origin', 'ui', '--out', 'net', '--format', 'heartbeat');
    assert.equal(again.code, 2);
    assert.match(again.stderr, /2 file\(s\) exist already \(net\/lightweight\/tcp\.yml, net\/lightweight\/icmp\.yml\): write into an empty folder, or pass --force to overwrite them/);
    fs.writeFileSync(path.join(dir, 'net', 'lightweight', 'mine.yml'), 'heartbeat.monitors: []\n');
    assert.equal((await cli('import', '--type', 'tcp,icmp', '--origin', 'ui', '--out', 'net', '--format', 'heartbeat', '--force')).code, 0);
    assert.ok(fs.existsSync(path.join(dir, 'net', 'lightweight', 'mine.yml')), 'nothing is ever deleted');

    await fetch(`${sandbox.url}/api/synthetics/project/other/monitors/_bulk_update`, {
      method: 'PUT',
      headers: { authorization: 'ApiKey x', 'kbn-xsrf': 'true', 'content-type': 'application/json', 'x-elastic-internal-origin': 'test' },
      body: JSON.stringify({ monitors: [{ type: 'http', id: 'theirs', name: 'Theirs', schedule: 5, urls: 'https://x.example', privateLocations: ['synthetic-monitor-default'] }] }),
    });
    const mixed = await cli('import', '--out', 'mixed');
    assert.equal(mixed.code, 2);
    assert.match(mixed.stderr, /the monitors found belong to 2 projects \((shop, other|other, shop)\): import one with --project, or only UI-made ones with --origin ui/);
    const usage = await cli('import');
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /import needs --out DIR/);
  });
});
