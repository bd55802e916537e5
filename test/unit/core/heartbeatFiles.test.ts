// Shapes of real standalone-Heartbeat configurations (copied from the corpus, cut down): processors,
// autodiscover templates, Helm values, URLs without a scheme, cron schedules. Each finding is
// checked at its exact line:col; the whole corpus is checked in corpus.test.ts.

import assert from 'node:assert/strict';
import { normaliseProjectMonitor } from '../../../server/src/core/kibana/normalise';
import { SERVICE_LOCATIONS } from '../../../server/src/sandbox/locations';
import { analyse, configMap, located, yaml } from '../../helpers/core';

const HEARTBEAT = { target: 'heartbeat' as const };

describe('standalone Heartbeat configurations', () => {
  describe('processors', () => {
    // liu-xiao-guo/uptime_example: the options of add_observer_metadata written beside it.
    const siblings = yaml`
      heartbeat.config.monitors:
        path: \${path.config}/monitors.d/*.yml

      processors:
        - add_observer_metadata:
          netinfo.enabled: false
          cache.ttl: 5m
          geo:
            name: dev-dc-1
    `;

    it('refuses an item with more than one action, in a heartbeat.yml with no monitor inline', () => {
      const { findings } = analyse(siblings);
      assert.deepEqual(located(siblings, findings), ['5:5-5:26 processor-invalid']);
      assert.equal(findings[0].severity, 'error');
      assert.match(findings[0].message, /exactly one action, but this item has 4: `add_observer_metadata`, `netinfo`, `cache`, `geo`/);
      assert.match(findings[0].message, /indent them under `add_observer_metadata`/);
    });

    it('takes one action per item, a null action and if/then/else, and checks the lists inside', () => {
      const text = yaml`
        heartbeat.monitors:
        - type: icmp
          schedule: '@every 10s'
          hosts: [localhost]
          processors:
            - add_fields: {target: labels, fields: {team: infra}}
            - drop_fields.fields: [agent]
            - add_tags: {tags: [a]}
              when.equals.monitor.status: down
        processors:
          - add_cloud_metadata: ~
          - add_host_metadata:
          - if: {equals: {monitor.status: down}}
            then:
              - add_tags: {tags: [down]}
            else:
              add_tags: {tags: [up]}
              drop_fields: {fields: [x]}
          - "add_docker_metadata"
      `;
      assert.deepEqual(located(text, analyse(text).findings), ['8:7-8:15 processor-invalid', '17:7-17:15 processor-invalid', '19:5-19:26 processor-invalid']);
    });

    it('leaves them to the kibana-unsupported-key rule when Kibana reads the monitors', () => {
      const text = yaml`
        heartbeat.monitors:
        - id: api
          name: API
          type: http
          schedule: '@every 1m'
          urls: [https://example.com]
          locations: [us_east]
          processors:
            - add_tags: {tags: [a]}
              when.equals.monitor.status: down
      `;
      assert.deepEqual(located(text, analyse(text).findings), ['8:3-8:13 kibana-unsupported-key']);
    });
  });

  describe('autodiscover templates', () => {
    // karmi/elastic-observability-demo: monitors only in docker templates, with ${data.*} placeholders.
    const karmi = yaml`
      heartbeat.autodiscover:
        providers:
          - type: docker
            templates:
              - condition: { contains: { docker.container.image: app }}
                config:
                  - type: http
                    name: app
                    schedule: "@every 5s"
                    hosts: ["\${data.docker.container.name}:\${data.port}/status"]
                    timeout: "\${data.timeout}"
              - condition: { contains: { docker.container.image: redis }}
                config:
                  - type: tcp
                    name: redis
                    schedule: "@every 5s"
                    hosts: ["\${data.host}:\${data.port}"]
                    timeout: 16s
                    ipv4: \${data.ipv4}
      processors:
        - add_docker_metadata: ~
    `;

    it('reads the monitors of each template, leaving ${data.*} placeholders alone', () => {
      const result = analyse(karmi, HEARTBEAT);
      assert.deepEqual(
        result.monitors.map((m) => `${m.name} ${m.target}`),
        ['app heartbeat', 'redis heartbeat'],
      );
      assert.deepEqual(located(karmi, result.findings), ['18:24-18:27 timeout-exceeds-schedule']);
    });

    it('reads them as a standalone Heartbeat whatever the target setting, and in a ConfigMap entry', () => {
      assert.deepEqual(located(karmi, analyse(karmi).findings), ['18:24-18:27 timeout-exceeds-schedule']);
      const entry = configMap('  heartbeat.yml: |\n' + karmi.replace(/^/gm, '    '));
      const result = analyse(entry);
      assert.deepEqual(result.units.map((u) => `${u.target} ${u.monitors.length}`), ['heartbeat 2']);
      assert.deepEqual(located(entry, result.findings), ['24:28-24:31 timeout-exceeds-schedule']);
    });

    it('reads the keys dotted as well as nested, as Heartbeat does', () => {
      const text = yaml`
        heartbeat.autodiscover.providers:
          - type: kubernetes
            templates:
              - condition: ~
                config:
                  - type: tcp
                    hosts: ["\${data.host}:22"]
                    schedule: '@every 10s'
                    mode: \${data.mode}
                    timeout: 15s
      `;
      const result = analyse(text);
      assert.deepEqual(result.units.map((u) => `${u.target} ${u.monitors.length}`), ['heartbeat 1']);
      assert.deepEqual(located(text, result.findings), ['10:22-10:25 timeout-exceeds-schedule']);
    });

    it('never hands template monitors to a push, even when a ConfigMap says kibana', () => {
      const entry = configMap('  heartbeat.yml: |\n' + karmi.replace(/^/gm, '    ')).replace('  name: http-monitors\n', '  name: http-monitors\n  annotations: {synthetics-gitops/target: kibana}\n');
      assert.deepEqual(analyse(entry).units.map((u) => `${u.target} ${u.monitors.length}`), ['kibana 0']);
    });
  });

  describe('Helm values', () => {
    it('reads a `config:` map the chart renders into heartbeat.yml (ayushvtf/EFK-APM)', () => {
      const text = yaml`
        image:
          repository: docker.elastic.co/beats/heartbeat
        config:
          heartbeat.monitors:
          - type: tcp
            schedule: '*/5 * * * * * *'
            hosts: ["service:80"]
            timeout: 16s
          processors:
          - add_cloud_metadata:
            when.network.source.ip: private
        resources:
          requests:
            cpu: "100m"
      `;
      const result = analyse(text);
      assert.deepEqual(result.units.map((u) => `${u.target} ${u.monitors.length}`), ['heartbeat 1']);
      assert.deepEqual(located(text, result.findings), ['8:14-8:17 timeout-exceeds-schedule', '10:5-10:23 processor-invalid']);
      assert.match(result.findings[0].message, /longer than the schedule \(`\*\/5 \* \* \* \* \* \*` runs every 5s\)/);
    });

    it('reads a `config.monitors` list the chart renders into heartbeat.monitors (datalounges/helm-charts)', () => {
      const text = yaml`
        config:
          httpPort: 15067
          monitors:
            - type: http
              urls: [my-host.my-domain:8080]
              schedule: '@every 10s'
      `;
      const result = analyse(text);
      assert.deepEqual(located(text, result.findings), ['5:14-5:36 url-no-scheme']);
      assert.match(result.findings[0].message, /Heartbeat requests `http:\/\/my-host\.my-domain:8080`/);
    });

    it('reads a map of *.yml keys to strings nested in the values (Rungway/elastic-charts)', () => {
      const text = yaml`
        ---
        heartbeatConfig:
          heartbeat.yml: |
            heartbeat.monitors:
            - type: icmp
              schedule: '*/5 * * * * * *'
              hosts: ["localhost"]
              timeout: 16s
            output.elasticsearch:
              hosts: '\${ELASTICSEARCH_HOSTS:elasticsearch-master:9200}'
        extraEnvs: []
      `;
      const result = analyse(text);
      assert.deepEqual(result.units.map((u) => `${u.target} ${u.container?.configMap} ${u.monitors.length}`), ['heartbeat heartbeatConfig 1']);
      assert.deepEqual(located(text, result.findings), ['8:16-8:19 timeout-exceeds-schedule']);
    });

    it('leaves other values files alone, and a chart whose monitors are all commented out (kfirfer/helm)', () => {
      const text = yaml`
        config:
        #  heartbeat.monitors:
        #  - type: icmp
          # output.elasticsearch:
        service:
          type: http
          port: 80
        files:
          app.yml: "log_level: debug"
        ingress:
          hosts: [chart-example.local]
      `;
      assert.deepEqual(analyse(text).units, []);
      assert.deepEqual(analyse(text).findings, []);
    });
  });

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
