// Import: monitors as Kibana stores them, back into our files. The oracle is the plan: what an
// import writes, analysed and planned against what Kibana holds, is unchanged — with secrets in
// plain text when asked, else with only the secret fields (masked) changing.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { desiredMonitors } from '../../../../server/src/core/kibana/desired';
import { ImportContext, importIds, importMonitor, slug } from '../../../../server/src/core/kibana/importMonitor';
import { normaliseProjectMonitor } from '../../../../server/src/core/kibana/normalise';
import { planChanges } from '../../../../server/src/core/kibana/plan';
import { KibanaLocation, StoredMonitor } from '../../../../server/src/core/kibana/types';
import { monitorHash } from '../../../../server/src/gitops/hash';
import { ImportFormat, journeyFile, layoutFiles } from '../../../../server/src/gitops/importLayout';
import { monitorFromCreate } from '../../../../server/src/sandbox/publicMonitor';
import { REPO, analyse } from '../../../helpers/core';

const LOCATIONS: KibanaLocation[] = [
  { id: 'us-east4-a', label: 'North America - US East', isServiceManaged: true },
  { id: 'europe-west3-a', label: 'Europe - Germany', isServiceManaged: true },
  { id: '8f0e5a2c-uuid-of-9x', label: 'synthetic-monitor-default', isServiceManaged: false, agentPolicyId: 'synthetic-monitor-policy-default' },
];
// 9.3: lightweight monitors store `maintenance_windows` (core/kibana/versions.ts), which the fixtures set.
const CTX = { project: 'shop', space: 'default', kibanaVersion: '9.3.0', locations: LOCATIONS };
const IMPORT: ImportContext = { space: 'default', kibanaVersion: '9.3.0', locations: LOCATIONS, project: 'shop', includeSecrets: true };

/** Every option the normalisation stores, as files (shared with the CLI's import test). */
const FIXTURES = path.join(REPO, 'test', 'fixtures', 'import');
const LIGHTWEIGHT = fs.readFileSync(path.join(FIXTURES, 'lightweight.yaml'), 'utf8');
const BROWSERS = fs.readFileSync(path.join(FIXTURES, 'browser-journey-configs.yaml'), 'utf8');
const BUNDLE = /"content": "([^"]+)"/.exec(BROWSERS)![1];

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
  return { imported, files, monitors, plan: planChanges(monitors, stored, CTX) };
}

describe('import: stored monitors back into files', () => {
  const stored = pushed(LIGHTWEIGHT, BROWSERS);

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
