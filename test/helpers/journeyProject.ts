// For tests that run journeys for real: a page served on 127.0.0.1 with node:http, and a
// temporary @elastic/synthetics project (package.json, synthetics.config.ts, journey files) whose
// journeys visit it. Line numbers that tests assert are marked in the sources below.

import * as fs from 'node:fs';
import { processes } from '../../server/src/journeys/runner';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface PageServer {
  url: string;
  /** Requests answered so far: a journey that got its page is inside its step. */
  readonly requests: number;
  /** The User-Agent of each request, in order: a headless Chromium says HeadlessChrome. */
  readonly userAgents: string[];
  close(): Promise<void>;
}

const PAGE = `<!doctype html><html><head><title>Journey test</title><link rel="icon" href="data:,"></head><body>
<h1 id="title">Hello Synthetics</h1>
<input id="name"><button id="go" onclick="document.getElementById('out').textContent = 'Hi ' + document.getElementById('name').value">Go</button>
<p id="out"></p></body></html>`;

/** Serves the test page at every path. */
export async function servePage(): Promise<PageServer> {
  let requests = 0;
  const userAgents: string[] = [];
  const server = http.createServer((request, response) => {
    requests++;
    userAgents.push(request.headers['user-agent'] ?? '');
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    get requests() {
      return requests;
    },
    userAgents,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The failing assertion's line in fail.journey.ts (1-based), and its step call's. */
export const FAIL_LINE = 11;

/** Journey sources by file name; `url` and `greeting` come from the params. */
export const JOURNEYS: Record<string, string> = {
  'journeys/pass.journey.ts': `import { journey, step, expect } from '@elastic/synthetics';

journey('passes', ({ page, params }) => {
  step('open the page', async () => {
    await page.goto(params.url);
    await expect(page.locator('#title')).toHaveText('Hello Synthetics');
  });
  step('greet', async () => {
    await page.fill('#name', 'elastic');
    await page.click('#go');
    await expect(page.locator('#out')).toHaveText('Hi elastic');
  });
});
`,
  'journeys/fail.journey.ts': `import { journey, step, expect } from '@elastic/synthetics';

journey('fails', ({ page, params }) => {
  step('open the page', async () => {
    await page.goto(params.url);
  });
  step('expect the wrong greeting', async () => {
    await page.fill('#name', 'elastic');
    await page.click('#go');
    // The next line fails (FAIL_LINE).
    await expect(page.locator('#out')).toHaveText('Hi nobody', { timeout: 300 });
  });
  step('never runs', async () => {
    await page.goto(params.url);
  });
});
`,
  'journeys/helper.journey.ts': `import { journey, step, expect } from '@elastic/synthetics';
import { greet } from '../lib/greet';

journey('uses a helper', ({ page, params }) => {
  step('greet through the helper', async () => {
    await page.goto(params.url);
    await greet(page, 'helper');
    await expect(page.locator('#out')).toHaveText('Hi helper');
  });
});
`,
  'lib/greet.ts': `import type { Page } from '@elastic/synthetics';

export async function greet(page: Page, name: string): Promise<void> {
  await page.fill('#name', name);
  await page.click('#go');
}
`,
  'journeys/params.journey.ts': `import { journey, step } from '@elastic/synthetics';

journey('reads params', ({ page, params }) => {
  step('visit with the greeting', async () => {
    await page.goto(params.url + '?greeting=' + params.greeting + '&from=' + params.from);
  });
});
`,
  'journeys/slow.journey.ts': `import { journey, step } from '@elastic/synthetics';

journey('slow', ({ page, params }) => {
  step('waits a minute', async () => {
    await page.goto(params.url);
    await page.waitForTimeout(60000);
  });
});
`,
};

/** A project folder with package.json, a synthetics.config.ts whose params point at `url`, and JOURNEYS. */
export function journeyProject(url: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-journeys-'));
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'journey-test', private: true }),
    'synthetics.config.ts': `import type { SyntheticsConfig } from '@elastic/synthetics';

export default (env: string) => {
  const config: SyntheticsConfig = {
    params: { url: '${url}', greeting: 'config', from: env },
  };
  return config;
};
`,
    ...JOURNEYS,
  };
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

/** Children of a pid, zombies included (Linux). */
export function childrenOf(pid: number): number[] {
  return processes()
    .filter((p) => p.parent === pid)
    .map((p) => p.pid);
}

/** Pids whose process group is `group`, zombies (dead, not yet reaped) left out. */
export function groupMembers(group: number): number[] {
  return processes()
    .filter((p) => p.group === group && p.state !== 'Z')
    .map((p) => p.pid);
}

export function commandName(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Its program and arguments (empty once it is gone). */
export function commandLine(pid: number): string[] {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

export function environOf(pid: number): string[] {
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
  } catch {
    return [];
  }
}

/** Waits (up to 20 s) until the page server has answered more requests than `before`. */
export async function pageRequested(page: PageServer, before: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (page.requests <= before) {
    if (Date.now() > deadline) throw new Error('the journey never requested its page');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
