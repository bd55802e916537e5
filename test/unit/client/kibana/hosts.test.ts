// The editor's side of "which hosts get the key" (client/src/kibana/hosts.ts): what it tells the
// server it vouches for, which refusals it asks about, and what it remembers. Driven against the
// real language server in test/protocol/kibana.test.ts.

import assert from 'node:assert/strict';
import { hosts } from '../../../helpers/clientHosts';

describe('hosts the user vouches for, in the editor', () => {
  it("vouches for the confirmed origins and that of the user's own kibana.url, remembered once each", () => {
    assert.deepEqual(hosts.vouchedHosts(['https://a.example.com'], 'https://kibana.example.com:5601/base/'), ['https://a.example.com', 'https://kibana.example.com:5601']);
    assert.deepEqual(hosts.vouchedHosts(['https://a.example.com'], 'https://a.example.com/x'), ['https://a.example.com']);
    assert.deepEqual(hosts.vouchedHosts([], 'not a url'), []);
    assert.deepEqual(hosts.withHost(hosts.withHost([], 'https://a.example.com'), 'https://a.example.com'), ['https://a.example.com']);
  });

  it('asks about every host but loopback', () => {
    for (const origin of ['http://127.0.0.1:5601', 'http://localhost:5601', 'http://[::1]:5601']) assert.equal(hosts.needsAsking(origin), false, origin);
    for (const origin of ['https://kibana.example.com', 'http://127.0.0.1.example.com', 'garbage']) assert.equal(hosts.needsAsking(origin), true, origin);
  });

  it('recognises the refusal by its data, and asks nothing about other failures', async () => {
    assert.equal(hosts.unconfirmedHost({ message: 'x', data: { unconfirmedHost: 'https://kibana.example.com' } }), 'https://kibana.example.com');
    assert.equal(hosts.unconfirmedHost(new Error('No Kibana credentials')), undefined);
    assert.equal(hosts.unconfirmedHost(null), undefined);
    let asked = 0;
    const store = { vouched: () => [], remember: async () => undefined };
    await assert.rejects(hosts.sendConfirming(() => Promise.reject(new Error('401')), store, async () => (asked++, true)), /401/);
    assert.equal(asked, 0);
  });
});
