// How monitors' statuses read in the editor: the lens above each monitor, its tooltip, the view's
// rows, and when to ask Kibana again. No `vscode` import, so this stays testable outside VS Code.

import type { MonitorState, MonitorStatus } from '../../../server/src/protocol/monitorStatus';

/** Statuses are asked for again after this long, while Kibana answers. */
export const REFRESH_MS = 60_000;
/** The longest wait after failures: the backoff doubles up to it. */
export const MAX_BACKOFF_MS = 15 * 60_000;

/** The wait before the next request: the interval, doubled for each failure in a row (60 s, 2 min, 4 min, … 15 min). */
export function nextRefreshMs(failures: number): number {
  return Math.min(REFRESH_MS * 2 ** Math.max(0, failures), MAX_BACKOFF_MS);
}

export const STATE_SYMBOL: Record<MonitorState, string> = { down: '✖', pending: '◌', 'not-in-kibana': '○', disabled: '○', up: '●' };
export const STATE_LABEL: Record<MonitorState, string> = { down: 'Down', pending: 'Pending', 'not-in-kibana': 'Not in Kibana', disabled: 'Disabled', up: 'Up' };

/** `10:02` today, `2026-05-03 10:02` another day, in local time. */
export function shortTime(iso: string, now = new Date()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = `${pad(at.getHours())}:${pad(at.getMinutes())}`;
  return at.toDateString() === now.toDateString() ? clock : `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${clock}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function clip(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** What follows the state: since when and where, or the last error when down. */
export function statusSummary(m: MonitorStatus, now = new Date()): string {
  const since = m.since ? ` since ${shortTime(m.since, now)}` : '';
  switch (m.status) {
    case 'up':
      return `up${since} · ${plural(m.locations.length, 'location')}${!m.since && m.checkedAt ? ` · checked ${shortTime(m.checkedAt, now)}` : ''}`;
    case 'down': {
      const where = m.locations.filter((l) => l.status === 'down').map((l) => l.label);
      return `down${since}${m.lastError ? ` — ${clip(m.lastError.message, 80)}` : ` at ${where.join(', ')}`}`;
    }
    case 'pending':
      return 'pending · no check reported yet';
    case 'disabled':
      return 'disabled in Kibana';
    case 'not-in-kibana':
      return 'not in Kibana';
  }
}

/** The lens: `● up since 10:02 · 2 locations`, `✖ down since 10:05 — connection refused`. */
export function lensTitle(m: MonitorStatus, now = new Date()): string {
  return `${STATE_SYMBOL[m.status]} ${statusSummary(m, now)}`;
}

/** The details, one fact a line: each location, the last error, where the status comes from. */
export function statusDetails(m: MonitorStatus, target: string, now = new Date()): string[] {
  const lines = [`${m.id}${m.name && m.name !== m.id ? ` "${m.name}"` : ''} (${m.type ?? '?'}): ${statusSummary(m, now).replace(/ — .*$/, '')}`];
  for (const l of m.locations) lines.push(`  ${l.label}: ${l.status}`);
  if (m.lastError) lines.push(`Last error${m.lastError.at ? ` (${shortTime(m.lastError.at, now)})` : ''}: ${m.lastError.message}`);
  lines.push(m.status === 'not-in-kibana' ? `Kibana ${target} has no monitor with this id: push it.` : `Kibana ${target}${m.checkedAt ? `, last check ${shortTime(m.checkedAt, now)}` : ''}.`);
  return lines;
}
