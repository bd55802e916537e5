// Schedules: `@every` durations and cron for Heartbeat; for Kibana only `@every`, rounded by the
// push to the allowed frequencies, and `{number, unit}` objects in browser configs.

import { ALLOWED_MINUTES, formatSchedule, goDurationSeconds, kibanaSchedule, nearestMinutes, scheduleSeconds } from '../kibana/facts';
import { cronInterval, parseCron } from '../cron';
import { listValues } from '../suggest';
import { Node, get, stringValue } from '../tree';
import { MonitorContext, PLACEHOLDER, entryAt, monitorAnchor } from './context';

export function checkSchedule(ctx: MonitorContext): void {
  const entry = entryAt(ctx.monitor, 'schedule');
  if (!entry) {
    if (ctx.target === 'heartbeat') {
      ctx.report({ code: 'missing-required', severity: 'error', message: 'Heartbeat needs a `schedule`, for example `@every 1m`.', span: monitorAnchor(ctx.monitor) });
    }
    return;
  }
  const node = entry.value;
  if (ctx.format === 'browser-json' || node.kind === 'map' || (node.kind === 'scalar' && typeof node.value === 'number')) return checkMinutesSchedule(ctx, node);
  const value = stringValue(node);
  if (value === undefined) return; // wrong type: reported by the schema
  if (ctx.target === 'heartbeat') return checkHeartbeatSchedule(ctx, node, value);

  const converted = kibanaSchedule(value);
  if (!converted) {
    const suggestion = cronToEvery(value);
    ctx.report({
      code: 'schedule-invalid',
      severity: 'error',
      message:
        `\`schedule\` is \`${value}\`: Kibana project monitors take only \`@every <duration>\` schedules (units s, m, h, d), and the push aborts on anything else` +
        (suggestion ? `. Write \`${suggestion}\`.` : ', for example `@every 5m`.'),
      span: node.span,
      fixes: suggestion ? [{ title: `Change to \`${suggestion}\``, edits: [{ span: node.span, newText: suggestion }], preferred: true }] : undefined,
    });
    return;
  }
  if (ctx.type === 'browser' && 'seconds' in converted) {
    ctx.report({
      code: 'schedule-invalid',
      severity: 'error',
      message: `\`schedule\` is \`${value}\`: browser monitors run at most every minute in Kibana (10s and 30s are for lightweight monitors). Write \`@every 1m\` or longer.`,
      span: node.span,
      fixes: [{ title: 'Change to `@every 1m`', edits: [{ span: node.span, newText: '@every 1m' }], preferred: true }],
    });
    return;
  }
  const written = goDurationSeconds(value.replace(/^@every\s+/, '').replace(/(\d+)d/g, (_, d) => `${Number(d) * 24}h`));
  if (written !== scheduleSeconds(converted)) {
    const nearest = formatSchedule(converted);
    ctx.report({
      code: 'schedule-adjusted',
      severity: 'warning',
      message:
        `\`schedule\` is \`${value}\`, which Kibana does not support: the push will run it \`${nearest}\`. ` +
        `Supported: 10s and 30s (lightweight only) or ${listValues(ALLOWED_MINUTES)} minutes.`,
      span: node.span,
      fixes: [{ title: `Change to \`${nearest}\``, edits: [{ span: node.span, newText: nearest }], preferred: true }],
    });
  }
}

function checkHeartbeatSchedule(ctx: MonitorContext, node: Node, value: string): void {
  if (PLACEHOLDER.test(value)) return; // resolved before Heartbeat reads it: an environment variable, or autodiscover's `${data.*}`
  const every = /^@every\s+(.*)$/.exec(value.trim());
  if (every) {
    const seconds = goDurationSeconds(every[1]);
    if (seconds === undefined || seconds <= 0) {
      ctx.report({
        code: 'schedule-invalid',
        severity: 'error',
        message: `\`schedule\` is \`${value}\`: after \`@every\` Heartbeat expects a Go duration such as \`30s\`, \`5m\` or \`1h30m\` (units ns, us, ms, s, m, h; no \`d\`).`,
        span: node.span,
      });
    }
    return;
  }
  const cron = parseCron(value);
  if ('error' in cron) {
    ctx.report({
      code: 'schedule-invalid',
      severity: 'error',
      message:
        `\`schedule\` is \`${value}\`, which Heartbeat cannot read as a cron expression: ${cron.error}. ` +
        'Write `@every <duration>` or cron fields `[second] minute hour day-of-month month day-of-week [year]` (with six fields the sixth is the year).',
      span: node.span,
    });
  }
}

/** Browser configs and numeric schedules: a number of minutes from the allowed list. */
function checkMinutesSchedule(ctx: MonitorContext, node: Node): void {
  let number: string | undefined;
  let unit = 'm';
  let numberNode = node;
  if (node.kind === 'map') {
    const n = get(node, 'number');
    number = stringValue(n);
    unit = stringValue(get(node, 'unit')) ?? 'm';
    if (n) numberNode = n;
  } else number = stringValue(node);
  if (number === undefined) return;
  const value = Number(number);
  if (unit === 's') {
    if (ctx.type === 'browser') {
      ctx.report({
        code: 'schedule-invalid',
        severity: 'error',
        message: 'Browser monitors run at most every minute: `schedule.unit` must be `m` (10 and 30 seconds are for lightweight monitors).',
        span: node.span,
      });
    } else if (value !== 10 && value !== 30) {
      ctx.report({ code: 'schedule-invalid', severity: 'error', message: `A schedule in seconds must be 10 or 30, not ${number}.`, span: numberNode.span });
    }
    return;
  }
  if (!Number.isInteger(value) || !ALLOWED_MINUTES.includes(value)) {
    const nearest = Number.isFinite(value) ? nearestMinutes(value) : 10;
    ctx.report({
      code: 'schedule-invalid',
      severity: 'error',
      message: `\`schedule\` is ${number} minutes; Kibana accepts ${listValues(ALLOWED_MINUTES)} minutes. The nearest is ${nearest}.`,
      span: numberNode.span,
      fixes: [{ title: `Change to ${nearest} minutes`, edits: [{ span: numberNode.span, newText: numberText(numberNode, nearest) }], preferred: true }],
    });
  }
}

/** Keeps the way the number was written: `"10"` stays a quoted string. */
function numberText(node: Node, value: number): string {
  if (node.kind !== 'scalar' || typeof node.value !== 'string') return String(value);
  return node.style === 'single' ? `'${value}'` : node.style === 'plain' ? String(value) : `"${value}"`;
}

/** The `@every` a cron expression whose runs are evenly spaced amounts to, for the fix. */
function cronToEvery(value: string): string | undefined {
  const cron = parseCron(value);
  const interval = 'cron' in cron ? cronInterval(cron.cron) : undefined;
  return interval?.even ? formatEvery(interval.shortest) : undefined;
}

function formatEvery(seconds: number): string | undefined {
  const schedule = kibanaSchedule(`@every ${seconds}s`);
  return schedule ? formatSchedule(schedule) : undefined;
}
