// The editor's plan, push and connection check (syntheticsGitops/*), over stdio against the Kibana
// sandbox on loopback: the target from workspace/configuration, deletes only as confirmed, the
// API key sent only to a host the user confirmed, and in no message the server sends.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { CheckConnectionRequest, ImportMonitorsRequest, ListKibanaMonitorsRequest, PlanRequest, PushRequest, UnconfirmedHostData } from '../../server/src/protocol/messages';
import type { Sandbox } from '../../server/src/sandbox/server';
import { MARKERS, MARKER_API_KEY, echoingKibana, leaked } from '../helpers/fakeKibana';
import { hosts } from '../helpers/clientHosts';
import { eventually } from '../helpers/eventually';
import type { LspClient } from '../helpers/lspClient';
import { SandboxedServer, startSandboxedServer, stopSandboxedServer } from '../helpers/sandboxedServer';

const { sendConfirming, vouchedHosts, withHost } = hosts;

const API_KEY = 'c2FuZGJveC1rZXktNGY5Yg==';

const monitor = (id: string) =>
  `  - id: ${id}\n    name: ${id} health\n    type: http\n    schedule: "@every 5m"\n    urls: ["https://${id}.example.com/health"]\n    private_locations: [synthetic-monitor-default]\n`;

describe('Kibana requests of the language server, against the sandbox', function () {
  this.timeout(60_000);
  let server: SandboxedServer;
  let sandbox: Sandbox;
  let dir: string;
  let folderUri: string;
  let client: LspClient;
  let settings: SandboxedServer['settings'];
  let confirmedHosts: string[];

  beforeEach(async () => {
    server = await startSandboxedServer('sgo-kibana-', { 'monitors.yml': 'heartbeat.monitors:\n' + monitor('api') + monitor('web') });
    ({ sandbox, dir, folderUri, client, settings, confirmedHosts } = server);
  });

  afterEach(() => stopSandboxedServer(server));

  function write(text: string) {
    fs.writeFileSync(path.join(dir, 'monitors.yml'), text);
  }

  const send = <R>(method: string, params: unknown) => client.request<R>(method, params);

  const plan = () => send<PlanRequest.Result>(PlanRequest.method, { folderUri, apiKey: API_KEY, confirmedHosts });
  const push = (prune: boolean, confirmedDeletes: string[]) =>
    send<PushRequest.Result>(PushRequest.method, { folderUri, apiKey: API_KEY, confirmedHosts, prune, confirmedDeletes } satisfies PushRequest.Params);
  const stored = () => sandbox.state.monitorsIn('default').map((m) => String(m.attributes.journey_id)).sort();

  it('plans, pushes, finds nothing to do, and deletes only what was confirmed', async () => {
    const first = await plan();
    assert.deepEqual(first.monitors.map((m) => [m.action, m.id, m.line]), [['create', 'api', 1], ['create', 'web', 7]]);
    assert.equal(first.monitors[0].uri, `${folderUri}/monitors.yml`);
    assert.equal(first.monitors[0].before, undefined);
    const after = parse(first.monitors[0].after!) as Record<string, unknown>;
    assert.equal(after.name, 'api health');
    assert.equal(after.journey_id, 'api');
    assert.ok(first.monitors[0].fields > 5, `${first.monitors[0].fields} fields set`);
    assert.match(first.text, /Plan: 2 to create, 0 to update, 0 to delete, 0 unchanged\./);
    assert.equal((first.plan as { version: number }).version, 1);
    assert.deepEqual(first.errors, []);

    const pushed = await push(false, []);
    assert.deepEqual([pushed.created.sort(), pushed.updated, pushed.deleted, pushed.failed, pushed.deletesSkipped], [['api', 'web'], [], [], [], false]);
    assert.deepEqual(stored(), ['api', 'web']);

    const again = await plan();
    assert.deepEqual(again.monitors.map((m) => m.action), ['unchanged', 'unchanged']);
    assert.equal(again.monitors[0].before, again.monitors[0].after, 'an unchanged monitor reads the same on both sides');
    assert.match(again.text, /No changes: Kibana matches git\./);

    write('heartbeat.monitors:\n' + monitor('api'));
    const removed = await plan();
    assert.deepEqual(removed.monitors.map((m) => [m.action, m.id, m.uri]), [['unchanged', 'api', `${folderUri}/monitors.yml`], ['delete', 'web', undefined]]);
    assert.equal(removed.monitors[1].after, undefined);
    assert.equal((parse(removed.monitors[1].before!) as Record<string, unknown>).name, 'web health');

    await assert.rejects(push(true, []), /The plan changed: it now deletes "web", but nothing was confirmed/);
    assert.deepEqual(stored(), ['api', 'web'], 'nothing deleted without confirmation');
    const kept = await push(false, []);
    assert.deepEqual(kept.deleted, []);
    assert.deepEqual(stored(), ['api', 'web'], 'deletes need prune');
    const pruned = await push(true, ['web']);
    assert.deepEqual(pruned.deleted, ['web']);
    assert.deepEqual(stored(), ['api']);

    const check = await send<CheckConnectionRequest.Result>(CheckConnectionRequest.method, { folderUri, apiKey: API_KEY, confirmedHosts });
    assert.deepEqual(check, { ok: true, version: '9.1.0', target: `${new URL(sandbox.url).host}/default/gitops` });
    assertKeyNeverSent();
  });

  it('previews the open documents with their unsaved edits, pushes only once they are saved, and then reuses what the preview prepared', async () => {
    const file = path.join(dir, 'monitors.yml');
    const uri = `${folderUri}/monitors.yml`;
    const edited = fs.readFileSync(file, 'utf8') + monitor('shop');
    const prepared = () => client.log.filter((m) => m.method === 'window/logMessage').map((m) => (m.params as { message: string }).message).filter((t) => t.startsWith('Plan of '));
    client.open(uri, edited, 'yaml', 1);

    // The preview shows the buffer, not the disk.
    const previewed = await plan();
    assert.deepEqual(previewed.monitors.map((m) => [m.action, m.id, m.line]), [['create', 'api', 1], ['create', 'web', 7], ['create', 'shop', 13]]);
    await eventually(() => assert.match(prepared().at(-1) ?? '', /: preparing the desired state of 1 file\(s\)\.$/));

    // A push sends what git has: refused while the document is not saved, nothing sent.
    await assert.rejects(push(false, []), /^Error: monitors\.yml has unsaved changes: save, then push \(a push sends what is saved, so git and Kibana agree\)\. Nothing pushed$/);
    assert.deepEqual(stored(), []);

    // Saved (the editor writes the buffer to disk): the push sends it, from the desired state the preview prepared.
    fs.writeFileSync(file, edited);
    await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    const pushed = await push(false, []);
    assert.deepEqual(pushed.created.sort(), ['api', 'shop', 'web']);
    assert.deepEqual(stored(), ['api', 'shop', 'web']);
    await eventually(() => assert.match(prepared().at(-1) ?? '', /: the files are as last planned, their desired state is reused\.$/));
    assert.equal(prepared().filter((t) => /preparing/.test(t)).length, 1, prepared().join('\n'));

    // An edit after it: prepared anew, and planned as typed.
    client.change(uri, 2, [{ range: { start: { line: 14, character: 0 }, end: { line: 14, character: 0 } }, text: '    tags: [new]\n' }]);
    const again = await eventually(async () => {
      const result = await plan();
      assert.deepEqual(result.monitors.map((m) => [m.action, m.id]), [['unchanged', 'api'], ['unchanged', 'web'], ['update', 'shop']]);
      return result;
    });
    assert.match(again.monitors[2].after!, /^tags:\n {2}- new$/m);
    assert.equal(prepared().filter((t) => /preparing/.test(t)).length, 2, prepared().join('\n'));
    assertKeyNeverSent();
  });

  it('takes a file deleted on disk as deleted, though the editor still holds its document: planned without it, no unsaved change to refuse a push', async () => {
    const extra = path.join(dir, 'extra.yml');
    const uri = `${folderUri}/extra.yml`;
    const text = 'heartbeat.monitors:\n' + monitor('gone');
    fs.writeFileSync(extra, text);
    client.open(uri, text, 'yaml', 1);
    assert.deepEqual((await plan()).monitors.map((m) => m.id), ['gone', 'api', 'web']);
    // Deleted (git rm, a checkout): the editor keeps, and may reopen, the document as it was.
    fs.rmSync(extra);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }] });
    assert.deepEqual((await plan()).monitors.map((m) => m.id), ['api', 'web']);
    assert.deepEqual((await push(false, [])).created.sort(), ['api', 'web']);
    // Still so when it is edited there: saving it brings it back.
    client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# kept\n' }]);
    assert.deepEqual((await plan()).monitors.map((m) => m.id), ['api', 'web']);
    fs.writeFileSync(extra, '# kept\n' + text);
    assert.deepEqual((await plan()).monitors.map((m) => m.id), ['gone', 'api', 'web']);
  });

  it('reads an open document the editor says is saved as its file on disk, which the editor has not reloaded yet', async () => {
    const file = path.join(dir, 'monitors.yml');
    const uri = `${folderUri}/monitors.yml`;
    client.open(uri, fs.readFileSync(file, 'utf8'), 'yaml', 1);
    // Written behind the editor's back (a git pull): the document still has the old text.
    write('heartbeat.monitors:\n' + monitor('api') + monitor('web') + monitor('pulled'));
    const withList = (unsaved: string[]) => ({ folderUri, apiKey: API_KEY, confirmedHosts, unsaved });
    const planned = await send<PlanRequest.Result>(PlanRequest.method, withList([]));
    assert.deepEqual(planned.monitors.map((m) => m.id), ['api', 'web', 'pulled']);
    const pushed = await send<PushRequest.Result>(PushRequest.method, { ...withList([]), prune: false, confirmedDeletes: [] });
    assert.deepEqual(pushed.created.sort(), ['api', 'pulled', 'web']);
    // Said to hold unsaved edits, the document is what is planned, and a push waits for a save.
    assert.deepEqual((await send<PlanRequest.Result>(PlanRequest.method, withList([uri]))).monitors.map((m) => [m.action, m.id]), [['unchanged', 'api'], ['unchanged', 'web'], ['delete', 'pulled']]);
    await assert.rejects(send(PushRequest.method, { ...withList([uri]), prune: false, confirmedDeletes: [] }), /monitors\.yml has unsaved changes/);
  });

  it('pushes all but a monitor with errors, withholds deletes while a monitor cannot be told apart, and says how to give missing credentials', async () => {
    await push(false, []);
    // web leaves git, and a monitor without an id comes: it might be web, renamed, so web stays.
    write('heartbeat.monitors:\n' + monitor('api').replace('@every 5m', '@every 10m') + '  - name: no id\n    type: http\n    schedule: "@every 5m"\n    urls: ["https://x.example.com"]\n');
    const planned = await plan();
    assert.deepEqual(planned.errors.map((e) => [e.line, e.code]), [[7, 'missing-required']]);
    assert.deepEqual(planned.blockers.map((b) => [b.uri, b.line, b.reason]), [[`${folderUri}/monitors.yml`, 7, 'a monitor without a readable `id`']]);
    assert.deepEqual(planned.monitors.map((m) => [m.action, m.id, m.withheld, m.errors.map((e) => e.code)]), [['update', 'api', false, []], ['invalid', '', false, ['missing-required']], ['delete', 'web', true, []]]);
    const pushed = await push(true, []);
    assert.deepEqual([pushed.updated, pushed.deleted, pushed.withheld], [['api'], [], ['web']]);
    assert.deepEqual(pushed.failed.map((f) => [f.id, f.line, f.reason, f.details]), [['', 7, 'Not pushed: it has errors in git.', 'missing-required']]);
    assert.deepEqual(stored(), ['api', 'web'], 'nothing deleted');
    assert.deepEqual((await push(false, [])).withheld, ['web'], 'said without prune too: the editor asked about no withheld delete');

    await assert.rejects(send(PlanRequest.method, { folderUri, confirmedHosts }), /No Kibana credentials: run "Synthetics GitOps: Set Kibana API Key"/);
    const check = await send<CheckConnectionRequest.Result>(CheckConnectionRequest.method, { folderUri, confirmedHosts });
    assert.equal(check.ok, false);
    assert.equal(check.target, `${new URL(sandbox.url).host}/default/gitops`);
    assert.match(check.message!, /No Kibana credentials/);
    // Without a URL or a project, the editor's advice (the CLI's names flags).
    const configure = (kibana: typeof settings.kibana) => {
      settings.kibana = kibana;
      return client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    };
    await configure({ url: sandbox.url, space: 'default', project: '' });
    await assert.rejects(plan(), /^Error: No project id: run "Synthetics GitOps: Select Kibana Target", set SYNTHETICS_PROJECT, or set monitors\.project_id in the sync configuration$/);
    await configure({ url: '', space: 'default', project: 'gitops' });
    await assert.rejects(plan(), /^Error: No Kibana URL: run "Synthetics GitOps: Select Kibana Target", set KIBANA_URL, or set kibana\.url in the sync configuration$/);
    await configure({ url: sandbox.url, space: 'default', project: 'gitops' });

    // A sync configuration naming the cluster's Secret: the editor does not read it, and says how to give the key here.
    writeSyncConfig(sandbox.url);
    await assert.rejects(
      send(PlanRequest.method, { folderUri, confirmedHosts }),
      /^Error: kibana\.auth\.api_key_secret of the sync configuration is read only in the cluster \(--from\): here, run "Synthetics GitOps: Set Kibana API Key"$/,
    );
    assertKeyNeverSent();
  });

  it('lists what the folder\'s target can import, and writes the chosen monitors as files, secrets as placeholders, never over a file', async () => {
    write('heartbeat.monitors:\n' + monitor('api') + monitor('web').replace('    private_locations', '    password: pa55word\n    private_locations'));
    await push(false, []);
    const created = await fetch(`${sandbox.url}/api/synthetics/monitors`, {
      method: 'POST',
      headers: { authorization: 'ApiKey x', 'kbn-xsrf': 'true', 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'icmp', name: 'Gateway', host: '10.0.0.1', locations: ['germany'] }),
    });
    const gateway = ((await created.json()) as { config_id: string }).config_id;
    const listed = await send<ListKibanaMonitorsRequest.Result>(ListKibanaMonitorsRequest.method, { folderUri, apiKey: API_KEY, confirmedHosts: [new URL(sandbox.url).origin] });
    assert.deepEqual([listed.space, listed.project], ['default', 'gitops']);
    assert.deepEqual(listed.monitors.map((m) => `${m.origin} ${m.name} ${m.project ?? '-'}`).sort(), ['project api health gitops', 'project web health gitops', 'ui Gateway -']);
    const web = listed.monitors.find((m) => m.name === 'web health')!.configId;
    const params = { folderUri, apiKey: API_KEY, confirmedHosts: [new URL(sandbox.url).origin], configIds: [web, gateway], out: 'imported', format: 'configmap' } satisfies ImportMonitorsRequest.Params;
    const imported = await send<ImportMonitorsRequest.Result>(ImportMonitorsRequest.method, params);
    assert.deepEqual(imported.uris, ['http-monitors.yaml', 'icmp-monitors.yaml', 'sync-config.yaml', 'kustomization.yaml'].map((f) => `${folderUri}/imported/${f}`));
    assert.equal(imported.imported, 2);
    assert.deepEqual(imported.parameters, ['web_password']);
    assert.match(imported.summary, /^Imported 2 monitor\(s\) from Kibana 9\.1\.0 .* into imported:$/m);
    const http = fs.readFileSync(path.join(dir, 'imported', 'http-monitors.yaml'), 'utf8');
    assert.match(http, /password: \$\{web_password\} # secret: create the Kibana global parameter web_password/);
    assert.ok(!(server.wire() + http).includes('pa55word'), 'the secret is neither written nor sent');
    assert.match(fs.readFileSync(path.join(dir, 'imported', 'icmp-monitors.yaml'), 'utf8'), new RegExp(`adopts: ${gateway}`));
    await assert.rejects(send(ImportMonitorsRequest.method, params), /4 file\(s\) exist already \(imported\/http-monitors\.yaml, imported\/icmp-monitors\.yaml, imported\/sync-config\.yaml, …\): write into an empty folder \(the editor overwrites nothing\)/);
    assertKeyNeverSent();
  });

  /** The workspace's sync configuration, as a ConfigMap, pointing Kibana requests at `url`. */
  function writeSyncConfig(url: string) {
    const syncConfig = ['kibana:', `  url: ${url}`, '  auth:', '    type: api_key', '    api_key_secret: kibana-api-key', 'monitors:', '  project_id: gitops'];
    fs.writeFileSync(path.join(dir, 'sync-config.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sync-config\ndata:\n  sync-config.yaml: |\n${syncConfig.map((l) => `    ${l}\n`).join('')}`);
  }

  it("sends the key to the workspace's URL only once its host is confirmed, as the editor confirms it", async () => {
    const origin = new URL(sandbox.url).origin;
    const refused = (error: { data?: UnconfirmedHostData; message: string }) =>
      error.data?.unconfirmedHost === origin && error.message.startsWith(`Not sending your Kibana API key to ${origin}, which the workspace's settings name: confirm that host`);
    await assert.rejects(send(PlanRequest.method, { folderUri, apiKey: API_KEY }), refused);
    await assert.rejects(send(PushRequest.method, { folderUri, apiKey: API_KEY, prune: false, confirmedDeletes: [] }), refused);
    const check = await send<CheckConnectionRequest.Result>(CheckConnectionRequest.method, { folderUri, apiKey: API_KEY, confirmedHosts: ['https://elsewhere.example.com'] });
    assert.deepEqual([check.ok, check.unconfirmedHost], [false, origin]);
    assert.deepEqual(sandbox.requests, [], 'nothing sent');

    // Without a settings URL, the sync configuration's is the workspace's too.
    settings.kibana.url = '';
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    writeSyncConfig(sandbox.url);
    await assert.rejects(send(PlanRequest.method, { folderUri, apiKey: API_KEY }), (error: { data?: UnconfirmedHostData; message: string }) => error.data?.unconfirmedHost === origin && /which the workspace's sync configuration name/.test(error.message));
    assert.deepEqual(sandbox.requests, []);
    fs.rmSync(path.join(dir, 'sync-config.yaml'));
    settings.kibana.url = sandbox.url;
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });

    // The editor's flow (client/src/kibana/hosts.ts): refused, asked, then sent again with the host remembered.
    let remembered: string[] = [];
    const asked: string[] = [];
    const store = { vouched: () => vouchedHosts(remembered, undefined), remember: async (host: string) => void (remembered = withHost(remembered, host)) };
    const planConfirming = (answer: boolean) =>
      sendConfirming((hosts) => send<PlanRequest.Result>(PlanRequest.method, { folderUri, apiKey: API_KEY, confirmedHosts: hosts }), store, async (host) => (asked.push(host), answer));
    await assert.rejects(planConfirming(false), refused);
    assert.deepEqual([asked, remembered, sandbox.requests.length], [[origin], [], 0], 'declined: asked, nothing remembered or sent');
    const planned = await planConfirming(true);
    assert.match(planned.text, /Plan: 2 to create/);
    assert.deepEqual([asked, remembered], [[origin, origin], [origin]]);
    await planConfirming(true);
    assert.equal(asked.length, 2, 'remembered: not asked again');
    // The user's own (user-level) setting needs no confirmation.
    assert.deepEqual(vouchedHosts([], `${sandbox.url}/`), [origin]);
    assertKeyNeverSent();
  });

  it('masks the key in the error of a Kibana that echoes it back', async () => {
    const echoing = await echoingKibana();
    try {
      settings.kibana.url = echoing.url;
      const error = await send(PlanRequest.method, { folderUri, apiKey: MARKER_API_KEY, confirmedHosts: [echoing.url] }).then(
        () => assert.fail('the fake answers 500'),
        (e: Error) => e,
      );
      assert.deepEqual(echoing.authorizations, [`ApiKey ${MARKER_API_KEY}`]);
      assert.match(error.message, /upstream rejected the request; authorization: ApiKey \[redacted\]; token \[redacted\] \(decoded \[redacted\]\)/);
      const check = await send<CheckConnectionRequest.Result>(CheckConnectionRequest.method, { folderUri, apiKey: MARKER_API_KEY, confirmedHosts: [echoing.url] });
      assert.match(check.message!, /authorization: ApiKey \[redacted\]/);
      assert.deepEqual(leaked(server.wire(), client.stderr), []);
      assert.ok(!server.wire().includes(MARKERS.keySecret));
    } finally {
      await echoing.close();
    }
  });

  function assertKeyNeverSent() {
    assert.match(server.wire(), /syntheticsGitops|"result"/, 'the replies were recorded');
    assert.ok(!(server.wire() + client.stderr).includes(API_KEY), 'the API key appears in no message or log line of the server');
  }
});
