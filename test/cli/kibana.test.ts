// `plan` and `push` against the Kibana sandbox on loopback: the whole GitOps loop, and the
// promises that make it safe — no-op pushes write nothing, deletes only with --prune and a
// confirmation, only this project's monitors, partial failures reported at file:line.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Sandbox, startSandbox } from '../../server/src/sandbox/server';
import { runCli } from '../helpers/cli';

const monitor = (id: string, extra = '') =>
  `  - id: ${id}\n    name: ${id} health\n    type: http\n    schedule: "@every 5m"\n    urls: ["https://${id}.example.com/health"]\n    private_locations: [synthetic-monitor-default]\n${extra}`;

describe('synthetics-gitops plan and push, against the Kibana sandbox', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let dir: string;

  beforeEach(async () => {
    sandbox = await startSandbox();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-push-'));
    write('heartbeat.monitors:\n' + monitor('api') + monitor('web', '    check.request.headers: {Authorization: "Bearer s3cret-token"}\n'));
  });
  afterEach(async () => {
    await sandbox.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function write(text: string) {
    fs.writeFileSync(path.join(dir, 'monitors.yml'), text);
  }

  const cli = (...args: string[]) => runCli(args, { cwd: dir, env: { ...process.env, KIBANA_URL: sandbox.url, KIBANA_API_KEY: 'sandbox-key', SYNTHETICS_PROJECT: 'gitops', NO_COLOR: '1' } });

  /** The sandbox's saved monitors' attributes, in the default space. */
  const stored = () => sandbox.state.monitorsIn('default').map((m) => m.attributes);
  const writes = () => sandbox.requests.filter((r) => r.method !== 'GET').length;

  it('plans, pushes, then finds nothing to do: a no-op push writes nothing', async () => {
    const first = await cli('plan', '--detailed-exitcode');
    assert.equal(first.code, 3, first.stderr);
    assert.match(first.stdout, /\+ create api {2}"api health" \(http\) monitors\.yml:2:5/);
    assert.match(first.stdout, /Plan: 2 to create, 0 to update, 0 to delete, 0 unchanged\./);
    const push = await cli('push');
    assert.equal(push.code, 0, push.stderr);
    assert.match(push.stdout, /Pushed to http:\/\/127\.0\.0\.1:\d+: 2 created, 0 updated, 0 deleted\./);
    const before = writes();
    const requestsBefore = sandbox.requests.length;
    assert.equal((await cli('plan', '--detailed-exitcode')).code, 0);
    // The version and one page of the project's monitors: the stored monitors carry their locations,
    // and the stored hashes vouch for the secrets.
    assert.deepEqual(sandbox.requests.slice(requestsBefore).map((r) => r.path.replace(/\?.*/, '')), ['/s/default/api/stats', '/s/default/api/synthetics/monitors']);
    const again = await cli('push');
    assert.equal(again.code, 0);
    assert.match(again.stdout, /Nothing to push\./);
    assert.equal(writes(), before, 'no write after a successful push');
    assert.ok(![first.stdout, push.stdout, again.stdout].join().includes('s3cret'), 'secrets stay out of the output');
  });

  it('shows each changed field, and an edit made in Kibana as edited outside git', async () => {
    await cli('push');
    write('heartbeat.monitors:\n' + monitor('api').replace('@every 5m', '@every 10m') + monitor('web'));
    const configId = stored().find((m) => m.journey_id === 'web')!.config_id as string;
    const edit = await fetch(`${sandbox.url}/api/synthetics/monitors/${configId}?internal=true`, {
      method: 'PUT',
      headers: { authorization: 'ApiKey x', 'kbn-xsrf': 'true', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'web, renamed in the UI' }),
    });
    assert.equal(edit.status, 200);
    const plan = await cli('plan', '--format', 'json');
    const json = JSON.parse(plan.stdout);
    assert.deepEqual(
      json.changes.map((c: { action: string; id: string; editedOutsideGit: boolean; fields: { field: string }[] }) => [c.action, c.id, c.editedOutsideGit, c.fields.map((f) => f.field)]),
      [
        ['update', 'api', false, ['schedule']],
        ['update', 'web', true, ['check.request.headers', 'name']],
      ],
    );
    assert.equal(json.changes[1].fields[0].before, '(secret)');
  });

  it('deletes only with --prune and a confirmation, and never another project\'s monitors', async () => {
    await cli('push');
    const foreign = await fetch(`${sandbox.url}/api/synthetics/project/other-team/monitors/_bulk_update`, {
      method: 'PUT',
      headers: { authorization: 'ApiKey x', 'kbn-xsrf': 'true', 'content-type': 'application/json', 'x-elastic-internal-origin': 'test' },
      body: JSON.stringify({ monitors: [{ type: 'http', id: 'api', name: 'theirs', schedule: 5, urls: 'https://x.example', privateLocations: ['synthetic-monitor-default'] }] }),
    });
    assert.equal(foreign.status, 200);
    write('heartbeat.monitors:\n' + monitor('api'));
    const kept = await cli('push');
    assert.match(kept.stdout, /- delete \(skipped without --prune\) web/);
    assert.equal(stored().length, 3);
    const refused = await cli('push', '--prune');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /Refusing to delete 1 monitor\(s\) of project "gitops" without confirmation: add --yes\./);
    const pruned = await cli('push', '--prune', '--yes');
    assert.equal(pruned.code, 0, pruned.stderr);
    assert.match(pruned.stdout, /0 created, 0 updated, 1 deleted\./);
    assert.deepEqual(stored().map((m) => `${m.project_id}/${m.journey_id}`).sort(), ['gitops/api', 'other-team/api']);
  });

  it('reports each monitor Kibana refuses at its file and line, and keeps deletes for a clean run', async () => {
    await cli('push');
    write('heartbeat.monitors:\n' + monitor('api').replace('@every 5m', '@every 2m'));
    sandbox.faults.failJourney({ id: 'api', reason: 'Failed to update journey: api', details: 'the saved object could not be written' });
    const failed = await cli('push', '--prune', '--yes');
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /^monitors\.yml:2:5: error kibana-refused: api: Failed to update journey: api the saved object could not be written$/m);
    assert.match(failed.stderr, /Deletes skipped: 1 monitor\(s\) stay in Kibana/);
    assert.equal(stored().length, 2);
    sandbox.faults.clear();
    const converged = await cli('push', '--prune', '--yes');
    assert.equal(converged.code, 0, converged.stderr);
    assert.match(converged.stdout, /0 created, 1 updated, 1 deleted\./);
  });

  it('shows a type change as refused with Kibana\'s reason and the fix, not as an update, and replaces it with --replace, a deletion confirmed as one', async () => {
    await cli('push');
    const configId = stored().find((m) => m.journey_id === 'api')!.config_id;
    write('heartbeat.monitors:\n' + monitor('api').replace('type: http', 'type: tcp').replace('urls: ["https://api.example.com/health"]', 'hosts: ["api.example.com:443"]') + monitor('web'));
    const plan = await cli('plan');
    assert.equal(plan.code, 1);
    assert.doesNotMatch(plan.stdout, /~ update api/);
    assert.match(
      plan.stdout,
      /^! invalid api {2}"api health" \(tcp\) monitors\.yml:2:5\n {4}Kibana would refuse it: Cannot update monitor to different type\. Monitor api of type http cannot be updated to type tcp\. Please delete the monitor first and try again\.\n {4}fix: give it a new id \(a push with --prune then deletes the old monitor\), or replace it: `push --replace api` deletes it from Kibana, then creates it anew\.$/m,
    );
    const json = JSON.parse((await cli('plan', '--format', 'json')).stdout);
    assert.deepEqual([json.changes[0].action, json.changes[0].line, json.changes[0].failures[0].reason], ['invalid', 2, 'Cannot update monitor to different type.']);
    assert.match(json.changes[0].fix, /push --replace api/);

    const refused = await cli('push');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^monitors\.yml:2:5: error kibana-refused: api: Cannot update monitor to different type\. Monitor api of type http/m);
    assert.equal(stored().find((m) => m.journey_id === 'api')!.type, 'http', 'Kibana keeps it as it was');

    const wrong = await cli('push', '--replace', 'web', '--yes');
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /--replace web: its type does not change \(the plan would leave it unchanged\), so there is nothing to replace/);
    const unconfirmed = await cli('push', '--replace', 'api');
    assert.equal(unconfirmed.code, 1);
    assert.match(unconfirmed.stderr, /Refusing to delete 1 monitor\(s\) of project "gitops" without confirmation: add --yes\./);
    const limited = await cli('push', '--replace', 'api', '--yes', '--max-deletions', '0');
    assert.equal(limited.code, 1);
    assert.match(limited.stderr, /1 of the project's 2 monitor\(s\) in Kibana would be deleted, more than --max-deletions 0 allows \(0\)/);
    assert.equal(stored().find((m) => m.journey_id === 'api')!.config_id, configId, 'nothing replaced yet');

    const replacePlan = await cli('plan', '--replace', 'api');
    assert.match(replacePlan.stdout, /^-\/\+ replace api {2}"api health" \(tcp\) monitors\.yml:2:5\n {4}type http → tcp: deleted from Kibana, then created anew$/m);
    const replaced = await cli('push', '--replace', 'api', '--yes');
    assert.equal(replaced.code, 0, replaced.stderr);
    assert.match(replaced.stdout, /1 created, 0 updated, 1 deleted\./);
    const api = stored().find((m) => m.journey_id === 'api')!;
    assert.deepEqual([api.type, api.hosts], ['tcp', 'api.example.com:443']);
    assert.notEqual(api.config_id, configId, 'a new monitor');
    assert.equal((await cli('plan', '--detailed-exitcode')).code, 0, 'converged');
  });

  it('gets through 429 and 503, and a connection cut after Kibana applied the batch, with nothing lost or duplicated', async () => {
    sandbox.faults.add({ method: 'PUT', path: /_bulk_update/, status: 429, retryAfter: 1 });
    sandbox.faults.add({ method: 'PUT', path: /_bulk_update/, status: 503 });
    sandbox.faults.add({ method: 'PUT', path: /_bulk_update/, drop: 'after' });
    const push = await cli('push');
    assert.equal(push.code, 0, push.stderr);
    const updates = sandbox.requests.filter((r) => r.method === 'PUT').map((r) => r.status);
    assert.deepEqual(updates, [429, 503, null, 200], 'retried until Kibana answered');
    assert.deepEqual(stored().map((m) => m.journey_id).sort(), ['api', 'web']);
    assert.equal((await cli('plan', '--detailed-exitcode')).code, 0, 'converged: nothing left to do');
  });

  it('catches a location Kibana does not know: the plan before writing, the push from Kibana\'s own answer', async () => {
    write('heartbeat.monitors:\n' + monitor('api').replace('[synthetic-monitor-default]', '[no-such-place]'));
    const plan = await cli('plan');
    assert.equal(plan.code, 1);
    assert.match(plan.stdout, /! invalid api[\s\S]*Kibana would refuse it: Couldn't save or update monitor because of an invalid configuration\. .*no-such-place/);
    const before = sandbox.requests.length;
    const push = await cli('push');
    assert.equal(push.code, 1);
    assert.match(push.stderr, /^monitors\.yml:2:5: error kibana-refused: api: .*no-such-place/m);
    assert.ok(!sandbox.requests.slice(before).some((r) => r.path.includes('/internal/uptime/service/locations')), 'the push read no location list');
    assert.deepEqual(stored(), []);
  });

  it("shows what Kibana's codec would refuse at its file:line, and the values Kibana stores instead of what is written", async () => {
    write('heartbeat.monitors:\n' + monitor('api', '    check.response.status: 200\n') + monitor('web', '    labels: {team: web}\n    max_attempts: 1\n'));
    const plan = await cli('plan');
    assert.equal(plan.code, 1);
    assert.match(
      plan.stdout,
      /! invalid api {2}"api health" \(http\) monitors\.yml:2:5\n {4}not pushed: monitors\.yml:8:28: error kibana-refused: `check\.response\.status` is `200`, but Kibana expects a list of strings: it refuses the monitor \("Monitor is not a valid monitor of type http": Invalid value "200" supplied to "check\.response\.status"\)\. Write `\["200"\]` instead\.\n/,
    );
    assert.match(plan.stdout, /\+ create web {2}"web health" \(http\) monitors\.yml:9:5\n {4}! labels is stored as \{\}: Kibana stores labels only from `fields`: this `labels` is dropped\n {4}! max_attempts is stored as 2: /);
    // The same refusal, from validation, at the value itself.
    assert.match(plan.stderr, /^monitors\.yml:8:28: error kibana-refused: `check\.response\.status` is `200`, but Kibana expects a list of strings/m);
    const json = JSON.parse((await cli('plan', '--format', 'json')).stdout);
    const [api, web] = json.changes;
    assert.deepEqual([api.action, api.line, api.errors.map((e: { code: string; line: number; column: number }) => [e.code, e.line, e.column])], ['invalid', 2, [['kibana-refused', 8, 28]]]);
    assert.deepEqual(
      web.stored.map((s: { field: string; value: unknown }) => [s.field, s.value]),
      [['labels', {}], ['max_attempts', 2]],
    );
    // Only the monitor in error is held back: the other is created.
    const push = await cli('push');
    assert.equal(push.code, 1);
    assert.match(push.stderr, /^monitors\.yml:2:5: error: api not pushed: fix its errors first \(kibana-refused\)$/m);
    assert.deepEqual(stored().map((m) => m.journey_id), ['web']);
  });

  it('takes project defaults from flags, over the sync configuration', async () => {
    write('heartbeat.monitors:\n  - {id: bare, name: bare, type: http, urls: "https://bare.example.com"}\n');
    const plan = await cli('plan', '--format', 'json', '--default-schedule', '15', '--default-private-locations', 'synthetic-monitor-default');
    assert.equal(plan.code, 0, plan.stderr);
    const fields = JSON.parse(plan.stdout).changes[0].fields as { field: string; after: unknown }[];
    assert.deepEqual(fields.find((f) => f.field === 'schedule')?.after, { number: '15', unit: 'm' });
    const privateLocation = sandbox.state.locations('default').find((l) => l.label === 'synthetic-monitor-default')!;
    assert.deepEqual(fields.find((f) => f.field === 'locations')?.after, [privateLocation.id]);
    const bad = await cli('plan', '--default-schedule', 'often');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--default-schedule must be a whole number of minutes, not "often"/);
  });

  it('refuses a Kibana older than 8.6, naming why', async () => {
    await sandbox.close();
    sandbox = await startSandbox({ kibanaVersion: '8.5.3' });
    const result = await cli('plan');
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /Kibana 8\.5\.3 is older than 8\.6\.0, which brought the project monitor API/);
  });

  it('says what is missing when no credentials are found, without a secret in sight', async () => {
    const result = await runCli(['plan'], { cwd: dir, env: { PATH: process.env.PATH, KIBANA_URL: sandbox.url, SYNTHETICS_PROJECT: 'gitops' } });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /No Kibana credentials: set KIBANA_API_KEY \(or KIBANA_USERNAME and KIBANA_PASSWORD\)/);
  });
});
