// Locations (reference §4): the Elastic-managed ones, private locations and their public CRUD,
// and the internal list `init` and `locations` read. Fleet is not emulated: any agent policy id
// is accepted, and private locations are visible in every space.

import { randomUUID } from 'node:crypto';
import { PUBLIC_LOCATIONS } from '../core/kibana/facts';
import { KibanaLocation } from '../core/kibana/types';
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

/** Before 9.0 a private location's id is its agent policy id; from 9.0 it is a fresh uuid (§4.1). */
function privateLocationId(kibanaVersion: string, agentPolicyId: string): string {
  return parseInt(kibanaVersion, 10) >= 9 ? randomUUID() : agentPolicyId;
}

/** The private location of the seed design document. */
export function seedPrivateLocation(kibanaVersion: string): KibanaLocation {
  const agentPolicyId = 'synthetic-monitor-policy-default';
  return { id: privateLocationId(kibanaVersion, agentPolicyId), label: 'synthetic-monitor-default', agentPolicyId, isServiceManaged: false, isInvalid: false, tags: [] };
}

const BASE = '/api/synthetics/private_locations';

function find(state: SandboxState, idOrLabel: string): KibanaLocation | undefined {
  return state.data.privateLocations.find((l) => l.id === idOrLabel || l.label === idOrLabel);
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

function create({ body, state }: RouteRequest): Reply {
  const problem = bodyProblem(body, ['label', 'agentPolicyId', 'tags', 'geo', 'spaces', 'isAgentSharding'], ['label', 'agentPolicyId']);
  if (problem) return problem;
  const { label, agentPolicyId, tags, geo, spaces } = body as Record<string, unknown> & { label: string; agentPolicyId: string };
  // The newer repository check reports only the last duplicate found.
  const duplicate = state.data.privateLocations.some((l) => l.label === label)
    ? `Private location with label ${label} already exists`
    : state.data.privateLocations.some((l) => l.agentPolicyId === agentPolicyId)
      ? `Private location with agentPolicyId ${agentPolicyId} already exists`
      : undefined;
  if (duplicate) return boom(400, duplicate);
  const location: KibanaLocation = {
    id: privateLocationId(state.kibanaVersion, agentPolicyId),
    label,
    agentPolicyId,
    isServiceManaged: false,
    isInvalid: false,
    tags: (tags as string[] | undefined) ?? [],
    ...(isObject(geo) && { geo: geo as KibanaLocation['geo'] }),
    ...(Array.isArray(spaces) && { spaces }),
  };
  state.data.privateLocations.push(location);
  state.persist();
  return ok(location);
}

/** Renaming rewrites the label stored on every monitor that uses the location. */
function rename({ body, params, state }: RouteRequest): Reply {
  const problem = bodyProblem(body, ['label'], ['label']);
  if (problem) return problem;
  const { label } = body as { label: string };
  const location = state.data.privateLocations.find((l) => l.id === params.id);
  if (!location) return boom(404, `Private location with id ${params.id} does not exist.`);
  if (state.data.privateLocations.some((l) => l !== location && l.label === label)) return boom(400, `Private location with label ${label} already exists`);
  location.label = label;
  for (const monitor of state.data.monitors) {
    for (const used of monitor.attributes.locations as KibanaLocation[]) if (used.id === location.id) used.label = label;
  }
  state.persist();
  return ok(location);
}

function remove({ params, state }: RouteRequest): Reply {
  const location = state.data.privateLocations.find((l) => l.id === params.id);
  if (!location) return boom(400, `Private location with id ${params.id} does not exist.`);
  const count = usedBy(state, location.id);
  if (count) return boom(400, `Private location with id ${params.id} cannot be deleted because it is used by ${count} monitor(s).`);
  state.data.privateLocations.splice(state.data.privateLocations.indexOf(location), 1);
  state.persist();
  return ok({});
}

export const locationRoutes: Route[] = [
  { method: 'GET', path: BASE, handle: ({ state }) => ok(state.data.privateLocations) },
  {
    method: 'GET',
    path: `${BASE}/{idOrLabel}`,
    handle: ({ params, state }) => {
      const location = find(state, params.idOrLabel);
      return location ? ok(location) : boom(404, `Private location with id or label "${params.idOrLabel}" not found`);
    },
  },
  { method: 'POST', path: BASE, handle: create },
  { method: 'PUT', path: `${BASE}/{id}`, handle: rename },
  { method: 'DELETE', path: `${BASE}/{id}`, handle: remove },
  { method: 'GET', path: '/internal/uptime/service/locations', internal: true, handle: ({ state }) => ok({ locations: state.locations() }) },
];
