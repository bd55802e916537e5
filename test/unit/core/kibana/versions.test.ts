// What changed between Kibana versions (core/kibana/versions.ts): the rules, the normalisation and the
// findings follow the version they are given. Its matrix, docs/kibana-versions.md, is checked in docs.test.ts.

import assert from 'node:assert/strict';
import { hover } from '../../../../server/src/core';
import { normaliseProjectMonitor } from '../../../../server/src/core/kibana/normalise';
import { ProjectMonitor } from '../../../../server/src/core/kibana/types';
import { findingsForVersion, kibanaHas, parseKibanaVersion } from '../../../../server/src/core/kibana/versions';
import { SERVICE_LOCATIONS } from '../../../../server/src/sandbox/locations';
import { analyse, codes } from '../../../helpers/core';

const KERBEROS = `heartbeat.monitors:
- id: intranet
  name: Intranet
  type: http
  schedule: '@every 3m'
  urls: ['https://intranet.corp.local/']
  locations: [us_east]
  kerberos: {enabled: true, auth_type: password, realm: CORP.LOCAL, config_path: /etc/krb5.conf}
`;

describe('Kibana versions', () => {
  it('reads versions as Kibana reports them, and compares them by number', () => {
    assert.deepEqual(parseKibanaVersion('9.1.0'), [9, 1, 0]);
    assert.deepEqual(parseKibanaVersion('8.18'), [8, 18, 0]);
    assert.deepEqual(parseKibanaVersion('9.2.0-SNAPSHOT'), [9, 2, 0]);
    assert.equal(parseKibanaVersion('nine'), undefined);
    assert.equal(kibanaHas('8.9.0', 'privateLocationSpaces'), false, '8.9 is older than 8.18');
    assert.equal(kibanaHas('8.18.0', 'privateLocationSpaces'), true);
    assert.equal(kibanaHas('8.7.1', 'lightweightParams'), false);
    assert.equal(kibanaHas('8.7.2', 'lightweightParams'), true);
  });

  it('refuses kerberos on http before the version that brought it: the rule and the normalisation alike', () => {
    const finding = (version: string) => analyse(KERBEROS, { 'kibana.version': version }).findings.filter((f) => f.code === 'kibana-unsupported-key');
    assert.equal(finding('9.1.0').length, 1);
    assert.match(finding('9.1.0')[0].message, /^`kerberos` is refused by Kibana before 9\.6\.0/);
    assert.deepEqual(finding('9.6.0'), []);
    assert.deepEqual(finding(''), [], 'the newest version modelled has it');
    assert.match(hover(analyse(KERBEROS), KERBEROS, KERBEROS.indexOf('kerberos:') + 2)!.markdown, /Accepted by Kibana 9\.6\.0 and later; older versions refuse it/);

    const monitor: ProjectMonitor = { type: 'http', id: 'k', name: 'K', schedule: 3, urls: 'https://x', locations: ['us-east4-a'], kerberos: { enabled: true, realm: 'CORP' } };
    const normalise = (kibanaVersion: string) => normaliseProjectMonitor(monitor, { project: 'p', space: 'default', kibanaVersion, locations: SERVICE_LOCATIONS });
    const old = normalise('9.1.0');
    assert.ok(!old.ok && old.failures[0].reason === 'Unsupported Heartbeat option' && old.failures[0].details.includes(': kerberos.'), JSON.stringify(old));
    const current = normalise('9.6.0');
    assert.ok(current.ok);
    assert.deepEqual(current.attributes.kerberos, { enabled: true, realm: 'CORP' });
  });

  it('takes lightweight maintenance windows from 9.3, and stores them from 9.1', () => {
    const monitor: ProjectMonitor = { type: 'icmp', id: 'i', name: 'I', schedule: 3, hosts: 'db.local', locations: ['us-east4-a'], maintenanceWindows: ['mw-1'] };
    const normalise = (kibanaVersion: string) => normaliseProjectMonitor(monitor, { project: 'p', space: 'default', kibanaVersion, locations: SERVICE_LOCATIONS });
    const refused = normalise('9.2.0');
    assert.ok(!refused.ok && refused.failures[0].details.includes(': maintenanceWindows.'), JSON.stringify(refused));
    const accepted = normalise('9.3.0');
    assert.ok(accepted.ok);
    assert.deepEqual(accepted.attributes.maintenance_windows, ['mw-1']);
    const browser = (kibanaVersion: string) =>
      normaliseProjectMonitor({ type: 'browser', id: 'b', name: 'B', schedule: 10, content: 'UEsFBg==', locations: ['us-east4-a'], maintenanceWindows: ['mw-1'] }, { project: 'p', space: 'default', kibanaVersion, locations: SERVICE_LOCATIONS });
    const before = browser('9.0.0');
    assert.ok(before.ok);
    assert.deepEqual(before.attributes.maintenance_windows, [], 'dropped before 9.1: the defaults\' empty list stays');
    assert.deepEqual((browser('9.1.0') as { attributes: Record<string, unknown> }).attributes.maintenance_windows, ['mw-1']);
  });

  it('warns of per-monitor params only where the agent replaces them (8.7.2)', () => {
    const text = `heartbeat.monitors:\n- {id: a, name: A, type: http, schedule: '@every 5m', urls: 'https://a.example.com', locations: [us_east], params: {k: v}}\n`;
    assert.deepEqual(codes(analyse(text, { 'kibana.version': '8.7.1' }).findings), []);
    assert.deepEqual(codes(analyse(text, { 'kibana.version': '8.7.2' }).findings), ['params-ignored']);
  });

  it('picks an analysis\'s findings anew for another version, without analysing again', () => {
    const analysis = analyse(KERBEROS);
    assert.deepEqual(codes(analysis.findings), []);
    assert.deepEqual(codes(analysis.versionGated), ['kibana-unsupported-key']);
    assert.deepEqual(codes(findingsForVersion(analysis.findings, analysis.versionGated, '9.0.0')), ['kibana-unsupported-key']);
  });
});
