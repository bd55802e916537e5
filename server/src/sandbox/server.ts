// The Kibana sandbox: an emulator, on 127.0.0.1 only, of the Kibana endpoints this product and
// `@elastic/synthetics push` call. A request passes, in order: latency and injected faults (what a
// proxy in front of Kibana does), authentication, the route table, the 9.x internal-origin rule,
// `kbn-xsrf`, the body limit, and then its route (the project bulk routes check that the space exists).

import { IncomingMessage, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { FaultController, FaultOptions, FaultRule } from './faults';
import { locationRoutes } from './locations';
import { projectRoutes } from './projectRoutes';
import { publicRoutes } from './publicRoutes';
import { DEFAULT_MAX_BYTES, Reply, Route, boom, decodeSegment, matchRoute, ok, reasonPhrase } from './routing';
import { spaceRoutes } from './spaces';
import { statusRoutes } from './statusRoutes';
import { SandboxState } from './state';

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** JSON file the state is loaded from and saved to; in memory only without it. */
  dataFile?: string;
  kibanaVersion?: string;
  faults?: FaultOptions;
}

export interface RequestLog {
  method: string;
  /** As requested: space prefix and query included. */
  path: string;
  /** null when the connection was dropped without a response. */
  status: number | null;
}

export interface Sandbox {
  url: string;
  close(): Promise<void>;
  state: SandboxState;
  faults: FaultController;
  requests: RequestLog[];
}

/** Kibana reports a snapshot build's version without its suffix, and says so in `snapshot` (§10). */
const statsRoute: Route = {
  method: 'GET',
  path: '/api/stats',
  handle: ({ state }) =>
    ok({
      kibana: {
        uuid: '5b2de169-2785-441b-ae8c-186a1936b17d',
        name: 'kibana-sandbox',
        index: '.kibana',
        host: '127.0.0.1',
        version: state.kibanaVersion.replace(/-snapshot$/i, ''),
        snapshot: /-snapshot$/i.test(state.kibanaVersion),
        status: 'green',
      },
      last_updated: new Date().toISOString(),
      collection_interval_ms: 10000,
    }),
};

const ROUTES: Route[] = [statsRoute, ...projectRoutes, ...publicRoutes, ...locationRoutes, ...spaceRoutes, ...statusRoutes];

/** The body as JSON (undefined when empty), or the 413 / 400 Kibana answers. */
async function readBody(req: IncomingMessage, maxBytes: number): Promise<{ body: unknown } | Reply> {
  const tooLarge = boom(413, `Payload content length greater than maximum allowed: ${maxBytes}`);
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) return tooLarge;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxBytes) chunks.push(chunk);
  }
  if (size > maxBytes) return tooLarge;
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { body: undefined };
  try {
    return { body: JSON.parse(text) };
  } catch {
    return boom(400, 'Invalid request payload JSON format');
  }
}

async function dispatch(req: IncomingMessage, state: SandboxState, faults: FaultController): Promise<Reply> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const prefixed = /^\/s\/([^/]+)(\/.*)$/.exec(url.pathname);
  const [space, path] = prefixed ? [decodeSegment(prefixed[1]), prefixed[2]] : ['default', url.pathname];
  if (!/^(ApiKey|Basic) \S+/.test(req.headers.authorization ?? '')) {
    return boom(401, '[security_exception]: missing authentication credentials for REST request');
  }
  const match = matchRoute(ROUTES, method, path);
  if (!match) return boom(404, 'Not Found');
  if (match.route.internal && state.has('internalOrigin') && !req.headers['x-elastic-internal-origin']) {
    return boom(400, `uri [${url.pathname}] with method [${method.toLowerCase()}] exists but is not available with the current configuration`);
  }
  if (method !== 'GET' && req.headers['kbn-xsrf'] === undefined) return boom(400, 'Request must contain a kbn-xsrf header.');
  const read = await readBody(req, match.route.maxBytes ?? DEFAULT_MAX_BYTES);
  if ('status' in read) return read;
  try {
    return match.route.handle({ space, params: match.params, query: url.searchParams, body: read.body, state, faults });
  } catch {
    return boom(500, 'An internal server error occurred.');
  }
}

/** What a proxy answers for an injected status; a 429 says when to come back. */
function faultReply(fault: Extract<FaultRule, { status: number }>): Reply {
  const reply = boom(fault.status, reasonPhrase(fault.status));
  return fault.status === 429 ? { ...reply, headers: { 'retry-after': String(fault.retryAfter ?? 1) } } : reply;
}

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
  res.end(JSON.stringify(reply.body));
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const state = SandboxState.open(options.kibanaVersion ?? '9.1.0', options.dataFile);
  const faults = new FaultController(options.faults);
  const requests: RequestLog[] = [];
  // Closing ends the latency of requests still waiting (a hung Kibana's is minutes long).
  const closing = new AbortController();

  async function respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const entry: RequestLog = { method: req.method ?? 'GET', path: req.url ?? '/', status: null };
    requests.push(entry);
    if (faults.latencyMs) await delay(faults.latencyMs, undefined, { signal: closing.signal });
    const fault = faults.take(entry.method, entry.path);
    if (fault && 'drop' in fault && fault.drop === 'before') {
      req.socket.destroy();
      return;
    }
    const reply = fault && 'status' in fault ? faultReply(fault) : await dispatch(req, state, faults);
    if (fault && 'drop' in fault) {
      req.socket.destroy();
      return;
    }
    entry.status = reply.status;
    send(res, reply);
  }

  // A client that goes away mid-request (an aborted upload) only loses its own connection.
  const server = createServer((req, res) => void respond(req, res).catch(() => req.socket.destroy()));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    state,
    faults,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
