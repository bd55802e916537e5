// Heartbeat's cron schedules. Heartbeat hands every schedule that is not `@every` to
// gorhill/cronexpr (heartbeat/scheduler/schedule/cron/cron.go); this reads them the same way
// (cronexpr.go, cronexpr_parse.go, cronexpr_next.go): 5 fields are minutes to day-of-week, 6 add
// the YEAR at the end (not seconds at the front), 7 are seconds to year, fields past the 7th are
// ignored, and `@hourly`, `@daily`, `@weekly`, `@monthly`, `@yearly`/`@annually` stand for their
// 7-field forms. Day of month and day of week both restricted means either matches.

export interface Cron {
  seconds: number[];
  minutes: number[];
  hours: number[];
  months: number[];
  years: number[];
  dom: { restricted: boolean; days: Set<number>; workdays: Set<number>; last: boolean; lastWorkday: boolean };
  dow: { restricted: boolean; days: Set<number>; nth: Set<number>; last: Set<number> };
}

interface Field {
  name: string;
  min: number;
  max: number;
  /** cronexpr's value pattern: what one value may look like. */
  value: string;
  atoi(token: string): number;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** cronexpr's number tokens: 0–59 (with a leading zero up to 09) and the years 1970–2099; anything else reads as 0. */
function atoi(token: string): number {
  return /^(0?\d|[1-5]\d|19[7-9]\d|20\d\d)$/.test(token) ? Number(token) : 0;
}

const SECOND: Field = { name: 'second', min: 0, max: 59, value: '0?[0-9]|[1-5][0-9]', atoi };
const MINUTE: Field = { ...SECOND, name: 'minute' };
const HOUR: Field = { name: 'hour', min: 0, max: 23, value: '0?[0-9]|1[0-9]|2[0-3]', atoi };
const DOM: Field = { name: 'day-of-month', min: 1, max: 31, value: '0?[1-9]|[12][0-9]|3[01]', atoi };
const MONTH: Field = {
  name: 'month',
  min: 1,
  max: 12,
  value: ['0?[1-9]|1[012]', ...MONTHS, ...MONTH_NAMES].join('|'),
  // Names and 1–12 only: cronexpr has no token for `01`…`09` here, so they read as month 0 (never).
  atoi: (t) => (/^([1-9]|1[012])$/.test(t) ? Number(t) : Math.max(MONTHS.indexOf(t), MONTH_NAMES.indexOf(t)) + 1),
};
const DOW: Field = {
  name: 'day-of-week',
  min: 0,
  max: 6,
  value: ['0?[0-7]', ...DAYS, ...DAY_NAMES].join('|'),
  atoi: (t) => (/^[0-7]$/.test(t) ? Number(t) % 7 : Math.max(0, DAYS.indexOf(t), DAY_NAMES.indexOf(t))),
};
const YEAR: Field = { name: 'year', min: 1970, max: 2099, value: '19[789][0-9]|20[0-9]{2}', atoi };

const ALIASES: Record<string, string> = {
  '@yearly': '0 0 0 1 1 * *',
  '@annually': '0 0 0 1 1 * *',
  '@monthly': '0 0 0 1 * * *',
  '@weekly': '0 0 0 * * 0 *',
  '@daily': '0 0 0 * * * *',
  '@hourly': '0 0 * * * * *',
};

type Directive = { kind: 'all' } | { kind: 'span'; first: number; last: number; step: number } | { kind: 'other'; text: string };

/** Reads a cron expression as Heartbeat does; the error says what cronexpr would refuse. */
export function parseCron(expression: string): { cron: Cron } | { error: string } {
  const text = expression.replace(/@(yearly|annually|monthly|weekly|daily|hourly)/g, (alias) => ALIASES[alias]);
  const fields = text.match(/\S+/g) ?? [];
  if (fields.length < 5) return { error: `it has ${fields.length} field${fields.length === 1 ? '' : 's'}, and at least 5 are needed` };
  const used = fields.slice(0, 7);
  const withSeconds = used.length === 7;
  const [second, minute, hour, dom, month, dow, year] = withSeconds ? used : ['0', ...used];
  try {
    const cron: Cron = {
      seconds: values(second, SECOND),
      minutes: values(minute, MINUTE),
      hours: values(hour, HOUR),
      months: values(month, MONTH),
      years: year === undefined ? range(YEAR.min, YEAR.max, 1) : values(year, YEAR),
      dom: { restricted: true, days: new Set(), workdays: new Set(), last: false, lastWorkday: false },
      dow: { restricted: true, days: new Set(), nth: new Set(), last: new Set() },
    };
    for (const d of directives(dom, DOM)) {
      if (d.kind === 'other') {
        const workday = new RegExp(`^(${DOM.value})w$`).exec(d.text);
        if (d.text === 'l') cron.dom.last = true;
        else if (d.text === 'lw') cron.dom.lastWorkday = true;
        else if (workday) cron.dom.workdays.add(DOM.atoi(workday[1]));
        else throw new Error(`the day-of-month field cannot hold \`${d.text}\``);
      } else {
        if (d.kind === 'all') cron.dom.restricted = false;
        for (const v of expand(d, DOM)) cron.dom.days.add(v);
      }
    }
    for (const d of directives(dow, DOW)) {
      if (d.kind === 'other') {
        const last = new RegExp(`^(${DOW.value})l$`).exec(d.text);
        const nth = new RegExp(`^(${DOW.value})#([1-5])$`).exec(d.text);
        if (last) cron.dow.last.add(DOW.atoi(last[1]));
        else if (nth) cron.dow.nth.add((Number(nth[2]) - 1) * 7 + DOW.atoi(nth[1]));
        else throw new Error(`the day-of-week field cannot hold \`${d.text}\``);
      } else {
        if (d.kind === 'all') cron.dow.restricted = false;
        for (const v of expand(d, DOW)) cron.dow.days.add(v);
      }
    }
    return { cron };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

function directives(field: string, f: Field): Directive[] {
  const entries = field.toLowerCase().match(/[^,]+/g);
  if (!entries) throw new Error(`the ${f.name} field holds no value`);
  return entries.map((text): Directive => {
    const v = f.value;
    if (text === '*' || text === '?') return { kind: 'all' };
    let m = new RegExp(`^(${v})$`).exec(text);
    if (m) return { kind: 'span', first: f.atoi(m[1]), last: f.atoi(m[1]), step: 1 };
    m = new RegExp(`^(${v})-(${v})$`).exec(text);
    if (m) return { kind: 'span', first: f.atoi(m[1]), last: f.atoi(m[2]), step: 1 };
    m = /^\*\/(\d+)$/.exec(text) ?? new RegExp(`^(${v})/(\\d+)$`).exec(text) ?? new RegExp(`^(${v})-(${v})/(\\d+)$`).exec(text);
    if (m) {
      const step = atoi(m[m.length - 1]);
      if (step < 1 || step > f.max) throw new Error(`the ${f.name} step in \`${text}\` must be from 1 to ${f.max}`);
      const first = m.length > 2 ? f.atoi(m[1]) : f.min;
      return { kind: 'span', first, last: m.length > 3 ? f.atoi(m[2]) : f.max, step };
    }
    return { kind: 'other', text };
  });
}

/** The values of a plain field; a `*` anywhere before a bad entry wins, as in cronexpr. */
function values(field: string, f: Field): number[] {
  const set = new Set<number>();
  for (const d of directives(field, f)) {
    if (d.kind === 'all') return range(f.min, f.max, 1);
    if (d.kind === 'other') throw new Error(`the ${f.name} field cannot hold \`${d.text}\``);
    for (const v of expand(d, f)) set.add(v);
  }
  return [...set].sort((a, b) => a - b);
}

function expand(d: Directive, f: Field): number[] {
  return d.kind === 'all' ? range(f.min, f.max, 1) : d.kind === 'span' ? range(d.first, d.last, d.step) : [];
}

function range(first: number, last: number, step: number): number[] {
  const out: number[] = [];
  for (let v = first; v <= last; v += step) out.push(v);
  return out;
}

const DAY = 86_400;

/**
 * The shortest time between two consecutive runs, in seconds (undefined when it runs at most once),
 * and whether all runs are evenly spaced (every day alike). Daylight-saving shifts are ignored.
 */
export function cronInterval(cron: Cron): { shortest: number; even: boolean } | undefined {
  const times: number[] = [];
  for (const h of cron.hours) for (const m of cron.minutes) for (const s of cron.seconds) times.push(h * 3600 + m * 60 + s);
  const days = runDays(cron);
  if (times.length === 0 || !days.any) return undefined;
  const gaps = times.slice(1).map((t, i) => t - times[i]);
  if (days.shortestGap !== undefined) gaps.push(days.shortestGap * DAY - times[times.length - 1] + times[0]);
  if (gaps.length === 0) return undefined;
  const shortest = gaps.reduce((a, b) => Math.min(a, b));
  const everyDay = !cron.dom.restricted && !cron.dow.restricted && cron.months.length === 12 && cron.years.length === YEAR.max - YEAR.min + 1;
  return { shortest, even: everyDay && gaps.every((g) => g === shortest) };
}

/** Whether the schedule runs on any day of cronexpr's years, and the fewest days between two it runs on. */
function runDays(cron: Cron): { any: boolean; shortestGap?: number } {
  let previous: number | undefined;
  let shortestGap: number | undefined;
  for (const year of cron.years) {
    for (const month of cron.months) {
      if (month < 1 || month > 12) continue;
      const first = Date.UTC(year, month - 1, 1) / (DAY * 1000);
      for (const day of daysOfMonth(cron, year, month)) {
        const index = first + day - 1;
        if (previous !== undefined) shortestGap = Math.min(shortestGap ?? Infinity, index - previous);
        if (shortestGap === 1) return { any: true, shortestGap };
        previous = index;
      }
    }
  }
  return { any: previous !== undefined, shortestGap };
}

/** The days of a month the schedule runs on (cronexpr's calculateActualDaysOfMonth). */
function daysOfMonth(cron: Cron, year: number, month: number): number[] {
  const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const weekday = (day: number) => new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  if (!cron.dom.restricted && !cron.dow.restricted) return range(1, length, 1);
  const days = new Set<number>();
  if (cron.dom.restricted) {
    if (cron.dom.last) days.add(length);
    if (cron.dom.lastWorkday) days.add(nearestWorkday(length, weekday(length), length));
    for (const d of cron.dom.days) if (d <= length) days.add(d);
    for (const d of cron.dom.workdays) if (d <= length) days.add(nearestWorkday(d, weekday(d), length));
  }
  if (cron.dow.restricted) {
    const firstWeekday = weekday(1);
    const firstOf = (dow: number) => 1 + ((dow - firstWeekday + 7) % 7);
    for (const dow of cron.dow.days) for (let d = firstOf(dow); d <= length; d += 7) days.add(d);
    for (const nth of cron.dow.nth) {
      const d = firstOf(nth % 7) + 7 * Math.floor(nth / 7);
      if (d <= length) days.add(d);
    }
    for (const dow of cron.dow.last) days.add(length - ((weekday(length) - dow + 7) % 7));
  }
  return [...days].sort((a, b) => a - b);
}

/** `15W`: the weekday nearest the 15th, not crossing the month. */
function nearestWorkday(day: number, weekday: number, length: number): number {
  if (weekday === 6) return day > 1 ? day - 1 : day + 2;
  if (weekday === 0) return day < length ? day + 1 : day - 2;
  return day;
}
