// The users' own design document is real input: its ConfigMaps and meta-monitor must be
// recognised, and the findings must be exactly what Kibana would raise for project monitors.

import assert from 'node:assert/strict';
import { analyse, codes, covered, located, seedYamlBlocks } from '../../helpers/core';

describe('the seed design document', () => {
  const blocks = seedYamlBlocks();
  const [icmp, http, browser, tcp] = blocks;
  const meta = blocks.find((b) => b.includes('meta-monitor.yml'))!;

  it('recognises every monitor ConfigMap and the meta-monitor', () => {
    const monitors = [icmp, http, browser, tcp, meta].map((b) => analyse(b).monitors.map((m) => `${m.type} ${m.name}`));
    assert.deepEqual(monitors, [
      ['icmp k8s-worker-1 ICMP Health'],
      ['http API Health Check'],
      ['browser My Example Journey'],
      ['tcp Database Connection Check'],
      ['http Synthetic Monitor Agent Health'],
    ]);
    // The browser ConfigMap also carries the sync configuration, validated against its own schema.
    assert.deepEqual(
      analyse(browser).units.map((u) => `${u.format} ${u.container?.key}`),
      ['browser-json example-journey.json', 'sync-config sync-config.yaml'],
    );
  });

  it('reports on the ICMP ConfigMap what Kibana refuses: no id, a private location in `locations`, `processors`', () => {
    const { findings } = analyse(icmp, { privateLocations: ['synthetic-monitor-default'] });
    assert.deepEqual(located(icmp, findings), ['10:5-10:9 missing-required', '14:17-14:44 location-unknown', '29:5-29:15 kibana-unsupported-key']);
    assert.match(findings[1].message, /is a private location.*List it under `private_locations`/);
    assert.deepEqual(findings[1].fixes?.[0].edits.map((e) => [covered(icmp, { ...findings[1], span: e.span }), e.newText]), [['locations', 'private_locations']]);
  });

  it('reports the HTTP monitor\'s top-level `method` as an unknown key Kibana refuses, with the right place to put it', () => {
    const { findings } = analyse(http, { privateLocations: ['synthetic-monitor-default'] });
    assert.deepEqual(located(http, findings), [
      '10:5-10:9 missing-required',
      '14:17-14:44 location-unknown',
      '15:5-15:11 unknown-key',
      '26:5-26:15 kibana-unsupported-key',
    ]);
    const method = findings[2];
    assert.equal(method.severity, 'error');
    assert.match(method.message, /Unknown key `method` for an http monitor\. Did you mean `check\.request\.method`\?/);
    assert.equal(method.fixes?.[0].edits[0].newText, 'check.request.method');
  });

  it('accepts the browser JSON config and the sync configuration as written, but for the private location', () => {
    const { findings } = analyse(browser, { privateLocations: ['synthetic-monitor-default'] });
    assert.deepEqual(located(browser, findings), ['24:21-24:48 location-unknown']);
  });

  it('finds nothing else once the ids, locations and Heartbeat-only options are fixed', () => {
    const fixed = tcp
      .replace('name: "Database Connection Check"', 'id: database-connection\n    name: "Database Connection Check"')
      .replace('locations: ["synthetic-monitor-default"]', 'private_locations: ["synthetic-monitor-default"]')
      .replace(/ {4}processors:[\s\S]*$/, '');
    assert.deepEqual(codes(analyse(fixed, { privateLocations: ['synthetic-monitor-default'] }).findings), []);
  });

  it('applies Heartbeat rules instead when the ConfigMap is annotated for a standalone Heartbeat', () => {
    const annotated = icmp.replace('metadata:\n', 'metadata:\n  annotations:\n    synthetics-gitops/target: heartbeat\n');
    const { findings, units } = analyse(annotated);
    assert.equal(units[0].target, 'heartbeat');
    // `processors` is a Heartbeat option; `locations` is only read by Kibana (information).
    assert.deepEqual(
      findings.map((f) => `${f.severity} ${f.code} ${covered(annotated, f)}`),
      ['information heartbeat-ignores-key locations'],
    );
  });
});

