// Adoption: the pairs `adopts` names, checked (UI-made originals only, one replacement each), shown
// in every plan format, guarded as deletions, and carried out only for replacements Kibana holds.

import assert from 'node:assert/strict';
import { pairAdoptions } from '../../../server/src/core/kibana/adopt';
import { desiredMonitors } from '../../../server/src/core/kibana/desired';
import { planChanges } from '../../../server/src/core/kibana/plan';
import { renderPlanJson, renderPlanText } from '../../../server/src/core/kibana/renderPlan';
import { renderPlanMarkdown } from '../../../server/src/core/kibana/renderPlanMarkdown';
import { StoredMonitor } from '../../../server/src/core/kibana/types';
import { adoptionRefusal, carryOutAdoptions } from '../../../server/src/gitops/adopt';
import { analyse } from '../../helpers/core';

const monitor = (id: string, adopts: string) => `- {id: ${id}, name: ${id}, type: icmp, schedule: "@every 5m", hosts: [h], locations: [germany], adopts: ${adopts}}\n`;
const desired = (text: string) => desiredMonitors('git/icmp.yml', analyse(`heartbeat.monitors:\n${text}`), { locations: [], privateLocations: [] }).monitors;
const ORIGINALS: StoredMonitor[] = [
  { config_id: 'ui-1', name: 'Gateway', type: 'icmp', origin: 'ui', enabled: true },
  { config_id: 'ui-2', name: 'Router', type: 'icmp', origin: 'ui', enabled: false },
  { config_id: 'pr-1', name: 'api', type: 'http', origin: 'project', project_id: 'shop' },
];
const CTX = { project: 'shop', space: 'default', kibanaVersion: '9.1.0', locations: [{ id: 'europe-west3-a', label: 'Germany', isServiceManaged: true }] };
const locate = () => ({ line: 2, column: 3 });

describe('adoption', () => {
  const wanted = desired(monitor('gateway', 'ui-1') + monitor('router', 'ui-2') + monitor('api-copy', 'pr-1') + monitor('one', 'ui-9') + monitor('two', 'ui-9') + monitor('done', 'gone'));
  const adoptions = pairAdoptions(wanted, [...ORIGINALS, { config_id: 'ui-9', name: 'Twice', type: 'icmp', origin: 'ui', enabled: true }]);
  const plan = { ...planChanges(wanted, [], CTX), adoptions };

  it('pairs each monitor with the original its `adopts` names, refusing project monitors and originals named twice', () => {
    assert.deepEqual(
      adoptions.map((a) => [a.id, a.configId, a.original?.name, a.refused ?? '']),
      [
        ['gateway', 'ui-1', 'Gateway', ''],
        ['router', 'ui-2', 'Router', ''],
        ['api-copy', 'pr-1', 'api', 'it is a project monitor of project "shop", not one made in the UI: only those are adopted'],
        ['one', 'ui-9', 'Twice', 'one and two both adopt it: one monitor replaces one original'],
        ['two', 'ui-9', 'Twice', 'two and one both adopt it: one monitor replaces one original'],
        ['done', 'gone', undefined, ''],
      ],
    );
    assert.ok(wanted.every((d) => !('adopts' in d.payload)), 'never sent to Kibana');
  });

  it('shows both sides in the text plan, as the push will treat them', () => {
    const text = (adopt?: 'delete' | 'disable' | 'skip', verbose = false) => renderPlanText(plan, locate, { colour: false, prune: true, adopt, verbose });
    assert.match(text(), /^- adopt ui-1 {2}"Gateway" \(icmp\), made in the UI: replaced by gateway git\/icmp\.yml:2:3\n {4}deleted by push --adopt once gateway exists in Kibana \(--keep-originals disables it instead\)$/m);
    assert.match(text(), /^ {4}deleted by push --adopt once router exists in Kibana \(--keep-originals disables it instead\) \(disabled already\)$/m);
    assert.match(text(), /^! adopt pr-1 {2}refused, left in Kibana: it is a project monitor/m);
    assert.match(text(), /; 2 UI monitor\(s\) to adopt\.$/m);
    assert.match(text('skip'), /^ {4}kept: push --adopt deletes it once gateway exists$/m);
    assert.match(text('skip'), /; 2 UI monitor\(s\) to adopt \(needs --adopt\)\.$/m);
    assert.match(text('disable'), /^~ adopt ui-1 .*\n {4}disabled once gateway exists in Kibana \(--keep-originals\)$/m);
    assert.doesNotMatch(text(), /adopt gone/);
    assert.match(text(undefined, true), /^ {2}adopt gone {2}done: Kibana holds no such monitor any more \(adopts of done git\/icmp\.yml:2:3\)$/m);
  });

  it('lists them in the JSON plan and the pull-request comment', () => {
    const json = JSON.parse(renderPlanJson(plan, locate)) as { adoptions: Record<string, unknown>[] };
    assert.deepEqual(json.adoptions[0], { configId: 'ui-1', id: 'gateway', file: 'git/icmp.yml', line: 2, column: 3, status: 'pending', name: 'Gateway', type: 'icmp', enabled: true });
    assert.deepEqual(json.adoptions.map((a) => a.status), ['pending', 'pending', 'refused', 'refused', 'refused', 'done']);
    assert.ok(!('adoptions' in JSON.parse(renderPlanJson(planChanges(wanted, [], CTX), locate))), 'absent when nothing is adopted');
    const markdown = renderPlanMarkdown({ ...planChanges([], [], CTX), adoptions }, locate, { prune: true });
    assert.match(markdown, /> 2 monitor\(s\) made in Kibana's UI are adopted: `push --adopt` \*\*deletes\*\* each once its replacement exists/);
    assert.match(markdown, /^- 🗑️ adopt <code>ui-1<\/code> "Gateway" \(icmp\): replaced by <code>gateway<\/code> — <code>git\/icmp\.yml:2<\/code>$/m);
    assert.match(markdown, /^- ⛔ adopt <code>pr-1<\/code> "api" \(http\): refused, it is a project monitor/m);
    assert.doesNotMatch(markdown, /No changes/);
  });

  it('counts the originals it deletes against --max-deletions, with the prune\'s', () => {
    assert.equal(adoptionRefusal({ pruned: 0, adopted: 1, existing: 0 }, { percent: 10 }, '10%'), undefined);
    assert.equal(
      adoptionRefusal({ pruned: 1, adopted: 3, existing: 17 }, { percent: 10 }, '10%'),
      'Refusing to delete 4 monitor(s) (3 adopted UI original(s), 1 pruned) of the 20 in Kibana: more than --max-deletions 10% allows (2). ' +
        'To delete them anyway, pass --max-deletions 4 (or a percentage); --keep-originals disables them instead.',
    );
    assert.equal(adoptionRefusal({ pruned: 1, adopted: 3, existing: 17 }, { count: 4 }, '4'), undefined);
  });

  it('deletes an original only once Kibana holds its replacement, and disables instead when asked', async () => {
    const calls: string[] = [];
    const client = {
      listMonitorsOfProject: async (project: string, ids?: string[]) => {
        calls.push(`list ${project} ${ids?.join(',')}`);
        return [{ journey_id: 'gateway' }, { journey_id: 'router' }];
      },
      deleteMonitors: async (ids: string[]) => {
        calls.push(`delete ${ids.join(',')}`);
        return ids;
      },
      editMonitor: async (id: string, changes: Record<string, unknown>) => {
        calls.push(`edit ${id} ${JSON.stringify(changes)}`);
      },
    };
    const twoPending = pairAdoptions(desired(monitor('gateway', 'ui-1') + monitor('router', 'ui-2') + monitor('missing', 'ui-3')), [...ORIGINALS, { config_id: 'ui-3', name: 'M', type: 'icmp', origin: 'ui' }]);
    const deleted = await carryOutAdoptions(client, 'shop', twoPending, { keepOriginals: false });
    assert.deepEqual(deleted, { done: [{ configId: 'ui-1', id: 'gateway' }, { configId: 'ui-2', id: 'router' }], waiting: [{ configId: 'ui-3', id: 'missing' }] });
    assert.deepEqual(calls.splice(0), ['list shop gateway,router,missing', 'delete ui-1,ui-2']);
    const kept = await carryOutAdoptions(client, 'shop', twoPending, { keepOriginals: true });
    assert.deepEqual(kept.done.map((a) => a.configId), ['ui-1', 'ui-2']);
    assert.deepEqual(calls.splice(0), ['list shop gateway,router,missing', 'edit ui-1 {"enabled":false}'], 'the original disabled already is left as it is');
    assert.deepEqual(await carryOutAdoptions(client, 'shop', adoptions.filter((a) => a.refused), { keepOriginals: false }), { done: [], waiting: [] });
    assert.deepEqual(calls, [], 'refused pairs cost no request');
  });
});
