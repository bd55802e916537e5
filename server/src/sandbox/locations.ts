// Locations (reference §4): the Elastic-managed ones, private locations and their public CRUD,
// and the internal list `init` and `locations` read. Fleet is not emulated: any agent policy id
// is accepted. From 8.18 a private location has `spaces` and is seen only in them (versions.ts).

import { randomUUID } from 'node:crypto';
import { PUBLIC_LOCATIONS } from '../core/kibana/facts';
import { KibanaLocation } from '../core/kibana/types';
import { kibanaHas } from '../core/kibana/versions';
import { Reply, Route, RouteRequest, boom, isObject, ok } from './routing';
import type { SandboxState } from './state';

/** Labels and rough coordinates of the Elastic-managed locations behind the alias map. */
const SERVICE_DETAILS: Record<string, [label: string, lat: number, lon: number]> = {
  'asia-northeast1-a': ['Asia/Pacific - Japan', 35.68, 139.69],
  'asia-south1-a': ['Asia/Pacific - India', 19.08, 72.88],
  'asia-southeast1-a': ['Asia/Pacific - Singapore', 1.35, 103.82],
  'australia-southeast1-a': ['Asia/Pacific - Australia East', -33.87, 151.21],
  'europe-west2-a': ['Europe - United Kingdom', 51.51, -0.13],
  'europe-west3-a': ['Europe - Germany', 50.11, 8.68],
  'northamerica-northeast1-a': ['North America - Canada East', 45.5, -73.57],
  'southamerica-east1-a': ['South America - Brazil', -23.55, -46.63],
  'us-east4-a': ['North America - US East', 39.04, -77.49],
  'us-west1-a': ['North America - US West', 45.59, -121.18],
};

export const SERVICE_LOCATIONS: KibanaLocation[] = Object.values(PUBLIC_LOCATIONS).map((id) => {
  const [label, lat, lon] = SERVICE_DETAILS[id];
  return { id, label, geo: { lat, lon }, isServiceManaged: true };
});

/**
 * A new private location's id and spaces. Before 8.18 the id is its agent policy id and it is seen
 * everywhere; from 8.18 (private_location_repository.ts) a saved object of its own: a fresh uuid,
 * and `spaces` as asked, where none or `*` mean every space.
 */
function identity(kibanaVersion: string, agentPolicyId: string, spaces: unknown): Pick<KibanaLocation, 'id' | 'spaces'> {
  if (!kibanaHas(kibanaVersion, 'privateLocationSpaces')) return { id: agentPolicyId };
  const asked = Array.isArray(spaces) ? spaces.map(String) : [];
  return { id: randomUUID(), spaces: asked.length === 0 || asked.includes(ALL_SPACES) ? [ALL_SPACES] : asked };
}

const ALL_SPACES = '*';

/** Spaces of `*`, or none (a location saved before 8.18): every space. */
const everywhere = (spaces: string[] | undefined) => !spaces?.length || spaces.includes(ALL_SPACES);

/** Whether a private location is seen in the space. */
export function inSpace(location: KibanaLocation, space: string): boolean {
  return everywhere(location.spaces) || location.spaces!.includes(space);
}

/** The private location of the seed design document, shared with every space. */
export function seedPrivateLocation(kibanaVersion: string): KibanaLocation {
  const agentPolicyId = 'synthetic-monitor-policy-default';
  return { ...identity(kibanaVersion, agentPolicyId, undefined), label: 'synthetic-monitor-default', agentPolicyId, isServiceManaged: false, isInvalid: false, tags: [] };
}

const BASE = '/api/synthetics/private_locations';

function find(state: SandboxState, space: string, idOrLabel: string): KibanaLocation | undefined {
  return state.privateLocationsIn(space).find((l) => l.id === idOrLabel || l.label === idOrLabel);
}

function usedBy(state: SandboxState, id: string): number {
  return state.data.monitors.filter((m) => (m.attributes.locations as KibanaLocation[]).some((l) => l.id === id)).length;
}

/** config-schema on the body: unknown keys, then required strings. */
function bodyProblem(body: unknown, allowed: readonly string[], required: readonly string[]): Reply | undefined {
  const object = isObject(body) ? body : {};
  const unknown = Object.keys(object).find((k) => !allowed.includes(k));
  if (unknown) return boom(400, `[request body.${unknown}]: definition for this key is missing`);
  const missing = required.find((k) => typeof object[k] !== 'string');
  if (missing) return boom(400, `[request body.${missing}]: expected value of type [string] but got [${object[missing] === undefined ? 'undefined' : typeof object[missing]}]`);
  const empty = required.find((k) => object[k] === '');
  if (empty) return boom(400, `[request body.${empty}]: value has length [0] but it must have a minimum length of [1].`);
  return undefined;
}

/** Created through `/s/{space}/…`; its spaces come from the body (see identity). */
function create({ body, state }: RouteRequest): Reply {
  const problem = bodyProblem(body, ['label', 'agentPolicyId', 'tags', 'geo', 'spaces', 'isAgentSharding'], ['label', 'agentPolicyId']);
  if (problem) return problem;
  const { label, agentPolicyId, tags, geo, spaces } = body as Record<string, unknown> & { label: string; agentPolicyId: string };
  const fresh = identity(state.kibanaVersion, agentPolicyId, spaces);
  // Duplicates are looked for among the locations of the new one's spaces; the newer repository check reports only the last found.
  const near = state.data.privateLocations.filter((l) => everywhere(l.spaces) || everywhere(fresh.spaces) || l.spaces!.some((s) => fresh.spaces!.includes(s)));
  const duplicate = near.some((l) => l.label === label)
    ? `Private location with label ${label} already exists`
    : near.some((l) => l.agentPolicyId === agentPolicyId)
      ? `Private location with agentPolicyId ${agentPolicyId} already exists`
      : undefined;
  if (duplicate) return boom(400, duplicate);
  const location: KibanaLocation = {
    ...fresh,
    label,
    agentPolicyId,
    isServiceManaged: false,
    isInvalid: false,
    tags: (tags as string[] | undefined) ?? [],
    ...(isObject(geo) && { geo: geo as KibanaLocation['geo'] }),
  };
  state.data.privateLocations.push(location);
  state.persist();
  return ok(location);
}

/** Renaming rewrites the label stored on every monitor that uses the location. */
function rename({ body, params, state, space }: RouteRequest): Reply {
  const problem = bodyProblem(body, ['label'], ['label']);
  if (problem) return problem;
  const { label } = body as { label: string };
  const location = state.privateLocationsIn(space).find((l) => l.id === params.id);
  if (!location) return boom(404, `Private location with id ${params.id} does not exist.`);
  if (state.data.privateLocations.some((l) => l !== location && l.label === label)) return boom(400, `Private location with label ${label} already exists`);
  location.label = label;
  for (const monitor of state.data.monitors) {
    for (const used of monitor.attributes.locations as KibanaLocation[]) if (used.id === location.id) used.label = label;
  }
  state.persist();
  return ok(location);
}

function remove({ params, state, space }: RouteRequest): Reply {
  const location = state.privateLocationsIn(space).find((l) => l.id === params.id);
  if (!location) return boom(400, `Private location with id ${params.id} does not exist.`);
  const count = usedBy(state, location.id);
  if (count) return boom(400, `Private location with id ${params.id} cannot be deleted because it is used by ${count} monitor(s).`);
  state.data.privateLocations.splice(state.data.privateLocations.indexOf(location), 1);
  state.persist();
  return ok({});
}

export const locationRoutes: Route[] = [
  { method: 'GET', path: BASE, handle: ({ state, space }) => ok(state.privateLocationsIn(space)) },
  {
    method: 'GET',
    path: `${BASE}/{idOrLabel}`,
    handle: ({ params, state, space }) => {
      const location = find(state, space, params.idOrLabel);
      return location ? ok(location) : boom(404, `Private location with id or label "${params.idOrLabel}" not found`);
    },
  },
  { method: 'POST', path: BASE, handle: create },
  { method: 'PUT', path: `${BASE}/{id}`, handle: rename },
  { method: 'DELETE', path: `${BASE}/{id}`, handle: remove },
  { method: 'GET', path: '/internal/uptime/service/locations', internal: true, handle: ({ state, space }) => ok({ locations: state.locations(space) }) },
];
