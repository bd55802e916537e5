// Spaces and Kibana versions through the real CLI: which version `validate` checks against (flag,
// sync configuration, newest), `plan` following the live Kibana's, private locations seen per
// space from 8.18, a space that does not exist stopping everything before a plan, and the default
// namespace of a space with a run of refused characters settling.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Sandbox, startSandbox } from '../../server/src/sandbox/server';
import { runCli } from '../helpers/cli';

const KERBEROS = `heartbeat.monitors:
  - id: intranet
    name: Intranet
    type: http
    schedule: "@every 5m"
    urls: ["https://intranet.corp.local/"]
    private_locations: [synthetic-monitor-default]
    kerberos: {enabled: true, realm: CORP.LOCAL}
`;

/** The sync configuration's ConfigMap, naming a Kibana version. */
const syncConfig = (version: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: sync-config}
data:
  sync-config.yaml: |
    kibana:
      url: https://kibana.example.com
      version: "${version}"
      auth: {type: api_key, api_key_secret: kibana-api-key}
    monitors:
      project_id: gitops
`;

describe('Spaces and Kibana versions, through the CLI', function () {
  this.timeout(60_000);
  let dir: string;
  let sandbox: Sandbox | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-versions-'));
  });
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const write = (file: string, text: string) => fs.writeFileSync(path.join(dir, file), text);
  const cli = (...args: string[]) => {
    const { KIBANA_SPACE: _space, ...env } = process.env;
    return runCli(args, { cwd: dir, env: { ...env, KIBANA_URL: sandbox?.url ?? '', KIBANA_API_KEY: 'sandbox-key', SYNTHETICS_PROJECT: 'gitops', NO_COLOR: '1' } });
  };
  const space = (id: string) =>
    fetch(`${sandbox!.url}/api/spaces/space`, { method: 'POST', headers: { authorization: 'ApiKey x', 'kbn-xsrf': 'true', 'content-type': 'application/json' }, body: JSON.stringify({ id, name: id }) });

  describe('validate', () => {
    const unsupported = /^monitors\.yml:8:5: error kibana-unsupported-key: `kerberos` is refused by Kibana before 9\.6\.0/m;

    it('checks against the newest Kibana modelled when nothing names a version', async () => {
      write('monitors.yml', KERBEROS);
      const result = await cli('validate', 'monitors.yml');
      assert.equal(result.code, 0, result.stdout);
    });

    it('checks against --kibana-version, over the sync configuration\'s kibana.version', async () => {
      write('monitors.yml', KERBEROS);
      const old = await cli('validate', '--kibana-version', '9.1.0', 'monitors.yml');
      assert.equal(old.code, 1);
      assert.match(old.stdout, unsupported);
      write('sync-config.yaml', syncConfig('9.1.0'));
      const synced = await cli('validate', '.');
      assert.equal(synced.code, 1);
      assert.match(synced.stdout, unsupported);
      const flagged = await cli('validate', '--kibana-version', '9.6.0', '.');
      assert.equal(flagged.code, 0, flagged.stdout);
    });

    it('says what is wrong with a version it cannot use', async () => {
      write('monitors.yml', KERBEROS);
      const bad = await cli('validate', '--kibana-version', 'latest', 'monitors.yml');
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--kibana-version must be a Kibana version such as 9\.1\.0, not "latest"/);
      fs.mkdirSync(path.join(dir, 'prod'));
      fs.mkdirSync(path.join(dir, 'staging'));
      write('prod/sync-config.yaml', syncConfig('9.1.0'));
      write('staging/sync-config.yaml', syncConfig('9.6.0'));
      const ambiguous = await cli('validate', '.');
      assert.equal(ambiguous.code, 2);
      assert.match(ambiguous.stderr, /different Kibana versions \(9\.1\.0 in prod\/sync-config\.yaml, 9\.6\.0 in staging\/sync-config\.yaml\): pass the one to check against with --kibana-version/);
    });
  });

  describe('plan', () => {
    it('follows the live Kibana\'s version, not the newest modelled', async () => {
      write('monitors.yml', KERBEROS);
      sandbox = await startSandbox({ kibanaVersion: '9.1.0' });
      const old = await cli('plan');
      assert.equal(old.code, 1);
      assert.match(old.stderr, /monitors\.yml:8:5: error kibana-unsupported-key: `kerberos` is refused by Kibana before 9\.6\.0/);
      await sandbox.close();
      sandbox = await startSandbox({ kibanaVersion: '9.6.0' });
      const current = await cli('plan', '--detailed-exitcode');
      assert.equal(current.code, 3, current.stderr);
      assert.match(current.stdout, /Plan: 1 to create/);
    });

    it('stops before planning when the space does not exist, naming it and the fix', async () => {
      write('monitors.yml', KERBEROS.replace(/ {4}kerberos.*\n/, ''));
      sandbox = await startSandbox();
      const result = await cli('plan', '--space', 'nowhere');
      assert.equal(result.code, 2);
      assert.match(result.stderr, /the Kibana space "nowhere" does not exist at http:\/\/127\.0\.0\.1:\d+: create it .* or name an existing one \(--space, KIBANA_SPACE, kibana\.space/);
      assert.deepEqual(
        sandbox.requests.map((r) => r.path),
        ['/s/nowhere/api/stats', '/api/spaces/space/nowhere'],
        'nothing of the project was read',
      );
    });

    /** Space team-a, a private location shared with it only (created in it), and a monitor using that location. */
    async function monitorOnTeamLocation(): Promise<void> {
      await space('team-a');
      await fetch(`${sandbox!.url}/s/team-a/api/synthetics/private_locations`, {
        method: 'POST',
        headers: { authorization: 'ApiKey x', 'kbn-xsrf': 'true', 'content-type': 'application/json' },
        body: JSON.stringify({ label: 'team-a-dc', agentPolicyId: 'policy-team-a', spaces: ['team-a'] }),
      });
      write('monitors.yml', KERBEROS.replace(/ {4}kerberos.*\n/, '').replace('synthetic-monitor-default', 'team-a-dc'));
    }

    it('from 8.18, accepts a private location shared with the monitor\'s space only, and refuses it elsewhere', async () => {
      sandbox = await startSandbox({ kibanaVersion: '9.1.0' });
      await monitorOnTeamLocation();
      const inTeam = await cli('plan', '--space', 'team-a', '--detailed-exitcode');
      assert.equal(inTeam.code, 3, inTeam.stdout + inTeam.stderr);
      assert.match(inTeam.stdout, /\+ create intranet/);
      const inDefault = await cli('plan');
      assert.equal(inDefault.code, 1);
      assert.match(inDefault.stdout, /! invalid intranet[\s\S]*Private Location\(s\) 'team-a-dc' not found/);
    });

    it('before 8.18, sees every private location in every space', async () => {
      sandbox = await startSandbox({ kibanaVersion: '8.15.0' });
      await monitorOnTeamLocation();
      const inDefault = await cli('plan', '--detailed-exitcode');
      assert.equal(inDefault.code, 3, inDefault.stdout + inDefault.stderr);
    });
  });

  it('settles in a space whose id has a run of characters Fleet refuses: plan, push, then nothing to do', async () => {
    sandbox = await startSandbox();
    assert.equal((await space('a--b')).status, 200);
    write('monitors.yml', KERBEROS.replace(/ {4}kerberos.*\n/, ''));
    const push = await cli('push', '--space', 'a--b');
    assert.equal(push.code, 0, push.stdout + push.stderr);
    assert.equal(sandbox.state.monitorsIn('a--b')[0].attributes.namespace, 'a_b', 'Kibana makes the run one `_`');
    const again = await cli('plan', '--space', 'a--b', '--detailed-exitcode');
    assert.equal(again.code, 0, again.stdout);
    assert.match(again.stdout, /Plan: 0 to create, 0 to update, 0 to delete, 1 unchanged\./);
  });
});
