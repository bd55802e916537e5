// The real `@elastic/synthetics push` (the agent, a devDependency) against the Kibana sandbox: the
// sandbox stores its monitors as Kibana does, a second push writes nothing, and our push stores
// the very same lightweight configurations — so a project can move from the agent to us and back.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Sandbox, startSandbox } from '../../server/src/sandbox/server';
import { REPO } from '../helpers/core';

const CLI = path.join(REPO, 'dist', 'cli.js');
const AGENT = path.join(REPO, 'node_modules', '@elastic', 'synthetics', 'dist', 'cli.js');
const PROJECT = 'real-push';
const LOCATION = 'synthetic-monitor-default'; // the sandbox's seed private location

/** An `npx @elastic/synthetics init`-like project, trimmed to what `push` reads. */
const FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'real-push', version: '1.0.0', private: true }, null, 2),
  'synthetics.config.ts': `import type { SyntheticsConfig } from '@elastic/synthetics';

export default (): SyntheticsConfig => ({
  monitor: { schedule: 10, locations: [], privateLocations: ['${LOCATION}'] },
  project: { id: '${PROJECT}', url: 'http://127.0.0.1:5601', space: 'default' },
});
`,
  // The tcp monitor sets no schedule: the project's default (10) applies, on both sides.
  'lightweight/heartbeat.yml': `heartbeat.monitors:
  - type: http
    id: web
    name: Web health
    schedule: "@every 5m"
    urls: "http://127.0.0.1:8080/health"
    timeout: 30s
    tags: [web, production]
    alert.status.enabled: false
    retest_on_failure: false
    fields.team: web
    check.response.status: [200]
    check.response.body.positive: ["ok"]
  - type: tcp
    id: db
    name: Database port
    hosts: "127.0.0.1:5432"
    timeout: 1m
  - type: icmp
    id: ping
    name: Gateway ping
    schedule: "@every 30s"
    hosts: "127.0.0.1"
    wait: 2s
`,
  // Only bundled by the push, never run.
  'journeys/example.journey.ts': `import { journey, step } from '@elastic/synthetics';

journey('Example', ({ page }) => {
  step('open', async () => {
    await page.goto('http://127.0.0.1:1/');
  });
});
`,
};

/** Our defaults for the same project, outside the agent's project folder (it reads every YAML file there). */
const SYNC_CONFIG = `kibana:
  url: http://127.0.0.1:5601
  auth: {type: api_key, api_key_secret: kibana-api-key}
monitors:
  project_id: ${PROJECT}
  default_private_locations: [${LOCATION}]
  default_schedule: 10
`;

interface Run {
  code: number;
  output: string;
}

/** Runs node without a terminal; the sandbox answers in this process meanwhile. */
function node(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, output: stdout + stderr }),
    );
  });
}

describe('the real @elastic/synthetics push, against the Kibana sandbox', function () {
  this.timeout(60_000);
  let root: string;
  let project: string;
  const sandboxes: Sandbox[] = [];

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-real-push-'));
    project = path.join(root, 'project');
    for (const [file, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
      fs.writeFileSync(path.join(project, file), text);
    }
    // The agent loads the config and the journeys from the project: `@elastic/synthetics` must
    // resolve from there, as after an `npm install` in it. Its file walk does not follow links.
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(project, 'node_modules'), 'dir');
    fs.writeFileSync(path.join(root, 'sync-config.yaml'), SYNC_CONFIG);
  });
  afterEach(async () => {
    await Promise.all(sandboxes.splice(0).map((s) => s.close()));
  });
  after(() => {
    fs.unlinkSync(path.join(project, 'node_modules')); // the link only, before the recursive removal
    fs.rmSync(root, { recursive: true, force: true });
  });

  async function sandbox(): Promise<Sandbox> {
    const started = await startSandbox();
    sandboxes.push(started);
    return started;
  }

  /** `npx @elastic/synthetics push`, non-interactive; any API key passes the sandbox. */
  const agentPush = (s: Sandbox) => node([AGENT, 'push', '--url', s.url, '--auth', 'sandbox-key', '--yes'], project, {});

  const ourPush = (s: Sandbox) =>
    node([CLI, 'push', 'lightweight', '--sync-config', path.join(root, 'sync-config.yaml')], project, { KIBANA_URL: s.url, KIBANA_API_KEY: 'sandbox-key' });

  const stored = (s: Sandbox) => new Map(s.state.monitorsIn('default').map((m) => [String(m.attributes.journey_id), m.attributes]));
  const writes = (s: Sandbox) => s.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);

  /**
   * A stored monitor minus what legitimately differs between two pushes: Kibana's bookkeeping,
   * the client's hash, and the private location's uuid (each fresh sandbox seeds its own).
   */
  function configuration(attributes: Record<string, unknown>): Record<string, unknown> {
    const { hash: _hash, config_id: _configId, revision: _revision, locations, ...rest } = attributes;
    return { ...rest, locations: (locations as { label: string }[]).map((l) => l.label) };
  }

  function assertSameLightweight(ours: Sandbox, theirs: Sandbox): void {
    const mine = stored(ours);
    const agent = stored(theirs);
    for (const id of ['web', 'db', 'ping']) {
      assert.ok(mine.get(id) && agent.get(id), `${id} stored by both`);
      assert.deepEqual(configuration(mine.get(id)!), configuration(agent.get(id)!), `${id}: stored configuration`);
    }
  }

  it('stores the agent\'s 3 lightweight monitors and its journey as Kibana does; a second push writes nothing', async () => {
    const kibana = await sandbox();
    const first = await agentPush(kibana);
    assert.equal(first.code, 0, first.output);
    assert.match(first.output, /Monitor Diff: Added\(4\) Updated\(0\) Removed\(0\) Unchanged\(0\)/);
    // §3.2: stats, the project's {journey_id, hash} list, then one batch.
    assert.deepEqual(
      kibana.requests.map((r) => `${r.method} ${r.path} ${r.status}`),
      [
        'GET /s/default/api/stats 200',
        `GET /s/default/api/synthetics/project/${PROJECT}/monitors 200`,
        `PUT /s/default/api/synthetics/project/${PROJECT}/monitors/_bulk_update 200`,
      ],
    );

    const monitors = stored(kibana);
    assert.deepEqual([...monitors.keys()].sort(), ['Example', 'db', 'ping', 'web']);
    for (const [id, m] of monitors) {
      assert.equal(m.project_id, PROJECT);
      assert.equal(m.origin, 'project');
      assert.equal(m.id, `${id}-${PROJECT}-default`);
      assert.deepEqual((m.locations as { label: string }[]).map((l) => l.label), [LOCATION]);
      assert.match(String(m.hash), /^[A-Za-z0-9+/]{43}=$/, `${id}: the agent's sha256 hash`);
    }
    const web = monitors.get('web')!;
    assert.deepEqual([web.type, web.schedule, web.urls, web.timeout], ['http', { number: '5', unit: 'm' }, 'http://127.0.0.1:8080/health', '30']);
    assert.deepEqual([web['check.response.status'], web['check.response.body.positive'], web.tags], [['200'], ['ok'], ['web', 'production']]);
    assert.deepEqual([web.alert, web.max_attempts, web.labels], [{ status: { enabled: false }, tls: { enabled: true } }, 1, { team: 'web' }]);
    const db = monitors.get('db')!;
    assert.deepEqual([db.type, db.schedule, db.hosts, db.timeout], ['tcp', { number: '10', unit: 'm' }, '127.0.0.1:5432', '60']);
    const ping = monitors.get('ping')!;
    assert.deepEqual([ping.type, ping.schedule, ping.hosts, ping.wait, ping.timeout], ['icmp', { number: '30', unit: 's' }, '127.0.0.1', '2', '16']);
    const journey = monitors.get('Example')!;
    assert.deepEqual([journey.type, journey.form_monitor_type, journey.schedule, journey['filter_journeys.match']], ['browser', 'multistep', { number: '10', unit: 'm' }, 'Example']);
    assert.ok(String(journey['source.project.content']).startsWith('UEsDB'), 'the bundled journey, a base64 zip');

    const before = kibana.requests.length;
    const second = await agentPush(kibana);
    assert.equal(second.code, 0, second.output);
    assert.match(second.output, /Monitor Diff: Added\(0\) Updated\(0\) Removed\(0\) Unchanged\(4\)/);
    assert.deepEqual(
      kibana.requests.slice(before).map((r) => `${r.method} ${r.path}`),
      ['GET /s/default/api/stats', `GET /s/default/api/synthetics/project/${PROJECT}/monitors`],
      'agents ≥ 1.10 send only new and changed monitors: no _bulk_update',
    );
    assert.deepEqual([...stored(kibana).values()].map((m) => m.revision), [1, 1, 1, 1]);
  });

  it('our push stores the same lightweight configurations; the agent takes over, and we after it, with no difference', async () => {
    const theirs = await sandbox();
    assert.equal((await agentPush(theirs)).code, 0);

    const ours = await sandbox();
    const pushed = await ourPush(ours);
    assert.equal(pushed.code, 0, pushed.output);
    assert.match(pushed.output, /3 created, 0 updated, 0 deleted\./);
    assertSameLightweight(ours, theirs);

    // Our hashes are not the agent's (ours leave the file path out), so the agent re-sends the
    // three and adds its journey; what Kibana stores does not change.
    const takeover = await agentPush(ours);
    assert.equal(takeover.code, 0, takeover.output);
    assert.match(takeover.output, /Monitor Diff: Added\(1\) Updated\(3\) Removed\(0\) Unchanged\(0\)/);
    assertSameLightweight(ours, theirs);
    assert.deepEqual(['web', 'db', 'ping'].map((id) => stored(ours).get(id)!.revision), [2, 2, 2]);

    // Back to us: our plan compares stored configurations, not hashes, so there is nothing to do;
    // the agent's journey is not ours to delete (no --prune).
    const written = writes(ours).length;
    const back = await ourPush(ours);
    assert.equal(back.code, 0, back.output);
    assert.match(back.output, /- delete \(skipped without --prune\) Example /);
    assert.match(back.output, /Plan: 0 to create, 0 to update, 1 to delete \(needs --prune\), 3 unchanged\.\nNothing to push\./);
    assert.equal(writes(ours).length, written, 'no write');
  });
});
