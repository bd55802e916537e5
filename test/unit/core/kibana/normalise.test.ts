// Kibana's project-monitor normalisation, checked against the API integration fixtures the
// reference quotes (§7.1–7.4) and its failedMonitors table (§3.4).

import assert from 'node:assert/strict';
import { DEFAULT_FIELDS, SECRET_KEYS } from '../../../../server/src/core/kibana/defaults';
import { normaliseProjectMonitor, projectMonitorRefusals, toPublicMonitor } from '../../../../server/src/core/kibana/normalise';
import { KibanaLocation, ProjectMonitor, StoredMonitor } from '../../../../server/src/core/kibana/types';
import { SERVICE_LOCATIONS } from '../../../../server/src/sandbox/locations';

const PRIVATE: KibanaLocation = { id: 'policy-1', label: 'Test private location 0', agentPolicyId: 'policy-1', isServiceManaged: false };
const ctx = { project: 'test-suite', space: 'default', kibanaVersion: '9.1.0', locations: [...SERVICE_LOCATIONS, PRIVATE] };
const US_EAST = { id: 'us-east4-a', label: 'North America - US East', geo: { lat: 39.04, lon: -77.49 }, isServiceManaged: true };

function stored(monitor: ProjectMonitor, context = ctx): StoredMonitor {
  const result = normaliseProjectMonitor(monitor, context);
  assert.ok(result.ok, JSON.stringify(!result.ok && result.failures));
  return result.attributes;
}

function failures(monitor: ProjectMonitor, context = ctx) {
  const result = normaliseProjectMonitor(monitor, context);
  assert.ok(!result.ok, 'expected the monitor to fail');
  // As Kibana answers them: without our pointer into the file.
  return result.failures.map(({ at: _where, ...failure }) => failure);
}

const unsupported = (type: string, keys: string) =>
  `The following Heartbeat options are not supported for ${type} project monitors in 9.1.0: ${keys}. You monitor was not created or updated.`;
const exactlyOne = (type: string, key: string) =>
  `\`${type}\` project monitors must have exactly one value for field \`${key}\` in version \`9.1.0\`. Your monitor was not created or updated.`;

// §7.1: project_http_monitor.json (locations moved to a real Elastic-managed id).
const httpFixture = {
  type: 'http',
  locations: ['us-east4-a'],
  enabled: false,
  schedule: 60,
  timeout: '80s',
  'check.request': { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
  'response.include_headers': false,
  hash: 'ekrjelkjrelkjre',
};
const myMonitor2: ProjectMonitor = {
  ...httpFixture,
  id: 'my-monitor-2',
  name: 'My Monitor 2',
  urls: ['http://localhost:9200', 'http://anotherurl:9200'],
  response: { include_body: 'always' },
  'check.response': { status: [200], body: ['Saved', 'saved'] },
  unsupportedKey: { nestedUnsupportedKey: 'unsupportedValue' },
};
const myMonitor3: ProjectMonitor = {
  ...httpFixture,
  id: 'my-monitor-3',
  name: 'My Monitor 3',
  urls: ['http://localhost:9200'],
  response: { include_body: 'always', include_body_max_bytes: 900 },
  'check.response': { status: [200], body: { positive: ['${testLocal1}', 'saved'] }, json: [{ description: 'check status', expression: 'foo.bar == "myValue"' }] },
  proxy_url: '${testGlobalParam2}',
  tags: 'tag2,tag2',
  'ssl.verification_mode': 'strict',
  params: { testLocal1: 'testLocalParamsValue', testGlobalParam2: 'testGlobalParamOverwrite' },
  max_attempts: 2,
};

describe('normaliseProjectMonitor', () => {
  it('stores my-monitor-3 exactly as Kibana does (§7.1)', () => {
    assert.deepEqual(stored(myMonitor3), {
      type: 'http',
      form_monitor_type: 'http',
      enabled: false,
      alert: { status: { enabled: true }, tls: { enabled: true } },
      schedule: { number: '60', unit: 'm' },
      'service.name': '',
      tags: ['tag2', 'tag2'],
      timeout: '80',
      name: 'My Monitor 3',
      locations: [US_EAST],
      namespace: 'default',
      origin: 'project',
      journey_id: 'my-monitor-3',
      hash: 'ekrjelkjrelkjre',
      id: 'my-monitor-3-test-suite-default',
      custom_heartbeat_id: 'my-monitor-3-test-suite-default',
      project_id: 'test-suite',
      original_space: 'default',
      params: '{"testLocal1":"testLocalParamsValue","testGlobalParam2":"testGlobalParamOverwrite"}',
      max_attempts: 2,
      labels: {},
      maintenance_windows: [],
      spaces: ['default'],
      __ui: { is_tls_enabled: true },
      urls: 'http://localhost:9200',
      max_redirects: '0',
      'url.port': null,
      password: '',
      proxy_url: '${testGlobalParam2}',
      proxy_headers: {},
      'check.response.body.negative': [],
      'check.response.body.positive': ['${testLocal1}', 'saved'],
      'check.response.json': [{ description: 'check status', expression: 'foo.bar == "myValue"' }],
      'response.include_body': 'always',
      'check.response.headers': {},
      'response.include_headers': false,
      'check.response.status': ['200'],
      'check.request.body': { type: 'text', value: '' },
      'check.request.headers': { 'Content-Type': 'application/x-www-form-urlencoded' },
      'check.request.method': 'POST',
      username: '',
      mode: 'any',
      'response.include_body_max_bytes': '900',
      ipv4: true,
      ipv6: true,
      'ssl.certificate_authorities': '',
      'ssl.certificate': '',
      'ssl.key': '',
      'ssl.key_passphrase': '',
      'ssl.verification_mode': 'strict',
      'ssl.supported_protocols': ['TLSv1.1', 'TLSv1.2', 'TLSv1.3'],
    });
  });

  it('fails my-monitor-2 twice: two urls, and the list form of check.response.body beside an unknown key (§7.1)', () => {
    assert.deepEqual(failures(myMonitor2), [
      { id: 'my-monitor-2', reason: 'Invalid Heartbeat configuration', details: exactlyOne('http', 'urls') },
      { id: 'my-monitor-2', reason: 'Unsupported Heartbeat option', details: unsupported('http', 'check.response.body|unsupportedKey.nestedUnsupportedKey') },
    ]);
  });

  it('converts icmp waits, splits comma strings and resolves private locations by label (§7.3)', () => {
    const icmp = { type: 'icmp', schedule: 1, locations: ['us-east4-a'], privateLocations: ['Test private location 0'], hash: 'ekrjelkjrelkjre' };
    const first = stored({ ...icmp, id: 'Cloudflare-DNS', name: 'Cloudflare-DNS', hosts: ['1.1.1.1'], tags: ['service:smtp', 'org:google'], wait: '30s' });
    assert.equal(first.wait, '30');
    assert.equal(first.hosts, '1.1.1.1');
    assert.deepEqual(first.tags, ['service:smtp', 'org:google']);
    assert.deepEqual(first.locations, [US_EAST, { id: 'policy-1', label: 'Test private location 0', agentPolicyId: 'policy-1', isServiceManaged: false }]);
    assert.equal('ssl.verification_mode' in first, false, 'icmp has no TLS block');

    const second = stored({ ...icmp, id: 'Cloudflare-DNS-2', name: 'Cloudflare-DNS-2', hosts: '1.1.1.1', tags: 'tag1,tag2', wait: '1m' });
    assert.equal(second.wait, '60');
    assert.deepEqual(second.tags, ['tag1', 'tag2']);

    const third = failures({ ...icmp, id: 'Cloudflare-DNS-3', name: 'Cloudflare-DNS-3', hosts: '1.1.1.1,2.2.2.2', unsupportedKey: { nestedUnsupportedKey: 'x' } });
    assert.deepEqual(third, [
      { id: 'Cloudflare-DNS-3', reason: 'Invalid Heartbeat configuration', details: exactlyOne('icmp', 'hosts') },
      { id: 'Cloudflare-DNS-3', reason: 'Unsupported Heartbeat option', details: unsupported('icmp', 'unsupportedKey.nestedUnsupportedKey') },
    ]);
  });

  it('stores tcp monitors and refuses `ports` (§7.4)', () => {
    const tcp = { type: 'tcp', schedule: 1, locations: ['us-east4-a'], hash: 'h' };
    const gmail = stored({ ...tcp, id: 'gmail-smtp', name: 'GMail SMTP', hosts: ['smtp.gmail.com:587'], 'ssl.verification_mode': 'strict', privateLocations: [] });
    assert.equal(gmail.hosts, 'smtp.gmail.com:587');
    assert.deepEqual(gmail.__ui, { is_tls_enabled: true });
    assert.equal(stored({ ...tcp, id: 'always-down', name: 'Always down', hosts: 'localhost:18278', tags: 'tag1,tag2' }).form_monitor_type, 'tcp');
    assert.deepEqual(failures({ ...tcp, id: 'always-down', name: 'Always down', hosts: ['localhost', 'anotherhost'], ports: ['5698'], unsupportedKey: { nestedUnsupportedKey: 'x' } }), [
      { id: 'always-down', reason: 'Invalid Heartbeat configuration', details: exactlyOne('tcp', 'hosts') },
      { id: 'always-down', reason: 'Unsupported Heartbeat option', details: unsupported('tcp', 'ports|unsupportedKey.nestedUnsupportedKey') },
    ]);
  });

  it('stores a browser monitor without `type` (§7.2)', () => {
    const browser = stored({
      id: 'check-if-title-is-present',
      name: 'check if title is present',
      schedule: 10,
      locations: ['us-east4-a'],
      throttling: { download: 5, upload: 3, latency: 20 },
      params: {},
      playwrightOptions: { headless: true, chromiumSandbox: false },
      tags: [],
      content: 'UEsDBBQACAAIAON5qVQAAAAAAAAAAAAAAAAfAAAAZXhhbXBsZXMvdG9kb3MvYmFzaWMuam91cm5leS50cw==',
      filter: { match: 'check if title is present' },
      hash: 'ekrjelkjrelkjre',
      max_attempts: 2,
      unknownBrowserKey: 'silently dropped',
    });
    assert.equal(browser.type, 'browser');
    assert.equal(browser.form_monitor_type, 'multistep');
    assert.deepEqual(browser.throttling, { id: 'default', label: 'Default', value: { download: '5', upload: '3', latency: '20' } });
    assert.equal(browser.playwright_options, '{"headless":true,"chromiumSandbox":false}');
    assert.equal(browser['filter_journeys.match'], 'check if title is present');
    assert.equal(browser['source.project.content'], 'UEsDBBQACAAIAON5qVQAAAAAAAAAAAAAAAAfAAAAZXhhbXBsZXMvdG9kb3MvYmFzaWMuam91cm5leS50cw==');
    assert.deepEqual(browser.schedule, { number: '10', unit: 'm' });
    assert.equal(browser.screenshots, 'on');
    assert.equal(browser.timeout, null);
    assert.equal(browser.urls, '');
    assert.equal(browser['source.inline.script'], '');
    assert.equal(browser.params, '');
    assert.equal('unknownBrowserKey' in browser, false);
    assert.equal('revision' in browser || 'config_id' in browser, false, 'the store owns revision and config_id');
  });

  it('reads screenshots, throttling profiles and HTTPS errors from the browser options (§5.10)', () => {
    const base = { id: 'j', name: 'j', schedule: 10, locations: ['us-east4-a'], content: 'zip' };
    const browser = stored({ ...base, screenshot: 'only-on-failure', throttling: { download: 9, upload: 0.75, latency: 170 }, ignoreHTTPSErrors: true, timeout: '2m' });
    assert.equal(browser.screenshots, 'only-on-failure');
    assert.equal((browser.throttling as { id: string }).id, '4g');
    assert.equal(browser.ignore_https_errors, true);
    assert.equal(browser.timeout, '120');
    assert.deepEqual(stored({ ...base, throttling: false }).throttling, { id: 'no-throttling', label: 'No throttling', value: null });
    assert.deepEqual(stored({ ...base, throttling: { download: 1, upload: 2, latency: 3 } }).throttling, { id: 'custom', label: 'Custom', value: { download: '1', upload: '2', latency: '3' } });
  });

  it('refuses a browser monitor without content', () => {
    const [failure] = failures({ type: 'browser', id: 'j', name: 'j', schedule: 10, locations: ['us-east4-a'] });
    assert.equal(failure.reason, 'Monitor is not a valid monitor of type browser');
    assert.equal(failure.details, 'source.inline.script: Script is required for browser monitor.');
  });

  const http = { type: 'http', id: 'api', name: 'API', urls: 'https://example.com', schedule: 5, locations: ['us-east4-a'] };

  it('refuses a schedule outside the allowed minutes', () => {
    const [failure] = failures({ ...http, schedule: 7 });
    assert.equal(failure.id, 'api');
    assert.equal(failure.reason, 'Monitor schedule is invalid');
    assert.equal(failure.details, 'Invalid schedule 7 minutes supplied to monitor configuration. Supported schedule values in minutes are 1, 2, 3, 5, 10, 15, 20, 30, 60, 120, 240');
    assert.deepEqual(stored({ ...http, schedule: '30s' }).schedule, { number: '30', unit: 's' });
  });

  it('reports an unsupported type, and a malformed schedule through the payload codec', () => {
    assert.deepEqual(failures({ ...http, type: 'dns' }).map(({ reason, details }) => ({ reason, details })), [
      { reason: 'Failed to create or update monitor', details: 'Unsupported monitor type dns' },
    ]);
    const [codec] = failures({ ...http, schedule: '5m' } as unknown as ProjectMonitor);
    assert.equal(codec.reason, "Couldn't save or update monitor because of an invalid configuration.");
    assert.equal(codec.details, 'Invalid value "5m" supplied to "schedule"');
  });

  it('checks the URL unless it holds a ${param}', () => {
    const [failure] = failures({ ...http, urls: 'not a url' });
    assert.equal(failure.reason, 'Invalid Heartbeat configuration');
    assert.match(failure.details, /must specify a valid URL for field `monitor.urls` in version `9.1.0`. Your monitor definition with ID `api` was not saved./);
    assert.equal(stored({ ...http, urls: '${base}/health' }).urls, '${base}/health');
  });

  it('resolves locations as Kibana does, with its messages', () => {
    const invalid = failures({ ...http, locations: ['mars'] });
    assert.equal(invalid.length, 1);
    assert.equal(invalid[0].reason, "Couldn't save or update monitor because of an invalid configuration.");
    assert.match(invalid[0].details, /^Invalid locations specified\. Elastic managed Location\(s\) 'mars' not found\. Available locations are 'asia-northeast1-a\|/);
    assert.equal(failures({ ...http, locations: [], privateLocations: [] })[0].details, 'You must add at least one location or private location to this monitor.');
    const { locations: _omitted, ...nowhere } = http;
    assert.match(failures(nowhere)[0].reason, /^At least one location is required/);
    assert.equal(failures({ ...http, locations: ['us_east'] })[0].details, 'Invalid location: "us_east". Remove it or replace it with a valid location.', 'an alias resolves but is not an exact id');
    assert.equal(
      failures({ ...http, locations: [], privateLocations: ['test private location 0'] })[0].details,
      'Invalid private location: "test private location 0". Remove it or replace it with a valid private location.',
    );
  });

  it('applies the namespace, tags, params, alert and retest rules (§5.5, §5.7)', () => {
    const monitor = stored({ ...http, tags: 'a,b', retestOnFailure: false, alert: { tls: { enabled: false } }, fields: { team: 'sre' } }, { ...ctx, space: 'test-namespace' });
    assert.equal(monitor.namespace, 'test_namespace');
    // Fleet's INVALID_NAMESPACE_CHARACTERS ends in `+`: a run of refused characters becomes one `_`.
    assert.equal(stored(http, { ...ctx, space: 'a--b' }).namespace, 'a_b');
    assert.equal(monitor.original_space, 'test-namespace');
    assert.equal(monitor.id, 'api-test-suite-test-namespace');
    assert.deepEqual(monitor.tags, ['a', 'b']);
    assert.equal(monitor.max_attempts, 1);
    assert.deepEqual(monitor.alert, { status: { enabled: true }, tls: { enabled: false } });
    assert.deepEqual(monitor.labels, { team: 'sre' });
    assert.equal(monitor.params, '');
    assert.deepEqual(failures({ ...http, namespace: 'Prod' }), [{ id: 'api', reason: 'Invalid namespace', details: 'Namespace must be lowercase' }]);
  });

  it('builds the request body and SSL protocols (§5.8, §5.9)', () => {
    assert.deepEqual(stored({ ...http, 'check.request.body': 'a=1' })['check.request.body'], { type: 'text', value: 'a=1' });
    assert.deepEqual(stored({ ...http, check: { request: { body: { a: 1 } } } })['check.request.body'], { type: 'json', value: '{"a":1}' });
    const tls = stored({ ...http, ssl: { supported_protocols: 'TLSv1.2,TLSv1.3' }, max_redirects: 3 });
    assert.deepEqual(tls['ssl.supported_protocols'], ['TLSv1.2', 'TLSv1.3']);
    assert.equal(tls.max_redirects, '3');
    assert.deepEqual(tls.__ui, { is_tls_enabled: true });
  });

  it('fails where Kibana itself throws: a unit-less numeric timeout, an empty option', () => {
    assert.deepEqual(failures({ ...http, timeout: 16 }).map((f) => f.details), ['value.slice is not a function']);
    assert.deepEqual(failures({ ...http, check: { response: null } }).map((f) => f.reason), ['Failed to create or update monitor']);
  });
});

describe('projectMonitorRefusals', () => {
  it("reads, for validation, the same stored monitor the plan predicts, without writing into Kibana's defaults", () => {
    const monitors: ProjectMonitor[] = [
      myMonitor3,
      { type: 'icmp', id: 'i', name: 'I', schedule: 1, locations: ['us-east4-a'], hosts: 'example.com', wait: '5s' },
      { type: 'tcp', id: 't', name: 'T', schedule: 1, locations: ['us-east4-a'], hosts: 'example.com:443', 'ssl.supported_protocols': ['TLSv1.2'] },
      { type: 'browser', id: 'b', name: 'B', schedule: 10, locations: ['us-east4-a'], content: 'UEsFBg==', throttling: false },
    ];
    const defaultsBefore = JSON.stringify(DEFAULT_FIELDS);
    let shared = 0;
    for (const monitor of monitors) {
      const attributes = stored(monitor);
      const { refusals, stored: view } = projectMonitorRefusals(monitor, ctx);
      assert.deepEqual(refusals, [], monitor.id);
      for (const key of Object.keys(attributes)) assert.deepEqual(view![key], attributes[key], `${monitor.id}: ${key}`);
      // The defaults the monitor leaves as they are show through the view's prototype, and cannot be written through it.
      for (const key of Object.keys(attributes).filter((k) => !Object.hasOwn(view!, k) && typeof view![k] === 'object' && view![k] !== null)) {
        assert.throws(() => Object.assign(view![key] as object, { written: true }), TypeError, `${monitor.id}: ${key}`);
        shared++;
      }
    }
    assert.ok(shared > 3, `${shared} shared defaults`);
    assert.equal(JSON.stringify(DEFAULT_FIELDS), defaultsBefore);
  });
});

describe('toPublicMonitor', () => {
  it('renames, parses and drops empty values as the public API does (§2.8)', () => {
    const view = toPublicMonitor({ ...stored(myMonitor3), config_id: 'abc', revision: 1 });
    assert.equal(view.url, 'http://localhost:9200');
    for (const hidden of ['urls', 'hash', 'journey_id', 'form_monitor_type', 'proxy_headers', 'password', 'check.response.headers', 'service.name']) {
      assert.equal(hidden in view, false, hidden);
    }
    assert.deepEqual(view.params, { testLocal1: 'testLocalParamsValue', testGlobalParam2: 'testGlobalParamOverwrite' });
    assert.equal(view.retest_on_failure, true);
    assert.equal(view.enabled, false, 'false is a value, not an empty one');
    assert.deepEqual(view.tags, ['tag2', 'tag2']);
  });

  it('shows browser scripts and playwright options', () => {
    const view = toPublicMonitor({ ...DEFAULT_FIELDS.browser, 'source.inline.script': "step('a', () => {})", playwright_options: '{"headless":true}', max_attempts: 1 });
    assert.equal(view.inline_script, "step('a', () => {})");
    assert.deepEqual(view.playwright_options, { headless: true });
    assert.equal(view.retest_on_failure, false);
  });

  it('lists the secret fields of §5.11', () => {
    assert.equal(SECRET_KEYS.length, 17);
    assert.ok(SECRET_KEYS.includes('source.project.content') && SECRET_KEYS.includes('check.request.headers'));
  });
});
