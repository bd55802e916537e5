// What a user does and sees in VS Code's workbench, through Playwright: the command palette, quick
// open, modal dialogs, input boxes, squiggles, the Problems panel and the Test Explorer. Shared by
// the integration runner's page requests (pageRequests.ts) and the UI tests (ui.ts). Selectors are
// the workbench's own classes (VS Code 1.139, as code-server 4.139 ships it).

import { Page } from 'playwright-core';
import { eventually } from '../helpers/eventually';

const WAIT_MS = 30_000;

/** Attempts of a quick-input interaction: a page that takes focus (the walkthrough re-rendering) closes the picker. */
const ATTEMPT_MS = 5_000;

/**
 * Opens the palette afresh (F1) and types `query` into it. A palette still open from an attempt before
 * is closed first: it keeps the commands known when it opened, and the extension's may have come since.
 */
async function typeInPalette(page: Page, query: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  if (await input.isVisible()) {
    await page.keyboard.press('Escape');
    await input.waitFor({ state: 'hidden', timeout: ATTEMPT_MS });
  }
  await page.keyboard.press('F1');
  await input.fill(`>${query}`, { timeout: ATTEMPT_MS });
}

/** Runs a command by its palette title (F1, type, pick the exact row); opens the palette again if it closed. */
export async function runFromPalette(page: Page, title: string): Promise<void> {
  await eventually(async () => {
    await typeInPalette(page, title);
    // Typing is answered asynchronously: pick the row once it is there, never after a fixed delay.
    await page.locator('.quick-input-list .monaco-list-row:visible', { hasText: title }).first().click({ timeout: ATTEMPT_MS });
  }, WAIT_MS);
}

/** Opens a workspace file through quick open (Ctrl+P), waiting for its editor tab. */
export async function quickOpen(page: Page, relative: string): Promise<void> {
  const name = relative.split('/').pop()!;
  await eventually(async () => {
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill(relative, { timeout: ATTEMPT_MS });
    await page.locator('.quick-input-list .monaco-list-row:visible', { hasText: name }).first().click({ timeout: ATTEMPT_MS });
  }, WAIT_MS);
  await activeTab(page, name).waitFor({ timeout: WAIT_MS });
}

/** Moves the cursor to the end of `line` (Ctrl+G), waiting for the status bar to say so. */
export async function goToLineEnd(page: Page, line: number): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: WAIT_MS });
  await input.fill(`:${line}`);
  await input.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: WAIT_MS });
  await page.keyboard.press('End');
  await cursorAt(page, line);
}

/** Waits for the status bar's cursor position to be on `line` (and `column`, when given). */
export async function cursorAt(page: Page, line: number, column?: number): Promise<void> {
  const text = column === undefined ? new RegExp(`^Ln ${line}, Col \\d+`) : new RegExp(`^Ln ${line}, Col ${column}\\b`);
  await page.locator('.statusbar-item', { hasText: text }).first().waitFor({ timeout: WAIT_MS });
}

/** The editor's lines as rendered, with Monaco's non-breaking spaces as spaces. */
export async function editorLines(page: Page, editor = page.locator('.editor-group-container .monaco-editor').first()): Promise<string[]> {
  return (await editor.locator('.view-line').allInnerTexts()).map((line) => line.replace(/\u00a0/g, ' '));
}

export function activeTab(page: Page, label: string) {
  return page.locator('.editor-group-container .tab.active', { hasText: label });
}

/** Types into the input box titled `title` (a password box included) once it shows, and accepts it; says whether it hid what was typed. */
export async function answerInputBox(page: Page, title: string, text: string): Promise<{ password: boolean }> {
  // The widget is shared with the palette that may have just run the command: wait for this box's title.
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ timeout: WAIT_MS });
  const input = page.locator('.quick-input-widget input');
  const password = (await input.getAttribute('type')) === 'password';
  await input.pressSequentially(text);
  await input.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: WAIT_MS });
  return { password };
}

/** Clicks the button labelled `label` of the modal dialog once it shows; returns the dialog's message and detail. */
export async function answerDialog(page: Page, label: string): Promise<{ message: string; detail: string }> {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: WAIT_MS });
  const [message, detail] = await Promise.all(['.dialog-message-text', '.dialog-message-detail'].map(async (s) => ((await dialog.locator(s).textContent()) ?? '').trim()));
  await dialog.locator('.dialog-buttons .monaco-button', { hasText: label }).click({ timeout: WAIT_MS });
  await dialog.waitFor({ state: 'hidden', timeout: WAIT_MS });
  return { message, detail };
}

/** The Problems panel's rows as rendered (opened when needed). */
export async function problemRows(page: Page): Promise<string[]> {
  const rows = page.locator('.markers-panel .monaco-list-row');
  if (!(await rows.count())) await page.keyboard.press('Control+Shift+M');
  await rows.first().waitFor({ timeout: WAIT_MS });
  return rows.allInnerTexts();
}

/** The Test Explorer's rows once every item is expanded (the view must be showing). */
export async function testExplorerRows(page: Page): Promise<{ text: string; label: string }[]> {
  const rows = page.locator('.test-explorer .monaco-list-row');
  await rows.first().waitFor({ timeout: WAIT_MS });
  // Each expansion may reveal more collapsed items; the tree is small, the bound only guards a loop.
  for (let i = 0; i < 50; i++) {
    const collapsed = page.locator('.test-explorer .monaco-list-row[aria-expanded="false"]');
    if (!(await collapsed.count())) break;
    const index = await collapsed.first().getAttribute('data-index');
    await collapsed.first().locator('.monaco-tl-twistie').click();
    // Expanded before the next look, so the same row is never clicked twice (which would fold it).
    await page.locator(`.test-explorer .monaco-list-row[data-index="${index}"][aria-expanded="true"]`).waitFor({ timeout: WAIT_MS });
  }
  return rows.evaluateAll((elements) => elements.map((e) => ({ text: (e.textContent ?? '').trim(), label: e.getAttribute('aria-label') ?? '' })));
}

/** The rows of the view titled `title` as rendered (the view must be showing), with their tree depth. */
export async function viewRows(page: Page, title: string): Promise<{ text: string; level: number }[]> {
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: title }) }).first();
  const rows = pane.locator('.monaco-list-row');
  await rows.first().waitFor({ timeout: WAIT_MS });
  return rows.evaluateAll((elements) => elements.map((e) => ({ text: (e.textContent ?? '').trim(), level: Number(e.getAttribute('aria-level') ?? 0) })));
}

/**
 * The palette's command rows for `query`, read once the row `shown` is among them (so the list is
 * filtered, not still filling), then the palette is closed. For what the palette must not offer.
 */
export async function paletteRows(page: Page, query: string, shown: string): Promise<string[]> {
  const rows = page.locator('.quick-input-list .monaco-list-row:visible');
  const texts = await eventually(async () => {
    await typeInPalette(page, query);
    await rows.filter({ hasText: shown }).first().waitFor({ timeout: ATTEMPT_MS });
    return rows.allInnerTexts();
  }, WAIT_MS);
  await page.keyboard.press('Escape');
  return texts;
}

/** The notification toast saying `text` once it shows: its message; `button`, when given, is clicked. */
export async function answerNotification(page: Page, text: string | RegExp, button?: string): Promise<string> {
  // Once faded in: shown in full (a screenshot taken earlier catches it half transparent).
  const toast = page.locator('.notifications-toasts .notification-toast.notification-fade-in-done', { hasText: text }).first();
  await toast.waitFor({ timeout: WAIT_MS });
  const message = ((await toast.locator('.notification-list-item-message').textContent()) ?? '').trim();
  if (button) await toast.locator('.monaco-button', { hasText: button }).click({ timeout: WAIT_MS });
  return message;
}
