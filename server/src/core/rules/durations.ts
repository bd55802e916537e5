// `timeout` and `wait`: Heartbeat reads Go durations; Kibana's push keeps only `<integer><h|m|s>`
// and silently misreads anything else (a bare "16" becomes 1 second).

import { goDurationSeconds, kibanaDurationSeconds, kibanaMisreadSeconds, kibanaSchedule, scheduleSeconds } from '../kibana/facts';
import { cronInterval, parseCron } from '../cron';
import { MonitorContext, PLACEHOLDER, entryAt, nodeAt } from './context';

export function checkDurations(ctx: MonitorContext): void {
  for (const key of ['timeout', 'wait'] as const) {
    const entry = entryAt(ctx.monitor, key);
    if (!entry || entry.value.kind !== 'scalar' || entry.value.value === null) continue;
    const node = entry.value;
    const text = node.source || String(node.value);
    if (ctx.target === 'heartbeat' && PLACEHOLDER.test(text)) continue; // resolved before Heartbeat reads it
    if (ctx.format === 'browser-json') {
      // Browser configs take seconds: a number, or a string with a unit.
      if (typeof node.value === 'number' || kibanaDurationSeconds(text) !== undefined) continue;
    } else if (ctx.target === 'kibana') {
      if (kibanaDurationSeconds(text) !== undefined) continue;
      const seconds = /^\d+$/.test(text) ? Number(text) : goDurationSeconds(text);
      const misread = kibanaMisreadSeconds(text);
      const hint = seconds !== undefined && Number.isInteger(seconds) ? ` Write \`${seconds}s\`.` : ' Write a whole number with a unit, for example `16s` or `1m`.';
      ctx.report({
        code: 'duration-invalid',
        severity: 'error',
        message:
          `\`${key}\` is \`${text}\`: Kibana needs a whole number with one unit (\`s\`, \`m\` or \`h\`)` +
          (Number.isNaN(misread) ? ' and cannot read this value.' : `, and reads this as ${misread} second${misread === 1 ? '' : 's'}.`) +
          hint,
        span: node.span,
        fixes: seconds !== undefined && Number.isInteger(seconds) ? [{ title: `Change to \`${seconds}s\``, edits: [{ span: node.span, newText: `${seconds}s` }], preferred: true }] : undefined,
      });
      continue;
    } else if (goDurationSeconds(text) !== undefined) continue;
    const plain = /^\d+$/.test(text);
    ctx.report({
      code: 'duration-invalid',
      severity: 'error',
      message: `\`${key}\` is \`${text}\`: a duration needs a unit, for example \`${plain ? text : '16'}s\` or \`1m\`.`,
      span: node.span,
      fixes: plain ? [{ title: `Change to \`${text}s\``, edits: [{ span: node.span, newText: `${text}s` }], preferred: true }] : undefined,
    });
  }
  checkTimeoutAgainstSchedule(ctx);
}

/** Heartbeat skips runs when a check outlasts its schedule; Kibana's own form refuses it. */
function checkTimeoutAgainstSchedule(ctx: MonitorContext): void {
  if (ctx.type === 'browser' || ctx.format !== 'heartbeat') return;
  const timeout = nodeAt(ctx.monitor, 'timeout');
  const schedule = nodeAt(ctx.monitor, 'schedule');
  if (timeout?.kind !== 'scalar' || schedule?.kind !== 'scalar' || typeof schedule.value !== 'string') return;
  const timeoutSeconds = goDurationSeconds(timeout.source || String(timeout.value));
  if (timeoutSeconds === undefined) return;
  const every = /^@every\s+(.*)$/.exec(schedule.value.trim());
  let interval: number | undefined;
  let described: string;
  if (every) {
    const converted = ctx.target === 'kibana' ? kibanaSchedule(schedule.value) : undefined;
    interval = converted ? scheduleSeconds(converted) : goDurationSeconds(every[1]);
    described = `the schedule (every ${interval}s)`;
  } else {
    // Kibana refuses cron schedules (reported as such); Heartbeat runs them, at uneven gaps at times.
    const cron = ctx.target === 'heartbeat' ? parseCron(schedule.value) : undefined;
    const gaps = cron && 'cron' in cron ? cronInterval(cron.cron) : undefined;
    interval = gaps?.shortest;
    described = gaps?.even ? `the schedule (\`${schedule.value}\` runs every ${interval}s)` : `the schedule's shortest gap (\`${schedule.value}\` runs as little as ${interval}s apart)`;
  }
  if (interval !== undefined && timeoutSeconds > interval) {
    ctx.report({
      code: 'timeout-exceeds-schedule',
      severity: 'warning',
      message: `\`timeout\` (${timeoutSeconds}s) is longer than ${described}: runs that overlap are skipped. Keep the timeout at most ${interval}s.`,
      span: timeout.span,
    });
  }
}
