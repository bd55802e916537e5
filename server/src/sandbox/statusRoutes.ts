// Monitors' live status. The sandbox runs no monitor, so what its overview status route reports is
// set through a route of its own (`PUT /s/{space}/_sandbox/statuses`), by tests and by the demo.
// The overview answers as Kibana's newest `server/routes/overview_status/overview_status_service.ts`
// does (one entry per monitor keyed by config id, with its locations; core/kibana/status.ts reads
// every shape), and before 8.7 with counts only (versions.ts `overviewStatusConfigs`).

import { PUBLIC_LOCATIONS } from '../core/kibana/facts';
import { overallState } from '../core/kibana/status';
import { KibanaLocation } from '../core/kibana/types';
import { Reply, Route, RouteRequest, boom, isObject, ok, unknownQueryKey } from './routing';
import { SandboxState, SavedMonitor } from './state';

/** The route's query keys (`server/routes/common.ts` OverviewStatusSchema); accepted, not emulated: our client sends none. */
const OVERVIEW_QUERY = [
  'query', 'filter', 'tags', 'monitorTypes', 'locations', 'projects', 'schedules', 'status', 'monitorQueryIds', 'showFromAllSpaces', 'useLogicalAndFor', 'scopeStatusByLocation',
];

const locationsOf = (saved: SavedMonitor) => (Array.isArray(saved.attributes.locations) ? (saved.attributes.locations as KibanaLocation[]) : []);
const configIdOf = (saved: SavedMonitor) => String(saved.attributes.config_id);

/** One monitor as the overview lists it: each location's status, and where it is down, since when and why. */
function overviewEntry(saved: SavedMonitor, state: SandboxState) {
  const a = saved.attributes;
  const enabled = a.enabled !== false;
  const checks = locationsOf(saved).map((l) => ({ location: l, check: enabled ? state.statusAt(configIdOf(saved), l.id) : undefined }));
  const locations = checks.map(({ location, check }) => ({
    id: location.id,
    label: location.label,
    status: enabled ? (check?.status ?? ('pending' as const)) : ('disabled' as const),
    ...(check?.status === 'down' && { downSince: check.since, ...(check.error !== undefined && { error: { message: check.error } }) }),
  }));
  const timestamp = checks.map((c) => c.check?.timestamp).filter((t): t is string => !!t).sort().pop();
  return {
    monitorQueryId: String(a.id),
    configId: configIdOf(saved),
    name: String(a.name),
    schedule: String((a.schedule as { number?: string } | undefined)?.number ?? ''),
    tags: Array.isArray(a.tags) ? a.tags : [],
    isEnabled: enabled,
    isStatusAlertEnabled: (a.alert as { status?: { enabled?: boolean } } | undefined)?.status?.enabled !== false,
    type: String(a.type),
    overallStatus: enabled ? overallState(locations) : 'disabled',
    locations,
    ...(a.project_id ? { projectId: String(a.project_id) } : {}),
    updated_at: saved.updated_at,
    ...(timestamp && { timestamp }),
  };
}

function overview({ query, state, space }: RouteRequest): Reply {
  const problem = unknownQueryKey(query, OVERVIEW_QUERY);
  if (problem) return problem;
  const monitors = state.monitorsIn(space);
  const entries = monitors.map((m) => overviewEntry(m, state));
  const located = entries.flatMap((e) => e.locations);
  const count = (status: string) => located.filter((l) => l.status === status).length;
  const enabled = monitors.filter((m) => m.attributes.enabled !== false).map((m) => String(m.attributes.id));
  if (!state.has('overviewStatusConfigs')) {
    // 8.6 (PR #140568): the overview's counters, and no monitor named.
    return ok({ enabledIds: enabled, disabledCount: count('disabled'), up: count('up'), down: count('down') });
  }
  const bucket = (status: string) => Object.fromEntries(entries.filter((e) => e.overallStatus === status).map((e) => [e.configId, e]));
  return ok({
    allMonitorsCount: monitors.length,
    disabledMonitorsCount: monitors.length - enabled.length,
    projectMonitorsCount: monitors.filter((m) => m.attributes.project_id).length,
    up: count('up'),
    down: count('down'),
    pending: entries.filter((e) => e.overallStatus === 'pending').length,
    disabledCount: count('disabled'),
    upConfigs: bucket('up'),
    downConfigs: bucket('down'),
    pendingConfigs: bucket('pending'),
    disabledConfigs: bucket('disabled'),
    enabledMonitorQueryIds: enabled,
    disabledMonitorQueryIds: monitors.filter((m) => m.attributes.enabled === false).map((m) => String(m.attributes.id)),
    allIds: monitors.map((m) => ({ monitorQueryId: String(m.attributes.id) })),
  });
}

const STATES = ['up', 'down', 'pending'];

/**
 * `{statuses: [{monitor, project?, location?, status, since?, error?}]}`: `monitor` is a journey id
 * (with `project` when several projects have it) or a config id; `location` an id, label or alias,
 * without it every location of the monitor; `pending` forgets the location's check. All are checked
 * before any is recorded.
 */
function setStatuses({ body, state, space }: RouteRequest): Reply {
  const list = isObject(body) ? body.statuses : undefined;
  if (!Array.isArray(list)) return boom(400, `[request body.statuses]: expected value of type [array] but got [${list === undefined ? 'undefined' : typeof list}]`);
  const changes: { configId: string; journeyId: string; location: string; status: 'up' | 'down' | 'pending'; since?: string; error?: string }[] = [];
  for (const [i, entry] of list.entries()) {
    const at = `[request body.statuses.${i}`;
    if (!isObject(entry) || typeof entry.monitor !== 'string') return boom(400, `${at}.monitor]: expected a journey id or config id`);
    if (!STATES.includes(entry.status as string)) return boom(400, `${at}.status]: expected up, down or pending, not ${JSON.stringify(entry.status)}`);
    const wrong = ['project', 'location', 'since', 'error'].find((key) => entry[key] !== undefined && typeof entry[key] !== 'string');
    if (wrong) return boom(400, `${at}.${wrong}]: expected a string`);
    if (typeof entry.since === 'string' && Number.isNaN(Date.parse(entry.since))) return boom(400, `${at}.since]: expected an ISO date, not "${entry.since}"`);
    const matching = state
      .monitorsIn(space)
      .filter((m) => (m.attributes.config_id === entry.monitor || m.attributes.journey_id === entry.monitor) && (entry.project === undefined || m.attributes.project_id === entry.project));
    if (!matching.length) return boom(404, `No monitor "${entry.monitor}"${entry.project === undefined ? '' : ` in project "${entry.project}"`} in space "${space}"`);
    if (matching.length > 1) {
      return boom(400, `"${entry.monitor}" is a monitor of several projects (${matching.map((m) => m.attributes.project_id).join(', ')}): name one as "project"`);
    }
    const [saved] = matching;
    // A location by id, label, or the alias git names an Elastic-managed one by (`germany`).
    const named = (l: KibanaLocation) => [l.id, l.label].includes(entry.location as string) || PUBLIC_LOCATIONS[entry.location as string] === l.id;
    const locations = locationsOf(saved).filter((l) => entry.location === undefined || named(l));
    if (!locations.length) {
      return boom(400, `Monitor "${entry.monitor}" does not run at "${entry.location}": its locations are ${locationsOf(saved).map((l) => `${l.id} (${l.label})`).join(', ')}`);
    }
    for (const location of locations) {
      changes.push({ configId: configIdOf(saved), journeyId: String(saved.attributes.journey_id ?? saved.attributes.id), location: location.id, status: entry.status as 'up', since: entry.since as string | undefined, error: entry.error as string | undefined });
    }
  }
  const now = new Date().toISOString();
  for (const c of changes) state.setStatus(c.configId, c.location, c.status, { since: c.since, error: c.error, now });
  state.persist();
  return ok({ statuses: changes.map((c) => ({ monitor: c.journeyId, configId: c.configId, location: c.location, status: c.status })) });
}

export const statusRoutes: Route[] = [
  { method: 'GET', path: '/internal/synthetics/overview_status', internal: true, handle: overview },
  // The sandbox's own: not Kibana's, so no internal-origin header is asked for.
  { method: 'PUT', path: '/_sandbox/statuses', handle: setStatuses },
];
