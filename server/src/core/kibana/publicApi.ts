// The public monitor API's way from a request body to stored attributes (reference §2.4, §2.5):
// Kibana's normalizeAPIConfig (flatten, aliases, `Invalid monitor key(s)`, params) and the part of
// normalizeMonitor that needs no Kibana (defaults, schedule, retest), in
// server/routes/monitor_cruds/monitor_validation.ts and add_monitor/add_monitor_api.ts. Pure: the
// sandbox answers with it, and `validate` reads a UI/API monitor JSON with it.

import { isRecord } from './codec';
import { DEFAULT_FIELDS, defaultsFor } from './defaults';
import { flattenMonitor } from './normalise';
import { MonitorType, isMonitorType } from '../schema/schemas';
import { StoredMonitor } from './types';

/** Names the public API accepts for stored keys, reported as written when unknown. */
export const API_ALIASES: Record<string, string> = { url: 'urls', host: 'hosts', inline_script: 'source.inline.script' };
/** Keys taken out before the supported-key check and handled on their own. */
const SET_APART = ['locations', 'private_locations', 'id', 'retest_on_failure', 'ssl', 'custom_heartbeat_id', 'params', 'playwright_options'];

export interface ApiConfig {
  type: MonitorType;
  config: StoredMonitor;
  apart: Record<string, unknown>;
}

/** A refused body: Kibana's 400 message (also its `details`), and the keys as written it is about. */
export interface ApiConfigError {
  message: string;
  kind: 'type' | 'unsupported' | 'json';
  fields: string[];
}

/** The origin check before everything else: only `ui` monitors come through the public API. */
export function originError(origin: unknown): string | undefined {
  return origin !== undefined && origin !== 'ui' ? `Unsupported origin type ${origin}, only ui type is supported via API.` : undefined;
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
  const bad = stringValues && isRecord(value) ? Object.entries(value).find(([, v]) => typeof v !== 'string') : undefined;
  if (bad) return { error: `Invalid value "${bad[1]}" supplied to "${bad[0]}"` };
  return { value: JSON.stringify(value) };
}

/** Kibana's normalizeAPIConfig. */
export function normaliseApiConfig(monitor: Record<string, unknown>): ApiConfig | ApiConfigError {
  const type = monitor.type;
  if (!isMonitorType(type)) return { message: `Invalid value "${type}" supplied to "type"`, kind: 'type', fields: ['type'] };
  let supported = Object.keys(DEFAULT_FIELDS[type]);
  const config = flattenMonitor(monitor, new Set(supported));
  const apart: Record<string, unknown> = {};
  for (const key of [...SET_APART, ...Object.keys(API_ALIASES)]) {
    if (key in config) apart[key] = config[key];
    delete config[key];
  }
  if (Object.keys(config).some((key) => key.startsWith('ssl.')) && monitor.origin !== 'project') {
    config.__ui = { is_tls_enabled: true, ...(config.__ui as object | undefined) };
  }
  for (const [alias, key] of Object.entries(API_ALIASES)) if (apart[alias]) config[key] = apart[alias];
  if (type === 'browser' && monitor.form_monitor_type !== 'single' && monitor.form_monitor_type !== 'multistep') supported = supported.filter((k) => k !== 'urls');
  supported = [...supported, 'project_id', 'original_space'];
  const unsupported = Object.keys(config).filter((key) => !supported.includes(key));
  for (const key of unsupported) delete config[key];
  if (typeof config['check.request.body'] === 'string') config['check.request.body'] = { type: 'text', value: config['check.request.body'] };
  for (const [key, stringValues] of [['params', true], ['playwright_options', false]] as const) {
    if (!apart[key]) continue;
    const parsed = jsonString(apart[key], stringValues);
    if ('error' in parsed) return { message: `Invalid ${key}: ${parsed.error}`, kind: 'json', fields: [key] };
    config[key] = parsed.value;
  }
  if (unsupported.length) {
    const written = unsupported.map((key) => Object.keys(API_ALIASES).find((alias) => API_ALIASES[alias] === key && apart[alias]) ?? key);
    return { message: `Invalid monitor key(s) for ${type} type:  ${written.join(' | ')}`, kind: 'unsupported', fields: written };
  }
  return { type, config, apart };
}

/** Public and private location references: strings, or location objects (private when not service-managed). */
export function references(locations: unknown, privateLocations: unknown): { publicRefs: string[]; privateRefs: string[] } {
  const publicRefs: string[] = [];
  const privateRefs: string[] = Array.isArray(privateLocations) ? privateLocations.map(String) : [];
  for (const entry of Array.isArray(locations) ? locations : []) {
    if (isRecord(entry)) (entry.isServiceManaged === false ? privateRefs : publicRefs).push(String(entry.id));
    else publicRefs.push(String(entry));
  }
  return { publicRefs, privateRefs };
}

/** A number, numeric string, `"10s"`/`"30s"` or `{number, unit}`, stored as `{number, unit}` (§5.2). */
function apiSchedule(value: unknown, fallback: unknown): unknown {
  if (value === undefined) return fallback;
  if (isRecord(value)) return { number: String(value.number), unit: value.unit };
  const text = String(value);
  return /^\d+s$/.test(text) ? { number: text.slice(0, -1), unit: 's' } : { number: text, unit: 'm' };
}

/** normalizeMonitor up to the locations: the type's defaults under the config, the schedule, retest, ids and spaces. */
export function apiAttributes({ type, config, apart }: ApiConfig, space: string): StoredMonitor {
  const defaults = defaultsFor(type);
  const attributes: StoredMonitor = { ...defaults, ...config, schedule: apiSchedule(config.schedule, defaults.schedule) };
  if (apart.retest_on_failure !== undefined) attributes.max_attempts = apart.retest_on_failure ? 2 : 1;
  if (apart.custom_heartbeat_id) attributes.custom_heartbeat_id = apart.custom_heartbeat_id;
  attributes.id = apart.custom_heartbeat_id || attributes.config_id;
  if (!Array.isArray(attributes.spaces) || !attributes.spaces.length) attributes.spaces = space ? [space] : [];
  return attributes;
}
