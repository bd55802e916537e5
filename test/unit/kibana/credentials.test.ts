// Where the Kibana connection comes from: flags over environment over sync-config.yaml, secrets
// read from mounted files (only the operator's, under --from), never shown when the connection is
// logged; and where a credential may go (kibana/trust.ts): only to a URL its holder gave or vouches for.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format, inspect } from 'node:util';
import { ConnectionSources, resolveKibanaConnection } from '../../../server/src/kibana/credentials';
import { UnvouchedUrlError } from '../../../server/src/kibana/trust';
import { selfSignedCertificate } from '../../helpers/fakeKibana';

const PASSWORD = 'hunter2-very-secret';
const API_KEY = 'c2VjcmV0LWlkOnNlY3JldC1rZXk=';

describe('resolveKibanaConnection', () => {
  let dir = '';
  let secretsDir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kibana-creds-'));
    secretsDir = join(dir, 'secrets');
    mkdirSync(secretsDir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The seed's sync-config.yaml `kibana` section, with overrides. */
  const syncConfig = (kibana: Record<string, unknown> = {}, auth: Record<string, unknown> = {}) => ({
    kibana: { url: 'https://kibana.local', space: 'default', auth: { type: 'basic', username: 'elastic', password_secret: 'kibana-credentials', ...auth }, ...kibana },
  });

  /** A sync configuration mounted by the operator and read with --from. */
  const mounted = (sources: ConnectionSources) => resolveKibanaConnection({ ...sources, syncConfigFrom: 'operator' });

  it('reads the seed config mounted with --from: basic auth with the password from the mounted Secret, newline trimmed', () => {
    writeFileSync(join(secretsDir, 'password'), `${PASSWORD}\n`);
    const conn = mounted({ env: {}, syncConfig: syncConfig(), secretsDir });
    assert.deepEqual({ ...conn, auth: { ...conn.auth } }, {
      url: 'https://kibana.local',
      space: 'default',
      auth: { username: 'elastic', password: PASSWORD },
      rejectUnauthorized: true,
      warnings: [],
    });
  });

  it('prefers flags over environment over the config, field by field', () => {
    const env = { KIBANA_URL: 'https://env', KIBANA_SPACE: 'env-space', KIBANA_API_KEY: 'env-key' };
    const config = syncConfig({ url: 'https://config', space: 'config-space' });
    const flagged = resolveKibanaConnection({ flags: { url: 'https://flag', apiKey: 'flag-key' }, env, syncConfig: config, secretsDir });
    assert.equal(flagged.url, 'https://flag');
    assert.equal(flagged.space, 'env-space');
    assert.deepEqual({ ...flagged.auth }, { apiKey: 'flag-key' });
    const fromEnv = mounted({ env, syncConfig: config, secretsDir });
    assert.equal(fromEnv.url, 'https://env');
    assert.deepEqual({ ...fromEnv.auth }, { apiKey: 'env-key' }, 'the config password file is not even needed');
    assert.equal(mounted({ env: { KIBANA_API_KEY: 'k' }, syncConfig: syncConfig({ space: undefined }) }).space, 'default');
  });

  it('takes basic auth from the environment, or a user name flag with the password from the environment', () => {
    const env = { KIBANA_URL: 'https://k', KIBANA_USERNAME: 'ci', KIBANA_PASSWORD: PASSWORD };
    assert.deepEqual({ ...resolveKibanaConnection({ env }).auth }, { username: 'ci', password: PASSWORD });
    const mixed = resolveKibanaConnection({ flags: { username: 'admin' }, env: { KIBANA_URL: 'https://k', KIBANA_PASSWORD: PASSWORD, KIBANA_API_KEY: 'ignored' } });
    assert.deepEqual({ ...mixed.auth }, { username: 'admin', password: PASSWORD });
  });

  it('reads API keys from api_key_file or the mounted api_key_secret', () => {
    writeFileSync(join(dir, 'key'), `${API_KEY}\r\n`);
    writeFileSync(join(secretsDir, 'api_key'), API_KEY);
    const byFile = mounted({ env: {}, syncConfig: syncConfig({}, { type: 'api_key', api_key_file: join(dir, 'key') }), secretsDir });
    assert.deepEqual({ ...byFile.auth }, { apiKey: API_KEY });
    const bySecret = mounted({ env: {}, syncConfig: syncConfig({}, { type: 'api_key', api_key_secret: 'kibana-api-key' }), secretsDir });
    assert.deepEqual({ ...bySecret.auth }, { apiKey: API_KEY });
  });

  it('takes basic auth from the environment over a sync configuration naming an API-key Secret, reading no file', () => {
    // As `render` writes it; the Secret is not mounted here, so reading it would fail.
    const config = syncConfig({}, { type: 'api_key', username: undefined, password_secret: undefined, api_key_secret: 'kibana-credentials' });
    const env = { KIBANA_URL: 'https://k', KIBANA_USERNAME: 'ci', KIBANA_PASSWORD: PASSWORD };
    for (const syncConfigFrom of ['operator', 'repository'] as const) {
      assert.deepEqual({ ...resolveKibanaConnection({ env, syncConfig: config, syncConfigFrom, secretsDir }).auth }, { username: 'ci', password: PASSWORD });
    }
    // A user name from the environment, the password from the mounted Secret: the one file in use is read.
    writeFileSync(join(secretsDir, 'password'), PASSWORD);
    const mixed = mounted({ env: { KIBANA_USERNAME: 'ci' }, syncConfig: syncConfig(), secretsDir });
    assert.deepEqual({ ...mixed.auth }, { username: 'ci', password: PASSWORD });
  });

  it('reads the CA file and verify_tls of the sync configuration only with its URL, the CA variable winning', function () {
    const tls = selfSignedCertificate(this);
    writeFileSync(join(dir, 'ca.pem'), tls.cert);
    const other = selfSignedCertificate(this);
    writeFileSync(join(dir, 'env-ca.pem'), other.cert);
    const config = syncConfig({ ca_file: join(dir, 'ca.pem'), verify_tls: false });
    const env = { KIBANA_API_KEY: 'k' };
    const conn = mounted({ env, syncConfig: config });
    assert.equal(conn.ca, tls!.cert.trim());
    assert.equal(conn.rejectUnauthorized, false);
    assert.deepEqual(conn.warnings, ['TLS verification is off (kibana.verify_tls: false): anyone on the network path to kibana.local can read the credentials; give the CA with kibana.ca_file instead']);
    assert.equal(mounted({ env: { ...env, KIBANA_CA_FILE: join(dir, 'env-ca.pem') }, syncConfig: config }).ca, other.cert.trim());
    assert.equal(mounted({ flags: { verifyTls: true }, env, syncConfig: config }).rejectUnauthorized, true);
    // With the invoker's URL, the sync configuration's TLS settings do not apply (and its CA file is not read).
    const elsewhere = mounted({ env: { ...env, KIBANA_URL: 'https://mine.example.com' }, syncConfig: syncConfig({ ca_file: join(dir, 'missing.pem'), verify_tls: false }) });
    assert.deepEqual([elsewhere.ca, elsewhere.rejectUnauthorized], [undefined, true]);
    assert.match(elsewhere.warnings.join('\n'), /kibana\.ca_file of the sync configuration is not used: .* the Kibana URL here is KIBANA_URL's; give the CA with KIBANA_CA_FILE/);
  });

  it('names a CA file that cannot be read or holds no certificate', () => {
    const env = { KIBANA_URL: 'https://k', KIBANA_API_KEY: 'k' };
    writeFileSync(join(dir, 'not-a-cert.pem'), '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n');
    writeFileSync(join(dir, 'empty.pem'), '');
    assert.throws(() => resolveKibanaConnection({ env: { ...env, KIBANA_CA_FILE: join(dir, 'missing.pem') } }), new RegExp(`^Error: Cannot read the Kibana CA certificate from ${join(dir, 'missing.pem')}: ENOENT$`));
    assert.throws(() => resolveKibanaConnection({ env: { ...env, KIBANA_CA_FILE: dir } }), /Cannot read the Kibana CA certificate from .*: not a regular file/);
    assert.throws(() => resolveKibanaConnection({ env: { ...env, KIBANA_CA_FILE: join(dir, 'not-a-cert.pem') } }), new RegExp(`${join(dir, 'not-a-cert.pem')} is not a PEM certificate \\(.+\\): give the CA that signed Kibana's certificate, in PEM`));
    assert.throws(() => resolveKibanaConnection({ env: { ...env, KIBANA_CA_FILE: join(dir, 'empty.pem') } }), /empty\.pem, which should hold the Kibana CA certificate, is empty/);
  });

  it('says what to set when the URL or the credentials are missing', () => {
    assert.throws(() => resolveKibanaConnection({ env: { KIBANA_API_KEY: API_KEY } }), (err: Error) => /KIBANA_URL/.test(err.message) && !err.message.includes(API_KEY));
    assert.throws(() => resolveKibanaConnection({ env: { KIBANA_URL: 'https://k' } }), /KIBANA_API_KEY.*KIBANA_USERNAME and KIBANA_PASSWORD/);
    assert.throws(() => resolveKibanaConnection({ env: { KIBANA_URL: 'https://k', KIBANA_USERNAME: 'ci' } }), /user "ci" has no password: set KIBANA_PASSWORD/);
  });

  it('names an unreadable secret file without its content', () => {
    assert.throws(
      () => mounted({ env: {}, syncConfig: syncConfig(), secretsDir }),
      (err: Error) => err.message.includes(join(secretsDir, 'password')) && err.message.includes('Secret kibana-credentials') && /ENOENT/.test(err.message),
    );
  });

  it('masks secrets when the connection is logged or serialised', () => {
    for (const env of [
      { KIBANA_URL: 'https://k', KIBANA_API_KEY: API_KEY },
      { KIBANA_URL: 'https://k', KIBANA_USERNAME: 'ci', KIBANA_PASSWORD: PASSWORD },
    ]) {
      const conn = resolveKibanaConnection({ env });
      for (const text of [JSON.stringify(conn), inspect(conn, { depth: 5, showHidden: true }), format('%o %s %j', conn, conn, conn)]) {
        assert.ok(!text.includes(API_KEY) && !text.includes(PASSWORD), text);
        assert.match(text, /\[redacted\]/);
      }
    }
  });

  describe('where a credential may go', () => {
    const env = { KIBANA_API_KEY: API_KEY };

    it("refuses the repository's kibana.url unless the invoker vouches for it, saying which flag to give", () => {
      assert.throws(
        () => resolveKibanaConnection({ env, syncConfig: syncConfig({ url: 'https://attacker.example.com/kibana' }) }),
        (err: Error) =>
          err instanceof UnvouchedUrlError &&
          err.origin === 'https://attacker.example.com' &&
          err.message ===
            'Not sending the Kibana credentials to https://attacker.example.com: it is the kibana.url of the sync configuration, which anyone who can change the repository may point anywhere. ' +
              'Give the URL yourself with --kibana-url or KIBANA_URL, or pass --trust-sync-config if you trust this repository (in the cluster, --from trusts the mounted sync configuration).',
      );
      const config = syncConfig({ url: 'https://kibana.example.com' });
      assert.equal(resolveKibanaConnection({ flags: { trustSyncConfig: true }, env, syncConfig: config }).url, 'https://kibana.example.com');
      assert.equal(mounted({ env, syncConfig: config }).url, 'https://kibana.example.com', '--from: the mount is the operator\'s');
      assert.equal(resolveKibanaConnection({ env: { ...env, KIBANA_URL: 'https://mine.example.com' }, syncConfig: config }).url, 'https://mine.example.com');
      assert.equal(resolveKibanaConnection({ flags: { url: 'https://flag.example.com' }, env, syncConfig: config }).url, 'https://flag.example.com');
    });

    it("sends the editor's key to the workspace's URL only once its host is confirmed", () => {
      const sources = { flags: { apiKey: API_KEY }, env: {}, settingsUrl: 'https://kibana.example.com:5601/base' };
      assert.throws(() => resolveKibanaConnection(sources), (err: Error) => err instanceof UnvouchedUrlError && err.origin === 'https://kibana.example.com:5601');
      assert.throws(() => resolveKibanaConnection({ ...sources, confirmedHosts: ['https://kibana.example.com'] }), UnvouchedUrlError, 'another port is another host');
      assert.equal(resolveKibanaConnection({ ...sources, confirmedHosts: ['https://kibana.example.com:5601'] }).url, 'https://kibana.example.com:5601/base');
      // KIBANA_URL is the user's own: below the setting, it is used only without one, and needs no confirmation.
      assert.equal(resolveKibanaConnection({ ...sources, settingsUrl: undefined, env: { KIBANA_URL: 'https://env.example.com' } }).url, 'https://env.example.com');
    });

    it('reads no secret file a sync configuration of the repository names, even when trusted', () => {
      const stolen = join(dir, 'id_rsa');
      writeFileSync(stolen, 'not for Kibana');
      for (const auth of [{ type: 'api_key', api_key_file: stolen }, { type: 'basic', username: 'u', password_file: stolen }, { type: 'api_key', api_key_secret: 'kibana-api-key' }]) {
        const config = { kibana: { url: 'https://kibana.example.com', auth } };
        for (const sources of [{ env: { KIBANA_URL: 'https://mine.example.com' } }, { flags: { trustSyncConfig: true }, env: {} }]) {
          assert.throws(
            () => resolveKibanaConnection({ ...sources, syncConfig: config, secretsDir }),
            (err: Error) =>
              /^kibana\.auth\.(api_key_file|password_file|api_key_secret) of a sync configuration found among the paths is not read: .* Give the credentials in KIBANA_API_KEY \(or KIBANA_USERNAME and KIBANA_PASSWORD\); in the cluster, --from reads the mounted ones\.$/.test(err.message) &&
              !err.message.includes('not for Kibana'),
          );
        }
      }
    });

    it('refuses credentials over http:// to a host other than loopback unless allowed, and URLs carrying credentials', () => {
      assert.throws(
        () => resolveKibanaConnection({ env: { ...env, KIBANA_URL: 'http://kibana.internal:5601' } }),
        /^Error: Not sending the Kibana credentials over plain http:\/\/ to kibana\.internal:5601: anyone on the network path could read them\. Use https:\/\/, or on a network you trust pass --allow-insecure-http \(or set KIBANA_ALLOW_INSECURE_HTTP=true\)\.$/,
      );
      assert.equal(resolveKibanaConnection({ flags: { allowInsecureHttp: true }, env: { ...env, KIBANA_URL: 'http://kibana.internal:5601' } }).url, 'http://kibana.internal:5601');
      assert.equal(resolveKibanaConnection({ env: { ...env, KIBANA_URL: 'http://kibana.internal:5601', KIBANA_ALLOW_INSECURE_HTTP: 'true' } }).url, 'http://kibana.internal:5601');
      for (const loopback of ['http://127.0.0.1:5601', 'http://127.8.0.1', 'http://localhost:5601', 'http://[::1]:5601']) {
        assert.equal(resolveKibanaConnection({ env: { ...env, KIBANA_URL: loopback } }).url, loopback);
      }
      assert.throws(
        () => resolveKibanaConnection({ env: { ...env, KIBANA_URL: 'https://elastic:pass-in-url@kibana.example.com' } }),
        (err: Error) => /must not carry credentials/.test(err.message) && !err.message.includes('pass-in-url'),
      );
    });
  });
});
