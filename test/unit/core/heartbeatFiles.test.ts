// Shapes of real standalone-Heartbeat configurations (copied from the corpus, cut down): processors,
// autodiscover templates, Helm values, URLs without a scheme, cron schedules. Each finding is
// checked at its exact line:col; the whole corpus is checked in corpus.test.ts.

import assert from 'node:assert/strict';
import { normaliseProjectMonitor } from '../../../server/src/core/kibana/normalise';
import { SERVICE_LOCATIONS } from '../../../server/src/sandbox/locations';
import { analyse, located, yaml } from '../../helpers/core';

const HEARTBEAT = { target: 'heartbeat' as const };

describe('standalone Heartbeat configurations', () => {
  describe('URLs without a scheme (Sammcb/DockerHeartbeat)', () => {
    it('says what Heartbeat requests, for both targets, as information', () => {
      const text = yaml`
        heartbeat:
          monitors:
            - type: http
              id: http-kibana
              name: Kibana http
              urls: ["kibana:5601", "elasticsearch:9200/_cluster/health"]
              schedule: '@every 30s'
            - type: http
              id: kibana-tls
              name: Kibana https
              urls: ["kibana:5601"]
              ssl.certificate_authorities: [/etc/ca.crt]
              schedule: '@every 30s'
        output.logstash.hosts: ["logstash:5044"]
      `;
      const result = analyse(text);
      assert.deepEqual(located(text, result.findings), ['6:14-6:27 url-no-scheme', '6:29-6:65 url-no-scheme', '11:14-11:27 url-no-scheme']);
      assert.deepEqual(result.findings.map((f) => f.severity), ['information', 'information', 'information']);
      assert.deepEqual(result.findings.map((f) => f.fixes?.[0].edits[0].newText), ['http://kibana:5601', 'http://elasticsearch:9200/_cluster/health', 'https://kibana:5601']);
    });

    it('for Kibana too, which takes `kibana:5601` as written; what `new URL` refuses stays an error there', () => {
      const monitor = (url: string) => `heartbeat.monitors:\n- id: k\n  name: K\n  type: http\n  schedule: '@every 1m'\n  locations: [us_east]\n  urls: ${url}\n`;
      const hint = analyse(monitor('kibana:5601')).findings;
      assert.deepEqual(located(monitor('kibana:5601'), hint), ['7:9-7:20 url-no-scheme']);
      assert.equal(hint[0].severity, 'information');
      const refused = analyse(monitor('example.com/health')).findings;
      assert.deepEqual(located(monitor('example.com/health'), refused), ['7:9-7:27 url-invalid']);
      assert.equal(refused[0].severity, 'error');
      // Heartbeat itself puts http:// before it.
      assert.deepEqual(located(monitor('example.com/health'), analyse(monitor('example.com/health'), HEARTBEAT).findings), ['6:3-6:12 heartbeat-ignores-key', '7:9-7:27 url-no-scheme']);
    });

    it('as the sandbox does with what the push sends: stores `kibana:5601` as written, refuses `example.com/health`', () => {
      const ctx = { project: 'p', space: 'default', kibanaVersion: '9.1.0', locations: SERVICE_LOCATIONS };
      const http = (urls: string) => normaliseProjectMonitor({ type: 'http', id: 'k', name: 'K', schedule: 1, locations: ['us-east4-a'], urls }, ctx);
      const kept = http('kibana:5601');
      assert.ok(kept.ok);
      assert.equal(kept.attributes.urls, 'kibana:5601');
      const refused = http('example.com/health');
      assert.ok(!refused.ok);
      assert.match(refused.failures[0].details, /must specify a valid URL/);
    });

    it('still flags what no scheme rescues, and other schemes', () => {
      const text = 'heartbeat.monitors:\n- type: http\n  schedule: "@every 1m"\n  urls: ["not a url", "ftp://files.example.com/x"]\n';
      const { findings } = analyse(text, HEARTBEAT);
      assert.deepEqual(located(text, findings), ['4:10-4:21 url-invalid', '4:23-4:50 url-invalid']);
      assert.deepEqual(findings.map((f) => f.severity), ['error', 'warning']);
      assert.equal(findings[1].fixes?.[0].edits[0].newText, 'http://files.example.com/x');
    });
  });

  describe('cron schedules (contemplator1998/rpi-monitoring, pranaygitac/tomcat-eck-filebeat)', () => {
    const icmp = (schedule: string, timeout: string) => `heartbeat.monitors:\n- type: icmp\n  schedule: '${schedule}'\n  hosts: [localhost]\n  timeout: ${timeout}\n`;

    it('flags a timeout longer than the shortest gap between two runs', () => {
      assert.deepEqual(located(icmp('*/5 * * * * * *', '16s'), analyse(icmp('*/5 * * * * * *', '16s'), HEARTBEAT).findings), ['5:12-5:15 timeout-exceeds-schedule']);
      assert.deepEqual(analyse(icmp('*/30 * * * * * *', '16s'), HEARTBEAT).findings, []);
      // Six fields end with the year: every 5 minutes.
      assert.deepEqual(analyse(icmp('*/5 * * * * *', '16s'), HEARTBEAT).findings, []);
      // 23:00 and 00:00: an hour apart across midnight.
      const uneven = analyse(icmp('0 0,23 * * *', '2h'), HEARTBEAT).findings;
      assert.match(uneven[0].message, /longer than the schedule's shortest gap \(`0 0,23 \* \* \*` runs as little as 3600s apart\)/);
    });

    it('says why Heartbeat cannot read a cron expression', () => {
      const { findings } = analyse(icmp('0 25 * * *', '1s'), HEARTBEAT);
      assert.deepEqual(located(icmp('0 25 * * *', '1s'), findings), ['3:13-3:25 schedule-invalid']);
      assert.match(findings[0].message, /cannot read as a cron expression: the hour field cannot hold `25`/);
      assert.deepEqual(analyse(icmp('@daily', '16s'), HEARTBEAT).findings, []);
    });

    it('leaves ${...} schedules and timeouts to the values Heartbeat substitutes', () => {
      assert.deepEqual(analyse(icmp('${SCHEDULE}', '${TIMEOUT}'), HEARTBEAT).findings, []);
    });
  });
});
