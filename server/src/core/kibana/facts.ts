// Facts about what Kibana and `@elastic/synthetics push` accept (reference §4.3, §5, §6),
// kept in one place so rules, completion and hover agree.

import { memoised } from '../text/memo';

/** Schedules Kibana accepts, in minutes (both API flavours; the docs omit 2 and 20 but Kibana takes them). */
export const ALLOWED_MINUTES = [1, 2, 3, 5, 10, 15, 20, 30, 60, 120, 240];

/** Elastic-managed location aliases and the ids they stand for (same map in Kibana and the agent). */
export const PUBLIC_LOCATIONS: Record<string, string> = {
  japan: 'asia-northeast1-a',
  india: 'asia-south1-a',
  singapore: 'asia-southeast1-a',
  australia_east: 'australia-southeast1-a',
  united_kingdom: 'europe-west2-a',
  germany: 'europe-west3-a',
  canada_east: 'northamerica-northeast1-a',
  brazil: 'southamerica-east1-a',
  us_east: 'us-east4-a',
  us_west: 'us-west1-a',
};

/** What Kibana runs for a lightweight schedule: a minutes value, or the seconds string "10s"/"30s". */
export type KibanaSchedule = { minutes: number } | { seconds: 10 | 30 };

const EVERY = /^@every\s+(.+)$/;
const PART = /(\d+(?:\.\d+)?)([a-zµ]*)/gi;

/**
 * The agent's conversion of `@every <duration>` (its `parseSchedule`): seconds below a minute
 * become "10s" or "30s", everything else the nearest allowed minutes value, ties going up.
 * Undefined when the value is not an `@every` schedule the agent can read. Shared: not to be changed.
 */
export const kibanaSchedule: (value: string) => Readonly<KibanaSchedule> | undefined = memoised(readKibanaSchedule);

function readKibanaSchedule(value: string): Readonly<KibanaSchedule> | undefined {
  const match = EVERY.exec(value.trim());
  if (!match || !/^(\d+[smhd]?)+$/.test(match[1].replace(/\s+/g, ''))) return undefined;
  let minutes = 0;
  let seconds = 0;
  for (const [, n, unit] of match[1].replace(/\s+/g, '').matchAll(PART)) {
    const amount = Number(n);
    if (unit === 's') {
      if (amount < 60) seconds += amount;
      else minutes += Math.round(amount / 60);
    } else if (unit === 'm') minutes += amount;
    else if (unit === 'h') minutes += amount * 60;
    else if (unit === 'd') minutes += amount * 1440;
  }
  if (minutes === 0 && seconds === 0) return undefined;
  return Object.freeze(minutes === 0 ? { seconds: seconds < 20 ? 10 : 30 } : { minutes: nearestMinutes(minutes) });
}

/** The allowed minutes value nearest to `minutes`; a tie goes to the larger value. */
export function nearestMinutes(minutes: number): number {
  let best = ALLOWED_MINUTES[0];
  for (const allowed of ALLOWED_MINUTES) if (Math.abs(allowed - minutes) <= Math.abs(best - minutes)) best = allowed;
  return best;
}

export function scheduleSeconds(schedule: KibanaSchedule): number {
  return 'minutes' in schedule ? schedule.minutes * 60 : schedule.seconds;
}

export function formatSchedule(schedule: KibanaSchedule): string {
  return 'minutes' in schedule ? `@every ${schedule.minutes % 60 === 0 ? `${schedule.minutes / 60}h` : `${schedule.minutes}m`}` : `@every ${schedule.seconds}s`;
}

const GO_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Seconds in a Go duration (`1m30s`, `500ms`), as Heartbeat reads it; undefined if malformed. */
export const goDurationSeconds: (value: string) => number | undefined = memoised(readGoDuration);

function readGoDuration(value: string): number | undefined {
  const text = value.trim();
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, n, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(n) * GO_UNITS[unit];
  return total;
}

/**
 * Seconds Kibana stores for a project-monitor duration string (its `getValueInSeconds`): the last
 * character is the unit and the rest is read as an integer, so only `<integer><h|m|s>` is safe.
 */
export function kibanaDurationSeconds(value: string): number | undefined {
  const match = /^(\d+)([hms])$/.exec(value.trim());
  if (!match) return undefined;
  return Number(match[1]) * { h: 3600, m: 60, s: 1 }[match[2] as 'h' | 'm' | 's'];
}

/** What Kibana's `getValueInSeconds` actually makes of any string: for messages on bad input. */
export function kibanaMisreadSeconds(value: string): number {
  const unit = value.trim().slice(-1);
  const amount = parseInt(value.trim().slice(0, -1), 10);
  const factor = unit === 'h' ? 3600 : unit === 'm' ? 60 : 1;
  return Number.isNaN(amount) ? NaN : amount * factor;
}

/** Fleet's namespace rules: the message for a bad namespace, or undefined when it is valid. */
export function namespaceProblem(namespace: string): string | undefined {
  if (namespace.trim() === '') return 'is empty; a namespace is required';
  if (namespace !== namespace.toLowerCase()) return 'must be lowercase';
  if (/[*\\/?"<>|\s,#:-]/.test(namespace)) return 'contains a character Fleet refuses (one of `* \\ / ? " < > | , # : -` or whitespace); use `_` instead';
  if (new TextEncoder().encode(namespace).length > 100) return 'is longer than 100 bytes';
  return undefined;
}

/** Fleet's own wording for a bad namespace (isValidNamespace), in the order Fleet checks. */
export function fleetNamespaceError(namespace: string): string | undefined {
  const problem = namespaceProblem(namespace);
  if (problem === undefined) return undefined;
  if (problem.startsWith('is empty')) return 'Namespace is required';
  if (problem.startsWith('must be lowercase')) return 'Namespace must be lowercase';
  if (problem.startsWith('contains')) return 'Namespace contains invalid characters';
  return 'Namespace cannot be more than 100 bytes';
}
