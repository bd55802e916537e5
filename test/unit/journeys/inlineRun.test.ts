// The round trip: a generated inline script, run by the real @elastic/synthetics runner the way
// Heartbeat runs Kibana's inline monitors (`--inline`, the script on stdin), in Debian's
// Chromium, against a page served on 127.0.0.1. Pending where there is no Chromium.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { REPO } from '../../helpers/core';
import { chromiumOrSkip } from '../../helpers/pending';
import { FIXTURES, JOURNEYS, generated } from '../../helpers/generate';

const AGENT = path.join(REPO, 'node_modules', '@elastic', 'synthetics', 'dist', 'cli.js');

let chromium = '';

function runInline(script: string, params: Record<string, string>): Promise<{ code: number | null; events: { type: string; step?: { name: string; status?: string }; journey?: { status?: string } }[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [AGENT, '--inline', '--reporter', 'json', '--params', JSON.stringify(params), '--playwright-options', JSON.stringify({ executablePath: chromium })], {
      cwd: REPO,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const events = stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { type: string });
      resolve({ code, events, stderr });
    });
    child.stdin.end(script);
  });
}

describe('generate: the inline script in the real runner', function () {
  this.timeout(60_000);
  let server: http.Server;
  let url = '';

  before(function () {
    chromium = chromiumOrSkip(this);
    const page = fs.readFileSync(path.join(FIXTURES, 'site', 'index.html'));
    server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
    return new Promise<void>((resolve) =>
      server.listen(0, '127.0.0.1', () => {
        url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
        resolve();
      }),
    );
  });

  after(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('passes every step, helpers included, as @elastic/synthetics --inline runs it', async () => {
    const [greeting] = await generated(path.join(JOURNEYS, 'todo.journey.ts'));
    const script = (greeting.own.source as { inline: { script: string } }).inline.script;
    const { code, events, stderr } = await runInline(script, { url });
    const steps = events.filter((e) => e.type === 'step/end').map((e) => [e.step?.name, e.step?.status]);
    assert.deepEqual(
      steps,
      [
        ['open page', 'succeeded'],
        ['fill and click', 'succeeded'],
        ['check greeting', 'succeeded'],
      ],
      stderr,
    );
    assert.equal(events.find((e) => e.type === 'journey/end')?.journey?.status, 'succeeded');
    assert.equal(code, 0);
  });
});
