// `npm run bench`: our language server against yaml-language-server on the same 1,000 HTTP
// monitors (ours: one Kubernetes ConfigMap; theirs: a multi-document YAML with the equivalent
// JSON Schema). Measures open→diagnostics, edit→diagnostics, completion latency and memory,
// prints a table and writes BENCHMARKS.md, keeping the `## Push` section bench/push.ts writes.
// Then ours alone on a 10 MB ConfigMap (edit → diagnostics, memory), in a server of its own.
// Targets are reported, never asserted: the process fails only when a measurement could not be made.

import { existsSync, promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { CompletionItem, CompletionList, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspClient, SERVER } from '../test/helpers/lspClient';
import { SERVER_NODE_FLAGS } from '../server/src/protocol/serverFlags';
import { heartbeatSchema } from '../server/src/core/schema/schemas';
import { machine } from './report';

const ROOT = path.resolve(__dirname, '../..');
const YAML_LS = path.join(ROOT, 'node_modules/yaml-language-server/bin/yaml-language-server');
/** Our server as the extension starts it. */
const OUR_SERVER = [process.execPath, ...SERVER_NODE_FLAGS, SERVER, '--stdio'];

const MONITORS = 1000;
const BAD = 500; // the monitor with a schedule Kibana adjusts and an unknown key
const OPENS = 3;
/** Freshly started servers of each kind whose first open is timed: one is at the mercy of the machine's moment. */
const FIRST_OPENS = 5;
const WARMUP_EDITS = 5;
const EDITS = 30;
const WARMUP_COMPLETIONS = 20;
const COMPLETIONS = 200;
const TIMEOUT_MS = 60_000;

const BIG_MB = 10;
const BIG_EDITS = 5;

const TARGETS = { firstOpenRatio: 0.5, editMedianMs: 20, completionP95Ms: 10, rssMb: 150, bigEditMs: 500 };

// ---------------------------------------------------------------------------------------------
// Generated content

interface Pos {
  line: number;
  character: number;
}

interface Doc {
  text: string;
  /** Start of the `timeout` key of every monitor: a key position. */
  keyPositions: Pos[];
  /** Right after `schedule: ` of every monitor: a value position. */
  valuePositions: Pos[];
  /** The `d` of the bad monitor's `methd`, toggled to `x` and back by the edits. */
  typo: Pos;
}

function monitorLines(i: number): string[] {
  const n = String(i).padStart(4, '0');
  const bad = i === BAD;
  return [
    `id: monitor-${n}`,
    `name: Service ${n} health`,
    'type: http',
    `schedule: "@every ${bad ? '7m' : '5m'}"`,
    `urls: ["https://service-${i}.example.com/health"]`,
    'locations: [us_east]',
    'timeout: 30s',
    'tags:',
    `  - team-${i % 7}`,
    '  - production',
    ...(bad ? ['methd: GET'] : []),
    'check:',
    '  response:',
    '    status: [200]',
    '    body:',
    '      positive: ["ok"]',
  ];
}

/** Lays out the monitors, recording where completion and edits happen. */
function layout(header: string[], entryHeader: (i: number) => string, indent: string, monitors = MONITORS): Doc {
  const lines = [...header];
  const doc: Doc = { text: '', keyPositions: [], valuePositions: [], typo: { line: 0, character: 0 } };
  for (let i = 1; i <= monitors; i++) {
    lines.push(entryHeader(i));
    for (const line of monitorLines(i)) {
      if (line.startsWith('timeout:')) doc.keyPositions.push({ line: lines.length, character: indent.length });
      if (line.startsWith('schedule:')) doc.valuePositions.push({ line: lines.length, character: indent.length + 'schedule: '.length });
      if (line.startsWith('methd:')) doc.typo = { line: lines.length, character: indent.length + 4 };
      lines.push(indent + line);
    }
  }
  doc.text = lines.join('\n') + '\n';
  return doc;
}

const configMap = (monitors = MONITORS) =>
  layout(['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: synthetics-monitors', 'data:'], (i) => `  monitor-${String(i).padStart(4, '0')}.yml: |`, '    ', monitors);

const multiDocument = () => layout([], () => '---', '');

// ---------------------------------------------------------------------------------------------
// Measurement

interface Results {
  openMs: number;
  editMedianMs: number;
  editP95Ms: number;
  completionP50Ms: number;
  completionP95Ms: number;
  completionItems: string;
  rssMb: number;
  diagnostics: number;
}

interface Subject {
  name: string;
  client: LspClient;
  doc: Doc;
  dir: string;
  file: string;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function timeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS))),
  ]).finally(() => clearTimeout(timer));
}

/** Diagnostics of `uri` that mention the unknown key as currently spelled: proof they reflect the newest text. */
function diagnosticsMentioning(client: LspClient, uri: string, key: string): Promise<PublishDiagnosticsParams> {
  // yaml-language-server sends no `version`, so the message content identifies the text version.
  return client.waitFor<PublishDiagnosticsParams>(
    'textDocument/publishDiagnostics',
    (p) => p.uri === uri && p.diagnostics.some((d) => (typeof d.message === 'string' ? d.message : d.message.value).includes(key)),
    TIMEOUT_MS,
  );
}

/**
 * Opens the document with every monitor name marked by `variant`, so each open is content the
 * server has never seen (no cache of ours helps); line and column positions stay the same.
 */
async function openAndWait(s: Subject, uri: string, variant: string): Promise<{ ms: number; diagnostics: PublishDiagnosticsParams }> {
  const received = diagnosticsMentioning(s.client, uri, 'methd');
  const start = performance.now();
  s.client.open(uri, s.doc.text.replaceAll('name: Service ', `name: Service ${variant} `));
  const diagnostics = await received;
  return { ms: performance.now() - start, diagnostics };
}

/** One-character edits toggling `methd` ↔ `methx`; returns each edit's latency to its diagnostics. */
async function edits(s: Subject, uri: string, count: number, firstVersion: number): Promise<number[]> {
  const times: number[] = [];
  const { line, character } = s.doc.typo;
  for (let k = 0; k < count; k++) {
    const version = firstVersion + k;
    const key = k % 2 === 0 ? 'methx' : 'methd';
    const received = diagnosticsMentioning(s.client, uri, key);
    const start = performance.now();
    s.client.change(uri, version, [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text: key[4] }]);
    const diagnostics = await received;
    times.push(performance.now() - start);
    if (diagnostics.version !== undefined && diagnostics.version !== version) throw new Error(`${s.name}: diagnostics for version ${diagnostics.version}, expected ${version}`);
  }
  return times;
}

/** Completion requests alternating key and `schedule` value positions over many monitors. */
async function completions(s: Subject, uri: string, count: number): Promise<{ times: number[]; keyItems: number[]; valueItems: number[] }> {
  const times: number[] = [];
  const keyItems: number[] = [];
  const valueItems: number[] = [];
  for (let k = 0; k < count; k++) {
    const monitor = (k * 37) % MONITORS; // spread over the file
    const atKey = k % 2 === 0;
    const position = atKey ? s.doc.keyPositions[monitor] : s.doc.valuePositions[monitor];
    const start = performance.now();
    const result = await timeout(
      s.client.request<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri }, position }),
      `${s.name} completion`,
    );
    times.push(performance.now() - start);
    const items = Array.isArray(result) ? result.length : (result?.items.length ?? 0);
    (atKey ? keyItems : valueItems).push(items);
  }
  return { times, keyItems, valueItems };
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
  if (!kb) throw new Error(`cannot read VmRSS of ${pid}`);
  return kb / 1024;
}

async function measure(s: Subject): Promise<Results> {
  const { client, name } = s;
  const uri = pathToFileURL(s.file).href;
  const warmUri = pathToFileURL(path.join(s.dir, 'warm-up-' + path.basename(s.file))).href;

  // Warm-up on a copy: JIT, schema compilation, and (for yaml-language-server) the settings pull,
  // which must have associated the schema before anything is measured.
  process.stdout.write(`${name}: warm-up… `);
  await openAndWait(s, warmUri, 'warm-up');
  await edits(s, warmUri, WARMUP_EDITS, 2);
  await completions(s, warmUri, WARMUP_COMPLETIONS);
  void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: warmUri } });
  process.stdout.write('open… ');

  // (a) open → diagnostics, a few times on the same uri; the last open stays for the rest.
  const opens: number[] = [];
  let opened!: PublishDiagnosticsParams;
  for (let k = 0; k < OPENS; k++) {
    if (k > 0) void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    const { ms, diagnostics } = await openAndWait(s, uri, `open-${k}`);
    opens.push(ms);
    opened = diagnostics;
  }
  // The comparison only means something if the schema was applied: the unknown key is reported
  // on the bad monitor's line.
  if (!opened.diagnostics.some((d) => d.range.start.line === s.doc.typo.line)) throw new Error(`${name}: the unknown key \`methd\` is not reported where expected`);

  // (b) edit → diagnostics.
  process.stdout.write('edits… ');
  const editTimes = await edits(s, uri, EDITS, 2);

  // (c) completion.
  process.stdout.write('completion… ');
  const completion = await completions(s, uri, COMPLETIONS);
  if (!completion.keyItems.some((n) => n > 0) || !completion.valueItems.some((n) => n > 0)) {
    throw new Error(`${name}: completion returned no items (key positions: ${Math.max(...completion.keyItems)}, values: ${Math.max(...completion.valueItems)})`);
  }

  // (d) memory, after everything ran.
  const rss = rssMb(client.process.pid!);
  process.stdout.write('done\n');
  const median = (xs: number[]) => percentile(xs, 50);
  return {
    openMs: median(opens),
    editMedianMs: median(editTimes),
    editP95Ms: percentile(editTimes, 95),
    completionP50Ms: median(completion.times),
    completionP95Ms: percentile(completion.times, 95),
    completionItems: `${median(completion.keyItems)} keys, ${median(completion.valueItems)} values`,
    rssMb: rss,
    diagnostics: opened.diagnostics.length,
  };
}

/** A kind of server, started afresh for each first open. */
interface Fresh {
  name: string;
  start(): Promise<LspClient>;
  doc: Doc;
  dir: string;
  file: string;
}

/**
 * First open → diagnostics in freshly started servers: FIRST_OPENS of each kind, taken in turns so
 * that a slower moment of the machine falls on both; the median of each kind, in the order given.
 */
async function firstOpens(kinds: Fresh[]): Promise<number[]> {
  const times: number[][] = kinds.map(() => []);
  for (let round = 0; round < FIRST_OPENS; round++) {
    for (const [k, kind] of kinds.entries()) {
      process.stdout.write(`${kind.name}: first open ${round + 1}/${FIRST_OPENS}… `);
      const client = await kind.start();
      try {
        const s: Subject = { name: kind.name, client, doc: kind.doc, dir: kind.dir, file: kind.file };
        const { ms } = await openAndWait(s, pathToFileURL(path.join(kind.dir, `first-open-${round}-${path.basename(kind.file)}`)).href, `first-${round}`);
        times[k].push(ms);
        process.stdout.write(`${ms.toFixed(0)} ms\n`);
      } finally {
        await stop(client, kind.name);
      }
    }
  }
  return times.map((t) => percentile(t, 50));
}

interface BigResults {
  megabytes: number;
  monitors: number;
  openMs: number;
  editMedianMs: number;
  rssMb: number;
}

/** Ours on a ConfigMap of about BIG_MB megabytes, in a fresh server: open, then edits; memory after. */
async function measureBig(dir: string, capabilities: object): Promise<BigResults> {
  const perMonitor = configMap(10).text.length / 10;
  const monitors = Math.ceil((BIG_MB * 2 ** 20) / perMonitor);
  const doc = configMap(monitors);
  const file = path.join(dir, 'big-configmap.yaml');
  await fs.writeFile(file, doc.text);
  const client = new LspClient({ configuration: () => null, command: OUR_SERVER });
  try {
    await timeout(client.initialize({ capabilities }), 'our initialize');
    const s: Subject = { name: `synthetics-gitops, ${BIG_MB} MB`, client, doc, dir, file };
    process.stdout.write(`${s.name}: open… `);
    const uri = pathToFileURL(file).href;
    const opened = await openAndWait(s, uri, 'big');
    process.stdout.write('edits… ');
    const times = await edits(s, uri, BIG_EDITS, 2);
    const rss = rssMb(client.process.pid!);
    process.stdout.write('done\n');
    await stop(client, 'our server');
    return { megabytes: doc.text.length / 2 ** 20, monitors, openMs: opened.ms, editMedianMs: percentile(times, 50), rssMb: rss };
  } finally {
    if (client.process.exitCode === null && client.process.signalCode === null) client.process.kill();
  }
}

async function stop(client: LspClient, name: string): Promise<void> {
  try {
    await timeout(client.stop(), `${name} shutdown`);
  } catch (e) {
    client.process.kill();
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Report

const ms = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0)) + ' ms';

/** "15× faster" or "2.0× slower" (lower is better for every metric here). */
function ratio(ours: number, theirs: number, better = 'faster', worse = 'slower'): string {
  const r = theirs / ours;
  return r >= 1 ? `${r.toFixed(r >= 10 ? 0 : 1)}× ${better}` : `${(1 / r).toFixed(1 / r >= 10 ? 0 : 1)}× ${worse}`;
}

function report(ours: Results, theirs: Results, first: { ours: number; theirs: number }, big: BigResults, seconds: number): string {
  const rows: [string, string, string, string][] = [
    [`first open → diagnostics, freshly started server (median of ${FIRST_OPENS})`, ms(first.ours), ms(first.theirs), ratio(first.ours, first.theirs)],
    ['open → diagnostics (median of ' + OPENS + ')', ms(ours.openMs), ms(theirs.openMs), ratio(ours.openMs, theirs.openMs)],
    ['edit → diagnostics, median', ms(ours.editMedianMs), ms(theirs.editMedianMs), ratio(ours.editMedianMs, theirs.editMedianMs)],
    ['edit → diagnostics, p95', ms(ours.editP95Ms), ms(theirs.editP95Ms), ratio(ours.editP95Ms, theirs.editP95Ms)],
    ['completion, p50', ms(ours.completionP50Ms), ms(theirs.completionP50Ms), ratio(ours.completionP50Ms, theirs.completionP50Ms)],
    ['completion, p95', ms(ours.completionP95Ms), ms(theirs.completionP95Ms), ratio(ours.completionP95Ms, theirs.completionP95Ms)],
    ['server RSS after the run', `${ours.rssMb.toFixed(0)} MB`, `${theirs.rssMb.toFixed(0)} MB`, ratio(ours.rssMb, theirs.rssMb, 'less memory', 'more memory')],
    ['diagnostics on the file', String(ours.diagnostics), String(theirs.diagnostics), ''],
    ['completion items (median)', ours.completionItems, theirs.completionItems, ''],
  ];
  const met = (ok: boolean) => (ok ? '**met**' : '**not met**');
  const firstOpenRatio = first.ours / first.theirs;
  return [
    '# Benchmarks',
    '',
    'Generated by `npm run bench` (bench/run.ts); rerun it to refresh this file.',
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${machine()}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB RAM, ${os.platform()} ${os.release()}`,
    `- Node ${process.version}; yaml-language-server ${yamlLsVersion()}; run took ${seconds.toFixed(0)} s`,
    '',
    `Workload: ${MONITORS} HTTP monitors (id, name, schedule, urls, locations, timeout, tags, check.response.status/body). ` +
      'Ours reads them as the `data:` entries of one Kubernetes ConfigMap (`monitor-NNNN.yml: |`); yaml-language-server reads the same ' +
      'monitors as one multi-document YAML (`---` separated) validated against the closed HTTP monitor schema built from ' +
      '`schemas/heartbeat-monitor.schema.json`. Monitor ' +
      `${BAD} has \`schedule: "@every 7m"\` and an unknown key \`methd\`; both servers must report the key or the run fails. ` +
      `The first open is timed in ${FIRST_OPENS} freshly started servers of each kind, taken in turns (the median of each is shown); the other figures come from one server of each, warmed up on a copy of the file first. Every open uses monitor names the server has not seen before, so no cache helps. Edits are ${EDITS} one-character changes toggling \`methd\` ↔ \`methx\`, each timed until ` +
      'the diagnostics mentioning the new key arrive. Completion: ' +
      `${COMPLETIONS} requests alternating the start of a key (\`timeout:\`) and the value after \`schedule: \`, spread over the monitors. ` +
      `Each server runs as its editor extension starts it: ours \`node ${SERVER_NODE_FLAGS.join(' ')} dist/server.js --stdio\` (server/src/protocol/serverFlags.ts), yaml-language-server \`node bin/yaml-language-server --stdio\`.`,
    '',
    '| Metric | Synthetics GitOps | yaml-language-server | Ours vs theirs |',
    '| --- | ---: | ---: | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    'yaml-language-server waits a fixed 200 ms (`validationDelayMs`) after an open or a change before validating; that delay is part of ' +
      'what an editor user waits, so it is included above (its own computing time is about 200 ms less). Ours coalesces edits without a timer.',
    '',
    `A ${big.megabytes.toFixed(1)} MB ConfigMap (the same monitors, ${big.monitors} of them), ours alone in a freshly started server: ` +
      `open → diagnostics ${ms(big.openMs)}; edit → diagnostics, median of ${BIG_EDITS}: ${ms(big.editMedianMs)}; RSS after: ${big.rssMb.toFixed(0)} MB.`,
    '',
    '## Targets',
    '',
    `- First open in a freshly started server ≤ ${TARGETS.firstOpenRatio}× yaml-language-server's: ${firstOpenRatio.toFixed(2)}×, ${met(firstOpenRatio <= TARGETS.firstOpenRatio)}.`,
    `- Diagnostics after an edit ≤ ${TARGETS.editMedianMs} ms median: ${ms(ours.editMedianMs)}, ${met(ours.editMedianMs <= TARGETS.editMedianMs)}.`,
    `- Completion p95 ≤ ${TARGETS.completionP95Ms} ms: ${ms(ours.completionP95Ms)}, ${met(ours.completionP95Ms <= TARGETS.completionP95Ms)}.`,
    `- Server RSS after the run ≤ ${TARGETS.rssMb} MB: ${ours.rssMb.toFixed(0)} MB, ${met(ours.rssMb <= TARGETS.rssMb)}.`,
    `- A ${BIG_MB} MB file, edit → diagnostics ≤ ${TARGETS.bigEditMs} ms: ${ms(big.editMedianMs)}, ${met(big.editMedianMs <= TARGETS.bigEditMs)}.`,
    '',
  ].join('\n');
}

/** The sections other benches own (bench/push.ts: `## Push`, then bench/drift.ts: `## Drift watcher`, to the end of the file), kept as they are. */
function otherSections(file: string): string {
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const at = existing.search(/^## Push\b/m);
  return at < 0 ? '' : `\n${existing.slice(at)}`;
}

function yamlLsVersion(): string {
  return (JSON.parse(readFileSync(path.join(ROOT, 'node_modules/yaml-language-server/package.json'), 'utf8')) as { version: string }).version;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const began = performance.now();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'synthetics-bench-'));
  const clients: LspClient[] = [];
  try {
    // Ours: one ConfigMap. Our server pulls its own section only; null means defaults.
    const ourDoc = configMap();
    const ourFile = path.join(dir, 'configmap.yaml');
    await fs.writeFile(ourFile, ourDoc.text);

    // Theirs: the same monitors as documents, with the closed HTTP schema associated by settings.
    const theirDoc = multiDocument();
    const theirFile = path.join(dir, 'monitors.yaml');
    const schemaFile = path.join(dir, 'heartbeat-http.schema.json');
    await fs.writeFile(theirFile, theirDoc.text);
    await fs.writeFile(schemaFile, JSON.stringify(heartbeatSchema('http')));
    const yamlSettings = {
      validate: true,
      completion: true,
      hover: true,
      schemas: { [pathToFileURL(schemaFile).href]: ['*.yaml'] },
      // No network: neither the SchemaStore catalogue nor Kubernetes CRDs.
      schemaStore: { enable: false },
      kubernetesCRDStore: { enable: false },
    };

    // Same client capabilities for both: settings are pulled, snippets supported.
    const capabilities = { workspace: { configuration: true }, textDocument: { completion: { completionItem: { snippetSupport: true } } } };
    const started = async (client: LspClient, name: string) => {
      clients.push(client);
      await timeout(client.initialize({ capabilities }), `${name} initialize`);
      return client;
    };
    const startOurs = () => started(new LspClient({ configuration: () => null, command: OUR_SERVER }), 'our');
    const startTheirs = () =>
      started(new LspClient({ command: [process.execPath, YAML_LS, '--stdio'], configuration: (section) => (section === 'yaml' ? yamlSettings : null) }), 'yaml-language-server');

    const ours = await startOurs();
    const ourResults = await measure({ name: 'synthetics-gitops', client: ours, doc: ourDoc, dir, file: ourFile });
    await stop(ours, 'our server');

    const theirs = await startTheirs();
    const theirResults = await measure({ name: 'yaml-language-server', client: theirs, doc: theirDoc, dir, file: theirFile });
    await stop(theirs, 'yaml-language-server');

    const [ourFirst, theirFirst] = await firstOpens([
      { name: 'synthetics-gitops', start: startOurs, doc: ourDoc, dir, file: ourFile },
      { name: 'yaml-language-server', start: startTheirs, doc: theirDoc, dir, file: theirFile },
    ]);

    const big = await measureBig(dir, capabilities);

    const markdown = report(ourResults, theirResults, { ours: ourFirst, theirs: theirFirst }, big, (performance.now() - began) / 1000);
    console.log('\n' + markdown);
    const file = path.join(ROOT, 'BENCHMARKS.md');
    await fs.writeFile(file, markdown + otherSections(file));
    console.log('Wrote BENCHMARKS.md');
  } finally {
    for (const c of clients) if (c.process.exitCode === null && c.process.signalCode === null) c.process.kill();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error('\nbenchmark failed:', e instanceof Error ? e.message : e);
  process.exit(1);
});
