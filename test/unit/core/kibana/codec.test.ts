// Kibana's monitor codecs, type by type, on real inputs: the API integration fixtures of the corpus
// (a public-API http monitor, the project push bodies) and the facts of Kibana's own tests (its
// formatErrors wording and order, the project codec's `Invalid value "3m" supplied to "schedule"`).

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatIssues, issuesOf } from '../../../../server/src/core/kibana/codec';
import { DEFAULT_FIELDS } from '../../../../server/src/core/kibana/defaults';
import { PROJECT_MONITOR_CODEC, STORED_CODECS } from '../../../../server/src/core/kibana/monitorCodecs';
import { normaliseProjectMonitor, validateMonitorAttributes } from '../../../../server/src/core/kibana/normalise';
import { apiAttributes, normaliseApiConfig } from '../../../../server/src/core/kibana/publicApi';
import { KibanaLocation, ProjectMonitor, StoredMonitor } from '../../../../server/src/core/kibana/types';
import { corpusOrSkip } from '../../../helpers/core';

const DEV: KibanaLocation = { id: 'dev', label: 'Dev Service', isServiceManaged: true, geo: { lat: 0, lon: 0 } };
const PRIVATE: KibanaLocation = { id: 'policy-1', label: 'Test private location 0', agentPolicyId: 'policy-1', isServiceManaged: false };
// Kibana's test environment has `localhost` and `dev` locations; the fixtures name them.
const ctx = { project: 'test-suite', space: 'default', kibanaVersion: '9.1.0', locations: [DEV, { ...DEV, id: 'localhost', label: 'Local' }, PRIVATE] };

/** The corpus folder, for the running test: without the corpus beside the clone, the test is reported pending, saying why. */
let corpus: () => string;
const fixture = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(corpus(), `elastic__kibana__x-pack__test__api_integration__apis__synthetics__fixtures__${name}.json`), 'utf8'));

/** The codec's verdict on a stored monitor: Kibana's `details`, or '' when it passes. */
const details = (type: keyof typeof STORED_CODECS, monitor: StoredMonitor) => formatIssues(issuesOf(STORED_CODECS[type], monitor));

/** The public API's stored form of the http_monitor.json fixture, as POST would build it. */
function apiHttpMonitor(): StoredMonitor {
  const normalised = normaliseApiConfig(fixture('http_monitor'));
  assert.ok(!('message' in normalised), JSON.stringify(normalised));
  return { ...apiAttributes(normalised, 'default'), locations: [DEV] };
}

function refusal(monitor: ProjectMonitor) {
  const result = normaliseProjectMonitor(monitor, ctx);
  assert.ok(!result.ok, 'expected a refusal');
  return result.failures.map(({ reason, details }) => ({ reason, details }));
}

describe("Kibana's monitor codecs", () => {
  beforeEach(function () {
    corpus = () => corpusOrSkip(this);
  });

  it('pass every monitor Kibana itself stores: the types\' defaults and the API fixture', () => {
    const located = (type: keyof typeof DEFAULT_FIELDS, extra: StoredMonitor) => ({ ...DEFAULT_FIELDS[type], name: 'n', locations: [DEV], ...extra });
    assert.equal(details('http', located('http', { urls: 'https://example.com' })), '');
    assert.equal(details('tcp', located('tcp', { hosts: 'db:5432' })), '');
    assert.equal(details('icmp', located('icmp', { hosts: '10.0.0.1' })), '');
    assert.equal(details('browser', located('browser', { 'source.project.content': 'UEsDBA==' })), '');
    assert.equal(validateMonitorAttributes(apiHttpMonitor(), 'default'), undefined);
  });

  it('words and orders errors as Kibana does: messages of their own first, each once, sorted', () => {
    // Kibana's format_errors.test: `Invalid field "url", …` sorts before `Invalid value "…" supplied to "name"`.
    // A nameless http monitor is named after its URL, then after its (absent) host: undefined.
    const invalid = validateMonitorAttributes({ ...apiHttpMonitor(), name: '', urls: '' }, 'default');
    assert.deepEqual(invalid && { reason: invalid.reason, details: invalid.details }, {
      reason: 'Monitor is not a valid monitor of type http',
      details: 'Invalid field "url", must be a non-empty string. | Invalid value "undefined" supplied to "name"',
    });
  });

  describe('http', () => {
    const cases: [string, StoredMonitor, string][] = [
      ['a scalar status', { 'check.response.status': 200 }, 'Invalid value "200" supplied to "check.response.status"'],
      ['a string positive body check', { 'check.response.body.positive': 'ok' }, 'Invalid value "ok" supplied to "check.response.body.positive"'],
      ['a header that is not a string', { 'check.request.headers': { 'X-Count': 5 } }, 'Invalid value "5" supplied to "check.request.headers,X-Count"'],
      ['a response header that is not a string', { 'check.response.headers': { 'X-Ok': true } }, 'Invalid value "true" supplied to "check.response.headers,X-Ok"'],
      ['a proxy header that is not a string', { proxy_headers: { Via: 1 } }, 'Invalid value "1" supplied to "proxy_headers,Via"'],
      [
        'json checks without description or expression',
        { 'check.response.json': [{ description: 'd' }, { expression: 'e' }] },
        'Invalid value "undefined" supplied to "check.response.json,description" | Invalid value "undefined" supplied to "check.response.json,expression"',
      ],
      ["Heartbeat's condition form of a json check", { 'check.response.json': [{ description: 'd', condition: { equals: { a: 1 } } }] }, 'Invalid value "undefined" supplied to "check.response.json,expression"'],
      ['a body of an unknown type', { 'check.request.body': { type: 'yaml', value: 'a: 1' } }, 'Invalid value "yaml" supplied to "check.request.body,type"'],
      ['a heartbeat-style timeout', { timeout: '30s' }, 'Invalid value "30s" supplied to "timeout"'],
      ['a numeric max body size', { 'response.include_body_max_bytes': 900 }, 'Invalid value "900" supplied to "response.include_body_max_bytes"'],
      ['an unknown TLS version', { 'ssl.supported_protocols': ['TLSv1.2', 'SSLv3'] }, 'Invalid value "SSLv3" supplied to "ssl.supported_protocols"'],
      ['a bad namespace', { namespace: 'Prod' }, 'Invalid namespace: Namespace must be lowercase'],
      ['a boolean as a string', { ipv4: 'yes' }, 'Invalid value "yes" supplied to "ipv4"'],
    ];
    for (const [what, change, expected] of cases) {
      it(`refuses ${what}`, () => assert.equal(details('http', { ...apiHttpMonitor(), ...change }), expected));
    }

    it('accepts what Kibana accepts: a numeric timeout or null, a blank namespace, a number of redirects, extra keys', () => {
      assert.equal(details('http', { ...apiHttpMonitor(), timeout: 30, namespace: '', max_redirects: 3, 'check.response.json': [{ description: 'd', expression: 'e', extra: 1 }], whatever: 1 }), '');
      assert.equal(details('http', { ...apiHttpMonitor(), timeout: null }), '');
    });
  });

  describe('tcp, icmp and browser', () => {
    const tcp = { ...DEFAULT_FIELDS.tcp, name: 't', hosts: 'db:5432', locations: [DEV] };
    const icmp = { ...DEFAULT_FIELDS.icmp, name: 'i', hosts: '10.0.0.1', locations: [DEV] };
    const browser = { ...DEFAULT_FIELDS.browser, name: 'b', 'source.inline.script': "step('a', () => {})", locations: [DEV] };

    it('tcp: a blank host, a payload that is not a string, a resolver flag that is not a boolean', () => {
      assert.equal(details('tcp', { ...tcp, hosts: ' ' }), 'Invalid field "host", must be a non-empty string.');
      assert.equal(details('tcp', { ...tcp, 'check.send': 42, proxy_use_local_resolver: 'no' }), 'Invalid value "42" supplied to "check.send" | Invalid value "no" supplied to "proxy_use_local_resolver"');
    });

    it('icmp: hosts is a plain non-empty string (no field message), wait a string', () => {
      assert.equal(details('icmp', { ...icmp, hosts: '' }), 'Invalid value "" supplied to "hosts"');
      assert.equal(details('icmp', { ...icmp, wait: 5 }), 'Invalid value "5" supplied to "wait"');
    });

    it('browser: the inline script rules, throttling, synthetics_args; screenshots is any string', () => {
      assert.equal(
        details('browser', { ...browser, 'source.inline.script': "journey('j', () => { step('a', () => {}) })" }),
        'source.inline.script: Monitor script is invalid. Inline scripts cannot be full journey scripts, they may only contain step definitions.',
      );
      assert.equal(details('browser', { ...browser, 'source.inline.script': 'await page.goto(url)' }), 'source.inline.script: Monitor script is invalid. Inline scripts must contain at least one step definition.');
      // A field's union is reported once at its own path, as Kibana's zod formatter keeps it.
      assert.equal(
        details('browser', { ...browser, throttling: { id: 'x', label: 'X', value: { download: 5, upload: '3', latency: '20' } } }),
        'Invalid value "{"download":5,"upload":"3","latency":"20"}" supplied to "throttling,value"',
      );
      assert.equal(details('browser', { ...browser, synthetics_args: '--capability trace' }), 'Invalid value "--capability trace" supplied to "synthetics_args"');
      assert.equal(details('browser', { ...browser, screenshots: 'sometimes' }), '');
    });
  });

  describe('the project API', () => {
    it("decodes each monitor with ProjectMonitorCodec (Kibana's test: schedule \"3m\")", () => {
      // Kibana decodes it with the type its normaliser settled on (browser when none is given).
      const browser = { ...fixture('project_browser_monitor').monitors[0], type: 'browser' };
      assert.equal(formatIssues(issuesOf(PROJECT_MONITOR_CODEC, browser)), '');
      assert.equal(formatIssues(issuesOf(PROJECT_MONITOR_CODEC, { ...browser, schedule: '3m', tags: '' })), 'Invalid value "3m" supplied to "schedule"');
      assert.equal(formatIssues(issuesOf(PROJECT_MONITOR_CODEC, { ...browser, filter: { match: 1 }, fields: { team: 5 } })), 'Invalid value "1" supplied to "filter,match" | Invalid value "5" supplied to "fields,team"');
    });

    it('stores the fixtures\' valid monitors, and refuses in failedMonitors what the stored codec refuses', () => {
      const [, myMonitor3] = fixture('project_http_monitor').monitors;
      assert.ok(normaliseProjectMonitor(myMonitor3, ctx).ok);
      assert.deepEqual(refusal({ ...myMonitor3, 'check.response': { status: 200 } }), [
        { reason: 'Monitor is not a valid monitor of type http', details: 'Invalid value "200" supplied to "check.response.status"' },
      ]);
      assert.deepEqual(refusal({ ...myMonitor3, 'check.response': { body: { positive: 'saved' }, json: [{ expression: 'a == 1' }] }, 'check.request': { headers: { 'X-Count': 5 } } }), [
        {
          reason: 'Monitor is not a valid monitor of type http',
          details:
            'Invalid value "5" supplied to "check.request.headers,X-Count" | Invalid value "saved" supplied to "check.response.body.positive" | Invalid value "undefined" supplied to "check.response.json,description"',
        },
      ]);
      for (const monitor of fixture('project_icmp_monitor').monitors.slice(0, 2)) assert.ok(normaliseProjectMonitor(monitor, ctx).ok, monitor.id);
      assert.deepEqual(refusal({ ...fixture('project_icmp_monitor').monitors[0], 'service.name': 5 }), [
        { reason: "Couldn't save or update monitor because of an invalid configuration.", details: 'Invalid value "5" supplied to "service.name"' },
      ]);
    });

    it('stores a map request body JSON-encoded, which the codec then takes', () => {
      const [, myMonitor3] = fixture('project_http_monitor').monitors;
      const result = normaliseProjectMonitor({ ...myMonitor3, 'check.request': { body: { type: 'text', value: 'x' } } }, ctx);
      assert.ok(result.ok);
      assert.deepEqual(result.attributes['check.request.body'], { type: 'json', value: '{"type":"text","value":"x"}' });
    });
  });
});
