// The public CRUD API's way from a request body to stored attributes (reference §2.4, §2.5, §4.4):
// normalizeAPIConfig (flatten, aliases, unknown keys, params), normalizeMonitor (defaults,
// schedule, retest, locations, namespace) and validateMonitor, each with Kibana's error body.

import { DEFAULT_FIELDS, defaultsFor } from '../core/kibana/defaults';
import { flattenMonitor, fleetNamespaceError, kibanaNamespace, resolveLocations, validateMonitorAttributes } from '../core/kibana/normalise';
import { KibanaLocation, MonitorType, StoredMonitor } from '../core/kibana/types';
import { isMonitorType } from '../core/schema/schemas';
import { Reply, boom, isObject } from './routing';

export interface ApiContext {
  space: string;
  locations: KibanaLocation[];
}

export type ApiOutcome = { ok: true; attributes: StoredMonitor } | { ok: false; reply: Reply };

/** Names the public API accepts for stored keys, reported as written when unknown. */
const ALIASES: Record<string, string> = { url: 'urls', host: 'hosts', inline_script: 'source.inline.script' };
/** Keys taken out before the supported-key check and handled on their own. */
const SET_APART = ['locations', 'private_locations', 'id', 'retest_on_failure', 'ssl', 'custom_heartbeat_id', 'params', 'playwright_options'];

export function invalidOrigin(origin: unknown, payload: unknown): Reply {
  const message = `Unsupported origin type ${origin}, only ui type is supported via API.`;
  return boom(400, message, { details: message, payload });
}

interface ApiConfig {
  type: MonitorType;
  config: StoredMonitor;
  apart: Record<string, unknown>;
}

/** `params` (string to string) and `playwright_options` (any JSON) are stored as JSON strings. */
function jsonString(value: unknown, stringValues: boolean): { value: string } | { error: string } {
  if (typeof value === 'string') {
    try {
      JSON.parse(value);
      return { value };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }
  const bad = stringValues && isObject(value) ? Object.entries(value).find(([, v]) => typeof v !== 'string') : undefined;
  if (bad) return { error: `Invalid value "${bad[1]}" supplied to "${bad[0]}"` };
  return { value: JSON.stringify(value) };
}

/** Kibana's normalizeAPIConfig. */
function normaliseApiConfig(monitor: Record<string, unknown>): ApiConfig | Reply {
  const type = monitor.type;
  if (!isMonitorType(type)) {
    const message = `Invalid value "${type}" supplied to "type"`;
    return boom(400, message, { details: message });
  }
  let supported = Object.keys(DEFAULT_FIELDS[type]);
  const config = flattenMonitor(monitor, supported);
  const apart: Record<string, unknown> = {};
  for (const key of [...SET_APART, ...Object.keys(ALIASES)]) {
    if (key in config) apart[key] = config[key];
    delete config[key];
  }
  if (Object.keys(config).some((key) => key.startsWith('ssl.')) && monitor.origin !== 'project') {
    config.__ui = { is_tls_enabled: true, ...(config.__ui as object | undefined) };
  }
  for (const [alias, key] of Object.entries(ALIASES)) if (apart[alias]) config[key] = apart[alias];
  if (type === 'browser' && monitor.form_monitor_type !== 'single' && monitor.form_monitor_type !== 'multistep') supported = supported.filter((k) => k !== 'urls');
  supported = [...supported, 'project_id', 'original_space'];
  const unsupported = Object.keys(config).filter((key) => !supported.includes(key));
  for (const key of unsupported) delete config[key];
  if (typeof config['check.request.body'] === 'string') config['check.request.body'] = { type: 'text', value: config['check.request.body'] };
  for (const [key, label, stringValues] of [['params', 'params', true], ['playwright_options', 'playwright_options', false]] as const) {
    if (!apart[key]) continue;
    const parsed = jsonString(apart[key], stringValues);
    if ('error' in parsed) return boom(400, `Invalid ${label}: ${parsed.error}`, { details: `Invalid ${label}: ${parsed.error}` });
    config[key] = parsed.value;
  }
  if (unsupported.length) {
    const written = unsupported.map((key) => Object.keys(ALIASES).find((alias) => ALIASES[alias] === key && apart[alias]) ?? key);
    const message = `Invalid monitor key(s) for ${type} type:  ${written.join(' | ')}`;
    return boom(400, message, { details: message });
  }
  return { type, config, apart };
}

/** A number, numeric string, `"10s"`/`"30s"` or `{number, unit}`, stored as `{number, unit}` (§5.2). */
function apiSchedule(value: unknown, fallback: unknown): unknown {
  if (value === undefined) return fallback;
  if (isObject(value)) return { number: String(value.number), unit: value.unit };
  const text = String(value);
  return /^\d+s$/.test(text) ? { number: text.slice(0, -1), unit: 's' } : { number: text, unit: 'm' };
}

/** Public and private location references: strings, or location objects (private when not service-managed). */
function references(locations: unknown, privateLocations: unknown): { publicRefs: string[]; privateRefs: string[] } {
  const publicRefs: string[] = [];
  const privateRefs: string[] = Array.isArray(privateLocations) ? privateLocations.map(String) : [];
  for (const entry of Array.isArray(locations) ? locations : []) {
    if (isObject(entry)) (entry.isServiceManaged === false ? privateRefs : publicRefs).push(String(entry.id));
    else publicRefs.push(String(entry));
  }
  return { publicRefs, privateRefs };
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
  { type, config, apart }: ApiConfig,
  refs: { publicRefs: string[]; privateRefs: string[] },
  ctx: ApiContext,
  fail: (reason: string, details: string, attributes: StoredMonitor) => Reply,
): ApiOutcome {
  const defaults = defaultsFor(type);
  const attributes: StoredMonitor = { ...defaults, ...config, schedule: apiSchedule(config.schedule, defaults.schedule) };
  if (apart.retest_on_failure !== undefined) attributes.max_attempts = apart.retest_on_failure ? 2 : 1;
  if (apart.custom_heartbeat_id) attributes.custom_heartbeat_id = apart.custom_heartbeat_id;
  attributes.id = apart.custom_heartbeat_id || attributes.config_id;
  if (!Array.isArray(attributes.spaces) || !attributes.spaces.length) attributes.spaces = [ctx.space];
  const resolved = resolveLocations(refs.publicRefs, refs.privateRefs, ctx.locations);
  if (!resolved.ok) return { ok: false, reply: boom(400, resolved.message) };
  attributes.locations = resolved.locations;
  const invalid = validateMonitorAttributes(attributes, ctx.space);
  if (invalid) return { ok: false, reply: fail(invalid.reason, invalid.details, attributes) };
  const namespaceError = fleetNamespaceError(String(attributes.namespace));
  if (namespaceError) return { ok: false, reply: fail(`Monitor is not a valid monitor of type ${type}`, namespaceError, attributes) };
  return { ok: true, attributes };
}

/** POST: a new UI monitor; `default` namespace becomes the space's unless preserved (§5.5). */
export function monitorFromCreate(body: unknown, ctx: ApiContext & { preserveNamespace: boolean }): ApiOutcome {
  const monitor = isObject(body) ? body : {};
  if (monitor.origin !== undefined && monitor.origin !== 'ui') return { ok: false, reply: invalidOrigin(monitor.origin, body) };
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
