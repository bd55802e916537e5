// The plan compares as Kibana stores: what normalisation makes of git's monitors against what
// Kibana holds. Unchanged monitors show nothing; changes are listed field by field; secrets and
// bundles are never shown.

import assert from 'node:assert/strict';
import { desiredMonitors } from '../../../../server/src/core/kibana/desired';
import { normaliseProjectMonitor } from '../../../../server/src/core/kibana/normalise';
import { planChanges } from '../../../../server/src/core/kibana/plan';
import { renderPlanJson, renderPlanText } from '../../../../server/src/core/kibana/renderPlan';
import { COMMENT_LIMIT, renderPlanMarkdown } from '../../../../server/src/core/kibana/renderPlanMarkdown';
import { BulkUpdateResponse, KibanaLocation, ProjectMonitor, StoredMonitor } from '../../../../server/src/core/kibana/types';
import { monitorHash } from '../../../../server/src/gitops/hash';
import { ProjectApi, pushPlan } from '../../../../server/src/gitops/push';
import { analyse } from '../../../helpers/core';

const LOCATIONS: KibanaLocation[] = [
  { id: 'us-east4-a', label: 'North America - US East', isServiceManaged: true },
  { id: 'synthetic-monitor-policy-default', label: 'synthetic-monitor-default', isServiceManaged: false, agentPolicyId: 'synthetic-monitor-policy-default' },
];
const CTX = { project: 'elastic-synthetic-monitor', space: 'default', kibanaVersion: '9.1.0', locations: LOCATIONS };

const monitor = (id: string, extra = '') =>
  `- id: ${id}\n  name: ${id}\n  type: http\n  schedule: "@every 5m"\n  urls: [https://${id}.example]\n  private_locations: [synthetic-monitor-default]\n  check.request.headers: {Authorization: "Bearer s3cret"}\n${extra}`;

/** The same monitor as a tcp one (Kibana keeps a monitor's type). */
const tcp = (id: string) => monitor(id).replace('type: http', 'type: tcp').replace(`urls: [https://${id}.example]`, `hosts: ["${id}.example:443"]`).replace(/ {2}check\.request.*\n/, '');

function desired(text: string) {
  return desiredMonitors('k8s/monitors.yaml', analyse(`heartbeat.monitors:\n${text}`), { locations: [], privateLocations: [] }).monitors.map((m) => ({
    ...m,
    payload: { ...m.payload, hash: monitorHash(m.payload) },
  }));
}

/** What Kibana holds after pushing `text`. */
function stored(text: string): StoredMonitor[] {
  return desired(text).map((d) => {
    const result = normaliseProjectMonitor(d.payload, CTX);
    assert.ok(result.ok);
    return { ...result.attributes, config_id: `uuid-${d.payload.id}`, revision: 1 };
  });
}

const locate = () => ({ line: 1, column: 1 });

describe('plan', () => {
  it('shows nothing for monitors Kibana already holds as git has them', () => {
    const git = monitor('a') + monitor('b');
    const plan = planChanges(desired(git), stored(git), CTX);
    assert.deepEqual(plan.summary, { create: 0, update: 0, replace: 0, delete: 0, unchanged: 2, invalid: 0, editedOutsideGit: 0, withheld: 0 });
    assert.match(renderPlanText(plan, locate, { colour: false, prune: true }), /No changes: Kibana matches git\./);
  });

  it('lists creates, field-level updates and deletes (kept without --prune)', () => {
    const before = monitor('keep') + monitor('change') + monitor('gone');
    const after = monitor('keep') + monitor('change').replace('@every 5m', '@every 10m').replace('Bearer s3cret', 'Bearer n3w') + monitor('new');
    const plan = planChanges(desired(after), stored(before), CTX);
    assert.deepEqual(
      plan.items.map((i) => `${i.action} ${i.id} ${i.changes.map((c) => c.field).join(',')}`),
      ['unchanged keep ', 'update change check.request.headers,schedule', `create new ${plan.items[2].changes.map((c) => c.field).join(',')}`, 'delete gone '],
    );
    const text = renderPlanText(plan, locate, { colour: false, prune: false });
    assert.match(text, /~ update change {2}"change" \(http\) k8s\/monitors\.yaml:1:1\n {4}check\.request\.headers: \(secret\) → \(secret\)\n {4}schedule: {"number":"5","unit":"m"} → {"number":"10","unit":"m"}/);
    assert.match(text, /- delete \(skipped without --prune\) gone/);
    assert.match(text, /Plan: 1 to create, 1 to update, 1 to delete \(needs --prune\), 1 unchanged\./);
    assert.ok(!text.includes('s3cret') && !text.includes('n3w'), 'secrets never shown');
    const json = JSON.parse(renderPlanJson(plan, locate));
    assert.ok(!JSON.stringify(json).includes('s3cret'));
    assert.deepEqual(json.changes[1].fields[1], { field: 'schedule', secret: false, before: { number: '5', unit: 'm' }, after: { number: '10', unit: 'm' } });
  });

  it('calls out monitors edited outside git (their stored hash was reset)', () => {
    const git = monitor('a');
    const held = stored(git).map((m) => ({ ...m, hash: '', name: 'renamed in the UI' }));
    const plan = planChanges(desired(git), held, CTX);
    assert.equal(plan.items[0].action, 'update');
    assert.equal(plan.items[0].editedOutsideGit, true);
    assert.match(renderPlanText(plan, locate, { colour: false, prune: true }), /! edited outside git: a change made in Kibana since the last push will be overwritten\n {4}name: "renamed in the UI" → "a"/);
  });

  it('shows the value Kibana stores for a field it drops or rewrites, secrets masked, also when nothing else changes', () => {
    const git = monitor('a', '  labels: {team: sre}\n  max_attempts: 1\n  check.request.body: {query: s3cret-query}\n');
    const created = planChanges(desired(git), [], CTX);
    const text = renderPlanText(created, locate, { colour: false, prune: true });
    assert.match(text, /\+ create a {2}"a" \(http\) k8s\/monitors\.yaml:1:1\n {4}! labels is stored as \{\}: Kibana stores labels only from `fields`: this `labels` is dropped\n/);
    assert.match(text, / {4}! max_attempts is stored as 2: Kibana derives `max_attempts` from retesting on failure/);
    assert.match(text, / {4}! check\.request\.body is stored as \{"type":"json","value":"\(secret\)"\}: Kibana stores a body that is not a string JSON-encoded/);
    assert.ok(!text.includes('s3cret'), 'the body stays secret');
    const unchanged = planChanges(desired(git), stored(git), CTX);
    assert.equal(unchanged.items[0].action, 'unchanged');
    const json = JSON.parse(renderPlanJson(unchanged, locate));
    assert.deepEqual(json.changes[0].stored, [
      { field: 'labels', value: {}, note: 'Kibana stores labels only from `fields`: this `labels` is dropped' },
      { field: 'max_attempts', value: 2, note: 'Kibana derives `max_attempts` from retesting on failure (2 attempts, or 1 without retest): this value is ignored' },
      { field: 'check.request.body', value: { type: 'json', value: '(secret)' }, note: 'Kibana stores a body that is not a string JSON-encoded, with type `json`' },
    ]);
    assert.ok(!JSON.stringify(json).includes('s3cret'));
  });

  it('says what Kibana would refuse, and duplicate ids', () => {
    const plan = planChanges(desired(monitor('a').replace('[synthetic-monitor-default]', '[nowhere]') + monitor('d') + monitor('d')), [], CTX);
    assert.deepEqual(plan.items.map((i) => `${i.action} ${i.id}`), ['invalid a', 'invalid d', 'invalid d']);
    assert.match(plan.items[0].failures[0].details, /Invalid locations specified\. Private Location\(s\) 'nowhere' not found/);
    assert.match(plan.items[1].failures[0].details, /`d` is the id of 2 monitors/);
  });

  it('does not send a monitor with errors in git, and keeps its id from the deletes', () => {
    const git = monitor('a').replace('urls: [https://a.example]', 'urls: [https://a.example, https://b.example]') + monitor('b');
    const plan = planChanges(desired(git), stored(monitor('a') + monitor('b')), CTX);
    assert.deepEqual(plan.items.map((i) => `${i.action} ${i.id}`), ['invalid a', 'unchanged b'], 'a is not deleted: git still has it');
    assert.deepEqual(plan.items[0].errors!.map((e) => e.code), ['multiple-endpoints']);
    const text = renderPlanText(plan, (_, span) => ({ line: span.start, column: 1 }), { colour: false, prune: true });
    assert.match(text, /! invalid a {2}"a" \(http\) k8s\/monitors\.yaml:\d+:1\n {4}not pushed: k8s\/monitors\.yaml:\d+:1: error multiple-endpoints: /);
    const json = JSON.parse(renderPlanJson(plan, locate));
    assert.deepEqual(json.changes[0].errors.map((e: { code: string }) => e.code), ['multiple-endpoints']);
  });

  it('shows a type change as refused, with Kibana\'s reason and the fix; --replace plans it as a delete and a create', () => {
    const before = stored(tcp('a'));
    const plan = planChanges(desired(monitor('a')), before, CTX);
    const [item] = plan.items;
    assert.equal(item.action, 'invalid', 'not `~ update`: Kibana refuses it');
    assert.deepEqual(item.failures, [{ id: 'a', reason: 'Cannot update monitor to different type.', details: 'Monitor a of type tcp cannot be updated to type http. Please delete the monitor first and try again.' }]);
    const text = renderPlanText(plan, locate, { colour: false, prune: true });
    assert.match(text, /! invalid a {2}"a" \(http\) k8s\/monitors\.yaml:1:1\n {4}Kibana would refuse it: Cannot update monitor to different type\. Monitor a of type tcp cannot be updated to type http\./);
    assert.match(text, /\n {4}fix: give it a new id \(a push with --prune then deletes the old monitor\), or replace it: `push --replace a` deletes it from Kibana, then creates it anew\.\n/);
    assert.match(JSON.parse(renderPlanJson(plan, locate)).changes[0].fix, /--replace a/);

    const replaced = planChanges(desired(monitor('a')), before, CTX, { replace: new Set(['a']) });
    assert.equal(replaced.items[0].action, 'replace');
    assert.equal(replaced.summary.replace, 1);
    assert.match(renderPlanText(replaced, locate, { colour: false, prune: false }), /-\/\+ replace a {2}"a" \(http\) k8s\/monitors\.yaml:1:1\n {4}type tcp → http: deleted from Kibana, then created anew\n[\s\S]*Plan: 0 to create, 0 to update, 1 to replace, 0 to delete/);
  });

  it('withholds every delete and replace while an input may hide monitors, naming it', () => {
    const blockers = [{ file: 'k8s/other.yaml', span: { start: 0, end: 4 }, reason: 'missing-required: A monitor needs a `type`.' }];
    const plan = planChanges(desired(monitor('keep')), stored(monitor('keep') + monitor('gone')), CTX, { blockers });
    assert.deepEqual(plan.items.map((i) => `${i.action} ${i.id} ${!!i.withheld}`), ['unchanged keep false', 'delete gone true']);
    assert.equal(plan.summary.withheld, 1);
    const text = renderPlanText(plan, locate, { colour: false, prune: true });
    assert.match(text, /- delete \(withheld: see below\) gone/);
    assert.match(text, /Deletes withheld: 1 monitor\(s\) stay in Kibana while these inputs cannot be read .*:\n {2}k8s\/other\.yaml:1:1: missing-required: A monitor needs a `type`\.\n/);
    assert.match(text, /Plan: 0 to create, 0 to update, 1 to delete \(withheld\), 1 unchanged\./);
    const json = JSON.parse(renderPlanJson(plan, locate));
    assert.deepEqual(json.blockers, [{ file: 'k8s/other.yaml', line: 1, column: 1, reason: 'missing-required: A monitor needs a `type`.' }]);
    assert.equal(json.changes[1].withheld, true);
  });
});

describe('push', () => {
  /** A project API that records the calls and answers `bulkUpdate` with `answer`. */
  function fakeApi(answer: (monitors: ProjectMonitor[]) => BulkUpdateResponse) {
    const calls: string[] = [];
    const api: ProjectApi = {
      bulkUpdate: async (_, monitors) => {
        calls.push(`update ${monitors.map((m) => m.id).join(',')}`);
        return answer(monitors);
      },
      bulkDelete: async (_, ids) => {
        calls.push(`delete ${ids.join(',')}`);
        return ids;
      },
    };
    return { api, calls };
  }
  const accept = (monitors: ProjectMonitor[]): BulkUpdateResponse => ({ createdMonitors: monitors.map((m) => m.id), updatedMonitors: [], failedMonitors: [] });

  it('replaces by deleting first, then creating; deletes nothing it withholds', async () => {
    const before = stored(tcp('a') + monitor('gone'));
    const { api, calls } = fakeApi(accept);
    const replaced = planChanges(desired(monitor('a') + monitor('new')), before, CTX, { replace: new Set(['a']) });
    const result = await pushPlan(replaced, api, { prune: true });
    assert.deepEqual(calls, ['delete a', 'update a,new', 'delete gone']);
    assert.deepEqual([result.created, result.deleted], [['a', 'new'], ['a', 'gone']]);

    const blocked = fakeApi(accept);
    const blockers = [{ file: 'x.yml', span: { start: 0, end: 0 }, reason: 'yaml-too-large' }];
    const withheld = await pushPlan(planChanges(desired(monitor('a') + monitor('new')), before, CTX, { replace: new Set(['a']), blockers }), blocked.api, { prune: true });
    assert.deepEqual(blocked.calls, ['update new'], 'no delete, and no replace, while an input hides monitors');
    assert.deepEqual(withheld.withheld.map((i) => `${i.action} ${i.id}`), ['replace a', 'delete gone']);
  });

  it('puts a failure without an id on its monitor: by the payload Kibana echoes, else the only candidate', async () => {
    // As project_monitor_formatter.ts answers a type change: reason, details and the monitor sent, no id.
    const typeChange = (monitors: ProjectMonitor[]): BulkUpdateResponse => ({
      createdMonitors: monitors.filter((m) => m.id !== 'a').map((m) => m.id),
      updatedMonitors: [],
      failedMonitors: [{ reason: 'Cannot update monitor to different type.', details: 'Monitor a of type tcp cannot be updated to type http.', payload: monitors.find((m) => m.id === 'a') }],
    });
    // Planned against a Kibana that did not hold `a` yet: the plan creates it, Kibana refuses it.
    const plan = planChanges(desired(monitor('b') + monitor('a')), [], CTX);
    const echoed = await pushPlan(plan, fakeApi(typeChange).api, { prune: false });
    assert.deepEqual(echoed.failed.map((f) => [f.item?.id, f.item?.file, f.failure.reason]), [['a', 'k8s/monitors.yaml', 'Cannot update monitor to different type.']]);

    const bare = (): BulkUpdateResponse => ({ createdMonitors: [], updatedMonitors: [], failedMonitors: [{ reason: 'Failed to create 1 monitors', details: 'boom' }] });
    const only = await pushPlan(planChanges(desired(monitor('a')), [], CTX), fakeApi(bare).api, { prune: false });
    assert.equal(only.failed[0].item?.id, 'a', 'the batch held one monitor');
  });

  describe('as Markdown for a pull-request comment', () => {
    const before = monitor('keep') + monitor('change') + monitor('gone');
    const after = monitor('keep') + monitor('change').replace('@every 5m', '@every 10m').replace('Bearer s3cret', 'Bearer n3w') + monitor('new') + monitor('bad').replace('urls: [https://bad.example]', 'urls: [https://a.example, https://b.example]');

    it('sums up, then one collapsible section per monitor: deletions first, then refused, updated, created; secrets masked', () => {
      const md = renderPlanMarkdown(planChanges(desired(after), stored(before), CTX), locate, { prune: true });
      assert.match(md, /^### Synthetics plan: 1 to create, 1 to update, 1 to delete, 1 unchanged, 1 refused\n\nKibana 9\.1\.0 · space `default` · project `elastic-synthetic-monitor`\n/);
      assert.match(md, /> \[!WARNING\]\n> 1 monitor\(s\) will be \*\*deleted\*\* from Kibana/);
      const summaries = [...md.matchAll(/<summary>(.*)<\/summary>/g)].map((m) => m[1]);
      assert.deepEqual(summaries, [
        '🗑️ delete <code>gone</code> &quot;gone&quot; (http)'.replace(/&quot;/g, '"'),
        '⛔ refused by Kibana <code>bad</code> "bad" (http) — <code>k8s/monitors.yaml:1</code>',
        '✏️ update <code>change</code> "change" (http) — <code>k8s/monitors.yaml:1</code>',
        '➕ create <code>new</code> "new" (http) — <code>k8s/monitors.yaml:1</code>',
      ]);
      assert.match(md, /```diff\n- check\.request\.headers: \(secret\)\n\+ check\.request\.headers: \(secret\)\n- schedule: \{"number":"5","unit":"m"\}\n\+ schedule: \{"number":"10","unit":"m"\}\n```/);
      assert.match(md, /! not pushed: k8s\/monitors\.yaml:1:1: error multiple-endpoints: `urls` has 2 values/);
      assert.match(md, /<summary>➕ create <code>new<\/code> "new" \(http\) — <code>k8s\/monitors\.yaml:1<\/code><\/summary>\n\n<\/details>/, 'a creation lists no fields');
      assert.ok(!md.includes('s3cret') && !md.includes('n3w'), 'secrets never shown');
      assert.ok(!md.includes('keep'), 'unchanged monitors are not listed');
    });

    it('keeps deletes visible as kept without --prune, and says when nothing changes', () => {
      assert.match(renderPlanMarkdown(planChanges(desired(after), stored(before), CTX), locate, { prune: false }), /1 to delete \(kept: no `--prune`\)[\s\S]*🗑️ delete \(kept: no <code>--prune<\/code>\) <code>gone<\/code>/);
      assert.match(renderPlanMarkdown(planChanges(desired(before), stored(before), CTX), locate, { prune: true }), /No changes: Kibana matches git\./);
    });

    it('stays within a comment by summarising: full sections while they fit, then a line each, then a count', () => {
      const many = Array.from({ length: 600 }, (_, i) => monitor(`m${i}`)).join('');
      const plan = planChanges(desired(many), [], CTX);
      const md = renderPlanMarkdown(plan, locate, { prune: true });
      assert.ok(md.length <= COMMENT_LIMIT, `${md.length} characters`);
      const full = md.split('<details><summary>➕').length - 1;
      assert.ok(full > 10 && full < 600, `${full} full sections`);
      assert.match(md, /<summary>\d+ more monitor\(s\), without their fields \(the plan is longer than a comment can hold\)<\/summary>/);
      assert.match(md, /Run `synthetics-gitops plan` \(or `plan --format json`\) for the whole plan\./);
      const tiny = renderPlanMarkdown(plan, locate, { prune: true, budget: 4_000 });
      assert.ok(tiny.length <= 4_000, `${tiny.length} characters`);
      assert.match(tiny, /- … and \d+ more/);
    });
  });
});
