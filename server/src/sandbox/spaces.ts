// The spaces API (`/api/spaces/space`): the documented way to ask whether a space exists, and to
// create one. Only ids and names are kept; a space's other settings are accepted and not stored.

import { Reply, Route, RouteRequest, boom, isObject, ok } from './routing';
import type { SandboxState } from './state';

const BASE = '/api/spaces/space';
const OPTIONAL = ['description', 'initials', 'color', 'disabledFeatures', 'imageUrl', '_reserved', 'solution'];

function view(state: SandboxState, id: string): Record<string, unknown> {
  return { id, name: state.data.spaceNames?.[id] ?? (id === 'default' ? 'Default' : id), disabledFeatures: [] };
}

/** config-schema's checks of a new space, then a 409 for an id taken. */
function create({ body, state }: RouteRequest): Reply {
  const object = isObject(body) ? body : {};
  const unknown = Object.keys(object).find((k) => k !== 'id' && k !== 'name' && !OPTIONAL.includes(k));
  if (unknown) return boom(400, `[request body.${unknown}]: definition for this key is missing`);
  for (const key of ['id', 'name']) {
    if (typeof object[key] !== 'string') return boom(400, `[request body.${key}]: expected value of type [string] but got [${object[key] === undefined ? 'undefined' : typeof object[key]}]`);
  }
  const { id, name } = object as { id: string; name: string };
  if (!/^[a-z0-9_-]+$/.test(id)) return boom(400, "[request body.id]: must be lower case, a-z, 0-9, '_', and '-' are allowed");
  if (name.trim() === '') return boom(400, '[request body.name]: value has length [0] but it must have a minimum length of [1].');
  if (state.data.spaces.includes(id)) return boom(409, `A space with the identifier ${id} already exists.`);
  state.data.spaces.push(id);
  state.data.spaceNames = { ...state.data.spaceNames, [id]: name };
  state.persist();
  return ok(view(state, id));
}

export const spaceRoutes: Route[] = [
  { method: 'GET', path: BASE, handle: ({ state }) => ok(state.data.spaces.map((id) => view(state, id))) },
  { method: 'GET', path: `${BASE}/{id}`, handle: ({ params, state }) => (state.data.spaces.includes(params.id) ? ok(view(state, params.id)) : boom(404, 'Not Found')) },
  { method: 'POST', path: BASE, handle: create },
];
