// The public monitor CRUD API (reference §2): list and search, get, create, partial update (how a
// "UI edit" is simulated: the hash is reset, so the next push overwrites it) and the delete forms.
// The caller is treated as fully privileged: secrets come back on GET one, no 403s.

import { SECRET_KEYS } from '../core/kibana/defaults';
import { toPublicMonitor } from '../core/kibana/normalise';
import { StoredMonitor } from '../core/kibana/types';
import { invalidOrigin, monitorFromCreate, monitorFromEdit } from './publicMonitor';
import { Reply, Route, RouteRequest, boom, isObject, ok, stringList, unknownQueryKey } from './routing';
import { SandboxState, SavedMonitor } from './state';

const BASE = '/api/synthetics/monitors';

/** Accepted list parameters (§2.2). `status` and `searchAfter` are accepted but not emulated: they need run results or Elasticsearch. */
const LIST_QUERY = [
  'page', 'perPage', 'sortField', 'sortOrder', 'query', 'filter', 'tags', 'monitorTypes', 'locations', 'projects', 'schedules',
  'status', 'monitorQueryIds', 'configIds', 'useLogicalAndFor', 'showFromAllSpaces', 'searchAfter', 'internal',
];
const SORT_FIELDS = ['enabled', 'status', 'updated_at', 'urls', 'name.keyword', 'tags.keyword', 'project_id.keyword', 'type.keyword', 'schedule.keyword', 'journey_id'];

/** A saved monitor as the API shows it: raw attributes with `internal`, else the public form. */
function view(saved: SavedMonitor, internal: boolean, withSecrets: boolean): Record<string, unknown> {
  const attributes: StoredMonitor = { ...saved.attributes, created_at: saved.created_at, updated_at: saved.updated_at };
  if (!withSecrets) for (const key of SECRET_KEYS) delete attributes[key];
  return internal ? attributes : toPublicMonitor(attributes);
}

function numberParam(query: URLSearchParams, key: string, fallback: number): number | Reply {
  const value = Number(query.get(key) ?? fallback);
  return Number.isFinite(value) ? value : boom(400, `[request query.${key}]: expected value of type [number] but got [string]`);
}

function asList(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).filter((v) => v !== undefined && v !== null && v !== '').map(String);
}

/** The `field: value` clauses of a KQL filter joined by AND: the subset the sandbox understands. */
function kqlClauses(filter: string): [string, string][] | undefined {
  const clauses = filter.split(/\s+and\s+/i).map((clause) => /^\s*(?:[\w-]+\.attributes\.)?([\w.]+)\s*:\s*"?([^"]*?)"?\s*$/.exec(clause));
  return clauses.every(Boolean) ? clauses.map((m) => [m![1], m![2]]) : undefined;
}

function matches(saved: SavedMonitor, query: URLSearchParams, clauses: [string, string][]): boolean {
  const a = saved.attributes;
  const locations = (a.locations as { id: string; label: string }[]).flatMap((l) => [l.id, l.label]);
  const and = query.getAll('useLogicalAndFor');
  const wanted = (key: string, have: string[]) => {
    const values = query.getAll(key);
    if (!values.length || values.includes('All')) return true;
    return and.includes(key) ? values.every((v) => have.includes(v)) : values.some((v) => have.includes(v));
  };
  const text = query.get('query')?.toLowerCase();
  const searchable = [a.name, ...asList(a.tags), ...locations, a.urls, a.hosts, a.project_id].filter(Boolean).map((v) => String(v).toLowerCase());
  return (
    wanted('tags', asList(a.tags)) &&
    wanted('monitorTypes', [String(a.type)]) &&
    wanted('locations', locations) &&
    wanted('projects', asList(a.project_id)) &&
    wanted('schedules', [String((a.schedule as { number?: string })?.number)]) &&
    wanted('configIds', [String(a.config_id)]) &&
    wanted('monitorQueryIds', [String(a.id)]) &&
    (!text || searchable.some((v) => v.includes(text))) &&
    clauses.every(([field, value]) => asList(a[field]).includes(value))
  );
}

function sortValue(saved: SavedMonitor, field: string): string | number {
  if (field === 'updated_at') return saved.updated_at;
  if (field === 'schedule.keyword') return Number((saved.attributes.schedule as { number?: string })?.number);
  const value = saved.attributes[field.replace(/\.keyword$/, '')];
  return typeof value === 'number' ? value : asList(value).join(',');
}

function list({ query, state, space }: RouteRequest): Reply {
  const problem = unknownQueryKey(query, LIST_QUERY);
  if (problem) return problem;
  const page = numberParam(query, 'page', 1);
  if (typeof page !== 'number') return page;
  const perPage = numberParam(query, 'perPage', 50);
  if (typeof perPage !== 'number') return perPage;
  const sortField = query.get('sortField') ?? 'name.keyword';
  if (!SORT_FIELDS.includes(sortField)) return boom(400, `[request query.sortField]: types that failed validation: expected one of [${SORT_FIELDS.join(', ')}]`);
  const clauses = query.has('filter') ? kqlClauses(query.get('filter')!) : [];
  if (!clauses) return boom(400, '[request query.filter]: the sandbox understands only `field: "value"` clauses joined by AND');
  const all = query.get('showFromAllSpaces') === 'true' ? state.data.monitors : state.monitorsIn(space);
  const direction = query.get('sortOrder') === 'desc' ? -1 : 1;
  const found = all
    .filter((m) => matches(m, query, clauses))
    .sort((x, y) => {
      const [a, b] = [sortValue(x, sortField), sortValue(y, sortField)];
      return (a < b ? -1 : a > b ? 1 : 0) * direction;
    });
  const internal = query.get('internal') === 'true';
  return ok({
    page,
    total: found.length,
    perPage,
    absoluteTotal: all.length,
    // Lists read encrypted objects without decrypting them: no secrets (§2.2).
    monitors: found.slice((page - 1) * perPage, page * perPage).map((m) => ({ ...view(m, internal, false), spaceId: m.space })),
    syncErrors: [],
  });
}

function getOne({ params, query, state, space }: RouteRequest): Reply {
  const problem = unknownQueryKey(query, ['internal']);
  if (problem) return problem;
  const saved = state.monitor(space, params.id);
  if (!saved) return boom(404, `Monitor id ${params.id} not found!`);
  const internal = query.get('internal') === 'true';
  return ok(internal ? view(saved, true, true) : { ...view(saved, false, true), spaceId: space });
}

function nameTaken(state: SandboxState, space: string, name: unknown, except?: string): Reply | undefined {
  if (!state.monitorsIn(space).some((m) => m.attributes.name === name && m.attributes.config_id !== except)) return undefined;
  const message = `Monitor name must be unique, "${name}" already exists.`;
  return boom(400, message, { details: message });
}

function create({ body, query, state, space }: RouteRequest): Reply {
  const problem = unknownQueryKey(query, ['id', 'preserve_namespace', 'gettingStarted', 'internal', 'savedObjectType']);
  if (problem) return problem;
  const outcome = monitorFromCreate(body, { space, locations: state.locations(space), preserveNamespace: query.get('preserve_namespace') === 'true' });
  if (!outcome.ok) return outcome.reply;
  const taken = nameTaken(state, space, outcome.attributes.name);
  if (taken) return taken;
  const forcedId = query.get('id') ?? undefined;
  if (forcedId && state.data.monitors.some((m) => m.attributes.config_id === forcedId)) {
    return boom(409, `Saved object [synthetics-monitor-multi-space/${forcedId}] conflict`);
  }
  const saved = state.create(space, outcome.attributes, forcedId);
  state.persist();
  return ok(view(saved, false, true));
}

function edit({ body, params, query, state, space }: RouteRequest): Reply {
  const problem = unknownQueryKey(query, ['internal']);
  if (problem) return problem;
  if (!isObject(body) || Object.keys(body).length === 0) return boom(400, 'Monitor must be a non-empty object');
  if (body.origin !== undefined && body.origin !== 'ui') return invalidOrigin(body.origin, body);
  if ('name' in body) {
    const taken = nameTaken(state, space, body.name, params.id);
    if (taken) return taken;
  }
  const saved = state.monitor(space, params.id);
  if (!saved) return boom(404, `Monitor id ${params.id} not found!`);
  // Project monitors can only be edited with ?internal=true, which is how a UI edit is simulated.
  if (saved.attributes.origin !== 'ui' && query.get('internal') !== 'true') return invalidOrigin(saved.attributes.origin, body);
  const outcome = monitorFromEdit(body, saved.attributes, { space, locations: state.locations(space) });
  if (!outcome.ok) return outcome.reply;
  state.update(saved, outcome.attributes);
  state.persist();
  return ok(view(saved, false, true));
}

/** Deletes by saved-object id; an unknown id is not an error but an entry with `deleted: false`. */
function deleteIds(state: SandboxState, space: string, ids: string[]): { id: string; deleted: boolean; error?: string }[] {
  const result = ids.map((id) => {
    const saved = state.monitor(space, id);
    if (!saved) return { id, deleted: false, error: `Monitor id ${id} not found!` };
    state.remove(saved);
    return { id, deleted: true };
  });
  if (result.some((r) => r.deleted)) state.persist();
  return result;
}

function idsOf(body: unknown): string[] | Reply {
  const ids = stringList(body, 'ids', 1000);
  if (Array.isArray(ids) && ids.length === 0) return boom(400, '[request body.ids]: array size is [0], but cannot be smaller than [1]');
  return ids;
}

export const publicRoutes: Route[] = [
  { method: 'GET', path: BASE, handle: list },
  { method: 'POST', path: BASE, handle: create },
  {
    method: 'DELETE',
    path: BASE,
    handle: ({ body, state, space }) => {
      const ids = idsOf(body);
      return Array.isArray(ids) ? ok(deleteIds(state, space, ids)) : ids;
    },
  },
  {
    method: 'POST',
    path: `${BASE}/_bulk_delete`,
    handle: ({ body, state, space }) => {
      const ids = idsOf(body);
      return Array.isArray(ids) ? ok({ result: deleteIds(state, space, ids), errors: [] }) : ids;
    },
  },
  { method: 'GET', path: `${BASE}/{id}`, handle: getOne },
  { method: 'PUT', path: `${BASE}/{id}`, handle: edit },
  { method: 'DELETE', path: `${BASE}/{id}`, handle: ({ params, state, space }) => ok(deleteIds(state, space, [params.id])) },
];
