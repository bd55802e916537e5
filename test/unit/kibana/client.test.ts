// KibanaClient against a tiny fake Kibana on 127.0.0.1: headers, routes, pagination, retries,
// errors (without leaking credentials), the concurrency bound and TLS verification.

import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { KibanaClient, type KibanaClientOptions, type KibanaTimeout } from '../../../server/src/kibana/client';
import { KibanaError } from '../../../server/src/kibana/errors';
import { parseRetryAfter, retryDelayMs } from '../../../server/src/kibana/retry';
import { hangingKibana, selfSignedCertificate } from '../../helpers/fakeKibana';

interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Handler = (req: Seen, res: http.ServerResponse) => void;

interface Fake {
  url: string;
  seen: Seen[];
  maxInFlight: number;
  close(): Promise<void>;
}

const API_KEY = 'c2VjcmV0LWlkOnNlY3JldC1rZXk=';
const PASSWORD = 'hunter2-very-secret';

function json(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

async function fakeKibana(handler: Handler, tls?: { key: string; cert: string }): Promise<Fake> {
  let inFlight = 0;
  const fake: Fake = { url: '', seen: [], maxInFlight: 0, close: async () => undefined };
  const listener: http.RequestListener = (req, res) => {
    inFlight++;
    fake.maxInFlight = Math.max(fake.maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const seen = { method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body };
      fake.seen.push(seen);
      handler(seen, res);
    });
  };
  const server = tls ? https.createServer(tls, listener) : http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return fake;
}

/** Resolves with the rejection, so its fields can be checked. */
async function failure(promise: Promise<unknown>): Promise<KibanaError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof KibanaError, `expected a KibanaError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a rejection');
}

describe('KibanaClient', () => {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((o) => o.close()));
  });

  async function setup(handler: Handler, options: Partial<KibanaClientOptions> = {}): Promise<{ fake: Fake; client: KibanaClient }> {
    const fake = await fakeKibana(handler);
    const client = new KibanaClient({ url: fake.url, auth: { apiKey: API_KEY }, retryBaseMs: 1, timeoutMs: 5000, ...options });
    open.push(client, fake);
    return { fake, client };
  }

  describe('requests', () => {
    it('reads the version from /s/{space}/api/stats once, with the GET headers', async () => {
      const { fake, client } = await setup((_, res) => json(res, 200, { kibana: { version: '9.1.2' } }), { space: 'team-a', userAgent: 'sg-test' });
      assert.equal(await client.version(), '9.1.2');
      assert.equal(await client.version(), '9.1.2');
      assert.equal(fake.seen.length, 1, 'cached per client');
      const [req] = fake.seen;
      assert.equal(req.path, '/s/team-a/api/stats');
      assert.equal(req.headers.authorization, `ApiKey ${API_KEY}`);
      assert.equal(req.headers['content-type'], 'application/json');
      assert.equal(req.headers['user-agent'], 'sg-test');
      assert.equal(req.headers['kbn-xsrf'], undefined, 'no kbn-xsrf on GET');
      assert.deepEqual(client.requestCounts(), { 'GET /s/{space}/api/stats': 1 });
    });

    it('sends _bulk_update with kbn-xsrf, the internal origin and basic auth, under the base path and /s/default', async () => {
      const answer = { createdMonitors: ['a'], updatedMonitors: [], failedMonitors: [{ id: 'b', reason: 'Invalid', details: 'x' }] };
      const { fake, client } = await setup((_, res) => json(res, 200, answer));
      const basic = new KibanaClient({ url: `${fake.url}/kibana/`, auth: { username: 'elastic', password: PASSWORD }, retryBaseMs: 1 });
      open.push(basic);
      const monitors = [{ id: 'a', name: 'A', schedule: 10, type: 'http', urls: 'https://x' }];
      assert.deepEqual(await basic.bulkUpdate('my proj', monitors), answer, 'a 200 with failedMonitors is returned, not thrown');
      const [req] = fake.seen;
      assert.equal(req.method, 'PUT');
      assert.equal(req.path, '/kibana/s/default/api/synthetics/project/my%20proj/monitors/_bulk_update');
      assert.equal(req.headers.authorization, `Basic ${Buffer.from(`elastic:${PASSWORD}`).toString('base64')}`);
      assert.equal(req.headers['kbn-xsrf'], 'true');
      assert.equal(req.headers['x-elastic-internal-origin'], 'synthetics-gitops');
      assert.equal(req.headers['elastic-api-version'], undefined);
      assert.deepEqual(JSON.parse(req.body), { monitors });
      assert.equal(client.url, fake.url);
    });

    it('deletes with a DELETE body, lists locations with the right header per route', async () => {
      const { fake, client } = await setup((req, res) => {
        if (req.path.endsWith('/_bulk_delete')) return json(res, 200, { deleted_monitors: JSON.parse(req.body).monitors });
        if (req.path === '/s/default/internal/uptime/service/locations') return json(res, 200, { locations: [{ id: 'us-east4-a', label: 'US', isServiceManaged: true }] });
        json(res, 200, [{ id: 'p1', label: 'synthetic-monitor-default', isServiceManaged: false }]);
      });
      assert.deepEqual(await client.bulkDelete('p', ['x', 'y']), ['x', 'y']);
      assert.equal((await client.allLocations())[0].id, 'us-east4-a');
      assert.equal((await client.privateLocations())[0].label, 'synthetic-monitor-default');
      const [del, all, priv] = fake.seen;
      assert.equal(del.method, 'DELETE');
      assert.equal(del.headers['kbn-xsrf'], 'true');
      assert.deepEqual(JSON.parse(del.body), { monitors: ['x', 'y'] });
      assert.equal(all.headers['x-elastic-internal-origin'], 'synthetics-gitops', 'internal route');
      assert.equal(all.path, '/s/default/internal/uptime/service/locations', 'in the space: from 8.18 private locations are seen in their spaces only');
      assert.equal(priv.path, '/s/default/api/synthetics/private_locations');
      assert.equal(priv.headers['elastic-api-version'], '2023-10-31');
      assert.equal(priv.headers['x-elastic-internal-origin'], undefined);
    });

    it('base64-encodes an API key given as raw id:key', async () => {
      const { fake, client } = await setup((_, res) => json(res, 200, { kibana: { version: '8.15.0' } }), { auth: { apiKey: 'id:key' } });
      await client.version();
      assert.equal(fake.seen[0].headers.authorization, `ApiKey ${Buffer.from('id:key').toString('base64')}`);
    });

    it('refuses a URL carrying credentials without repeating them', () => {
      assert.throws(
        () => new KibanaClient({ url: `https://elastic:${PASSWORD}@kibana.example`, auth: { apiKey: API_KEY } }),
        (err: Error) => !err.message.includes(PASSWORD) && /must not carry credentials/.test(err.message),
      );
    });
  });

  describe('pagination', () => {
    const ids = ['j&1', 'j 2', 'j/3', 'j4', 'j5'];
    const pages = (claimedTotal: number): Handler => (req, res) => {
      const after = req.query.get('search_after');
      const start = after === null ? 0 : ids.indexOf(after) + 1;
      const monitors = ids.slice(start, start + 2).map((journey_id) => ({ journey_id, hash: `h-${journey_id}` }));
      json(res, 200, { total: claimedTotal, after_key: monitors.at(-1)?.journey_id ?? null, monitors });
    };

    it('follows search_after (URL-encoded) until total is reached', async () => {
      const { fake, client } = await setup(pages(5));
      const all = await client.projectMonitors('proj');
      assert.deepEqual(all.map((m) => m.journey_id), ids);
      assert.equal(all[0].hash, 'h-j&1');
      assert.deepEqual(fake.seen.map((s) => s.query.get('search_after')), [null, 'j 2', 'j4']);
      assert.equal(fake.seen[0].path, '/s/default/api/synthetics/project/proj/monitors');
      assert.equal(fake.seen[0].headers['x-elastic-internal-origin'], 'synthetics-gitops');
    });

    it('stops at an empty page when total overstates', async () => {
      const { fake, client } = await setup(pages(9));
      assert.equal((await client.projectMonitors('proj')).length, 5);
      assert.equal(fake.seen.length, 4);
    });

    it('fails on a 200 without monitors rather than reporting an empty project', async () => {
      const { client } = await setup((_, res) => json(res, 200, {}));
      const err = await failure(client.projectMonitors('proj'));
      assert.match(err.message, /unexpected answer/);
    });

    it('reads stored monitors page by page, then each one with its secrets', async () => {
      const stored = ['c1', 'c2', 'c3'].map((config_id, i) => ({ config_id, journey_id: `j${i}`, hash: `h${i}`, name: `M${i}` }));
      const { fake, client } = await setup((req, res) => {
        if (req.path === '/s/default/api/synthetics/monitors') {
          const page = Number(req.query.get('page'));
          return json(res, 200, { total: 3, page, perPage: 2, monitors: stored.slice((page - 1) * 2, page * 2) });
        }
        const configId = req.path.split('/').at(-1);
        json(res, 200, { ...stored.find((m) => m.config_id === configId), 'check.request.headers': { token: `t-${configId}` } });
      });
      const listed = await client.listMonitorsOfProject('my project');
      assert.deepEqual(listed.map((m) => m['check.request.headers']), [undefined, undefined, undefined], 'the list has no secrets');
      const monitors = await Promise.all(listed.map((m) => client.withSecrets(m)));
      assert.deepEqual(monitors.map((m) => [m.config_id, m.journey_id, m.hash, m['check.request.headers']]), [
        ['c1', 'j0', 'h0', { token: 't-c1' }],
        ['c2', 'j1', 'h1', { token: 't-c2' }],
        ['c3', 'j2', 'h2', { token: 't-c3' }],
      ]);
      const [first, second] = fake.seen;
      assert.deepEqual(Object.fromEntries(first.query), { projects: 'my project', internal: 'true', page: '1', perPage: '1000' });
      assert.equal(second.query.get('page'), '2');
      assert.equal(first.headers['elastic-api-version'], '2023-10-31');
      assert.equal(fake.seen[2].path, '/s/default/api/synthetics/monitors/c1');
      assert.equal(fake.seen[2].query.get('internal'), 'true');
    });
  });

  describe('retries', () => {
    const version = { kibana: { version: '9.0.0' } };

    /** Answers with `fail` for the first `times` requests, then succeeds. */
    function flaky(times: number, fail: Handler): Handler {
      let n = 0;
      return (req, res) => (n++ < times ? fail(req, res) : json(res, 200, version));
    }

    it('honours Retry-After on 429, capped by maxRetryDelayMs', async () => {
      const { fake, client } = await setup(flaky(1, (_, res) => json(res, 429, { message: 'Too Many Requests' }, { 'retry-after': '30' })), {
        maxRetryDelayMs: 200,
      });
      const started = Date.now();
      assert.equal(await client.version(), '9.0.0');
      const waited = Date.now() - started;
      assert.ok(waited >= 190 && waited < 2000, `waited ${waited} ms`);
      assert.equal(fake.seen.length, 2);
    });

    it('backs off briefly without Retry-After: 503 twice then success', async () => {
      const { client } = await setup(flaky(2, (_, res) => json(res, 503, { message: 'Service Unavailable' })));
      assert.equal(await client.version(), '9.0.0');
      assert.deepEqual(client.requestCounts(), { 'GET /s/{space}/api/stats': 3 });
    });

    it('retries a dropped connection', async () => {
      const { fake, client } = await setup(flaky(1, (_, res) => res.socket?.destroy()));
      assert.equal(await client.version(), '9.0.0');
      assert.equal(fake.seen.length, 2);
    });

    it('retries a request that timed out', async () => {
      const { fake, client } = await setup(flaky(1, () => undefined), { timeoutMs: 150 });
      assert.equal(await client.version(), '9.0.0');
      assert.equal(fake.seen.length, 2);
    });

    it('tells of every attempt that timed out, by phase, and names the timeout in the error', async () => {
      const hanging = await hangingKibana();
      const timeouts: KibanaTimeout[] = [];
      const client = new KibanaClient({ url: hanging.url, auth: { apiKey: API_KEY }, retryBaseMs: 1, timeoutMs: 200, retries: 1, onTimeout: (t) => timeouts.push(t) });
      open.push(client, hanging);
      const err = await failure(client.version());
      assert.match(err.message, /^GET \/s\/default\/api\/stats failed: .*UND_ERR_HEADERS_TIMEOUT.* — Kibana did not answer within 200 ms; it may be overloaded$/);
      const at = { method: 'GET', path: '/s/{space}/api/stats', phase: 'headers', timeoutMs: 200 };
      assert.deepEqual(timeouts, [{ ...at, retrying: true }, { ...at, retrying: false }]);
      assert.equal(hanging.authorizations.length, 2, 'both attempts reached the socket');

      // Headers, then a body that stops half-way.
      const { client: stalled } = await setup((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).write('{"kibana":'), { timeoutMs: 200, retries: 0, onTimeout: (t) => timeouts.push(t) });
      await failure(stalled.version());
      assert.equal(timeouts.at(-1)?.phase, 'body');
    });

    it('gives up after `retries` retries with the last status', async () => {
      const { fake, client } = await setup((_, res) => json(res, 502, { message: 'Bad Gateway' }), { retries: 2 });
      const err = await failure(client.version());
      assert.equal(err.status, 502);
      assert.equal(fake.seen.length, 3);
    });

    it('does not retry other 4xx, and explains the internal-origin 400', async () => {
      const message = 'uri [/s/default/api/synthetics/project/p/monitors] with method [get] exists but is not available with the current configuration';
      const { fake, client } = await setup((_, res) => json(res, 400, { statusCode: 400, error: 'Bad Request', message }));
      const err = await failure(client.projectMonitors('p'));
      assert.equal(fake.seen.length, 1);
      assert.equal(err.status, 400);
      assert.equal(err.kibanaMessage, message);
      assert.match(err.hint ?? '', /x-elastic-internal-origin/);
    });

    it('parses Retry-After as seconds or an HTTP date, and jitters within the exponential bound', () => {
      const now = Date.parse('2026-01-01T00:00:00Z');
      assert.equal(parseRetryAfter('7', now), 7000);
      assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now), 5000);
      assert.equal(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now), 0);
      assert.equal(parseRetryAfter('soon', now), undefined);
      assert.equal(parseRetryAfter(undefined, now), undefined);
      assert.equal(retryDelayMs(0, 100, 1000, 60_000), 1000);
      for (let i = 0; i < 50; i++) {
        const delay = retryDelayMs(3, 100, 10_000);
        assert.ok(delay >= 0 && delay <= 800, String(delay));
      }
    });
  });

  describe('errors', () => {
    const secrets = [PASSWORD, API_KEY, Buffer.from(`elastic:${PASSWORD}`).toString('base64')];
    function assertNoSecret(err: KibanaError, client: KibanaClient): void {
      for (const text of [err.message, JSON.stringify(err), inspect(err, { depth: 10 }), inspect(client, { depth: 10, showHidden: true })]) {
        for (const secret of secrets) assert.ok(!text.includes(secret), `secret leaked into: ${text}`);
      }
    }

    for (const auth of [{ apiKey: API_KEY }, { username: 'elastic', password: PASSWORD }]) {
      const kind = 'apiKey' in auth ? 'API key' : 'password';
      it(`401 names the credentials to check, without the ${kind}`, async () => {
        const { client } = await setup((_, res) => json(res, 401, { statusCode: 401, error: 'Unauthorized', message: 'Unauthorized' }), { auth });
        const err = await failure(client.version());
        assert.equal(err.status, 401);
        assert.equal(err.method, 'GET');
        assert.equal(err.path, '/s/default/api/stats');
        assert.match(err.hint ?? '', /KIBANA_API_KEY/);
        assertNoSecret(err, client);
      });

      it(`403 names the Synthetics privileges, without the ${kind}`, async () => {
        const { client } = await setup((_, res) => json(res, 403, { statusCode: 403, error: 'Forbidden', message: 'forbidden' }), { auth });
        const err = await failure(client.bulkDelete('p', ['a']));
        assert.match(err.hint ?? '', /uptime-read and uptime-write/);
        assertNoSecret(err, client);
      });
    }

    it('404 on the base points at the URL and space', async () => {
      const { fake, client } = await setup((_, res) => json(res, 404, { statusCode: 404, error: 'Not Found', message: 'Not Found' }), { space: 'ops' });
      const err = await failure(client.version());
      assert.ok(err.hint?.includes(fake.url) && err.hint.includes("'ops'"), err.hint);
    });

    it('a refused connection points at the URL', async () => {
      const fake = await fakeKibana(() => undefined);
      await fake.close();
      const client = new KibanaClient({ url: fake.url, auth: { apiKey: API_KEY }, retries: 0 });
      open.push(client);
      const err = await failure(client.version());
      assert.equal(err.status, undefined);
      assert.match(err.hint ?? '', /check the Kibana URL/);
    });
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    const { fake, client } = await setup((_, res) => setTimeout(() => json(res, 200, []), 30), { concurrency: 3 });
    await Promise.all(Array.from({ length: 10 }, () => client.privateLocations()));
    assert.equal(fake.seen.length, 10);
    assert.equal(fake.maxInFlight, 3);
  });

  describe('TLS', () => {
    let tls: { key: string; cert: string } | undefined;
    before(function () {
      tls = selfSignedCertificate(this);
    });

    async function tlsClient(options: Partial<KibanaClientOptions>): Promise<{ fake: Fake; client: KibanaClient }> {
      const fake = await fakeKibana((_, res) => json(res, 200, { kibana: { version: '9.1.0' } }), tls);
      const client = new KibanaClient({ url: fake.url, auth: { apiKey: API_KEY }, retryBaseMs: 1, ...options });
      open.push(client, fake);
      return { fake, client };
    }

    it('rejects a self-signed certificate by default, with a hint about the CA, without retrying', async () => {
      const { fake, client } = await tlsClient({});
      const err = await failure(client.version());
      assert.match(err.hint ?? '', /CA/);
      assert.equal(fake.seen.length, 0);
      assert.deepEqual(client.requestCounts(), { 'GET /s/{space}/api/stats': 1 });
    });

    it('trusts the certificate given as ca, or any when rejectUnauthorized is false', async () => {
      assert.equal(await (await tlsClient({ ca: tls?.cert })).client.version(), '9.1.0');
      assert.equal(await (await tlsClient({ rejectUnauthorized: false })).client.version(), '9.1.0');
    });
  });
});
