// The public CRUD API's way from a request body to stored attributes (reference §2.4, §2.5, §4.4):
// normalizeAPIConfig (flatten, aliases, unknown keys, params), normalizeMonitor (defaults,
// schedule, retest, locations, namespace) and validateMonitor, each with Kibana's error body.

import { validateMonitorAttributes, resolveLocations, kibanaNamespace } from '../core/kibana/normalise';
import { ApiConfig, apiAttributes, normaliseApiConfig as normaliseConfig, originError, references } from '../core/kibana/publicApi';
import { KibanaLocation, StoredMonitor } from '../core/kibana/types';
import { Reply, boom, isObject } from './routing';

export interface ApiContext {
  space: string;
  locations: KibanaLocation[];
}

export type ApiOutcome = { ok: true; attributes: StoredMonitor } | { ok: false; reply: Reply };

export function invalidOrigin(origin: unknown, payload: unknown): Reply {
  const message = originError(origin) ?? '';
  return boom(400, message, { details: message, payload });
}

/** Kibana's normalizeAPIConfig, its refusals as Kibana answers them. */
function normaliseApiConfig(monitor: Record<string, unknown>): ApiConfig | Reply {
  const normalised = normaliseConfig(monitor);
  return 'message' in normalised ? boom(400, normalised.message, { details: normalised.message }) : normalised;
}

/** The locations of an edited monitor: what the body gives replaces, the rest is kept (§4.4). */
function editedReferences(body: Record<string, unknown>, previous: StoredMonitor): { publicRefs: string[]; privateRefs: string[] } {
  const before = references(previous.locations, []);
  const given = references(body.locations, body.private_locations);
  if ('locations' in body && 'private_locations' in body) return given;
  if ('locations' in body) return { publicRefs: given.publicRefs, privateRefs: [...before.privateRefs, ...given.privateRefs] };
  if ('private_locations' in body) return { publicRefs: before.publicRefs, privateRefs: given.privateRefs };
  return before;
}

/** normalizeMonitor and validateMonitor on a normalised config; `fail` shapes the validation 400. */
function finish(
  normalised: ApiConfig,
  refs: { publicRefs: string[]; privateRefs: string[] },
  ctx: ApiContext,
  fail: (reason: string, details: string, attributes: StoredMonitor) => Reply,
): ApiOutcome {
  const attributes = apiAttributes(normalised, ctx.space);
  const resolved = resolveLocations(refs.publicRefs, refs.privateRefs, ctx.locations);
  if (!resolved.ok) return { ok: false, reply: boom(400, resolved.message) };
  attributes.locations = resolved.locations;
  const invalid = validateMonitorAttributes(attributes, ctx.space);
  if (invalid) return { ok: false, reply: fail(invalid.reason, invalid.details, attributes) };
  return { ok: true, attributes };
}

/** POST: a new UI monitor; `default` namespace becomes the space's unless preserved (§5.5). */
export function monitorFromCreate(body: unknown, ctx: ApiContext & { preserveNamespace: boolean }): ApiOutcome {
  const monitor = isObject(body) ? body : {};
  if (originError(monitor.origin)) return { ok: false, reply: invalidOrigin(monitor.origin, body) };
  const normalised = normaliseApiConfig(monitor);
  if ('status' in normalised) return { ok: false, reply: normalised };
  const { locations: _l, private_locations: _p, ...payload } = monitor;
  const outcome = finish(normalised, references(monitor.locations, monitor.private_locations), ctx, (reason, details) => boom(400, reason, { details, payload }));
  if (outcome.ok && outcome.attributes.namespace === 'default' && !ctx.preserveNamespace) outcome.attributes.namespace = kibanaNamespace(ctx.space);
  return outcome;
}

function deepMerge(target: unknown, source: unknown): unknown {
  if (!isObject(target) || !isObject(source)) return source;
  const merged: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(source)) merged[key] = deepMerge(target[key], value);
  return merged;
}

/** PUT: the stored monitor overlaid by the body (alert one level deep, `__ui` deeply), re-normalised. */
export function monitorFromEdit(body: Record<string, unknown>, previous: StoredMonitor, ctx: ApiContext): ApiOutcome {
  const merged: Record<string, unknown> = { ...previous, ...body };
  if (isObject(body.alert)) merged.alert = { ...(previous.alert as object), ...body.alert };
  if (isObject(body.__ui)) merged.__ui = deepMerge(previous.__ui, body.__ui);
  const normalised = normaliseApiConfig(merged);
  if ('status' in normalised) return { ok: false, reply: normalised };
  if (normalised.type !== previous.type) {
    return { ok: false, reply: boom(400, `Monitor type cannot be changed from ${previous.type} to ${normalised.type}.`, { details: '', ...merged }) };
  }
  const outcome = finish(normalised, editedReferences(body, previous), ctx, (reason, details, attributes) => boom(400, reason, { details, ...attributes }));
  if (outcome.ok) outcome.attributes.hash = '';
  return outcome;
}
