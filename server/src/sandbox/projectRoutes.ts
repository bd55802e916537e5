// The project API that `@elastic/synthetics push` drives (reference §3.1–3.5): list the project's
// journeys with their hashes, create-or-update through Kibana's normalisation, delete by journey id.

import { normaliseProjectMonitor } from '../core/kibana/normalise';
import { BulkUpdateResponse, ProjectMonitor, ProjectMonitorsPage } from '../core/kibana/types';
import { Reply, Route, RouteRequest, boom, isObject, ok, stringList, unknownQueryKey } from './routing';
import { SandboxState, SavedMonitor } from './state';

const BASE = '/api/synthetics/project/{project}/monitors';

function projectMonitors(state: SandboxState, space: string, project: string): SavedMonitor[] {
  return state.monitorsIn(space).filter((m) => m.attributes.project_id === project);
}

/**
 * Only the project bulk routes check the space (add_monitor_project.ts `validateSpaceId`); every
 * other route answers for any space id, as Kibana's do.
 */
function spaceMissing(state: SandboxState, space: string): Reply | undefined {
  return state.data.spaces.includes(space) ? undefined : boom(404, `Kibana space '${space}' does not exist`);
}

function journeyId(monitor: SavedMonitor): string {
  return String(monitor.attributes.journey_id);
}

/** Sorted by journey id (keyword order), paged with `search_after` = the last journey id seen. */
function list({ params, query, state, space }: RouteRequest): Reply {
  const problem = unknownQueryKey(query, ['search_after', 'per_page']);
  if (problem) return problem;
  const perPage = Number(query.get('per_page') ?? 1000);
  if (!Number.isInteger(perPage) || perPage < 0) return boom(400, '[request query.per_page]: expected value of type [number] but got [string]');
  const after = query.has('search_after') ? decodeURI(query.get('search_after')!).split(',')[0] : undefined;
  const all = projectMonitors(state, space, params.project).sort((a, b) => (journeyId(a) < journeyId(b) ? -1 : journeyId(a) > journeyId(b) ? 1 : 0));
  const page = all.filter((m) => after === undefined || journeyId(m) > after).slice(0, perPage);
  const body: ProjectMonitorsPage = {
    total: all.length,
    after_key: page.length ? journeyId(page[page.length - 1]) : null,
    monitors: page.map((m) => ({ journey_id: journeyId(m), hash: String(m.attributes.hash || '') })),
  };
  return ok(body);
}

/** Every monitor sent is normalised and saved: new ones created, known ones overwritten (revision + 1, no hash comparison). */
function bulkUpdate({ params, body, state, space, faults }: RouteRequest): Reply {
  const monitors = isObject(body) ? body.monitors : undefined;
  if (!Array.isArray(monitors)) return boom(400, `[request body.monitors]: expected value of type [array] but got [${typeof monitors}]`);
  // Like Kibana, a monitor without `type` counts as lightweight here although it is normalised as browser.
  const browsers = (monitors as ProjectMonitor[]).filter((m) => m.type === 'browser').length;
  if (browsers > 250) return boom(400, 'Request payload is too large. Please send a max of 250 browser monitors per request.');
  if (monitors.length - browsers > 1500) return boom(400, 'Request payload is too large. Please send a max of 1500 lightweight monitors per request.');
  const missing = spaceMissing(state, space);
  if (missing) return missing;
  const elsewhere = (monitors as ProjectMonitor[]).find((m) => Array.isArray(m.spaces) && m.spaces.length && !m.spaces.includes(space));
  if (elsewhere) return boom(400, `Monitor ${elsewhere.name} does not include spaceId ${space} in its spaces.`);

  const ctx = { project: params.project, space, kibanaVersion: state.kibanaVersion, locations: state.locations(space) };
  // Looked up once, as Kibana does: two monitors with the same id in one request are both created.
  const existing = projectMonitors(state, space, params.project);
  const result: BulkUpdateResponse = { createdMonitors: [], updatedMonitors: [], failedMonitors: [] };
  for (const monitor of monitors as ProjectMonitor[]) {
    const forced = faults.forcedFailure(monitor.id);
    if (forced) {
      // As a failed create or update in project_monitor_formatter.ts: no `id`, the monitor echoed as `payload`.
      result.failedMonitors.push({ reason: forced.reason, details: forced.details ?? '', payload: monitor });
      continue;
    }
    const normalised = normaliseProjectMonitor(monitor, ctx);
    if (!normalised.ok) {
      result.failedMonitors.push(...normalised.failures.map(({ at: _where, ...failure }) => failure));
      continue;
    }
    const previous = existing.find((m) => journeyId(m) === monitor.id);
    if (previous && previous.attributes.type !== normalised.attributes.type) {
      result.failedMonitors.push({
        reason: 'Cannot update monitor to different type.',
        details: `Monitor ${monitor.id} of type ${previous.attributes.type} cannot be updated to type ${monitor.type}. Please delete the monitor first and try again.`,
        payload: monitor,
      });
    } else if (previous) {
      state.update(previous, { ...previous.attributes, ...normalised.attributes });
      result.updatedMonitors.push(monitor.id);
    } else {
      state.create(space, normalised.attributes);
      result.createdMonitors.push(monitor.id);
    }
  }
  if (result.createdMonitors.length || result.updatedMonitors.length) state.persist();
  return ok(result);
}

/** Deletes the project's monitors with these journey ids, and echoes every id sent, found or not. */
function bulkDelete({ params, body, state, space }: RouteRequest): Reply {
  const ids = stringList(body, 'monitors', 500);
  if (!Array.isArray(ids)) return ids;
  const missing = spaceMissing(state, space);
  if (missing) return missing;
  const doomed = projectMonitors(state, space, params.project).filter((m) => ids.includes(journeyId(m)));
  for (const monitor of doomed) state.remove(monitor);
  if (doomed.length) state.persist();
  return ok({ deleted_monitors: ids });
}

export const projectRoutes: Route[] = [
  { method: 'GET', path: BASE, internal: true, handle: list },
  { method: 'PUT', path: `${BASE}/_bulk_update`, internal: true, maxBytes: 1048576 * 100, handle: bulkUpdate },
  { method: 'DELETE', path: `${BASE}/_bulk_delete`, internal: true, handle: bulkDelete },
];
