// libbeat builds each `processors` item into one processor and refuses the whole list (Heartbeat
// does not start, or the monitor is not loaded) when an item names more or fewer than one action:
// "each processor must have exactly one action" (libbeat/processors/processor.go, `New`). An item
// with `if` is the if/then/else processor, whose `then` and `else` are processor lists themselves.
// Kibana refuses `processors` outright (see targetKeys.ts); this is for a standalone Heartbeat.

import { Finding } from '../findings';
import { Node, get } from '../tree';
import { MonitorContext, itemsOf, nodeAt } from './context';

/** A monitor's own `processors`. */
export function checkMonitorProcessors(ctx: MonitorContext): void {
  if (ctx.target === 'heartbeat' && ctx.format === 'heartbeat') checkProcessors(nodeAt(ctx.monitor, 'processors'), ctx.report);
}

/** A `processors` list (a single mapping counts as a list of one, as libbeat's config reader takes it). */
export function checkProcessors(list: Node | undefined, report: (f: Finding) => void): void {
  for (const item of itemsOf(list)) {
    if (item.kind === 'scalar' && item.value === null) continue;
    if (item.kind !== 'map') {
      report({
        code: 'processor-invalid',
        severity: 'error',
        message: 'A `processors` item must be a mapping of one action to its options, for example `- add_fields: {target: labels, fields: {team: infra}}`.',
        span: item.span,
      });
      continue;
    }
    if (get(item, 'if') !== undefined) {
      checkProcessors(get(item, 'then'), report);
      checkProcessors(get(item, 'else'), report);
      continue;
    }
    // libbeat reads `cache.ttl: 5m` as `cache: {ttl: 5m}`: the first part of a dotted key is the field.
    const actions = [...new Set(item.entries.map((e) => e.key.split('.')[0]))];
    if (actions.length === 1) continue;
    const [action, ...others] = actions;
    report({
      code: 'processor-invalid',
      severity: 'error',
      message:
        actions.length === 0
          ? 'Each processor must have exactly one action, but this item has none: write the action, for example `- add_host_metadata: ~`, or remove the item.'
          : `Each processor must have exactly one action, but this item has ${actions.length}: ${actions.map((a) => `\`${a}\``).join(', ')}, and Heartbeat refuses it. ` +
            `If ${others.map((a) => `\`${a}\``).join(', ')} ${others.length === 1 ? 'is an option' : 'are options'} of \`${action}\`, indent ${others.length === 1 ? 'it' : 'them'} under \`${action}\`; ` +
            'if each is an action, give each its own `- ` item.',
      span: item.entries[0]?.keySpan ?? item.span,
    });
  }
}
