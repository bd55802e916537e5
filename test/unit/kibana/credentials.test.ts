// Where the Kibana connection comes from: flags over environment over sync-config.yaml, secrets
// read from mounted files, and never shown when the connection is logged.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format, inspect } from 'node:util';
import { resolveKibanaConnection } from '../../../server/src/kibana/credentials';

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

  it('reads the seed config: basic auth with the password from the mounted Secret, newline trimmed', () => {
    writeFileSync(join(secretsDir, 'password'), `${PASSWORD}\n`);
    const conn = resolveKibanaConnection({ env: {}, syncConfig: syncConfig(), secretsDir });
    assert.deepEqual({ ...conn, auth: { ...conn.auth } }, {
      url: 'https://kibana.local',
      space: 'default',
      auth: { username: 'elastic', password: PASSWORD },
      rejectUnauthorized: true,
    });
  });

  it('prefers flags over environment over the config, field by field', () => {
    const env = { KIBANA_URL: 'https://env', KIBANA_SPACE: 'env-space', KIBANA_API_KEY: 'env-key' };
    const config = syncConfig({ url: 'https://config', space: 'config-space' });
    const flagged = resolveKibanaConnection({ flags: { url: 'https://flag', apiKey: 'flag-key' }, env, syncConfig: config, secretsDir });
    assert.equal(flagged.url, 'https://flag');
    assert.equal(flagged.space, 'env-space');
    assert.deepEqual({ ...flagged.auth }, { apiKey: 'flag-key' });
    const fromEnv = resolveKibanaConnection({ env, syncConfig: config, secretsDir });
    assert.equal(fromEnv.url, 'https://env');
    assert.deepEqual({ ...fromEnv.auth }, { apiKey: 'env-key' }, 'the config password file is not even needed');
    assert.equal(resolveKibanaConnection({ env: { KIBANA_API_KEY: 'k' }, syncConfig: syncConfig({ space: undefined }) }).space, 'default');
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
    const byFile = resolveKibanaConnection({ env: {}, syncConfig: syncConfig({}, { type: 'api_key', api_key_file: join(dir, 'key') }), secretsDir });
    assert.deepEqual({ ...byFile.auth }, { apiKey: API_KEY });
    const bySecret = resolveKibanaConnection({ env: {}, syncConfig: syncConfig({}, { type: 'api_key', api_key_secret: 'kibana-api-key' }), secretsDir });
    assert.deepEqual({ ...bySecret.auth }, { apiKey: API_KEY });
  });

  it('reads the CA file and verify_tls, the CA flag or variable winning', () => {
    writeFileSync(join(dir, 'ca.pem'), 'CONFIG CA');
    writeFileSync(join(dir, 'env-ca.pem'), 'ENV CA');
    const config = syncConfig({ ca_file: join(dir, 'ca.pem'), verify_tls: false });
    const env = { KIBANA_API_KEY: 'k' };
    const conn = resolveKibanaConnection({ env, syncConfig: config });
    assert.equal(conn.ca, 'CONFIG CA');
    assert.equal(conn.rejectUnauthorized, false);
    assert.equal(resolveKibanaConnection({ env: { ...env, KIBANA_CA_FILE: join(dir, 'env-ca.pem') }, syncConfig: config }).ca, 'ENV CA');
    assert.equal(resolveKibanaConnection({ flags: { verifyTls: true }, env, syncConfig: config }).rejectUnauthorized, true);
  });

  it('says what to set when the URL or the credentials are missing', () => {
    assert.throws(() => resolveKibanaConnection({ env: { KIBANA_API_KEY: API_KEY } }), (err: Error) => /KIBANA_URL/.test(err.message) && !err.message.includes(API_KEY));
    assert.throws(() => resolveKibanaConnection({ env: { KIBANA_URL: 'https://k' } }), /KIBANA_API_KEY.*KIBANA_USERNAME and KIBANA_PASSWORD/);
    assert.throws(() => resolveKibanaConnection({ env: { KIBANA_URL: 'https://k', KIBANA_USERNAME: 'ci' } }), /user "ci" has no password: set KIBANA_PASSWORD/);
  });

  it('names an unreadable secret file without its content', () => {
    assert.throws(
      () => resolveKibanaConnection({ env: {}, syncConfig: syncConfig(), secretsDir }),
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
});
