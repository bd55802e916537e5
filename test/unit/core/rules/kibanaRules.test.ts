// What Kibana refuses or stores otherwise, reported by `validate` at the exact place written: the
// fixture files of test/fixtures/kibana (a ConfigMap entry, heartbeat YAML, a browser config, a
// monitor saved from Kibana's UI, a project push body), with Kibana's reasons and the quick fixes.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Finding } from '../../../../server/src/core';
import { REPO, analyse, covered, located } from '../../../helpers/core';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'kibana');

function check(file: string, target: 'kibana' | 'heartbeat' = 'kibana'): { text: string; findings: Finding[] } {
  const text = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
  return { text, findings: analyse(text, { target }, file.endsWith('.json') ? 'browser-json' : 'yaml').findings };
}

/** The text after applying a finding's first fix. */
function fixed(text: string, finding: Finding): string {
  const [edit] = finding.fixes![0].edits;
  return text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
}

describe("Kibana's codecs and normalisation, in validate", () => {
  it('refuses, at each value in a ConfigMap entry, what the http codec refuses, saying what to write instead', () => {
    const { text, findings } = check('codec-refusals.yaml');
    assert.deepEqual(located(text, findings), ['14:30-14:33 kibana-refused', '17:21-17:25 kibana-refused', '19:13-19:24 kibana-refused', '20:13-20:23 kibana-refused']);
    const [status, positive, noExpression, noDescription] = findings;
    assert.equal(
      status.message,
      '`check.response.status` is `200`, but Kibana expects a list of strings: it refuses the monitor ("Monitor is not a valid monitor of type http": Invalid value "200" supplied to "check.response.status"). Write `["200"]` instead.',
    );
    assert.match(fixed(text, status), /check\.response\.status: \["200"\]\n/);
    assert.match(fixed(text, positive), /positive: \["ok"\]\n/);
    assert.match(noExpression.message, /^`check\.response\.json\[0\]` has no `expression`, which Kibana requires .*"check\.response\.json,expression"\)\. Add `expression`\.$/);
    assert.equal(covered(text, noExpression), 'description');
    assert.match(noDescription.message, /^`check\.response\.json\[1\]` has no `description`/);
    assert.equal(noDescription.fixes, undefined, 'no obvious description to write');
  });

  it('leaves them alone for a standalone Heartbeat, which reads them', () => {
    assert.deepEqual(check('codec-refusals.yaml', 'heartbeat').findings.filter((f) => f.code.startsWith('kibana')), []);
  });

  it('warns where Kibana drops or rewrites a field, naming the value it stores', () => {
    const { text, findings } = check('rewrites.yml');
    assert.deepEqual(located(text, findings), ['9:5-9:11 kibana-stores-otherwise', '11:5-11:17 kibana-stores-otherwise', '14:7-14:11 kibana-stores-otherwise']);
    const [labels, attempts, body] = findings;
    assert.equal(labels.severity, 'warning');
    assert.equal(labels.message, 'Kibana stores labels only from `fields`: this `labels` is dropped (Kibana stores `labels: {}`); write `fields:` instead.');
    assert.match(fixed(text, labels), /\n {4}fields:\n {6}team: checkout\n/);
    assert.match(attempts.message, /this value is ignored \(Kibana stores `max_attempts: 2`\); write `retest_on_failure: false` for a single attempt\.$/);
    assert.match(fixed(text, attempts), /\n {4}retest_on_failure: false\n/);
    assert.equal(
      body.message,
      'Kibana stores a body that is not a string JSON-encoded, with type `json` (Kibana stores `check.request.body: {"type":"json","value":"(secret)"}`); write the body as a string to send it as text.',
    );
  });

  it("warns at a browser config's options a project monitor never stores", () => {
    const { text, findings } = check('browser-rewrites.json');
    assert.deepEqual(located(text, findings), ['8:3-8:20 kibana-stores-otherwise', '9:24-9:31 kibana-stores-otherwise', '10:16-10:22 kibana-stores-otherwise']);
    assert.deepEqual(
      findings.map((f) => /\(Kibana stores (.*)\)/.exec(f.message)![1]),
      ['`synthetics_args: []`', '`filter_journeys.match: "Checkout journey"`', '`service.name: ""`'],
    );
  });

  it("reads a monitor saved from Kibana's UI as the public API's format, checked by its codec", () => {
    const { text, findings } = check('ui-monitor.json');
    assert.deepEqual(located(text, findings), ['7:28-7:31 kibana-refused', '8:43-8:44 kibana-refused', '9:14-9:19 kibana-refused']);
    assert.match(findings[1].message, /^`check\.request\.headers\.X-Retries` is `3`, but Kibana expects a string: .*"check\.request\.headers,X-Retries"\)\. Write `"3"` instead\.$/);
    assert.match(fixed(text, findings[1]), /"X-Retries": "3"/);
    assert.match(findings[2].message, /^`timeout` is `30s`, but Kibana expects a number of seconds/);
    assert.ok(!findings.some((f) => /browser/.test(f.message)), 'not called a malformed browser config');
  });

  it("reports each key the public API does not know, with Kibana's `Invalid monitor key(s)`", () => {
    const { text, findings } = check('ui-monitor-unknown-keys.json');
    assert.deepEqual(located(text, findings), ['5:3-5:21 unknown-key', '6:28-6:34 unknown-key']);
    assert.match(findings[0].message, /\("Invalid monitor key\(s\) for http type: {2}privateLocations \| check\.response\.body"\)\. Remove it\.$/);
  });

  it('reads a project push body monitor by monitor, as `_bulk_update` normalises and validates each', () => {
    const { text, findings } = check('push-body.json');
    assert.deepEqual(located(text, findings), [
      '12:37-12:40 kibana-refused',
      '12:53-12:65 kibana-refused',
      '13:7-13:15 kibana-stores-otherwise',
      '19:19-19:23 kibana-refused',
      '20:16-20:42 multiple-endpoints',
      '21:7-21:14 kibana-unsupported-key',
      '22:20-22:22 missing-required',
    ]);
    assert.match(findings[3].message, /\("Couldn't save or update monitor because of an invalid configuration\.": Invalid value "5m" supplied to "schedule"\)/);
    assert.equal(findings[5].message, "`ports` is not an option of Kibana's tcp project monitors: it refuses the monitor (\"Unsupported Heartbeat option\"). Remove it.");
    assert.match(findings[6].message, /You must add at least one location or private location to this monitor\./);
    assert.equal(fixed(text, findings[2]).includes('"fields": { "team": "checkout" }'), true);
  });
});
