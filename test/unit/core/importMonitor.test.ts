// Import: monitors as Kibana stores them, back into our files. The oracle is the plan: what an
// import writes, analysed and planned against what Kibana holds, is unchanged — with secrets in
// plain text when asked, else with only the secret fields (masked) changing.

import assert from 'node:assert/strict';
import { strToU8, zipSync } from 'fflate';
import { parse } from 'yaml';
import { desiredMonitors } from '../../../server/src/core/kibana/desired';
import { ImportContext, importIds, importMonitor, slug } from '../../../server/src/core/kibana/importMonitor';
import { normaliseProjectMonitor } from '../../../server/src/core/kibana/normalise';
import { planChanges } from '../../../server/src/core/kibana/plan';
import { KibanaLocation, StoredMonitor } from '../../../server/src/core/kibana/types';
import { monitorHash } from '../../../server/src/gitops/hash';
import { ImportFormat, journeyFile, layoutFiles } from '../../../server/src/gitops/importLayout';
import { monitorFromCreate } from '../../../server/src/sandbox/publicMonitor';
import { analyse } from '../../helpers/core';

const LOCATIONS: KibanaLocation[] = [
  { id: 'us-east4-a', label: 'North America - US East', isServiceManaged: true },
  { id: 'europe-west3-a', label: 'Europe - Germany', isServiceManaged: true },
  { id: '8f0e5a2c-uuid-of-9x', label: 'synthetic-monitor-default', isServiceManaged: false, agentPolicyId: 'synthetic-monitor-policy-default' },
];
const CTX = { project: 'shop', space: 'default', kibanaVersion: '9.1.0', locations: LOCATIONS };
const IMPORT: ImportContext = { space: 'default', kibanaVersion: '9.1.0', locations: LOCATIONS, project: 'shop', includeSecrets: true };

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
/** Every option of a lightweight monitor the normalisation stores. */
const LIGHTWEIGHT = `heartbeat.monitors:
- id: api
  name: API health
  type: http
  schedule: '@every 1m'
  urls: ['https://api.example.com/health']
  enabled: false
  timeout: 30s
  locations: [us_east]
  private_locations: [synthetic-monitor-default]
  tags: [api, prod]
  check.request.method: POST
  check.request.headers: {Authorization: 'Bearer s3cret-token', Accept: application/json}
  check.request.body: {query: ping}
  check.response.status: [200, 201]
  check.response.headers: {X-Ok: 'yes'}
  check.response.body.positive: [ok]
  check.response.body.negative: [error]
  check.response.json: [{description: up, expression: 'status == "up"'}]
  response.include_body: always
  response.include_headers: false
  response.include_body_max_bytes: 2048
  max_redirects: 3
  mode: all
  ipv6: false
  proxy_url: http://proxy:3128
  proxy_headers: {Proxy-Authorization: Basic cHJveHk=}
  username: svc
  password: hunter2
  ssl:
    verification_mode: strict
    supported_protocols: [TLSv1.2, TLSv1.3]
    certificate_authorities: ${JSON.stringify(PEM)}
    certificate: ${JSON.stringify(PEM)}
    key: private-key-pem
    key_passphrase: key-pass
  service.name: checkout
  namespace: prod
  fields: {team: sre}
  alert.status.enabled: false
  alert.tls.enabled: false
  retest_on_failure: false
  maintenance_windows: [mw-1]
- id: form
  name: Form post
  type: http
  schedule: '@every 5m'
  urls: ['https://\${host}/login']
  private_locations: [synthetic-monitor-default]
  check.request.body: name=a&pass=b
- id: db
  name: Database
  type: tcp
  schedule: '@every 10s'
  hosts: ['db.internal:5432']
  locations: [germany]
  check.send: PING
  check.receive: PONG
  proxy_url: socks5://proxy:1080
  proxy_use_local_resolver: true
  ssl.verification_mode: none
- id: ping
  name: Gateway ping
  type: icmp
  schedule: '@every 30s'
  hosts: [10.0.0.1]
  wait: 2s
  timeout: 10s
  ipv4: false
  private_locations: [synthetic-monitor-default]
`;

const BUNDLE = Buffer.from(zipSync({ 'journeys/shop.journey.js': strToU8('journey("Checkout", () => { step("open", async () => {}); });\n') })).toString('base64');
const browser = (entry: Record<string, unknown>) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: browser-journey-configs\ndata:\n  x.json: |\n${JSON.stringify(entry, null, 2).replace(/^/gm, '    ')}\n`;
const BROWSERS = [
  browser({
    id: 'checkout',
    name: 'Checkout',
    type: 'browser',
    schedule: { number: '15', unit: 'm' },
    locations: ['us_east'],
    source: { project: { content: BUNDLE } },
    params: { url: 'https://shop.example.com', password: 'shop-pass' },
    tags: ['shop'],
    enabled: false,
    screenshots: 'only-on-failure',
    throttling: { download: 9, upload: 0.75, latency: 170 },
    playwright_options: { viewport: { width: 1280, height: 720 } },
    ignore_https_errors: true,
    timeout: 120,
    namespace: 'prod',
    labels: { team: 'web' },
    alert: { tls: { enabled: false } },
    retest_on_failure: false,
  }),
  browser({ id: 'custom', name: 'Custom network', type: 'browser', private_locations: ['synthetic-monitor-default'], source: { project: { content: BUNDLE } }, throttling: { download: 7, upload: 2, latency: 33 } }),
  browser({ id: 'bare', name: 'Renamed monitor', type: 'browser', locations: ['germany'], source: { project: { content: BUNDLE } }, throttling: false, filter_journeys: { match: 'Checkout' } }),
];

function desired(text: string, file = 'k8s/monitors.yaml') {
  return desiredMonitors(file, analyse(text), { locations: [], privateLocations: [] }).monitors.map((m) => ({ ...m, payload: { ...m.payload, hash: monitorHash(m.payload) } }));
}

/** What Kibana holds after a push of these files: stored attributes, as GET one returns them (secrets included). */
function pushed(...texts: string[]): StoredMonitor[] {
  return texts.flatMap((text) => desired(text)).map((d, i) => {
    const result = normaliseProjectMonitor(d.payload, CTX);
    assert.ok(result.ok, JSON.stringify(!result.ok && result.failures));
    return { ...result.attributes, config_id: `config-${i}`, revision: 1, created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z' };
  });
}

/** Imports and lays out the monitors; the desired state read back from the files. */
function roundTrip(stored: StoredMonitor[], format: ImportFormat, context: ImportContext = IMPORT) {
  const ids = importIds(stored);
  const imported = stored.map((m, i) => importMonitor(m, ids[i], context));
  const files = layoutFiles(imported, { format, space: 'default', sync: { kibanaUrl: 'https://kibana.example.com', project: 'shop' } });
  const monitors = files.flatMap((f) => desiredMonitors(f.path, analyse(f.text, {}, f.path.endsWith('.json') ? 'browser-json' : 'yaml'), { locations: [], privateLocations: [] }).monitors);
  return { imported, files, monitors, plan: planChanges(monitors, stored, CTX, () => true) };
}

describe('import: stored monitors back into files', () => {
  const stored = pushed(LIGHTWEIGHT, ...BROWSERS);

  for (const format of ['configmap', 'heartbeat'] as const) {
    it(`writes ${format} files that plan as unchanged, for every option the normalisation stores`, () => {
      const { imported, files, plan } = roundTrip(stored, format);
      for (const m of imported) assert.deepEqual([m.id, m.lost, m.refused], [m.id, [], undefined], `${m.id} comes back whole`);
      for (const f of files) {
        const findings = analyse(f.text, {}, f.path.endsWith('.json') ? 'browser-json' : 'yaml').findings.filter((x) => x.severity === 'error');
        assert.deepEqual(findings, [], `${f.path} validates`);
      }
      assert.deepEqual(
        plan.items.map((i) => `${i.action} ${i.id} ${i.changes.map((c) => c.field).join(',')}`),
        stored.map((m) => `unchanged ${m.journey_id} `),
      );
    });
  }

  it('lays out ConfigMaps per type as the design document does, with a kustomization and the sync configuration', () => {
    const { files } = roundTrip(stored, 'configmap');
    assert.deepEqual(files.map((f) => f.path), ['http-monitors.yaml', 'tcp-monitors.yaml', 'icmp-monitors.yaml', 'browser-journey-configs.yaml', 'sync-config.yaml', 'kustomization.yaml']);
    const http = files[0].text;
    assert.match(http, /^# Written by `synthetics-gitops import`/);
    assert.match(http, /^ {4}synthetics-gitops\/target: kibana$/m);
    assert.deepEqual(Object.keys(parse(http).data), ['api.yml', 'form.yml']);
    assert.deepEqual(parse(files[5].text).resources, files.slice(0, 5).map((f) => f.path));
    assert.deepEqual(parse(parse(files[4].text).data['sync-config.yaml']).monitors, { project_id: 'shop' });
    // Keys in the order people write them, only what differs from Kibana's defaults.
    const api = parse(http).data['api.yml'] as string;
    assert.deepEqual(Object.keys(parse(api)), [
      'id', 'name', 'type', 'schedule', 'urls', 'enabled', 'timeout', 'locations', 'private_locations', 'tags', 'check', 'ssl', 'response',
      'max_redirects', 'mode', 'ipv6', 'proxy_url', 'proxy_headers', 'username', 'password', 'service', 'fields', 'maintenance_windows', 'alert', 'namespace', 'retest_on_failure',
    ]);
    assert.match(api, /^# Imported from Kibana \(space default\): project monitor "API health" of project shop, config_id config-0\.$/m);
    assert.match(api, /^schedule: "@every 1m"$/m);
    assert.match(api, /^locations: \[us-east4-a\]$/m, 'Elastic-managed locations by id');
    assert.match(api, /^private_locations: \[synthetic-monitor-default\]$/m, 'private locations by label, not by their 9.x uuid');
    assert.match(api, /^ {4}status: \[200, 201\]$/m);
    assert.match(api, /^password: hunter2 # secret, written in plain text \(--include-secrets\)$/m);
    assert.deepEqual(parse(parse(files[2].text).data['ping.yml']), { id: 'ping', name: 'Gateway ping', type: 'icmp', schedule: '@every 30s', hosts: ['10.0.0.1'], timeout: '10s', wait: '2s', private_locations: ['synthetic-monitor-default'], ipv4: false });
    const checkout = JSON.parse(parse(files[3].text).data['checkout.json']);
    assert.deepEqual(checkout.throttling, { download: 9, upload: 0.75, latency: 170 });
    assert.equal(checkout.source.project.content, BUNDLE, 'the pushed bundle is kept as it is');
  });

  it('replaces the secrets a monitor sends by parameters, named in a comment, and the plan shows only them, masked', () => {
    const { imported, files, plan } = roundTrip(stored, 'configmap', { ...IMPORT, includeSecrets: false });
    const api = imported.find((m) => m.id === 'api')!;
    assert.deepEqual(api.placeholders.map((p) => `${p.path} ${p.param}`), [
      'check.request.headers.Authorization api_header_authorization',
      'check.request.headers.Accept api_header_accept',
      'check.request.body api_request_body',
      'ssl.key api_ssl_key',
      'ssl.key_passphrase api_ssl_key_passphrase',
      'proxy_headers.Proxy-Authorization api_proxy_header_proxy_authorization',
      'username api_username',
      'password api_password',
    ]);
    assert.deepEqual(imported.find((m) => m.id === 'checkout')!.omittedParams, ['url', 'password']);
    const text = files.map((f) => f.text).join('\n');
    for (const secret of ['s3cret-token', 'hunter2', 'private-key-pem', 'key-pass', 'cHJveHk=', 'shop-pass', 'PING']) assert.ok(!text.includes(secret), `${secret} is not written`);
    assert.match(text, /^ {4}password: \$\{api_password\} # secret: create the Kibana global parameter api_password$/m);
    assert.match(text, /^ {2}# Secret params left out \(url, password\): create them as global parameters \(Kibana → Synthetics → Settings → Global parameters\)\.$/m);
    // Expected responses are the monitor itself, not a credential.
    assert.match(text, /positive: \[ok\]/);
    for (const item of plan.items) {
      assert.ok(item.changes.every((c) => c.secret), `${item.id}: only secret fields change (${item.changes.map((c) => c.field)})`);
    }
    assert.deepEqual(plan.items.filter((i) => i.changes.length).map((i) => `${i.id} ${i.changes.map((c) => c.field).join(',')}`), [
      'api check.request.body,check.request.headers,password,proxy_headers,ssl.key,ssl.key_passphrase,username',
      'form check.request.body',
      'db check.send',
      'checkout params',
    ]);
  });

  it('gives UI-made monitors ids from their names, records which one each adopts, and says what cannot come along', () => {
    const ui = (body: Record<string, unknown>, configId: string) => {
      const outcome = monitorFromCreate(body, { space: 'default', locations: LOCATIONS, preserveNamespace: false });
      assert.ok(outcome.ok);
      return { ...outcome.attributes, config_id: configId, id: configId };
    };
    const monitors = [
      ui({ type: 'http', name: 'Home page', url: 'https://shop.example.com', locations: ['us_east'], tags: ['web'], retest_on_failure: false }, 'uuid-1'),
      ui({ type: 'tcp', name: 'Home page!', host: 'db:5432', private_locations: ['8f0e5a2c-uuid-of-9x'] }, 'uuid-2'),
      ui({ type: 'browser', name: 'Log in', inline_script: "step('open', async () => { await page.goto(params.url); });", locations: ['us_east'], params: { url: 'https://x' }, synthetics_args: ['--x'] }, 'uuid-3'),
      ...pushed(LIGHTWEIGHT).slice(0, 1),
    ];
    const ids = importIds(monitors, ['home-page-2']);
    assert.deepEqual(ids, ['home-page', 'home-page-3', 'log-in', 'api']);
    const imported = monitors.map((m, i) => importMonitor(m, ids[i], { ...IMPORT, includeSecrets: false }));
    assert.deepEqual(imported.map((m) => m.config.adopts), ['uuid-1', 'uuid-2', 'uuid-3', undefined]);
    assert.deepEqual(imported[1].config.private_locations, ['synthetic-monitor-default'], 'a private location chosen by id is written by label');
    assert.deepEqual(imported[0].config, { id: 'home-page', name: 'Home page', type: 'http', schedule: '@every 3m', urls: ['https://shop.example.com'], locations: ['us-east4-a'], tags: ['web'], retest_on_failure: false, adopts: 'uuid-1' });
    assert.deepEqual(imported[2].config.source, { inline: { script: "step('open', async () => { await page.goto(params.url); });" } });
    assert.deepEqual(imported[2].lost.map((c) => [c.field, c.secret]), [['synthetics_args', true]], 'the project API has no synthetics_args');
    const files = layoutFiles(imported, { format: 'configmap', space: 'default' });
    assert.match(files[0].text, /^ {4}adopts: uuid-1 # the UI monitor this one replaces: `push --adopt` deletes it once this one exists$/m);
    assert.match(files[0].text, /^ {4}# Imported from Kibana \(space default\): "Home page", made in the UI \(config_id uuid-1\); pushed, it becomes a project monitor\.$/m);
    // Adoption pairs are read back from the files, never guessed.
    const read = files.flatMap((f) => desiredMonitors(f.path, analyse(f.text), { locations: [], privateLocations: [] }).monitors);
    assert.deepEqual(read.map((d) => [d.payload.id, d.adopts, 'adopts' in d.payload]), [
      ['home-page', 'uuid-1', false],
      ['api', undefined, false],
      ['home-page-3', 'uuid-2', false],
      ['log-in', 'uuid-3', false],
    ]);
  });

  it('writes journeys for reading: inline steps wrapped as Kibana runs them, pushed bundles unzipped', () => {
    const { imported } = roundTrip(stored, 'configmap');
    const file = journeyFile(imported.find((m) => m.id === 'checkout')!, 'default')!;
    assert.equal(file.path, 'checkout.journey.ts');
    assert.match(file.text, /^\/\/ Imported from Kibana \(space default\): project monitor "Checkout" of project shop, config_id config-4\.\n\/\/ For reading:/);
    assert.match(file.text, /^journey\("Checkout", \(\) => \{ step\("open", async \(\) => \{\}\); \}\);$/m);
    const inline = importMonitor({ ...stored[4], 'source.project.content': '', 'source.inline.script': "step('a', async () => {});", origin: 'ui' }, 'inline', IMPORT);
    assert.match(journeyFile(inline, 'default')!.text, /^journey\("Checkout", \(\{ page, context, browser, params, request \}\) => \{\nstep\('a', async \(\) => \{\}\);\n\}\);$/m);
  });

  it('makes slugs of any name', () => {
    assert.equal(slug('Café – Login (EU)'), 'cafe-login-eu');
    assert.equal(slug('API Health', '_'), 'api_health');
    assert.deepEqual(importIds([{ origin: 'ui', name: '!!!', type: 'icmp' }]), ['icmp']);
  });
});
