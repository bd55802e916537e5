// Renders monitors' statuses as `synthetics-gitops status` prints them: text (one line a monitor,
// coloured on a terminal), or JSON whose shape docs/cli.md documents for scripts and CI gates.

import { MonitorState, STATE_ORDER } from '../../protocol/monitorStatus';
import { Locate } from './renderPlan';
import { StatusReportItem, stateCounts } from './status';

export interface StatusContext {
  kibanaUrl: string;
  kibanaVersion: string;
  space: string;
  project: string;
}

const SYMBOL: Record<MonitorState, string> = { down: '✖', pending: '◌', 'not-in-kibana': '?', disabled: '○', up: '●' };
const COLOUR: Record<MonitorState, number> = { down: 31, pending: 33, 'not-in-kibana': 35, disabled: 2, up: 32 };
const WORDS: Record<MonitorState, string> = { down: 'down', pending: 'pending', 'not-in-kibana': 'not in Kibana', disabled: 'disabled', up: 'up' };

/** What the monitor's status says beyond its state: since when, where, and the last error. */
export function statusDetail(item: StatusReportItem): string {
  const count = (n: number) => `${n} location${n === 1 ? '' : 's'}`;
  switch (item.status) {
    case 'down': {
      const down = item.locations.filter((l) => l.status === 'down').map((l) => l.label);
      const where = `at ${down.join(', ')}${down.length < item.locations.length ? ` (${down.length} of ${count(item.locations.length)})` : ''}`;
      return [item.since && `since ${item.since}`, where].filter(Boolean).join(' ') + (item.lastError ? `: ${item.lastError.message}` : '');
    }
    case 'up':
      return [item.since ? `since ${item.since}` : item.checkedAt && `checked ${item.checkedAt}`, `at ${count(item.locations.length)}`].filter(Boolean).join(' ');
    case 'pending':
      return `no check reported yet at ${item.locations.filter((l) => l.status === 'pending').map((l) => l.label).join(', ') || 'any location'}`;
    case 'disabled':
      return 'disabled in Kibana';
    case 'not-in-kibana':
      return "Kibana's project has no such monitor: push it";
  }
}

export function renderStatusText(items: readonly StatusReportItem[], locate: Locate, ctx: StatusContext, colour: boolean): string {
  const paint = (code: number, text: string) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);
  const lines = [`Kibana ${ctx.kibanaVersion}, space "${ctx.space}", project "${ctx.project}"`, ''];
  for (const item of items) {
    const [first, ...more] = item.places;
    const at = locate(first.file, first.span);
    const place = `${first.file}:${at.line}:${at.column}${more.length ? ` (+${more.length} more)` : ''}`;
    lines.push(`${paint(COLOUR[item.status], `${SYMBOL[item.status]} ${WORDS[item.status]}`)} ${item.id}  "${item.name ?? ''}" (${item.type ?? '?'})  ${statusDetail(item)}  ${place}`);
  }
  if (items.length) lines.push('');
  const counts = stateCounts(items);
  const summary = STATE_ORDER.map((state) => `${counts[state]} ${WORDS[state]}`).join(', ');
  lines.push(`${items.length} monitor${items.length === 1 ? '' : 's'}: ${summary}.`);
  return lines.join('\n') + '\n';
}

/** Version 1 of the JSON format (docs/cli.md, "status"): stable for scripts. */
export function renderStatusJson(items: readonly StatusReportItem[], locate: Locate, ctx: StatusContext): string {
  const counts = stateCounts(items);
  const json = {
    version: 1,
    kibana: ctx.kibanaUrl,
    kibanaVersion: ctx.kibanaVersion,
    space: ctx.space,
    project: ctx.project,
    summary: { up: counts.up, down: counts.down, pending: counts.pending, disabled: counts.disabled, notInKibana: counts['not-in-kibana'] },
    monitors: items.map(({ places, ...status }) => ({ ...status, places: places.map((p) => ({ file: p.file, ...locate(p.file, p.span) })) })),
  };
  return JSON.stringify(json, null, 2) + '\n';
}
