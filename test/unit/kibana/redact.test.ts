// The one redaction every output passes through: each credential held, in every form a server may
// echo it in, any Authorization value and any URL's user info.

import assert from 'node:assert/strict';
import { holdAuth, holdSecret, redact, redactValues } from '../../../server/src/kibana/redact';

describe('redact', () => {
  it('masks an encoded API key, its decoded id:key and its key half, with or without padding', () => {
    const key = Buffer.from('redact-id-1:redact-secret-half-1').toString('base64');
    assert.ok(key.endsWith('='), 'the test key has padding');
    holdAuth({ apiKey: key });
    const echoed = `bad key ${key}, or ${key.replace(/=+$/, '')}; decoded redact-id-1:redact-secret-half-1; key redact-secret-half-1`;
    assert.equal(redact(echoed), 'bad key [redacted], or [redacted]; decoded [redacted]; key [redacted]');
  });

  it('masks a raw id:key API key and the base64 form it is sent in', () => {
    holdAuth({ apiKey: 'redact-id-2:redact-secret-half-2' });
    const sent = Buffer.from('redact-id-2:redact-secret-half-2').toString('base64');
    assert.equal(redact(`ApiKey ${sent} (redact-id-2:redact-secret-half-2)`), 'ApiKey [redacted] ([redacted])');
  });

  it('masks a password, the base64 of user:password, and its JSON-escaped form', () => {
    holdAuth({ username: 'ci', password: 'pa"ss\\word-3' });
    const basic = Buffer.from('ci:pa"ss\\word-3').toString('base64');
    assert.equal(redact(`Basic ${basic}`), 'Basic [redacted]');
    assert.equal(redact(JSON.stringify({ msg: 'echo pa"ss\\word-3' })), '{"msg":"echo [redacted]"}');
    assert.equal(redact('user ci'), 'user ci', 'the user name is no secret');
  });

  it('masks any Authorization value, as a header, a JSON field or JSON inside a JSON string', () => {
    assert.equal(redact('authorization: ApiKey abc.def-unknown'), 'authorization: ApiKey [redacted]');
    assert.equal(redact('Authorization: Basic dXNlcjpwdw=='), 'Authorization: Basic [redacted]');
    assert.equal(redact('{"authorization":"Bearer t0ken","x":1}'), '{"authorization":"Bearer [redacted]","x":1}');
    const nested = JSON.stringify({ msg: JSON.stringify({ authorization: 'ApiKey unknown-token' }) });
    assert.equal(redact(nested), JSON.stringify({ msg: JSON.stringify({ authorization: 'ApiKey [redacted]' }) }));
    assert.equal(redact('authorization failed for user ci'), 'authorization failed for user ci');
  });

  it("masks a URL's user info, and leaves URLs without it alone", () => {
    assert.equal(redact('GET https://ci:s3cr%40t@api.example.com/health failed'), 'GET https://[redacted]@api.example.com/health failed');
    assert.equal(redact('proxy http://token@proxy.example.com:3128'), 'proxy http://[redacted]@proxy.example.com:3128');
    assert.equal(redact('Pushed to http://127.0.0.1:5601: 2 created; see https://example.com/a@b'), 'Pushed to http://127.0.0.1:5601: 2 created; see https://example.com/a@b');
  });

  it('holds no value too short to tell from ordinary words, and masks idempotently', () => {
    holdSecret('abc');
    assert.equal(redact('abc'), 'abc');
    holdSecret('redact-secret-4');
    const once = redact('x redact-secret-4 https://u:p@h authorization: ApiKey zz');
    assert.equal(redact(once), once);
  });

  it("redacts every string of a reply, whatever its shape", () => {
    holdSecret('redact-secret-5');
    const reply = { text: 'redact-secret-5', list: [{ after: 'url: https://u:redact-secret-5@h' }, 3, null], ok: true };
    assert.deepEqual(redactValues(reply), { text: '[redacted]', list: [{ after: 'url: https://[redacted]@h' }, 3, null], ok: true });
  });
});
