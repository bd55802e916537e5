// The CLI and the watcher tried as an attacker would, against fake Kibanas on loopback, with
// unique marker strings as credentials: the key goes only where the person running the tool sends
// it (never where a repository's sync configuration points, nor is a file it names sent), what a
// Kibana echoes back is masked in every output, a hung Kibana is noticed within an interval, and
// the transport is checked before anything is sent.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSandbox } from '../../server/src/sandbox/server';
import { events, runCli } from '../helpers/cli';
import { eventually } from '../helpers/eventually';
import { FakeKibana, MARKERS, MARKER_API_KEY, MARKER_BASIC, echoingKibana, hangingKibana, leaked, selfSignedCertificate } from '../helpers/fakeKibana';
import { writeConfigMapVolume } from '../helpers/kubeletMount';
import { Watcher, sample } from '../helpers/watcher';

const MONITOR = 'heartbeat.monitors:\n  - {id: api, name: api, type: http, schedule: "@every 5m", urls: "https://api.example.com/health", private_locations: [synthetic-monitor-default]}\n';
const syncConfig = (url: string, auth = 'type: api_key\n    api_key_secret: kibana-credentials') => `kibana:\n  url: ${url}\n  auth:\n    ${auth}\nmonitors:\n  project_id: sec\n`;
/** The sync configuration as a repository keeps it: a ConfigMap's `sync-config.yaml` key. */
const configMap = (text: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sync-config\ndata:\n  sync-config.yaml: |\n${text.replace(/^(?=.)/gm, '    ')}`;
/** A file outside the repository, as a pull request would name it (say ~/.ssh/id_rsa). */
const STOLEN = 'marker-stolen-file-0b9e2f';

describe('credentials: where they go, and what the outputs show', function () {
  this.timeout(60_000);
  let repo: string;
  let outside: string;
  const fakes: FakeKibana[] = [];

  /** A fake Kibana, closed after the test. */
  async function fake<T extends FakeKibana>(started: Promise<T>): Promise<T> {
    const kibana = await started;
    fakes.push(kibana);
    return kibana;
  }

  /** The environment of a CI job: only what is given, plus PATH. */
  const cli = (args: string[], env: NodeJS.ProcessEnv, cwd = repo) => runCli(args, { cwd, env: { PATH: process.env.PATH, NO_COLOR: '1', ...env } });

  beforeEach(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-sec-repo-'));
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-sec-home-'));
    fs.writeFileSync(path.join(repo, 'monitors.yml'), MONITOR);
    fs.writeFileSync(path.join(outside, 'id_rsa'), STOLEN);
  });
  afterEach(async () => {
    await Promise.all(fakes.splice(0).map((f) => f.close()));
    fs.rmSync(repo, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  describe('the repository does not decide where the key goes', () => {
    it("refuses its sync configuration's kibana.url for the key from the environment, before any request, saying what to pass", async () => {
      const theirs = await fake(echoingKibana());
      const mine = await fake(echoingKibana());
      fs.writeFileSync(path.join(repo, 'sync-config.yaml'), configMap(syncConfig(theirs.url)));
      const env = { KIBANA_API_KEY: MARKER_API_KEY };
      for (const args of [['plan'], ['push', '--dry-run'], ['push', '--log-format', 'json']]) {
        const refused = await cli(args, env);
        assert.equal(refused.code, 2, refused.stdout + refused.stderr);
        assert.match(refused.stdout + refused.stderr, /Not sending the Kibana credentials to http:\/\/127\.0\.0\.1:\d+: it is the kibana\.url of the sync configuration, .* Give the URL yourself with --kibana-url or KIBANA_URL, or pass --trust-sync-config/);
      }
      assert.deepEqual(theirs.authorizations, [], 'nothing was sent there');

      // The invoker's URL wins, and the key goes there only.
      await cli(['plan'], { ...env, KIBANA_URL: mine.url });
      await cli(['plan', '--kibana-url', mine.url], env);
      assert.deepEqual(mine.authorizations, [`ApiKey ${MARKER_API_KEY}`, `ApiKey ${MARKER_API_KEY}`]);
      assert.deepEqual(theirs.authorizations, []);
      // Vouched for explicitly, the sync configuration's URL is used.
      const trusted = await cli(['plan', '--trust-sync-config'], env);
      assert.equal(trusted.code, 1, 'the fake answers 500');
      assert.deepEqual(theirs.authorizations, [`ApiKey ${MARKER_API_KEY}`]);
      assert.deepEqual(leaked(trusted.stdout, trusted.stderr), []);
    });

    it('reads no file its sync configuration names, even trusted; --from reads the mounted ones', async () => {
      const kibana = await fake(echoingKibana());
      for (const auth of [`type: api_key\n    api_key_file: ${outside}/id_rsa`, `type: basic\n    username: elastic\n    password_file: ${outside}/id_rsa`]) {
        fs.writeFileSync(path.join(repo, 'sync-config.yaml'), configMap(syncConfig(kibana.url, auth)));
        for (const args of [['plan'], ['plan', '--trust-sync-config']]) {
          const refused = await cli(args, { KIBANA_URL: kibana.url });
          assert.equal(refused.code, 2);
          assert.match(refused.stderr, /kibana\.auth\.(api_key_file|password_file) of a sync configuration found among the paths is not read: .* Give the credentials in KIBANA_API_KEY \(or KIBANA_USERNAME and KIBANA_PASSWORD\); in the cluster, --from reads the mounted ones\./);
          assert.ok(!refused.stderr.includes(STOLEN));
        }
      }
      assert.deepEqual(kibana.authorizations, [], 'no request, so no file content sent');

      // In the cluster: the operator's mount names the key file, and --from reads it.
      const mount = path.join(outside, 'mount');
      writeConfigMapVolume(path.join(mount, 'monitors'), { 'api.yml': MONITOR });
      writeConfigMapVolume(path.join(mount, 'sync-config'), { 'sync-config.yaml': syncConfig(kibana.url, `type: api_key\n    api_key_file: ${outside}/id_rsa`) });
      const mounted = await cli(['push', '--from', mount, '--log-format', 'json'], {}, outside);
      assert.equal(mounted.code, 1, mounted.stdout);
      assert.deepEqual(kibana.authorizations, [`ApiKey ${STOLEN}`]);
    });

    it('takes basic auth from the environment over a sync configuration naming an API-key Secret, as render writes it', async () => {
      const kibana = await fake(echoingKibana());
      const mount = path.join(outside, 'mount');
      writeConfigMapVolume(path.join(mount, 'monitors'), { 'api.yml': MONITOR });
      // render's sync configuration: an API key Secret, which is not mounted in this test.
      writeConfigMapVolume(path.join(mount, 'sync-config'), { 'sync-config.yaml': syncConfig(kibana.url, 'type: api_key\n    api_key_secret: kibana-credentials') });
      const env = { KIBANA_USERNAME: MARKERS.username, KIBANA_PASSWORD: MARKERS.password };
      const run = await cli(['push', '--from', mount, '--log-format', 'json'], env, outside);
      assert.equal(run.code, 1, run.stdout);
      assert.deepEqual(kibana.authorizations, [`Basic ${MARKER_BASIC}`]);
      assert.deepEqual(leaked(run.stdout, run.stderr), []);
    });
  });

  describe('what a Kibana echoes back is masked in every output', () => {
    const runs: { name: string; env: NodeJS.ProcessEnv }[] = [
      { name: 'an API key', env: { KIBANA_API_KEY: MARKER_API_KEY } },
      { name: 'a user and password', env: { KIBANA_USERNAME: MARKERS.username, KIBANA_PASSWORD: MARKERS.password } },
    ];
    for (const { name, env } of runs) {
      it(`plan, push and their JSON events, with ${name}`, async () => {
        const kibana = await fake(echoingKibana({ status: 401 }));
        const all = { ...env, KIBANA_URL: kibana.url, SYNTHETICS_PROJECT: 'sec' };
        const outputs: string[] = [];
        for (const args of [['plan'], ['plan', '--format', 'json'], ['push'], ['push', '--dry-run', '--log-format', 'json'], ['push', '--log-format', 'json']]) {
          const run = await cli(args, all);
          assert.equal(run.code, 1, `${args.join(' ')}: ${run.stderr}`);
          if (args.includes('json') && args[0] === 'push') assert.deepEqual(events(run.stdout).map((e) => e.event), ['error', 'done']);
          outputs.push(run.stdout, run.stderr);
        }
        assert.equal(kibana.authorizations.length, 5, 'each run reached the fake, and was answered with its credential');
        const text = outputs.join('\n');
        // Decoded, the user name stays: it is no secret.
        assert.match(text, /upstream rejected the request; authorization: (ApiKey|Basic) \[redacted\]; token \[redacted\] \(decoded (marker-user:)?\[redacted\]\)/, 'the echo was printed, masked');
        assert.deepEqual(leaked(text), []);
      });
    }

    it('in the watcher: its events at every check, its stderr and /metrics', async () => {
      const kibana = await fake(echoingKibana());
      const mount = path.join(outside, 'mount');
      writeConfigMapVolume(path.join(mount, 'monitors'), { 'api.yml': MONITOR });
      const watcher = new Watcher(['--from', mount, '--project', 'sec', '--interval', '100ms'], { PATH: process.env.PATH, KIBANA_URL: kibana.url, KIBANA_USERNAME: MARKERS.username, KIBANA_PASSWORD: MARKERS.password });
      try {
        const url = await watcher.url();
        const first = await watcher.next((e) => e.event === 'reconcile-error', 'a failed check');
        await watcher.next((e) => e.event === 'reconcile-error', 'a second failed check', watcher.events.indexOf(first) + 1);
        assert.match(first.msg, /Drift check failed: GET \/s\/default\/api\/stats failed: 500 upstream rejected the request; authorization: Basic \[redacted\]/);
        const metrics = await (await fetch(`${url}/metrics`)).text();
        assert.deepEqual(leaked(JSON.stringify(watcher.events), watcher.stderr, metrics), []);
      } finally {
        watcher.stop();
      }
    });

    it("credentials written into monitors' URLs: masked in plan and push output, warned about by validate", async () => {
      const sandbox = await startSandbox();
      try {
        const password = 'marker-url-password-77d1';
        fs.writeFileSync(
          path.join(repo, 'monitors.yml'),
          MONITOR.replace('https://api.example.com/health', `https://ci:${password}@api.example.com/health`).replace('}\n', `, proxy_url: "http://proxy:${password}@proxy.example.com:3128"}\n`),
        );
        const env = { KIBANA_URL: sandbox.url, KIBANA_API_KEY: 'sandbox-key', SYNTHETICS_PROJECT: 'sec' };
        const outputs: string[] = [];
        for (const args of [['plan', '--verbose'], ['plan', '--format', 'json'], ['push', '--dry-run', '--log-format', 'json']]) {
          const run = await cli(args, env);
          assert.equal(run.code, 0, run.stderr);
          outputs.push(run.stdout, run.stderr);
        }
        const planJson = outputs[2];
        assert.match(planJson, /"https:\/\/\[redacted\]@api\.example\.com\/health"/);
        const validate = await cli(['validate', '--format', 'json'], {});
        const found = JSON.parse(validate.stdout).findings as { code: string; severity: string; message: string; line: number }[];
        assert.deepEqual(found.map((f) => [f.code, f.severity]), [['credentials-in-url', 'warning'], ['credentials-in-url', 'warning']]);
        assert.match(found[0].message, /`urls` carries credentials \(`https:\/\/\[redacted\]@api\.example\.com\/health`\): Kibana stores the URL as given/);
        assert.ok(![...outputs, validate.stdout].join('\n').includes(password), 'the password is in no output');
      } finally {
        await sandbox.close();
      }
    });
  });

  describe('a Kibana that never answers', () => {
    it('plan gives up after --request-timeout per attempt, logging each timeout', async () => {
      const kibana = await fake(hangingKibana());
      const started = Date.now();
      const run = await cli(['plan', '--request-timeout', '300ms'], { KIBANA_URL: kibana.url, KIBANA_API_KEY: MARKER_API_KEY, SYNTHETICS_PROJECT: 'sec' });
      assert.equal(run.code, 1);
      assert.ok(Date.now() - started < 30_000, `gave up after ${Date.now() - started} ms`);
      const warnings = run.stderr.match(/^GET \/s\/\{space\}\/api\/stats: Kibana did not answer within 300 ms; trying again$/gm) ?? [];
      assert.equal(warnings.length, 4, run.stderr);
      assert.match(run.stderr, /GET \/s\/default\/api\/stats failed: .*UND_ERR_HEADERS_TIMEOUT.* — Kibana did not answer within 300 ms; it may be overloaded/);
      assert.equal(kibana.connections, 5, 'five attempts');
    });

    it('the watcher turns not ready within an interval, logs and counts each timeout, and is ready again when Kibana answers', async () => {
      const sandbox = await startSandbox();
      const mount = path.join(outside, 'mount');
      writeConfigMapVolume(path.join(mount, 'monitors'), { 'api.yml': MONITOR });
      const watcher = new Watcher(['--from', mount, '--project', 'sec', '--interval', '2s'], { PATH: process.env.PATH, KIBANA_URL: sandbox.url, KIBANA_API_KEY: MARKER_API_KEY });
      try {
        const url = await watcher.url();
        const listening = watcher.events.find((e) => e.event === 'listening')!;
        assert.equal(listening.requestTimeoutMs, 1000, 'derived from the interval: at least 1 s');
        await eventually(async () => assert.equal((await fetch(`${url}/readyz`)).status, 200), 15_000, 50);
        sandbox.faults.setLatency(600_000);
        const hung = Date.now();
        await eventually(async () => assert.equal((await fetch(`${url}/readyz`)).status, 503), 15_000, 50);
        const took = Date.now() - hung;
        // The next check starts within an interval (+10% jitter), and is not ready once it has waited an interval.
        assert.ok(took <= 2 * 2200 + 500, `not ready after ${took} ms`);
        const timeout = await watcher.next((e) => e.event === 'timeout', 'a timeout');
        assert.deepEqual([timeout.level, timeout.method, timeout.phase, timeout.timeoutMs], ['warn', 'GET', 'headers', 1000]);
        assert.match(timeout.msg, /^GET \/s\/\{space\}\/api\/\S+: Kibana did not answer within 1000 ms; trying again$/);
        const failed = await watcher.next((e) => e.event === 'reconcile-error', 'the failed check');
        assert.match(failed.msg, /Kibana did not answer within 1000 ms/);
        const metrics = await (await fetch(`${url}/metrics`)).text();
        assert.ok(sample(metrics, 'synthetics_gitops_kibana_timeouts_total{phase="headers"}')! >= 3, metrics);
        assert.equal(sample(metrics, 'synthetics_gitops_kibana_timeouts_total{phase="connect"}'), 0);
        sandbox.faults.setLatency(0);
        await eventually(async () => assert.equal((await fetch(`${url}/readyz`)).status, 200), 15_000, 50);
      } finally {
        watcher.stop();
        await sandbox.close();
      }
    });
  });

  describe('the transport, checked before anything is sent', () => {
    it('refuses http:// to a host other than loopback, saying how to allow it', async () => {
      // Refused before any request: no traffic leaves the machine.
      const run = await cli(['plan'], { KIBANA_URL: 'http://kibana.example.com:5601', KIBANA_API_KEY: MARKER_API_KEY, SYNTHETICS_PROJECT: 'sec' });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /Not sending the Kibana credentials over plain http:\/\/ to kibana\.example\.com:5601: .* pass --allow-insecure-http \(or set KIBANA_ALLOW_INSECURE_HTTP=true\)/);
    });

    it('names a CA file that cannot be read or is not a certificate', async () => {
      const env = { KIBANA_URL: 'https://127.0.0.1:9', KIBANA_API_KEY: MARKER_API_KEY, SYNTHETICS_PROJECT: 'sec' };
      fs.writeFileSync(path.join(outside, 'ca.pem'), 'not a certificate');
      const missing = await cli(['plan'], { ...env, KIBANA_CA_FILE: path.join(outside, 'missing.pem') });
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /Cannot read the Kibana CA certificate from .*missing\.pem: ENOENT/);
      const invalid = await cli(['plan'], { ...env, KIBANA_CA_FILE: path.join(outside, 'ca.pem') });
      assert.equal(invalid.code, 2);
      assert.match(invalid.stderr, /ca\.pem is not a PEM certificate \(no -----BEGIN CERTIFICATE----- block\): give the CA that signed Kibana's certificate, in PEM/);
    });

    it("verifies Kibana's certificate by default, trusts the CA given, and warns when verify_tls is off", async function () {
      const tls = selfSignedCertificate(this);
      const kibana = await fake(echoingKibana({ tls }));
      const env = { KIBANA_URL: kibana.url, KIBANA_API_KEY: MARKER_API_KEY, SYNTHETICS_PROJECT: 'sec' };
      const untrusted = await cli(['plan'], env);
      assert.equal(untrusted.code, 1);
      assert.match(untrusted.stderr, /Kibana's TLS certificate is not trusted/);
      assert.deepEqual(kibana.authorizations, [], 'no request got through the handshake');
      fs.writeFileSync(path.join(outside, 'ca.pem'), tls!.cert);
      await cli(['plan'], { ...env, KIBANA_CA_FILE: path.join(outside, 'ca.pem') });
      assert.deepEqual(kibana.authorizations, [`ApiKey ${MARKER_API_KEY}`], 'with the CA, the request got through');

      const insecureConfig = syncConfig(kibana.url).replace('  auth:', '  verify_tls: false\n  auth:');
      const mount = path.join(outside, 'mount');
      writeConfigMapVolume(path.join(mount, 'monitors'), { 'api.yml': MONITOR });
      writeConfigMapVolume(path.join(mount, 'sync-config'), { 'sync-config.yaml': insecureConfig });
      const insecure = await cli(['push', '--from', mount, '--log-format', 'json'], { KIBANA_API_KEY: MARKER_API_KEY }, outside);
      const warning = events(insecure.stdout).find((e) => e.event === 'connection');
      assert.equal(warning?.level, 'warn');
      assert.match(warning!.msg, /^warning: TLS verification is off \(kibana\.verify_tls: false\): anyone on the network path to 127\.0\.0\.1:\d+ can read the credentials/);
      assert.equal(kibana.authorizations.length, 2, 'sent, unverified, as configured');
      fs.writeFileSync(path.join(repo, 'sync-config.yaml'), configMap(insecureConfig));
      const validate = await cli(['validate', 'sync-config.yaml'], {});
      assert.match(validate.stdout, /^sync-config\.yaml:9:19: warning tls-verify-off: `verify_tls: false`: Kibana's certificate is not checked/m);
    });
  });
});
