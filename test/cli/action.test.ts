// The GitHub Action (action.yml) end to end without GitHub: its script (action/pull-request.mjs)
// run as a process the way the action's step runs it, with the built CLI, against the Kibana
// sandbox and a fake GitHub REST API, both on 127.0.0.1. One comment on the pull request holds the
// plan: created on the first run, updated on the next; the SARIF file is written for code scanning.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { Sandbox, startSandbox } from '../../server/src/sandbox/server';
import { CLI, runCli } from '../helpers/cli';
import { REPO } from '../helpers/core';

const SCRIPT = path.join(REPO, 'action', 'pull-request.mjs');
const TOKEN = 'ghs_test-token-marker';
const KEY = 'kibana-key-marker';

interface Comment {
  id: number;
  body: string;
}

/** GitHub's issue-comment routes for one repository, in memory; every request is recorded. */
async function fakeGitHub(repository: string) {
  const comments: Comment[] = [{ id: 1, body: 'Looks good to me' }];
  const requests: { method: string; path: string; authorization?: string }[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      requests.push({ method: req.method ?? '', path: url.pathname, authorization: req.headers.authorization });
      const reply = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return void reply(401, { message: 'Bad credentials' });
      const list = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
      const one = /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
      if (list && list[1] === repository && req.method === 'GET') {
        const page = Number(url.searchParams.get('page') ?? 1);
        const size = Number(url.searchParams.get('per_page') ?? 30);
        return void reply(200, comments.slice((page - 1) * size, page * size));
      }
      if (list && list[1] === repository && req.method === 'POST') {
        const comment = { id: comments.length + 1, body: JSON.parse(text).body };
        comments.push(comment);
        return void reply(201, comment);
      }
      const found = one && comments.find((c) => c.id === Number(one[2]));
      if (found && req.method === 'PATCH') {
        found.body = JSON.parse(text).body;
        return void reply(200, found);
      }
      reply(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, comments, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('the GitHub Action, against the sandbox and a fake GitHub', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let github: Awaited<ReturnType<typeof fakeGitHub>>;
  let dir: string;
  let base: string;

  before(async () => {
    sandbox = await startSandbox();
    github = await fakeGitHub('acme/monitors');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-action-'));
    base = path.join(dir, 'base');
    fs.cpSync(path.join(REPO, 'examples', 'kubelab', 'kustomize', 'elastic-synthetic-monitor', 'base'), base, { recursive: true });
    fs.writeFileSync(path.join(dir, 'event.json'), JSON.stringify({ pull_request: { number: 7 } }));
  });
  after(async () => {
    await sandbox.close();
    await github.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The action's step: its inputs as action.yml maps them (empty ones included). */
  function runAction(): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = {
      PATH: process.env.PATH,
      PATHS: base,
      KIBANA_URL: sandbox.url,
      KIBANA_API_KEY: KEY,
      KIBANA_SPACE: '',
      SYNTHETICS_PROJECT: '',
      COMMENT: 'true',
      COMMENT_KEY: 'staging',
      GITHUB_TOKEN: TOKEN,
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: 'acme/monitors',
      GITHUB_EVENT_PATH: path.join(dir, 'event.json'),
      GITHUB_OUTPUT: path.join(dir, 'output'),
      GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md'),
      RUNNER_TEMP: dir,
      SYNTHETICS_GITOPS_CLI: CLI,
    };
    return new Promise((resolve) => {
      execFile(process.execPath, [SCRIPT], { cwd: dir, env }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }));
    });
  }

  it('comments the plan once, then updates that comment; writes SARIF, outputs and the job summary', async () => {
    const first = await runAction();
    assert.equal(first.code, 0, first.stderr + first.stdout);
    assert.equal(github.comments.length, 2);
    const ours = github.comments[1];
    assert.match(ours.body, /^<!-- synthetics-gitops plan: staging -->\n### Synthetics plan: \d+ to create, 0 to update, 0 to delete, 0 unchanged\n/);
    assert.match(ours.body, /<details><summary>➕ create <code>api-health<\/code>/);
    assert.match(ours.body, /✅ `synthetics-gitops validate`: no errors\.\n$/);
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'synthetics-gitops.sarif'), 'utf8'));
    assert.equal(sarif.version, '2.1.0');
    assert.deepEqual(sarif.runs[0].results, []);
    assert.match(fs.readFileSync(path.join(dir, 'output'), 'utf8'), new RegExp(`^sarif-file=${path.join(dir, 'synthetics-gitops.sarif')}\nplan-exit-code=0\n`));
    assert.equal(fs.readFileSync(path.join(dir, 'summary.md'), 'utf8'), ours.body);

    // Pushed, then a monitor edited in git: the same comment now shows the one update.
    const push = await runCli(['push', base], { env: { ...process.env, KIBANA_URL: sandbox.url, KIBANA_API_KEY: KEY } });
    assert.equal(push.code, 0, push.stderr + push.stdout);
    const file = path.join(base, 'http-monitors', 'api-health.yml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('schedule: "@every 1m"', 'schedule: "@every 5m"'));
    const second = await runAction();
    assert.equal(second.code, 0, second.stderr + second.stdout);
    assert.equal(github.comments.length, 2, 'still one comment of ours');
    assert.match(github.comments[1].body, /### Synthetics plan: 0 to create, 1 to update, 0 to delete, \d+ unchanged\n[\s\S]*✏️ update <code>api-health<\/code>[\s\S]*```diff\n- schedule: \{"number":"1","unit":"m"\}\n\+ schedule: \{"number":"5","unit":"m"\}\n( {2}\(secret fields not compared[^\n]*\n)?```/);
    assert.deepEqual(
      github.requests.map((r) => `${r.method} ${r.path}`),
      ['GET /repos/acme/monitors/issues/7/comments', 'POST /repos/acme/monitors/issues/7/comments', 'GET /repos/acme/monitors/issues/7/comments', 'PATCH /repos/acme/monitors/issues/comments/2'],
    );
    // The token went to GitHub only, the Kibana key to Kibana only.
    assert.ok(github.requests.every((r) => r.authorization === `Bearer ${TOKEN}`));
    assert.ok(!github.comments.some((c) => c.body.includes(KEY) || c.body.includes(TOKEN)));
  });

  it('fails the step, with the errors counted, when validate finds errors', async () => {
    fs.writeFileSync(path.join(base, 'http-monitors', 'api-health.yml'), fs.readFileSync(path.join(base, 'http-monitors', 'api-health.yml'), 'utf8').replace(/schedule: .*/, 'schedule: "@every 7 minutes"'));
    const run = await runAction();
    assert.equal(run.code, 1, run.stderr + run.stdout);
    assert.match(github.comments[1].body, /❌ `synthetics-gitops validate`: 1 error\(s\); see the code scanning results of this pull request\.\n$/);
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'synthetics-gitops.sarif'), 'utf8'));
    assert.equal(sarif.runs[0].results[0].level, 'error');
  });

  it('maps every input of action.yml into the step that runs the script', () => {
    const action = parse(fs.readFileSync(path.join(REPO, 'action.yml'), 'utf8'));
    const step = action.runs.steps.find((s: { id?: string }) => s.id === 'plan');
    assert.equal(step.run, 'node "$GITHUB_ACTION_PATH/action/pull-request.mjs"');
    const mapped = JSON.stringify(step.env) + JSON.stringify(action.runs.steps);
    for (const input of Object.keys(action.inputs)) assert.match(mapped, new RegExp(`inputs\\.${input}\\b(?!-)`), `input ${input} is used`);
  });
});
