// Kibanas that misbehave, on 127.0.0.1, as an attacker or a broken proxy would: one that echoes
// each request's credential back in its error body, one that accepts connections and never
// answers. Each records the Authorization headers it received, so a test can tell whether a
// credential was sent at all. And the unique marker credentials the security tests send, with the
// check that none of their forms got into an output.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { AddressInfo, Socket, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { skipBecause } from './pending';

export interface FakeKibana {
  url: string;
  /** The Authorization header of every request received, in order. */
  authorizations: string[];
  /** Connections accepted. */
  connections: number;
  close(): Promise<void>;
}

/** A Kibana API key as Kibana hands it out (base64 of `id:key`), and a user and password: unique strings to look for. */
export const MARKERS = {
  keyId: 'marker-id-5e1f',
  keySecret: 'marker-key-secret-8c3d27',
  username: 'marker-user',
  password: 'marker-password-41c7a9',
};
export const MARKER_API_KEY = Buffer.from(`${MARKERS.keyId}:${MARKERS.keySecret}`).toString('base64');
export const MARKER_BASIC = Buffer.from(`${MARKERS.username}:${MARKERS.password}`).toString('base64');

/** Every form of the marker credentials that must never be printed: plain, encoded as sent, decoded. */
const FORBIDDEN = [MARKER_API_KEY, MARKER_API_KEY.replace(/=+$/, ''), MARKERS.keySecret, MARKERS.password, MARKER_BASIC, MARKER_BASIC.replace(/=+$/, '')];

/** The marker forms found in these outputs (none, if the redaction holds). */
export function leaked(...outputs: string[]): string[] {
  const text = outputs.join('\n');
  return FORBIDDEN.filter((form) => text.includes(form));
}

/**
 * Answers every request `status` with a Kibana-shaped error whose message quotes the request's
 * Authorization header, its token, and the token base64-decoded: what a proxy echoing headers does.
 */
export async function echoingKibana(options: { status?: number; tls?: { key: string; cert: string } } = {}): Promise<FakeKibana> {
  const fake: FakeKibana = { url: '', authorizations: [], connections: 0, close: async () => undefined };
  const listener: http.RequestListener = (req, res) => {
    const authorization = req.headers.authorization ?? '';
    fake.authorizations.push(authorization);
    const token = authorization.replace(/^\S+\s+/, '');
    const message = `upstream rejected the request; authorization: ${authorization}; token ${token} (decoded ${Buffer.from(token, 'base64').toString('utf8')}); headers ${JSON.stringify(req.headers)}`;
    req.resume();
    res.writeHead(options.status ?? 500, { 'content-type': 'application/json' }).end(JSON.stringify({ statusCode: options.status ?? 500, error: 'Internal Server Error', message }));
  };
  const server = options.tls ? https.createServer(options.tls, listener) : http.createServer(listener);
  server.on('connection', () => fake.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return fake;
}

/** Accepts connections and reads what is sent, but never answers. */
export async function hangingKibana(): Promise<FakeKibana> {
  const sockets = new Set<Socket>();
  const fake: FakeKibana = { url: '', authorizations: [], connections: 0, close: async () => undefined };
  const server = createServer((socket) => {
    fake.connections++;
    sockets.add(socket);
    socket.on('data', (chunk: Buffer) => {
      const header = /^authorization: (.*)\r$/im.exec(chunk.toString('latin1'));
      if (header) fake.authorizations.push(header[1]);
    });
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return fake;
}

/** A self-signed certificate for 127.0.0.1 (its own CA), made by openssl; undefined without openssl. */
export function selfSignedCertificate(ctx: Mocha.Context): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sgo-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } catch {
    return skipBecause(ctx, 'openssl is needed to make a test certificate', { requiredInCi: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
