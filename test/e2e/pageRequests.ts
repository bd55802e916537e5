// The page side of the integration suite in code-server: the suite (in the extension host) cannot
// see or touch the workbench's DOM, so it logs a request line and polls for the answer file this
// side writes (suite.ts: askPage). Requests:
//   check-workbench  squiggles and Problems rows once rendered (+ screenshot when asked)
//   check-statusbar  each status-bar item's text and codicons
//   check-testing    the Test Explorer's rows, expanded (+ screenshot when asked)
//   check-view       the rows of the view { title }, as shown
//   answer-input     types { text } into the input box { title } and accepts it; answers whether it was a password box

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Page } from 'playwright-core';
import { log } from './codeServer';
import { answerInputBox, problemRows, testExplorerRows, viewRows } from './workbench';

export const PAGE_REQUEST_PREFIX = 'e2e:';

export interface PageRequest {
  request: 'check-workbench' | 'check-statusbar' | 'check-testing' | 'check-view' | 'answer-input';
  id: string;
  title?: string;
  text?: string;
}

/** Does what `line` asks and writes the answer (or `{ error }`) to `<dir>/<id>.json`, whole at once. */
export async function answerPageRequest(page: Page, line: string, dir: string, screenshot: string | undefined): Promise<void> {
  const request = JSON.parse(line.slice(PAGE_REQUEST_PREFIX.length)) as PageRequest;
  let answer: unknown;
  try {
    answer = await handle(page, request, screenshot);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`${request.request} failed: ${message}`);
    answer = { error: message };
  }
  const file = path.join(dir, `${request.id}.json`);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(answer));
  fs.renameSync(`${file}.tmp`, file);
}

async function handle(page: Page, request: PageRequest, screenshot: string | undefined): Promise<unknown> {
  switch (request.request) {
    case 'check-workbench': {
      await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 20_000 });
      const problems = await problemRows(page);
      if (screenshot) await page.screenshot({ path: screenshot });
      return { squiggles: await page.locator('.monaco-editor .squiggly-error').count(), problems };
    }
    case 'check-statusbar':
      return page.locator('.statusbar-item').evaluateAll((elements) =>
        elements.map((e) => ({
          text: (e.textContent ?? '').trim(),
          icons: [...e.querySelectorAll('.codicon')].map((icon) => [...icon.classList].find((c) => c.startsWith('codicon-')) ?? ''),
        })),
      );
    case 'check-testing': {
      const rows = await testExplorerRows(page);
      if (screenshot) await page.screenshot({ path: screenshot.replace(/(\.png)?$/, '-test-explorer.png') });
      return rows;
    }
    case 'check-view':
      return viewRows(page, request.title!);
    case 'answer-input':
      return answerInputBox(page, request.title!, request.text!);
  }
}
