// `npm run demo`: the whole GitOps loop on the bundled examples (the Kustomize base of
// examples/kubelab, as `synthetics-gitops render` writes it), against the
// built-in Kibana sandbox, so no Kibana is needed: validate → plan → push → edit a monitor and
// remove another → plan → push --prune → plan → status (the sandbox told one check failed).
// Runs the built CLI (dist/cli.js) in a temporary copy of the examples; fails when a step does not
// end as it should.

import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'cli.js');
const work = mkdtempSync(join(tmpdir(), 'synthetics-gitops-demo-'));
cpSync(join(root, 'examples', 'kubelab', 'kustomize', 'elastic-synthetic-monitor', 'base'), work, { recursive: true });

const sandbox = spawn(process.execPath, [cli, 'sandbox', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  sandbox.stdout.on('data', (chunk) => {
    const found = /http:\/\/127\.0\.0\.1:\d+/.exec(String(chunk));
    if (found) resolve(found[0]);
  });
  sandbox.once('exit', (code) => reject(new Error(`the sandbox exited (${code})`)));
});

const env = { ...process.env, KIBANA_URL: url, KIBANA_API_KEY: 'demo-key' };

/** Tells the sandbox the monitors' latest checks (its own route: docs/cli.md, "sandbox"). */
async function setStatuses(statuses) {
  const response = await fetch(`${url}/s/default/_sandbox/statuses`, {
    method: 'PUT',
    headers: { authorization: 'ApiKey demo-key', 'kbn-xsrf': 'true', 'content-type': 'application/json' },
    body: JSON.stringify({ statuses }),
  });
  if (!response.ok) throw new Error(`the sandbox refused the statuses: ${await response.text()}`);
}

function step(expected, ...args) {
  console.log(`\n\x1b[1m$ synthetics-gitops ${args.join(' ')}\x1b[0m`);
  try {
    process.stdout.write(execFileSync(process.execPath, [cli, ...args], { cwd: work, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
    if (expected !== 0) throw new Error(`expected exit ${expected}, got 0`);
  } catch (error) {
    if (error.status === undefined || error.status !== expected) throw error;
    process.stdout.write(error.stdout);
  }
}

try {
  console.log(`Kibana sandbox at ${url}; the examples are copied to ${work}.`);
  step(0, 'validate', '.', '--private-locations', 'synthetic-monitor-default');
  step(3, 'plan', '.', '--detailed-exitcode');
  step(0, 'push', '.');
  step(0, 'plan', '.', '--detailed-exitcode');

  console.log('\n# Someone changes the API check to every 5 minutes and removes the meta-monitor in git:');
  const edit = (file, change) => writeFileSync(join(work, file), change(readFileSync(join(work, file), 'utf8')));
  edit('http-monitors/api-health.yml', (text) => text.replace('schedule: "@every 1m"', 'schedule: "@every 5m"'));
  rmSync(join(work, 'http-monitors', 'synthetic-monitor-agent-health.yml'));
  edit('kustomization.yaml', (text) => text.replace('      - http-monitors/synthetic-monitor-agent-health.yml\n', ''));
  step(3, 'plan', '.', '--detailed-exitcode');
  step(0, 'push', '.', '--prune', '--yes');
  step(0, 'plan', '.', '--detailed-exitcode');

  console.log('\n# The sandbox runs no monitor: it is told the checks passed, but the database refused a connection:');
  await setStatuses([
    { monitor: 'api-health', status: 'up' },
    { monitor: 'example-monitor', status: 'up' },
    { monitor: 'k8s-worker-1-icmp', status: 'up' },
    { monitor: 'database-connection', status: 'down', error: 'dial tcp 10.0.0.12:5432: connect: connection refused' },
  ]);
  step(1, 'status', '.');
  console.log('\nDone: git and the sandbox agree, and `status` (exit 1) names the monitor that is down.');
} finally {
  sandbox.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
