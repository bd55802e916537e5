// `npm run bench` (after bench/run.ts): our `push` against the real `@elastic/synthetics push` on
// the same 2,000 lightweight monitors, each on its own fresh Kibana sandbox: first push, no-op
// push, push after 10 monitors changed, and our `plan` of the 2,000. Counts every HTTP request
// the sandbox received and every monitor it saved, prints a table and rewrites the `## Push`
// section of BENCHMARKS.md. Targets are reported, never asserted: the process fails only when a
// measurement could not be made.

import { execFile } from 'node:child_process';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Sandbox, startSandbox } from '../server/src/sandbox/server';
import { machine, writeSection } from './report';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const AGENT_DIR = path.join(ROOT, 'node_modules/@elastic/synthetics');
const AGENT = path.join(AGENT_DIR, 'dist/cli.js');

const MONITORS = 2000;
const FILES = 10;
const CHANGED = 10; // one monitor per file gets a new timeout
const REPEATS = 3; // no-op pushes and plans: the median of this many runs
const LATENCY_MS = 10; // per request, for one more no-op push: a Kibana farther away than loopback
const PROJECT = 'bench-push';
const LOCATION = 'synthetic-monitor-default'; // the sandbox's seed private location
const TIMEOUT_MS = 120_000;

const TARGETS = { planMs: 2000 };

// ---------------------------------------------------------------------------------------------
// Generated project

const pad = (i: number) => String(i).padStart(4, '0');
const isChanged = (i: number) => i % (MONITORS / FILES) === 1;

/** Mostly http, every tenth tcp and every tenth icmp; the project's schedule and location apply. */
function monitorLines(i: number, changed: boolean): string[] {
  const type = i % 10 === 8 ? 'tcp' : i % 10 === 9 ? 'icmp' : 'http';
  const lines = [
    `  - id: ${type}-${pad(i)}`,
    `    name: Service ${pad(i)} ${type}`,
    `    type: ${type}`,
    `    timeout: ${changed && isChanged(i) ? '45s' : '30s'}`,
    `    tags: [team-${i % 7}, production]`,
  ];
  if (i % 3 === 0) lines.push(`    schedule: "@every ${['1m', '5m', '15m'][i % 9 === 0 ? 0 : i % 2]}"`);
  if (type === 'http') lines.push(`    urls: "https://service-${i}.example.com/health"`, '    check.response.status: [200]', '    check.response.body.positive: ["ok"]');
  if (type === 'tcp') lines.push(`    hosts: "db-${i}.example.com:5432"`);
  if (type === 'icmp') lines.push(`    hosts: "host-${i}.example.com"`, '    wait: 2s');
  return lines;
}

/** Writes the heartbeat files, 200 monitors each; `changed` gives CHANGED of them a new timeout. */
async function writeMonitors(dir: string, changed: boolean): Promise<void> {
  const perFile = MONITORS / FILES;
  for (let f = 0; f < FILES; f++) {
    const lines = ['heartbeat.monitors:'];
    for (let i = f * perFile + 1; i <= (f + 1) * perFile; i++) lines.push(...monitorLines(i, changed));
    await fs.writeFile(path.join(dir, `monitors-${String(f + 1).padStart(2, '0')}.yml`), lines.join('\n') + '\n');
  }
}

/** An agent project (what `npx @elastic/synthetics init` makes, minus journeys), and our sync configuration beside it. */
async function writeProject(root: string): Promise<{ project: string; syncConfig: string }> {
  const project = path.join(root, 'project');
  await fs.mkdir(path.join(project, 'lightweight'), { recursive: true });
  await fs.writeFile(path.join(project, 'package.json'), JSON.stringify({ name: PROJECT, version: '1.0.0', private: true }));
  await fs.writeFile(
    path.join(project, 'synthetics.config.ts'),
    `export default () => ({\n  monitor: { schedule: 10, locations: [], privateLocations: ['${LOCATION}'] },\n  project: { id: '${PROJECT}', space: 'default' },\n});\n`,
  );
  // `@elastic/synthetics` resolves from the project, as after an `npm install` there; the agent's
  // file walk does not follow the link.
  await fs.symlink(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'), 'dir');
  await writeMonitors(path.join(project, 'lightweight'), false);
  const syncConfig = path.join(root, 'sync-config.yaml');
  await fs.writeFile(
    syncConfig,
    `kibana:\n  url: http://127.0.0.1:5601\n  auth: {type: api_key, api_key_secret: kibana-api-key}\n` +
      `monitors:\n  project_id: ${PROJECT}\n  default_private_locations: [${LOCATION}]\n  default_schedule: 10\n`,
  );
  return { project, syncConfig };
}

// ---------------------------------------------------------------------------------------------
// Measurement

interface Step {
  ms: number;
  requests: number;
  writes: number;
  /** Monitor saves (creations and updates): the sum of revisions grows by one per save. */
  saved: number;
  /** Requests by method and route, ids and queries left out. */
  routes: Record<string, number>;
}

interface Results {
  first: Step;
  /** Median of REPEATS. */
  noop: Step;
  /** With LATENCY_MS before every response. */
  noopLatency: Step;
  changed: Step;
  /** Ours only: `plan` of the unchanged project, median of REPEATS runs. */
  plan?: Step;
}

interface Tool {
  name: string;
  /** The command line of one push (or plan) against `url`. */
  command: (verb: 'push' | 'plan', url: string) => string[];
  env: (url: string) => NodeJS.ProcessEnv;
}

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, timeout: TIMEOUT_MS, maxBuffer: 64 * 2 ** 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

const revisions = (s: Sandbox) => s.state.monitorsIn('default').reduce((sum, m) => sum + Number(m.attributes.revision ?? 0), 0);

function route(p: string): string {
  return p
    .replace(/\?.*$/, '')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '{id}')
    .replace(`/${PROJECT}/`, '/{project}/')
    .replace(/^\/s\/default/, '');
}

/** One run of the tool, timed from spawn to exit, with what the sandbox saw meanwhile. */
async function step(s: Sandbox, tool: Tool, verb: 'push' | 'plan', cwd: string): Promise<Step> {
  const firstRequest = s.requests.length;
  const before = revisions(s);
  const start = performance.now();
  const result = await run(tool.command(verb, s.url), cwd, tool.env(s.url));
  const ms = performance.now() - start;
  if (result.code !== 0) throw new Error(`${tool.name} ${verb} exited with ${result.code}:\n${result.output.slice(-3000)}`);
  const requests = s.requests.slice(firstRequest);
  const routes: Record<string, number> = {};
  for (const r of requests) routes[`${r.method} ${route(r.path)}`] = (routes[`${r.method} ${route(r.path)}`] ?? 0) + 1;
  return { ms, requests: requests.length, writes: requests.filter((r) => r.method !== 'GET').length, saved: revisions(s) - before, routes };
}

/** The run of median time among REPEATS (they are sequential: each sees the state the last left). */
async function median(once: () => Promise<Step>): Promise<Step> {
  const runs: Step[] = [];
  for (let k = 0; k < REPEATS; k++) runs.push(await once());
  return runs.sort((a, b) => a.ms - b.ms)[Math.floor(REPEATS / 2)];
}

async function measure(tool: Tool, project: string): Promise<Results> {
  const sandbox = await startSandbox();
  const lightweight = path.join(project, 'lightweight');
  try {
    process.stdout.write(`${tool.name}: first push… `);
    const first = await step(sandbox, tool, 'push', project);
    const stored = sandbox.state.monitorsIn('default').length;
    if (stored !== MONITORS) throw new Error(`${tool.name}: ${stored} monitors stored after the first push, expected ${MONITORS}`);
    process.stdout.write(`(${(first.ms / 1000).toFixed(1)} s) no-op pushes… `);
    const noop = await median(() => step(sandbox, tool, 'push', project));
    const plan = tool.name === OURS ? (process.stdout.write('plans… '), await median(() => step(sandbox, tool, 'plan', project))) : undefined;
    process.stdout.write(`no-op push at ${LATENCY_MS} ms a request… `);
    sandbox.faults.setLatency(LATENCY_MS);
    const noopLatency = await step(sandbox, tool, 'push', project);
    sandbox.faults.setLatency(0);
    process.stdout.write(`push of ${CHANGED} changed… `);
    await writeMonitors(lightweight, true);
    const changed = await step(sandbox, tool, 'push', project);
    await writeMonitors(lightweight, false);
    process.stdout.write('done\n');
    return { first, noop, noopLatency, changed, plan };
  } finally {
    await sandbox.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Report

const OURS = 'synthetics-gitops';

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** "15× faster" or "2.0× slower" (lower is better for every metric here). */
function ratio(ours: number, theirs: number, better = 'faster', worse = 'slower'): string {
  if (ours === theirs) return 'same';
  if (ours === 0) return better === 'faster' ? '—' : `none vs ${theirs}`;
  const r = theirs / ours;
  return r >= 1 ? `${r.toFixed(r >= 10 ? 0 : 1)}× ${better}` : `${(1 / r).toFixed(1 / r >= 10 ? 0 : 1)}× ${worse}`;
}

const requests = (s: Step) => `${s.requests} (${s.writes} write${s.writes === 1 ? '' : 's'})`;
const routes = (s: Step) =>
  Object.entries(s.routes)
    .map(([r, n]) => `${n}× \`${r}\``)
    .join(', ');

function report(ours: Results, agent: Results, agentVersion: string, took: number): string {
  const steps: [string, keyof Results][] = [
    ['first push', 'first'],
    [`no-op push (median of ${REPEATS})`, 'noop'],
    [`no-op push, ${LATENCY_MS} ms a request`, 'noopLatency'],
    [`push after ${CHANGED} changes`, 'changed'],
  ];
  const rows = steps.map(([label, key]) => {
    const o = ours[key]!;
    const a = agent[key]!;
    return [label, seconds(o.ms), seconds(a.ms), ratio(o.ms, a.ms), requests(o), requests(a), ratio(o.requests, a.requests, 'fewer', 'more'), `${o.saved} / ${a.saved}`];
  });
  const plan = ours.plan!;
  rows.push([`plan of ${MONITORS} (median of ${REPEATS})`, seconds(plan.ms), '', '', requests(plan), '', '', String(plan.saved)]);
  const met = (ok: boolean) => (ok ? '**met**' : '**not met**');
  const noWrite = (['noop', 'noopLatency'] as const).every((key) => [ours[key], agent[key]].every((s) => s.writes === 0 && s.saved === 0));
  const fewer = steps.every(([, key]) => ours[key]!.requests <= agent[key]!.requests);
  return [
    '## Push',
    '',
    'Generated by `npm run bench` (bench/push.ts), which rewrites only this section.',
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${machine()}; Node ${process.version}; @elastic/synthetics ${agentVersion}; run took ${took.toFixed(0)} s`,
    '',
    `Workload: ${MONITORS} lightweight monitors (${MONITORS * 0.8} http with status and body checks, ${MONITORS / 10} tcp, ${MONITORS / 10} icmp) in ${FILES} ` +
      '`heartbeat.monitors` files of an `@elastic/synthetics` project (its `synthetics.config.ts` and our `sync-config.yaml` give the same ' +
      `default schedule, 10 minutes, and private location \`${LOCATION}\`). Each tool pushes to its own fresh sandbox (\`startSandbox()\`, ` +
      'Kibana 9.1.0) running in the benchmark process, while the tool runs as a child process (`node dist/cli.js push lightweight` with ' +
      '`--sync-config`; `node node_modules/@elastic/synthetics/dist/cli.js push --url … --auth … --yes`), so neither shares its event loop ' +
      'with the sandbox; both share the machine\'s cores with it. Times are wall-clock from spawn to exit, Node start-up included. ' +
      `Requests and writes (PUT, DELETE) come from the sandbox's request log; monitors saved from the stored revisions. The change edits the ` +
      `\`timeout\` of ${CHANGED} monitors, one per file. One no-op push runs with the sandbox answering each request ${LATENCY_MS} ms late ` +
      '(its `latencyMs` fault), as a Kibana across a network would; our client keeps at most 4 requests in flight.',
    '',
    '| Step | Ours | Agent | Time, ours vs agent | Ours: requests | Agent: requests | Requests, ours vs agent | Monitors saved (ours / agent) |',
    '| --- | ---: | ---: | --- | ---: | ---: | --- | ---: |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    'Requests per route:',
    '',
    ...steps.flatMap(([label, key]) => [`- ${label}, ours: ${routes(ours[key]!)}`, `- ${label}, agent: ${routes(agent[key]!)}`]),
    `- plan, ours: ${routes(plan)}`,
    '',
    '### Push targets',
    '',
    `- A no-op push makes no write (both): ours ${requests(ours.noop)}, agent ${requests(agent.noop)}; ${met(noWrite)}.`,
    `- Our request count ≤ the agent's (each step): ${steps.map(([label, key]) => `${label} ${ours[key]!.requests} vs ${agent[key]!.requests}`).join(', ')}; ${met(fewer)}.`,
    `- A plan of ${MONITORS} monitors < ${TARGETS.planMs / 1000} s: ${seconds(plan.ms)}, ${met(plan.ms < TARGETS.planMs)}.`,
    `- Each push no slower than the agent's: ${steps.map(([label, key]) => `${label} ${(ours[key]!.ms / agent[key]!.ms).toFixed(2)}×`).join(', ')}; ${met(steps.every(([, key]) => ours[key]!.ms <= agent[key]!.ms))}.`,
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const began = performance.now();
  if (!existsSync(AGENT)) throw new Error(`${AGENT} not found: install the devDependencies (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci)`);
  if (!existsSync(CLI)) throw new Error(`${CLI} not found: run npm run build`);
  const agentVersion = (JSON.parse(readFileSync(path.join(AGENT_DIR, 'package.json'), 'utf8')) as { version: string }).version;
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'synthetics-bench-push-'));
  const { project, syncConfig } = await writeProject(root);
  try {
    const ours: Tool = {
      name: OURS,
      command: (verb) => [CLI, verb, 'lightweight', '--sync-config', syncConfig],
      env: (url) => ({ KIBANA_URL: url, KIBANA_API_KEY: 'bench-key' }),
    };
    const agent: Tool = {
      name: '@elastic/synthetics',
      command: (_verb, url) => [AGENT, 'push', '--url', url, '--auth', 'bench-key', '--yes'],
      env: () => ({}),
    };
    const ourResults = await measure(ours, project);
    const agentResults = await measure(agent, project);
    const section = report(ourResults, agentResults, agentVersion, (performance.now() - began) / 1000);
    writeSection('Push', section);
  } finally {
    await fs.unlink(path.join(project, 'node_modules')); // the link only, before the recursive removal
    await fs.rm(root, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error('\npush benchmark failed:', e instanceof Error ? e.message : e);
  process.exit(1);
});
