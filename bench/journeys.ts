// `npm run bench` (last): how long re-analysing a realistic journey file takes after a
// one-character edit (the work behind the diagnostics an editor shows), in-process and through
// the bundled server (edit → published diagnostics), and completion and hover inside its
// `monitor.use({...})`. Prints the figures and the target (re-analysis median ≤ 20 ms); the
// target is reported, never asserted.

import { performance } from 'node:perf_hooks';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { complete, createAnalyser, hover } from '../server/src/core';
import { DEFAULT_SETTINGS, Settings } from '../server/src/protocol/settings';
import { LspClient } from '../test/helpers/lspClient';

const JOURNEYS = 4;
const STEPS = 10;
const WARMUP = 20;
const EDITS = 200;
const SERVER_EDITS = 30;
const TARGET_MS = 20;

const settings: Settings = { ...DEFAULT_SETTINGS, privateLocations: ['synthetic-monitor-default'] };

/** A journey file as teams write them: imports, a helper, journeys with monitor.use and steps full of Playwright calls. */
function journeyFile(): string {
  const lines = [
    "import { journey, step, monitor, expect, before } from '@elastic/synthetics';",
    "import { login } from './helpers';",
    '',
    'const BASE = process.env.SHOP_URL ?? "https://shop.example.com";',
    '',
  ];
  for (let j = 0; j < JOURNEYS; j++) {
    lines.push(
      `journey('Shop flow ${j}', ({ page, params }) => {`,
      '  monitor.use({',
      `    id: 'shop-flow-${j}',`,
      '    schedule: 10,',
      "    locations: ['us_east', 'germany'],",
      "    privateLocations: ['synthetic-monitor-default'],",
      `    tags: ['gitops-managed', 'shop', 'flow-${j}'],`,
      "    params: { url: 'https://shop.example.com', user: 'synthetic' },",
      '    playwrightOptions: { ignoreHTTPSErrors: false, viewport: { width: 1280, height: 720 } },',
      "    screenshot: 'only-on-failure',",
      '    alert: { status: { enabled: true }, tls: { enabled: false } },',
      '    retestOnFailure: true,',
      '  });',
      '  before(async () => {',
      '    await login(page, params.user);',
      '  });',
    );
    for (let s = 0; s < STEPS; s++) {
      lines.push(
        `  step('step ${s} of flow ${j}', async () => {`,
        `    await page.goto(\`\${BASE}/section/${s}\`);`,
        `    await page.getByRole('button', { name: 'Continue ${s}' }).click();`,
        `    const heading = page.locator('h1.title-${s}');`,
        `    expect(await heading.textContent()).toContain('Section ${s}');`,
        '  });',
        '',
      );
    }
    lines.push('});', '');
  }
  return lines.join('\n');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))];
}

/** Edit → diagnostics through `node dist/server.js --stdio`: each edit toggles the character, and waits for its version's diagnostics. */
async function overTheWire(text: string, at: number): Promise<number[]> {
  const client = new LspClient({ configuration: (section) => (section === 'syntheticsGitops' ? settings : null) });
  try {
    await client.initialize({ capabilities: { workspace: { configuration: true } } });
    const uri = 'file:///tmp/not-on-disk/journeys/shop.journey.ts';
    client.open(uri, text, 'typescript');
    await client.diagnosticsFor(uri);
    const times: number[] = [];
    const position = { line: text.slice(0, at).split('\n').length - 1, character: at - (text.lastIndexOf('\n', at - 1) + 1) };
    for (let i = 0; i < WARMUP / 4 + SERVER_EDITS; i++) {
      const version = i + 2;
      const published = client.diagnosticsFor(uri, (p: PublishDiagnosticsParams) => p.version === version);
      const start = performance.now();
      client.change(uri, version, [{ range: { start: position, end: { ...position, character: position.character + 1 } }, text: i % 2 ? '0' : '7' }]);
      const diagnostics = (await published).diagnostics;
      if (diagnostics.length !== (i % 2 ? 0 : 1)) throw new Error(`edit ${i}: ${diagnostics.length} diagnostics`);
      if (i >= WARMUP / 4) times.push(performance.now() - start);
    }
    return times;
  } finally {
    await client.stop();
  }
}

async function main(): Promise<void> {
  const base = journeyFile();
  // The edit: one character of the first journey's schedule, 10 ↔ 17 (valid, then reported).
  const at = base.indexOf('schedule: 10') + 'schedule: 1'.length;
  const variants = [base, base.slice(0, at) + '7' + base.slice(at + 1)];
  const analyser = createAnalyser();
  const reanalyse: number[] = [];
  for (let i = 0; i < WARMUP + EDITS; i++) {
    const text = variants[i % 2];
    const start = performance.now();
    const result = analyser.analyse(text, 'journey', settings);
    const elapsed = performance.now() - start;
    if (result.monitors.length !== JOURNEYS) throw new Error(`expected ${JOURNEYS} journeys, read ${result.monitors.length}`);
    if (i >= WARMUP) reanalyse.push(elapsed);
  }
  const analysis = analyser.analyse(base, 'journey', settings);
  const valueAt = base.indexOf('schedule: 10') + 'schedule: '.length;
  const keyAt = base.indexOf('    retestOnFailure') + 4;
  const completion: number[] = [];
  const hovers: number[] = [];
  for (let i = 0; i < WARMUP + EDITS; i++) {
    let start = performance.now();
    const items = complete(analysis, base, i % 2 ? valueAt : keyAt, { settings, tags: [] });
    const completed = performance.now() - start;
    if (!items.length) throw new Error('no completion items');
    start = performance.now();
    if (!hover(analysis, base, keyAt + 2)) throw new Error('no hover');
    const hovered = performance.now() - start;
    if (i >= WARMUP) {
      completion.push(completed);
      hovers.push(hovered);
    }
  }
  const lines = base.split('\n').length;
  const ms = (v: number) => `${v.toFixed(2)} ms`;
  console.log(`Journeys: a ${lines}-line journey file (${JOURNEYS} journeys, ${STEPS} steps each, monitor.use with 11 options), ${EDITS} one-character edits`);
  console.log(`  re-analysis after an edit: median ${ms(median(reanalyse))}, p95 ${ms(p95(reanalyse))}`);
  const wire = await overTheWire(base, at);
  console.log(`  edit → diagnostics over stdio (dist/server.js, ${SERVER_EDITS} edits): median ${ms(median(wire))}, p95 ${ms(p95(wire))}`);
  console.log(`  completion in monitor.use: median ${ms(median(completion))}, p95 ${ms(p95(completion))}`);
  console.log(`  hover in monitor.use: median ${ms(median(hovers))}, p95 ${ms(p95(hovers))}`);
  console.log(`  target: re-analysis median ≤ ${TARGET_MS} ms: ${median(reanalyse) <= TARGET_MS ? 'met' : 'NOT met'}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
