// One behaviour per rule, on small monitors written the way users write them.

import assert from 'node:assert/strict';
import { analyse, codes, configMap, covered, yaml } from '../../../helpers/core';
import { Settings } from '../../../../server/src/protocol/settings';

/** A heartbeat.monitors file with one monitor built from `lines`. */
function monitor(lines: string, overrides: Partial<Settings> = {}) {
  const text = `heartbeat.monitors:\n- ` + lines.trim().split('\n').join('\n  ') + '\n';
  const result = analyse(text, overrides);
  return { text, findings: result.findings, codes: codes(result.findings), at: (code: string) => covered(text, result.findings.find((f) => f.code === code)!) };
}

const HTTP = 'id: api\nname: API\ntype: http\nlocations: [us_east]\n';

describe('rules', () => {
  describe('schedule', () => {
    it('says what Kibana makes of an unsupported @every and offers it', () => {
      const m = monitor(HTTP + 'schedule: "@every 4m"\nurls: [https://x.example]');
      assert.deepEqual(m.codes, ['schedule-adjusted']);
      assert.match(m.findings[0].message, /run it `@every 5m`/);
      assert.equal(m.findings[0].fixes?.[0].edits[0].newText, '@every 5m');
    });
    it('refuses cron for Kibana, proposing the @every equivalent', () => {
      const m = monitor(HTTP + "schedule: '*/5 * * * * * *'\nurls: [https://x.example]");
      assert.deepEqual(m.codes, ['schedule-invalid']);
      assert.equal(m.findings[0].fixes?.[0].edits[0].newText, '@every 10s');
    });
    it('accepts cron and any Go duration for a standalone Heartbeat, not a day unit', () => {
      assert.deepEqual(monitor('type: http\nschedule: "*/5 * * * * * *"\nurls: [https://x.example]', { target: 'heartbeat' }).codes, []);
      assert.deepEqual(monitor('type: http\nschedule: "@every 7m"\nurls: [https://x.example]', { target: 'heartbeat' }).codes, []);
      assert.deepEqual(monitor('type: http\nschedule: "@every 1d"\nurls: [https://x.example]', { target: 'heartbeat' }).codes, ['schedule-invalid']);
    });
    it('keeps browser monitors to whole minutes', () => {
      const text = '{"id": "j", "name": "J", "type": "browser", "schedule": {"number": "30", "unit": "s"}, "locations": ["us_east"], "source": {"inline": {"script": "step(\'a\', () => {})"}}}';
      assert.deepEqual(codes(analyse(text, {}, 'browser-json').findings), ['schedule-invalid']);
    });
  });

  describe('durations', () => {
    it('flags a timeout without unit, saying what Kibana reads', () => {
      const m = monitor(HTTP + 'schedule: "@every 1m"\nurls: [https://x.example]\ntimeout: "16"');
      assert.deepEqual(m.codes, ['duration-invalid']);
      assert.match(m.findings[0].message, /reads this as 1 second/);
      assert.equal(m.findings[0].fixes?.[0].edits[0].newText, '16s');
    });
    it('converts compound durations for Kibana', () => {
      const m = monitor(HTTP + 'schedule: "@every 5m"\nurls: [https://x.example]\ntimeout: 1m30s');
      assert.equal(m.findings[0].fixes?.[0].edits[0].newText, '90s');
    });
    it('warns when the timeout outlasts the schedule', () => {
      assert.deepEqual(monitor(HTTP + 'schedule: "@every 30s"\nurls: [https://x.example]\ntimeout: 60s').codes, ['timeout-exceeds-schedule']);
    });
  });

  describe('endpoints', () => {
    it('takes exactly one url for Kibana, several for Heartbeat', () => {
      assert.deepEqual(monitor(HTTP + 'schedule: "@every 1m"\nurls: [https://a.example, https://b.example]').codes, ['multiple-endpoints']);
      assert.deepEqual(monitor('type: http\nschedule: "@every 1m"\nurls: [https://a.example, https://b.example]', { target: 'heartbeat' }).codes, []);
    });
    it('checks URLs but lets ${params} through', () => {
      assert.deepEqual(monitor(HTTP + 'schedule: "@every 1m"\nurls: "not a url"').codes, ['url-invalid']);
      assert.deepEqual(monitor(HTTP + 'schedule: "@every 1m"\nurls: "${baseUrl}/health"').codes, []);
    });
    it('needs host:port for tcp, with a real port', () => {
      const tcp = 'id: db\nname: DB\ntype: tcp\nschedule: "@every 1m"\nlocations: [us_east]\n';
      assert.deepEqual(monitor(tcp + 'hosts: db.example.com').codes, ['tcp-host-invalid']);
      assert.deepEqual(monitor(tcp + 'hosts: "db.example.com:70000"').codes, ['tcp-host-invalid']);
      assert.deepEqual(monitor(tcp + 'hosts: "db.example.com:5432"').codes, []);
      assert.deepEqual(monitor(tcp + 'hosts: db.example.com\nports: [5432]').codes, ['tcp-host-invalid', 'kibana-unsupported-key']);
      assert.deepEqual(monitor('type: tcp\nschedule: "@every 1m"\nhosts: db.example.com\nports: [5432]', { target: 'heartbeat' }).codes, []);
    });
    it('wants a bare host for icmp', () => {
      const icmp = 'id: ping\nname: Ping\ntype: icmp\nschedule: "@every 1m"\nlocations: [us_east]\n';
      assert.deepEqual(monitor(icmp + 'hosts: "192.0.2.1:80"').codes, ['icmp-host-invalid']);
      assert.deepEqual(monitor(icmp + 'hosts: "1.1.1.1,2.2.2.2"').codes, ['multiple-endpoints']);
    });
    it('reports a missing url', () => {
      assert.deepEqual(monitor(HTTP + 'schedule: "@every 1m"').codes, ['missing-required']);
    });
  });

  describe('http checks', () => {
    it('checks status codes', () => {
      assert.deepEqual(monitor(HTTP + 'schedule: "@every 1m"\nurls: [https://x.example]\ncheck.response.status: [200, 700]').codes, ['status-invalid']);
    });
    it('flags regexes RE2 refuses and regexes that do not compile', () => {
      const m = monitor(HTTP + 'schedule: "@every 1m"\nurls: [https://x.example]\ncheck.response.body.positive: ["(?i)ok", "(?=ready)", "(a)\\\\1", "(unclosed"]');
      assert.deepEqual(m.codes, ['regex-unsupported', 'regex-unsupported', 'regex-invalid']);
      assert.match(m.findings[0].message, /look-ahead/);
      assert.match(m.findings[1].message, /back-reference/);
    });
    it('refuses the Heartbeat list form of check.response.body for Kibana only', () => {
      const body = 'schedule: "@every 1m"\nurls: [https://x.example]\ncheck.response.body: ["ok"]';
      assert.deepEqual(monitor(HTTP + body).codes, ['kibana-unsupported-key']);
      assert.deepEqual(monitor('type: http\n' + body, { target: 'heartbeat' }).codes, []);
    });
  });

  describe('types', () => {
    it('names the field, the value and the kinds allowed, inside lists too', () => {
      const m = monitor(HTTP + 'schedule: "@every 1m"\nurls: [https://x.example]\ncheck.response.status: [true]\nenabled: "yes"\nalert.status.enabled: maybe\ntags: {a: b}');
      assert.deepEqual(
        m.findings.map((f) => f.message),
        [
          '`check.response.status` must be an integer or a string, not the boolean `true`.',
          '`enabled` must be `true` or `false`, not the string `yes`.',
          '`alert.status.enabled` must be `true` or `false`, not the string `maybe`.',
          '`tags` must be a string or a list, not a mapping.',
        ],
      );
    });
  });

  describe('keys', () => {
    it('suggests the key meant, as an error Kibana would raise', () => {
      const m = monitor(HTTP + 'shedule: "@every 1m"\nurls: [https://x.example]');
      assert.deepEqual(m.codes, ['unknown-key']);
      assert.match(m.findings[0].message, /Did you mean `schedule`\?/);
      assert.equal(m.findings[0].severity, 'error');
      assert.equal(monitor('type: http\nshedule: "@every 1m"\nurls: [https://x.example]', { target: 'heartbeat' }).findings.find((f) => f.code === 'unknown-key')?.severity, 'warning');
    });
    it('reads dotted and nested keys alike, and catches one set both ways', () => {
      const nested = monitor(HTTP + 'schedule: "@every 1m"\nurls: [https://x.example]\nssl:\n  verification_mode: none\nssl.verification_mode: full');
      assert.deepEqual(nested.codes, ['duplicate-key']);
      const bad = monitor(HTTP + 'schedule: "@every 1m"\nurls: [https://x.example]\nssl.verification_mode: sometimes');
      assert.deepEqual(bad.codes, ['invalid-value']);
      assert.equal(bad.at('invalid-value'), 'sometimes');
      assert.match(bad.findings[0].message, /allowed: `full`, `strict`, `certificate` or `none`/);
    });
    it('reports an unknown monitor type with a suggestion', () => {
      const m = monitor('id: x\nname: X\ntype: htpp\nschedule: "@every 1m"');
      assert.deepEqual(m.codes, ['unknown-monitor-type']);
      assert.equal(m.findings[0].fixes?.[0].edits[0].newText, 'http');
    });
    it('warns that YAML params are replaced by the project params', () => {
      assert.deepEqual(monitor(HTTP + 'schedule: "@every 1m"\nurls: [https://x.example]\nparams: {a: b}').codes, ['params-ignored']);
    });
    it('checks the namespace', () => {
      assert.deepEqual(monitor(HTTP + 'schedule: "@every 1m"\nurls: [https://x.example]\nnamespace: Team-A').codes, ['namespace-invalid']);
    });
  });

  describe('locations', () => {
    it('knows the Elastic-managed aliases and ids, and the configured private labels', () => {
      const base = 'id: api\nname: API\ntype: http\nschedule: "@every 1m"\nurls: [https://x.example]\n';
      assert.deepEqual(monitor(base + 'locations: [us_east, europe-west2-a]').codes, []);
      assert.deepEqual(monitor(base + 'locations: [us_eats]').codes, ['location-unknown']);
      assert.match(monitor(base + 'locations: [us_eats]').findings[0].message, /Did you mean `us_east`\?/);
      assert.deepEqual(monitor(base + 'private_locations: [dc-1]', { privateLocations: ['DC-1'] }).codes, ['private-location-unknown']);
      assert.deepEqual(monitor(base + 'private_locations: [DC-1]', { privateLocations: ['DC-1'] }).codes, []);
      // Kibana resolves entries regardless of case and wants one exact label: beside it, a case-only one passes.
      assert.deepEqual(monitor(base + 'private_locations: [dc-1, DC-1]', { privateLocations: ['DC-1'] }).codes, []);
      assert.deepEqual(monitor(base + 'private_locations: [dc-1, dc-2]', { privateLocations: ['DC-1', 'DC-2'] }).codes, ['private-location-unknown', 'private-location-unknown']);
      assert.deepEqual(monitor(base).codes, ['locations-missing']);
    });
  });

  describe('browser configs', () => {
    it('wants steps and no journey in inline scripts', () => {
      const config = (script: string) => `{"id": "j", "name": "J", "type": "browser", "schedule": {"number": 10, "unit": "m"}, "locations": ["us_east"], "source": {"inline": {"script": ${JSON.stringify(script)}}}}`;
      assert.deepEqual(codes(analyse(config("step('a', async () => {})"), {}, 'browser-json').findings), []);
      assert.deepEqual(codes(analyse(config('await page.goto(url)'), {}, 'browser-json').findings), ['browser-script-invalid']);
      assert.deepEqual(codes(analyse(config("journey('x', () => { step('a', () => {}) })"), {}, 'browser-json').findings), ['browser-script-invalid']);
    });
    it('says the push skips browser monitors written in YAML', () => {
      assert.deepEqual(monitor('id: b\nname: B\ntype: browser\nschedule: "@every 10m"\nlocations: [us_east]\nsource.inline.script: "step(1)"').codes, ['browser-in-yaml']);
    });
  });

  it('leaves manifests without monitors alone', () => {
    const deployment = yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        template:
          spec:
            containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: other}
      data:
        settings.yaml: |
          log_level: debug
          type: json
        app.json: |
          {"type": "service", "dup": 1, "dup": 2}
      ---
      apiVersion: v1
      kind: Service
      spec: {type: ClusterIP}
    `;
    assert.deepEqual(analyse(deployment).findings, []);
    assert.deepEqual(analyse(deployment).units, []);
  });
});

describe('sync configuration and standalone browser configs', () => {
  it('validates the sync configuration against its schema', () => {
    const text = configMap('  sync-config.yaml: |\n    kibana:\n      url: "https://kibana.example.com"\n      space: default\n      auth:\n        type: basic\n        username: elastic\n        password: changeme\n    sync:\n      interval: "30s"\n      dry_run: maybe\n');
    const { findings } = analyse(text);
    assert.deepEqual(
      findings.map((f) => `${f.code} ${covered(text, f)}`),
      ['missing-required type', 'unknown-key password', 'invalid-type maybe'],
    );
  });

  it('warns about credentials in the Kibana URL and TLS verification turned off', () => {
    const text = configMap('  sync-config.yaml: |\n    kibana:\n      url: "https://elastic:changeme@kibana.example.com"\n      verify_tls: false\n      auth: {type: api_key, api_key_secret: k}\n');
    const { findings } = analyse(text);
    assert.deepEqual(findings.map((f) => `${f.code} ${f.severity} ${covered(text, f)}`), ['credentials-in-url warning "https://elastic:changeme@kibana.example.com"', 'tls-verify-off warning false']);
    assert.ok(!findings[0].message.includes('changeme'), findings[0].message);
    assert.deepEqual(codes(analyse(configMap('  sync-config.yaml: |\n    kibana:\n      url: "https://kibana.example.com"\n      verify_tls: true\n      auth: {type: api_key, api_key_secret: k}\n')).findings), []);
  });
});

describe('credentials in URLs', () => {
  it("warns about a user and password in a monitor's URL or proxy, masking them, for both targets", () => {
    for (const target of ['kibana', 'heartbeat'] as const) {
      const m = monitor(HTTP + 'schedule: "@every 5m"\nurls: ["https://ci:s3cret@api.example.com/health"]\nproxy_url: "http://proxy-user:pr0xy@proxy.example.com:3128"', { target });
      assert.deepEqual(m.findings.filter((f) => f.code === 'credentials-in-url').map((f) => covered(m.text, f)), ['"https://ci:s3cret@api.example.com/health"', '"http://proxy-user:pr0xy@proxy.example.com:3128"']);
      const [url, proxy] = m.findings.filter((f) => f.code === 'credentials-in-url');
      assert.equal(url.message, "`urls` carries credentials (`https://[redacted]@api.example.com/health`): Kibana stores the URL as given and shows it to everyone who can read the monitor, and git keeps it. Use `username` and `password` with `${param}` values (Kibana's global parameters, or a Kubernetes Secret) instead.");
      assert.match(proxy.message, /^`proxy_url` carries credentials \(`http:\/\/\[redacted\]@proxy\.example\.com:3128`\): .* Write `\$\{param\}` values in their place/);
    }
  });
  it('accepts URLs whose user info is only ${param} placeholders, and a token-only user info is still a credential', () => {
    assert.deepEqual(monitor(HTTP + 'schedule: "@every 5m"\nurls: ["https://${user}:${password}@api.example.com"]').codes, []);
    assert.deepEqual(monitor(HTTP + 'schedule: "@every 5m"\nurls: ["https://api.example.com/a@b"]').codes, []);
    assert.deepEqual(monitor(HTTP + 'schedule: "@every 5m"\nurls: ["https://ghp_t0ken@api.example.com"]').codes, ['credentials-in-url']);
  });
});
