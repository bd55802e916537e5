// Kibana's normalisation of project monitors: what `_bulk_update` stores for a monitor, or the
// failedMonitors it reports instead (reference §3.4, §3.7, §5). Pure, so the plan engine predicts
// exactly what the sandbox (and a real Kibana 8.16–9.x) will store. The order of the checks is
// Kibana's (ProjectMonitorFormatter.validateProjectMonitor): type normaliser, then the payload
// codec and location rules, then the stored-monitor validation; the first stage that fails wins.

import { CodecIssue, formatIssues, isRecord, issuesOf } from './codec';
import { DEFAULT_FIELDS, DEFAULT_KEYS, THROTTLING_PROFILES, TLS_DEFAULTS, defaultsFor } from './defaults';
import { ALLOWED_MINUTES, PUBLIC_LOCATIONS, fleetNamespaceError, kibanaMisreadSeconds } from './facts';
import { PROJECT_MONITOR_CODEC, STORED_CODECS } from './monitorCodecs';
import { MonitorType, isMonitorType } from '../schema/schemas';
import { kibanaHas } from './versions';
import { FailedMonitor, KibanaLocation, ProjectMonitor, StoredMonitor } from './types';

export interface NormaliseContext {
  project: string;
  space: string;
  kibanaVersion: string;
  /**
   * Every location Kibana knows: Elastic-managed ones and private ones. Undefined when no Kibana was
   * asked (validation): references are then taken as they are written and not checked.
   */
  locations: KibanaLocation[] | undefined;
}

/**
 * What a refusal is about, for pointing at it in the file: the keys of the monitor as sent (project
 * keys, or Kibana's stored keys for the stored-monitor checks), or the codec's issues with their paths.
 * Ours, not Kibana's: left out of what the sandbox answers.
 */
export interface RefusalPlace {
  kind: 'type' | 'count' | 'url' | 'unsupported' | 'namespace' | 'locations' | 'duration' | 'payload' | 'alert' | 'schedule' | 'codec' | 'script' | 'spaces' | 'error';
  /** `stored`: keys and issue paths are Kibana's stored keys; `payload`: the monitor's keys as sent. */
  keys: 'stored' | 'payload';
  fields?: string[];
  issues?: CodecIssue[];
}

export type Refusal = FailedMonitor & { at?: RefusalPlace };

export type NormaliseResult = { ok: true; attributes: StoredMonitor } | { ok: false; failures: Refusal[] };

// ---- Messages --------------------------------------------------------------------------------

const INVALID_CONFIGURATION = "Couldn't save or update monitor because of an invalid configuration.";
const FAILED_TO_UPDATE = 'Failed to create or update monitor';
const INVALID_HEARTBEAT = 'Invalid Heartbeat configuration';
const LOCATION_REQUIRED =
  'At least one location is required, either elastic managed or private e.g locations: ["us-east"] or private_locations:["test private location"]';

// ---- Shared helpers (also used by the sandbox's public API) ---------------------------------

const isBoolean = (v: unknown) => typeof v === 'boolean';
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/**
 * Kibana's flattenAndFormatObject: nested keys become dotted ones, stopping at a supported key;
 * arrays stop too, their numbers becoming strings. A null under an unsupported key makes Kibana's
 * `Object.keys(null)` throw, which it reports as a failed monitor; the same error is thrown here.
 */
export function flattenMonitor(object: Record<string, unknown>, supported: ReadonlySet<string>, prefix = '', flat: Record<string, unknown> = {}): Record<string, unknown> {
  for (const k in object) {
    const value = object[k];
    const key = prefix ? `${prefix}.${k}` : k;
    if (Array.isArray(value)) flat[key] = value.map((v) => (typeof v === 'number' ? String(v) : v));
    else if (supported.has(key)) flat[key] = value;
    else if (value === null) throw new TypeError('Cannot convert undefined or null to object');
    else if (typeof value === 'object') flattenMonitor(value as Record<string, unknown>, supported, key, flat);
    else flat[key] = value;
  }
  return flat;
}

/**
 * The space id made a valid Fleet namespace (Kibana's formatKibanaNamespace): each run of the
 * characters Fleet refuses becomes one `_` (Fleet's INVALID_NAMESPACE_CHARACTERS ends in `+`), so
 * the space `a--b` gives `a_b`.
 */
export function kibanaNamespace(space: string): string {
  return space.replace(/[*\\/?"<>|\s,#:-]+/g, '_');
}

/** A location as a monitor stores it (§4.3). */
function storedLocation(location: KibanaLocation): Record<string, unknown> {
  const { id, label, geo, isServiceManaged, agentPolicyId } = location;
  return { id, label, ...(!isServiceManaged && { agentPolicyId }), isServiceManaged, ...(geo && { geo }) };
}

/**
 * Kibana's getMonitorLocations: public references by id or alias, private ones by label or id
 * (case-insensitive), resolved to stored objects without duplicates, or its "Invalid locations" message.
 */
export function resolveLocations(
  publicRefs: readonly string[],
  privateRefs: readonly string[],
  all: readonly KibanaLocation[],
): { ok: true; locations: Record<string, unknown>[] } | { ok: false; message: string } {
  const managed = all.filter((l) => l.isServiceManaged);
  const privates = all.filter((l) => !l.isServiceManaged);
  const badPublic: string[] = [];
  const badPrivate: string[] = [];
  const found: KibanaLocation[] = [];
  for (const ref of publicRefs) {
    const id = Object.hasOwn(PUBLIC_LOCATIONS, ref) ? PUBLIC_LOCATIONS[ref] : ref;
    const hit = managed.find((l) => l.id === id);
    if (hit) found.push(hit);
    else badPublic.push(ref);
  }
  for (const ref of privateRefs) {
    const hit = privates.find((l) => l.label.toLowerCase() === ref.toLowerCase() || l.id.toLowerCase() === ref.toLowerCase());
    if (hit) found.push(hit);
    else badPrivate.push(ref);
  }
  if (badPublic.length || badPrivate.length) {
    const available = managed.length ? `Available locations are '${managed.map((l) => l.id).join('|')}'` : 'No Elastic managed location available to use.';
    const availablePrivate = privates.length
      ? `Available private locations are '${privates.map((l) => l.label).join('|')}'`
      : 'No private location available to use.';
    return {
      ok: false,
      message:
        'Invalid locations specified.' +
        (badPublic.length ? ` Elastic managed Location(s) '${badPublic.join('|')}' not found. ${available}` : '') +
        (badPrivate.length ? ` Private Location(s) '${badPrivate.join('|')}' not found. ${availablePrivate}` : ''),
    };
  }
  const unique = found.filter((l, i) => found.findIndex((o) => o.id === l.id) === i);
  return { ok: true, locations: unique.map(storedLocation) };
}

// ---- validateMonitor: the checks every stored monitor passes (§2.7) --------------------------

function invalidValue(value: unknown, key: string): string {
  return `Invalid value "${value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value)}" supplied to "${key}"`;
}

/** AlertConfigSchema: `status` required, `tls` optional, each exactly `{enabled: boolean}`. */
function alertIsValid(alert: unknown): boolean {
  const toggle = (v: unknown) => isRecord(v) && Object.keys(v).every((k) => k === 'enabled') && isBoolean(v.enabled);
  return isRecord(alert) && Object.keys(alert).every((k) => k === 'status' || k === 'tls') && toggle(alert.status) && (alert.tls === undefined || toggle(alert.tls));
}

/** Kibana compares the stored schedule's `number`, a string, with its allowed minutes. */
const ALLOWED_SCHEDULE_NUMBERS: ReadonlySet<unknown> = new Set(ALLOWED_MINUTES.map(String));

type MonitorProblem = { reason: string; details: string; at: RefusalPlace };

/**
 * Kibana's validateMonitor on a stored form (server/routes/monitor_cruds/monitor_validation.ts): the
 * reason and details of the first failed check, or undefined. Like Kibana, it names a nameless
 * lightweight monitor after its URL or host.
 */
export function validateMonitorAttributes(attributes: StoredMonitor, space: string): MonitorProblem | undefined {
  return monitorProblems(attributes, space).next().value ?? undefined;
}

/** validateMonitor's checks in Kibana's order, each failure in turn (Kibana stops at the first; validation reads on). */
function* monitorProblems(attributes: StoredMonitor, space: string): Generator<MonitorProblem, undefined> {
  const type = attributes.type as MonitorType;
  const at = (kind: RefusalPlace['kind'], fields: string[], issues?: CodecIssue[]): RefusalPlace => ({ kind, keys: 'stored', fields, issues });
  if (type !== 'browser' && !attributes.name) attributes.name = attributes.urls || attributes.hosts;
  if (!Array.isArray(attributes.locations) || attributes.locations.length === 0) yield { reason: LOCATION_REQUIRED, details: '', at: at('locations', ['locations']) };
  if (attributes.alert !== undefined && !alertIsValid(attributes.alert)) {
    yield { reason: 'Invalid alert configuration', details: invalidValue(attributes.alert, 'alert'), at: at('alert', ['alert']) };
  }
  const schedule = (attributes.schedule ?? {}) as { number?: unknown };
  if (!ALLOWED_SCHEDULE_NUMBERS.has(schedule.number as string)) {
    yield {
      reason: 'Monitor schedule is invalid',
      details: `Invalid schedule ${schedule.number} minutes supplied to monitor configuration. Supported schedule values in minutes are ${ALLOWED_MINUTES.join(', ')}`,
      at: at('schedule', ['schedule']),
    };
  }
  const issues = issuesOf(STORED_CODECS[type], attributes);
  if (issues.length) yield { reason: `Monitor is not a valid monitor of type ${type}`, details: formatIssues(issues), at: at('codec', [], issues) };
  if (type === 'browser' && !attributes['source.inline.script'] && !attributes['source.project.content']) {
    yield {
      reason: 'Monitor is not a valid monitor of type browser',
      details: 'source.inline.script: Script is required for browser monitor.',
      at: at('script', ['source.inline.script', 'source.project.content']),
    };
  }
  const spaces = attributes.spaces;
  if (space && Array.isArray(spaces) && spaces.length && !spaces.includes(space) && !spaces.includes('*')) {
    yield { reason: 'Invalid space ID provided in monitor configuration. It should always include the current space ID.', details: '', at: at('spaces', ['spaces']) };
  }
  return undefined;
}

/** Every refusal of validateMonitor, for validation. */
export function allMonitorProblems(attributes: StoredMonitor, space: string): MonitorProblem[] {
  return [...monitorProblems(attributes, space)];
}

// ---- The project payload codec and location rules (validateProjectMonitor) -------------------

/** validateProjectMonitor's findings, as refusals of their own: the payload codec's issues, the location rule. */
function projectPayloadProblems(monitor: ProjectMonitor, all: readonly KibanaLocation[] | undefined): Refusal[] {
  const refusals: Refusal[] = [];
  const issues = issuesOf(PROJECT_MONITOR_CODEC, monitor);
  if (issues.length) refusals.push({ id: monitor.id, reason: INVALID_CONFIGURATION, details: formatIssues(issues), at: { kind: 'payload', keys: 'payload', issues } });
  const location = locationRuleProblem(monitor, all);
  if (location) refusals.push({ id: monitor.id, reason: INVALID_CONFIGURATION, details: location, at: { kind: 'locations', keys: 'payload', fields: ['locations', 'privateLocations'] } });
  return refusals;
}

/** validateLocation: at least one public entry must be an exact id, one private entry an exact label (not checked without Kibana's list). */
function locationRuleProblem(monitor: ProjectMonitor, all: readonly KibanaLocation[] | undefined): string | undefined {
  const publicRefs = isStrings(monitor.locations) ? monitor.locations : [];
  const privateRefs = isStrings(monitor.privateLocations) ? monitor.privateLocations : [];
  if (all && publicRefs.length && !publicRefs.some((ref) => all.some((l) => l.isServiceManaged && l.id === ref))) {
    return `Invalid location: "${publicRefs[publicRefs.length - 1]}". Remove it or replace it with a valid location.`;
  }
  if (all && privateRefs.length && !privateRefs.some((ref) => all.some((l) => !l.isServiceManaged && l.label === ref))) {
    return `Invalid private location: "${privateRefs[privateRefs.length - 1]}". Remove it or replace it with a valid private location.`;
  }
  if (Array.isArray(monitor.locations) && monitor.locations.length === 0 && privateRefs.length === 0) {
    return 'You must add at least one location or private location to this monitor.';
  }
  return undefined;
}

// ---- The type normalisers (§3.7) -------------------------------------------------------------

class InvalidLocationError extends Error {}

/** What Kibana's normaliser throws for a `type` it does not know. */
class UnsupportedTypeError extends Error {}

/** What Kibana throws on a duration that is not a string, remembering which key it was. */
class DurationError extends TypeError {
  constructor(readonly key: string) {
    super('value.slice is not a function');
  }
}

/** Kibana's getValueInSeconds: the last character is the unit; a non-string makes it throw as Kibana does. */
function kibanaSeconds(value: unknown, key: 'timeout' | 'wait'): string {
  if (typeof value !== 'string') throw new DurationError(key);
  return String(kibanaMisreadSeconds(value));
}

/** A list given as an array, or as a comma-separated string. */
function listField(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value ? String(value).split(',') : [];
}

/** lodash `get` on the raw monitor: a dotted key as written, else the nested path. */
function getPath(object: Record<string, unknown>, path: string): unknown {
  if (path in object) return object[path];
  return path.split('.').reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), object);
}

/** Locations as written, for validation without Kibana's list: each reference stands for itself. */
function unresolvedLocations(publicRefs: string[], privateRefs: string[]): { ok: true; locations: Record<string, unknown>[] } {
  const reference = (isServiceManaged: boolean) => (ref: string) => ({ id: ref, label: ref, isServiceManaged });
  return { ok: true, locations: [...publicRefs.map(reference(true)), ...privateRefs.map(reference(false))] };
}

function commonFields(monitor: ProjectMonitor, ctx: NormaliseContext): { fields: StoredMonitor; errors: Refusal[] } {
  const errors: Refusal[] = [];
  const namespaceError = typeof monitor.namespace === 'string' && monitor.namespace ? fleetNamespaceError(monitor.namespace) : undefined;
  if (namespaceError) errors.push({ id: monitor.id, reason: 'Invalid namespace', details: namespaceError, at: { kind: 'namespace', keys: 'payload', fields: ['namespace'] } });
  const publicRefs = isStrings(monitor.locations) ? monitor.locations : [];
  const privateRefs = isStrings(monitor.privateLocations) ? monitor.privateLocations : [];
  const resolved = ctx.locations ? resolveLocations(publicRefs, privateRefs, ctx.locations) : unresolvedLocations(publicRefs, privateRefs);
  if (!resolved.ok) throw new InvalidLocationError(resolved.message);
  const heartbeatId = `${monitor.id}-${ctx.project}-${ctx.space}`;
  const fields: StoredMonitor = {
    journey_id: monitor.id || '',
    origin: 'project',
    name: monitor.name || '',
    schedule: projectSchedule(monitor.schedule),
    project_id: ctx.project,
    locations: resolved.locations,
    tags: listField(monitor.tags),
    namespace: monitor.namespace || kibanaNamespace(ctx.space) || 'default',
    original_space: ctx.space || 'default',
    custom_heartbeat_id: heartbeatId,
    id: heartbeatId,
    enabled: monitor.enabled ?? true,
    timeout: monitor.timeout ? kibanaSeconds(monitor.timeout, 'timeout') : '16',
    hash: monitor.hash || '',
    max_attempts: monitor.retestOnFailure === false ? 1 : 2,
    params: monitor.params && Object.keys(monitor.params).length ? JSON.stringify(monitor.params) : '',
    alert: { status: { enabled: monitor.alert?.status?.enabled ?? true }, tls: { enabled: monitor.alert?.tls?.enabled ?? true } },
    labels: monitor.fields || {},
    spaces: Array.isArray(monitor.spaces) ? monitor.spaces : [ctx.space],
  };
  // Maintenance window ids are stored as sent (names are not resolved here); before, they were dropped.
  if (kibanaHas(ctx.kibanaVersion, 'maintenanceWindows')) fields.maintenance_windows = monitor.maintenanceWindows ?? monitor.maintenance_windows ?? [];
  return { fields, errors };
}

function projectSchedule(schedule: unknown): unknown {
  if (!schedule) return { number: '3', unit: 'm' };
  if (typeof schedule === 'number') return { number: `${schedule}`, unit: 'm' };
  if (typeof schedule === 'string') return schedule.includes('s') ? { number: schedule.replace('s', ''), unit: 's' } : { number: schedule, unit: 'm' };
  return schedule;
}

/** Keys a lightweight monitor may carry that are handled apart from the supported-key check. */
const SET_APART = ['locations', 'privateLocations', 'content', 'id', 'retestOnFailure'];

const HTTP_KEYS_WITH_AUTH: ReadonlySet<string> = new Set([...DEFAULT_KEYS.http, 'kerberos', 'ntlm']);

/** The keys a lightweight monitor may carry on this Kibana: its type's stored keys, and what newer versions added (versions.ts). */
function supportedKeys(type: MonitorType, version: string): { supported: ReadonlySet<string>; apart: string[] } {
  const supported = type === 'http' && kibanaHas(version, 'httpKerberosNtlm') ? HTTP_KEYS_WITH_AUTH : DEFAULT_KEYS[type];
  // Agent 1.21+ sends `maintenanceWindows`; older Kibana refuses it as an unsupported key.
  return { supported, apart: kibanaHas(version, 'lightweightMaintenanceWindows') ? [...SET_APART, 'maintenanceWindows'] : SET_APART };
}

/** normalizeYamlConfig: the supported flattened keys of a lightweight monitor, and the unsupported ones. */
function yamlConfig(monitor: ProjectMonitor, type: MonitorType, version: string): { config: StoredMonitor; unsupported: string[] } {
  const { fields: _fields, ...rest } = monitor;
  const { supported, apart } = supportedKeys(type, version);
  const flat = flattenMonitor(rest, supported);
  const config: StoredMonitor = {};
  const unsupported: string[] = [];
  for (const key in flat) {
    if (apart.includes(key)) continue;
    if (supported.has(key)) config[key] = flat[key];
    else unsupported.push(key);
  }
  return { config, unsupported };
}

function unsupportedKeysError(monitor: ProjectMonitor, keys: string[], version: string): Refusal {
  return {
    id: monitor.id,
    reason: 'Unsupported Heartbeat option',
    details: `The following Heartbeat options are not supported for ${monitor.type} project monitors in ${version}: ${keys.join('|')}. You monitor was not created or updated.`,
    at: { kind: 'unsupported', keys: 'payload', fields: keys },
  };
}

function countError(monitor: ProjectMonitor, key: 'urls' | 'hosts', version: string): Refusal {
  return {
    id: monitor.id,
    reason: INVALID_HEARTBEAT,
    details: `\`${monitor.type}\` project monitors must have exactly one value for field \`${key}\` in version \`${version}\`. Your monitor was not created or updated.`,
    at: { kind: 'count', keys: 'payload', fields: [key] },
  };
}

/** Kibana's isValidURL: skipped for URLs holding `${param}` references. */
function parseableUrl(url: unknown): boolean {
  if (typeof url === 'string' && /\$\{.+\}/.test(url)) return true;
  try {
    new URL(String(url));
    return true;
  } catch {
    return false;
  }
}

function tlsFields(monitor: ProjectMonitor): StoredMonitor {
  const protocols = getPath(monitor, 'ssl.supported_protocols');
  return {
    'ssl.supported_protocols': protocols ? listField(protocols) : [...(TLS_DEFAULTS['ssl.supported_protocols'] as string[])],
    __ui: { is_tls_enabled: Object.keys(monitor).some((key) => key.includes('ssl')) },
  };
}

function requestBody(value: unknown): { type: string; value: string } {
  if (typeof value === 'object') return { type: 'json', value: JSON.stringify(value) };
  return { type: 'text', value: (value as string) || '' };
}

function throttling(value: unknown): unknown {
  if (value === false) return structuredClone(THROTTLING_PROFILES.find((p) => p.id === 'no-throttling'));
  if (!isRecord(value)) return structuredClone(THROTTLING_PROFILES[0]);
  const { download, upload, latency } = value as Record<string, unknown>;
  const profile = THROTTLING_PROFILES.find(
    (p) => p.value && Number(p.value.download) === download && Number(p.value.upload) === upload && Number(p.value.latency) === latency,
  );
  return structuredClone(profile) ?? { id: 'custom', label: 'Custom', value: { download: String(download), upload: String(upload), latency: String(latency) } };
}

/**
 * The stored monitor and the normaliser's errors. `defaults` gives the type's defaults the fields are
 * set over: a fresh copy (defaultsFor), or a view to read only (storedView).
 */
function normaliseByType(monitor: ProjectMonitor, ctx: NormaliseContext, defaults: (type: MonitorType) => StoredMonitor): { fields: StoredMonitor; errors: Refusal[] } {
  const type = monitor.type || 'browser';
  if (!isMonitorType(type)) throw new UnsupportedTypeError(`Unsupported monitor type ${monitor.type}`);
  if (type === 'browser') {
    const common = commonFields(monitor, ctx);
    const fields = assign(defaults(type), common.fields, {
      type,
      form_monitor_type: 'multistep',
      'source.project.content': monitor.content || '',
      throttling: throttling(monitor.throttling),
      ignore_https_errors: monitor.ignoreHTTPSErrors || false,
      screenshots: monitor.screenshot || 'on',
      playwright_options: isRecord(monitor.playwrightOptions) && Object.keys(monitor.playwrightOptions as object).length ? JSON.stringify(monitor.playwrightOptions) : '',
      'filter_journeys.match': (isRecord(monitor.filter) && monitor.filter.match) || '',
      timeout: monitor.timeout ? kibanaSeconds(monitor.timeout, 'timeout') : null,
    });
    return { fields, errors: common.errors };
  }
  const { config, unsupported } = yamlConfig(monitor, type, ctx.kibanaVersion);
  const common = commonFields(monitor, ctx);
  const errors = [...common.errors];
  const fields = assign(defaults(type), config, common.fields, { type, form_monitor_type: type });
  if (type === 'http') {
    const urls = Array.isArray(monitor.urls) ? monitor.urls : monitor.urls ? [monitor.urls] : [];
    if (urls.length !== 1) errors.push(countError(monitor, 'urls', ctx.kibanaVersion));
    else if (!parseableUrl(urls[0])) {
      errors.push({
        id: monitor.id,
        reason: INVALID_HEARTBEAT,
        details: `\`${monitor.type}\` project monitors must specify a valid URL for field \`monitor.urls\` in version \`${ctx.kibanaVersion}\`. Your monitor definition with ID \`${monitor.id}\` was not saved.`,
        at: { kind: 'url', keys: 'payload', fields: ['urls'] },
      });
    }
    const maxBytes = config['response.include_body_max_bytes'];
    assign(fields, {
      urls: urls.length ? urls[0] : '',
      max_redirects: typeof monitor.max_redirects === 'number' ? `${monitor.max_redirects}` : (monitor.max_redirects ?? '0'),
      'check.request.body': requestBody(config['check.request.body']),
      'response.include_body_max_bytes': `${maxBytes === undefined ? '1024' : maxBytes}`,
      ...tlsFields(monitor),
    });
  } else {
    const hosts = listField(monitor.hosts);
    if (hosts.length !== 1) errors.push(countError(monitor, 'hosts', ctx.kibanaVersion));
    fields.hosts = hosts[0] || '';
    if (type === 'tcp') assign(fields, tlsFields(monitor));
    else fields.wait = monitor.wait ? kibanaSeconds(monitor.wait, 'wait') || '1' : '1';
  }
  if (unsupported.length) errors.push(unsupportedKeysError(monitor, unsupported, ctx.kibanaVersion));
  return { fields, errors };
}

/**
 * The defaults to read only, without copying some 70 keys per monitor of every analysis: they show
 * through the prototype. Nothing may write into its nested values (frozen) or list its keys (its own
 * are only those the normaliser set).
 */
const storedView = (type: MonitorType): StoredMonitor => Object.create(DEFAULT_FIELDS[type]) as StoredMonitor;

/**
 * Object.assign, by a plain loop: on a target with a prototype other than Object's, or with many
 * keys, V8's Object.assign takes a generic path several times slower, once per monitor analysed.
 */
function assign(target: StoredMonitor, ...sources: StoredMonitor[]): StoredMonitor {
  for (const source of sources) for (const key in source) target[key] = source[key];
  return target;
}

/**
 * What Kibana stores for one project monitor, or the failedMonitors entries it reports.
 * `revision` and `config_id` are left out: the store that saves the monitor owns them.
 */
export function normaliseProjectMonitor(monitor: ProjectMonitor, ctx: NormaliseContext): NormaliseResult {
  try {
    const { fields, errors } = normaliseByType(monitor, ctx, defaultsFor);
    if (errors.length) return { ok: false, failures: errors };
    const typed = { ...monitor, type: fields.type as string };
    const problems = projectPayloadProblems(typed, ctx.locations);
    // Kibana reports them as one failure, its details joined.
    if (problems.length) return { ok: false, failures: [{ ...problems[0], details: problems.map((p) => p.details).join(' | '), payload: typed }] };
    const invalid = validateMonitorAttributes(fields, ctx.space);
    const { revision: _revision, config_id: _configId, ...attributes } = fields;
    if (invalid) return { ok: false, failures: [{ id: monitor.id, ...invalid, payload: attributes }] };
    return { ok: true, attributes };
  } catch (error) {
    return { ok: false, failures: [thrown(error, monitor)] };
  }
}

/**
 * Every refusal Kibana's stages would raise on a project monitor, each stage run even when an
 * earlier one failed (Kibana stops at the first): validation reports them all at once. Also the
 * stored form to read (storedView), when the normaliser got that far.
 */
export function projectMonitorRefusals(monitor: ProjectMonitor, ctx: NormaliseContext): { refusals: Refusal[]; stored?: StoredMonitor } {
  try {
    const { fields: stored, errors } = normaliseByType(monitor, ctx, storedView);
    const refusals = [...errors, ...projectPayloadProblems({ ...monitor, type: stored.type as string }, ctx.locations)];
    for (const invalid of allMonitorProblems(stored, ctx.space)) refusals.push({ id: monitor.id, ...invalid });
    return { refusals, stored };
  } catch (error) {
    return { refusals: [thrown(error, monitor)] };
  }
}

/** A normaliser's exception, as Kibana reports it. */
function thrown(error: unknown, monitor: ProjectMonitor): Refusal {
  const invalidLocation = error instanceof InvalidLocationError;
  const message = (error as Error).message;
  const at: RefusalPlace = invalidLocation
    ? { kind: 'locations', keys: 'payload', fields: ['locations', 'privateLocations'] }
    : error instanceof DurationError
      ? { kind: 'duration', keys: 'payload', fields: [error.key] }
      : error instanceof UnsupportedTypeError
        ? { kind: 'type', keys: 'payload', fields: ['type'] }
        : { kind: 'error', keys: 'payload', fields: [] };
  return { id: monitor.id, reason: invalidLocation ? INVALID_CONFIGURATION : FAILED_TO_UPDATE, details: message, payload: monitor, at };
}

// ---- The public API's view of a stored monitor (§2.8) ----------------------------------------

const HIDDEN_FROM_PUBLIC = ['urls', 'hosts', 'source.inline.script', 'hash', 'journey_id', 'form_monitor_type'];

function parsedJson(value: unknown): unknown {
  if (!value) return {};
  try {
    return JSON.parse(String(value));
  } catch {
    return {};
  }
}

function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

/** Kibana's mapSavedObjectToMonitor for public responses: renamed keys, parsed JSON, empty values dropped. */
export function toPublicMonitor(stored: StoredMonitor): Record<string, unknown> {
  const result: Record<string, unknown> = {
    ...stored,
    params: parsedJson(stored.params),
    retest_on_failure: ((stored.max_attempts as number | undefined) ?? 1) > 1,
  };
  if (stored.hosts) result.host = stored.hosts;
  if (stored.urls) result.url = stored.urls;
  if (stored.type === 'browser') {
    if (stored['source.inline.script']) result.inline_script = stored['source.inline.script'];
    result.playwright_options = parsedJson(stored.playwright_options);
  }
  for (const key of HIDDEN_FROM_PUBLIC) delete result[key];
  return Object.fromEntries(Object.entries(result).filter(([, value]) => !isEmptyValue(value)));
}
