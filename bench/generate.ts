// `npm run bench` (after bench/journeys.ts): `synthetics-gitops generate` of 100 journeys, in 100
// files sharing a local helper module, into one ConfigMap — the first run (100 entries created),
// a re-run on unchanged journeys (nothing written), and a run after one journey changed (one entry
// updated) — and `check` of the same. Each through the shipped dist/cli.js, start-up included.
// Prints the figures and the target (generate ≤ 3 s); the target is reported, never asserted.

import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const JOURNEYS = 100;
const REPEATS = 3;
const TARGET_MS = 3000;

const pad = (i: number) => String(i).padStart(3, '0');

function journeyFile(i: number, variant = ''): string {
  return [
    "import { journey, step, monitor, expect } from '@elastic/synthetics';",
    "import { login, addToCart, checkTotal } from './helpers/shop';",
    '',
    `journey('Shop flow ${pad(i)}', ({ page, params }) => {`,
    '  monitor.use({',
    `    id: 'shop-flow-${pad(i)}',`,
    `    schedule: ${[5, 10, 15][i % 3]},`,
    "    privateLocations: ['synthetic-monitor-default'],",
    `    tags: ['gitops-managed', 'shop', 'team-${i % 7}'],`,
    "    params: { url: 'https://shop.example.com' },",
    '  });',
    '',
    '  login(page, params.url);',
    `  step('search product ${i}${variant}', async () => {`,
    "    await page.fill('#search', 'product " + i + "');",
    "    await page.press('#search', 'Enter');",
    "    await expect(page.locator('.result')).toHaveCount(1);",
    '  });',
    `  addToCart(page, 'product ${i}');`,
    `  checkTotal(page, ${i}.99);`,
    '});',
    '',
  ].join('\n');
}

const HELPERS = `import { step, expect, Page } from '@elastic/synthetics';

export function login(page: Page, url: string) {
  step('log in', async () => {
    await page.goto(url + '/login');
    await page.fill('#user', 'synthetic');
    await page.fill('#password', 'not-a-secret');
    await page.click('button[type=submit]');
    await expect(page.locator('.account')).toBeVisible();
  });
}

export function addToCart(page: Page, product: string) {
  step(\`add \${product} to the cart\`, async () => {
    await page.click('.result .add');
    await expect(page.locator('.cart-count')).toHaveText('1');
  });
}

export function checkTotal(page: Page, total: number) {
  step('check the total', async () => {
    await expect(page.locator('.total')).toHaveText(total.toFixed(2));
  });
}
`;

function cli(args: string[], cwd: string): Promise<{ ms: number; code: number; stdout: string }> {
  const start = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      resolve({ ms: performance.now() - start, code: error ? Number((error as NodeJS.ErrnoException & { code?: number }).code ?? 1) : 0, stdout });
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sgo-bench-generate-'));
  try {
    await fs.mkdir(path.join(dir, 'journeys', 'helpers'), { recursive: true });
    await fs.writeFile(path.join(dir, 'journeys', 'helpers', 'shop.ts'), HELPERS);
    for (let i = 1; i <= JOURNEYS; i++) await fs.writeFile(path.join(dir, 'journeys', `shop-${pad(i)}.journey.ts`), journeyFile(i));
    const args = ['generate', 'journeys', '--configmap', 'k8s/browser-monitors.yaml'];

    const first: number[] = [];
    for (let r = 0; r < REPEATS; r++) {
      await fs.rm(path.join(dir, 'k8s'), { recursive: true, force: true });
      const run = await cli(args, dir);
      if (run.code !== 0 || !run.stdout.includes(`${JOURNEYS} created`)) throw new Error(`first generate failed: ${run.stdout}`);
      first.push(run.ms);
    }
    const configMap = await fs.readFile(path.join(dir, 'k8s', 'browser-monitors.yaml'), 'utf8');

    const again: number[] = [];
    for (let r = 0; r < REPEATS; r++) {
      const run = await cli(args, dir);
      if (!run.stdout.includes(`${JOURNEYS} unchanged`)) throw new Error(`re-run changed something: ${run.stdout}`);
      again.push(run.ms);
    }
    if ((await fs.readFile(path.join(dir, 'k8s', 'browser-monitors.yaml'), 'utf8')) !== configMap) throw new Error('re-run rewrote the ConfigMap');

    const oneChanged: number[] = [];
    for (let r = 0; r < REPEATS; r++) {
      await fs.writeFile(path.join(dir, 'journeys', 'shop-042.journey.ts'), journeyFile(42, ` (v${r + 1})`));
      const run = await cli(args, dir);
      if (!run.stdout.includes('0 created, 1 updated')) throw new Error(`one change: ${run.stdout}`);
      oneChanged.push(run.ms);
    }

    const check: number[] = [];
    for (let r = 0; r < REPEATS; r++) {
      const run = await cli(['check', '--journeys', 'journeys', '--configmaps', 'k8s'], dir);
      if (run.code !== 0) throw new Error(`check found issues: ${run.stdout}`);
      check.push(run.ms);
    }
    const startups: number[] = [];
    for (let r = 0; r < REPEATS; r++) startups.push((await cli(['--version'], dir)).ms);
    const startup = median(startups);

    const bytes = Buffer.byteLength(configMap);
    const rows = [
      ['generate, 100 journeys → new ConfigMap', median(first)],
      ['generate again, unchanged (nothing written)', median(again)],
      ['generate after 1 journey changed (1 entry updated)', median(oneChanged)],
      ['check, 100 journeys against 100 entries', median(check)],
      ['(CLI start-up alone: --version)', startup],
    ] as const;
    console.log(`\nGenerate: ${JOURNEYS} journeys (${JOURNEYS} files + 1 shared helper module) into one ConfigMap of ${(bytes / 1024).toFixed(0)} KB; median of ${REPEATS} runs of dist/cli.js`);
    for (const [label, ms] of rows) console.log(`  ${label.padEnd(52)} ${ms.toFixed(0).padStart(6)} ms`);
    const worst = Math.max(median(first), median(again), median(oneChanged));
    console.log(`  target: generate ≤ ${TARGET_MS} ms — ${worst <= TARGET_MS ? 'met' : 'NOT met'} (slowest ${worst.toFixed(0)} ms)`);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
