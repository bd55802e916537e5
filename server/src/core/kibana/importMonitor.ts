// A monitor as Kibana stores it, back into the files we keep in git: heartbeat YAML for http, tcp
// and icmp, our browser-monitor JSON for browser. The inverse of normalise.ts (what Kibana stores
// from a project monitor) composed with desired.ts (what we send for a file's monitor): only what
// differs from Kibana's defaults is written, so an imported project monitor plans as unchanged.
// Each result is checked by running it through both again; what cannot come back is reported.

import { DEFAULT_FIELDS, THROTTLING_PROFILES } from './defaults';
import { ProjectDefaults, projectMonitorOf } from './desired';
import { FieldChange, diff } from './plan';
import { kibanaNamespace, normaliseProjectMonitor } from './normalise';
import { KibanaLocation, MonitorType, StoredMonitor } from './types';
import { isMonitorType } from '../schema/schemas';

export interface ImportContext {
  space: string;
  kibanaVersion: string;
  /** Kibana's locations now: private ones are written by their current label (labels change, ids do not). */
  locations: KibanaLocation[];
  /** The project the files will be pushed to; the monitor's own when unset. */
  project?: string;
  /** Write secret values in plain text instead of `${param}` placeholders. */
  includeSecrets: boolean;
}

/** A secret replaced by a `${param}` placeholder: Kibana substitutes its global parameters at run time. */
export interface SecretPlaceholder {
  /** The key written, dotted (`password`, `check.request.headers.Authorization`). */
  path: string;
  /** The Kibana global parameter that must hold the value. */
  param: string;
}

export interface ImportedMonitor {
  /** The monitor id written: a project monitor's `journey_id`, or the id chosen for a UI-made one. */
  id: string;
  name: string;
  type: MonitorType;
  origin: 'ui' | 'project';
  configId: string;
  project?: string;
  format: 'heartbeat' | 'browser-json';
  /** The monitor as written, keys in writing order. */
  config: Record<string, unknown>;
  /** Secrets written as placeholders (none with `includeSecrets`). */
  placeholders: SecretPlaceholder[];
  /** Secret values written in plain text (only with `includeSecrets`): their keys. */
  plainSecrets: string[];
  /** Browser `params` keys left out: Kibana does not substitute placeholders inside params. */
  omittedParams: string[];
  /** What the written monitor cannot reproduce: the plan shows these fields changing (secrets masked). */
  lost: FieldChange[];
  /** Why Kibana would refuse the written monitor as a project monitor, if it would. */
  refused?: string;
  /** A browser monitor's journey, for reading: its inline steps, or its pushed bundle (base64 zip). */
  journey?: { script: string } | { content: string };
}

/** Secrets a monitor sends (credentials, headers, bodies): placeholders unless asked. Scripts and expected responses are the monitor itself. */
const PLACEHOLDER_NAMES: Record<string, string> = {
  username: 'username',
  password: 'password',
  'ssl.key': 'ssl_key',
  'ssl.key_passphrase': 'ssl_key_passphrase',
  'check.request.body': 'request_body',
  'check.send': 'check_send',
};
const SECRET_HEADERS: Record<string, string> = { 'check.request.headers': 'header', proxy_headers: 'proxy_header' };

/** What the self-check does not count as lost: it differs by design (a UI-made monitor becomes a project one; inline steps are bundled by the push). */
const EXPECTED_CHANGES = new Set(['origin', 'journey_id', 'project_id', 'form_monitor_type']);
/** Inline steps become a bundle, selected by the monitor's name, when pushed. */
const BUNDLED = new Set(['source.inline.script', 'source.project.content', 'filter_journeys.match']);

/** `Lower-case words`, joined by `sep`: the id of a UI-made monitor, the name of a parameter. */
export function slug(text: string, sep = '-'): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .join(sep);
}

/**
 * The id each monitor gets: a project monitor keeps its `journey_id`; a UI-made one gets one made
 * from its name, unique among them and `taken` (ids the project already uses).
 */
export function importIds(monitors: StoredMonitor[], taken: Iterable<string> = []): string[] {
  const used = new Set(taken);
  for (const m of monitors) if (m.origin === 'project') used.add(String(m.journey_id));
  return monitors.map((m) => {
    if (m.origin === 'project') return String(m.journey_id);
    const base = slug(String(m.name ?? '')) || String(m.type ?? 'monitor');
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  });
}

/** One stored monitor (with its secrets, as GET one returns it) as a file's monitor. */
export function importMonitor(stored: StoredMonitor, id: string, ctx: ImportContext): ImportedMonitor {
  const type = stored.type;
  if (!isMonitorType(type)) throw new Error(`monitor ${String(stored.name)} (${String(stored.config_id)}) has type "${String(type)}", which no file format holds`);
  const writer = new Writer(stored, id, ctx);
  const config = type === 'browser' ? browserConfig(stored, writer) : heartbeatConfig(stored, type, writer);
  const imported: ImportedMonitor = {
    id,
    name: String(stored.name ?? ''),
    type,
    origin: stored.origin === 'project' ? 'project' : 'ui',
    configId: String(stored.config_id ?? ''),
    ...(typeof stored.project_id === 'string' && stored.project_id && { project: stored.project_id }),
    format: type === 'browser' ? 'browser-json' : 'heartbeat',
    config,
    placeholders: writer.placeholders,
    plainSecrets: writer.plainSecrets,
    omittedParams: writer.omittedParams,
    lost: [],
  };
  if (type === 'browser') {
    const script = stored['source.inline.script'];
    const content = stored['source.project.content'];
    if (typeof content === 'string' && content) imported.journey = { content };
    else if (typeof script === 'string' && script) imported.journey = { script };
  }
  Object.assign(imported, selfCheck(imported, stored, ctx));
  return imported;
}

/** Collects the keys of one monitor, and what became of its secrets. */
class Writer {
  readonly placeholders: SecretPlaceholder[] = [];
  readonly plainSecrets: string[] = [];
  readonly omittedParams: string[] = [];
  readonly defaults: StoredMonitor;

  constructor(
    readonly stored: StoredMonitor,
    /** The id written, which names its parameters. */
    readonly id: string,
    readonly ctx: ImportContext,
  ) {
    this.defaults = DEFAULT_FIELDS[stored.type as MonitorType];
  }

  /** The stored value when it differs from the type's default (empty values count as unset). */
  changed(key: string): unknown {
    const value = this.stored[key];
    if (isEmpty(value) || same(value, this.defaults[key])) return undefined;
    return value;
  }

  /** A secret the monitor sends: written as is with `includeSecrets`, else as a placeholder naming a parameter. */
  secret(key: string, value: unknown, path = key, name = PLACEHOLDER_NAMES[key]): unknown {
    if (this.ctx.includeSecrets) {
      this.plainSecrets.push(path);
      return value;
    }
    const param = `${slug(this.id, '_')}_${slug(name, '_')}`;
    this.placeholders.push({ path, param });
    return `\${${param}}`;
  }

  /** `locations` (Elastic-managed, by id) and `private_locations` (by current label: project monitors match labels exactly, #194901). */
  locations(): Record<string, unknown> {
    const publicIds: string[] = [];
    const privateLabels: string[] = [];
    for (const l of (this.stored.locations ?? []) as KibanaLocation[]) {
      if (!l || typeof l !== 'object') continue;
      if (l.isServiceManaged) publicIds.push(l.id);
      else privateLabels.push(this.ctx.locations.find((known) => known.id === l.id)?.label ?? l.label);
    }
    return { ...(publicIds.length && { locations: publicIds }), ...(privateLabels.length && { private_locations: privateLabels }) };
  }

  /** `enabled`, `tags` and `alert`, only where they differ from Kibana's defaults. */
  flags(): Record<string, unknown> {
    const s = this.stored;
    const alert = (s.alert ?? {}) as { status?: { enabled?: boolean }; tls?: { enabled?: boolean } };
    const off = Object.fromEntries((['status', 'tls'] as const).filter((part) => alert[part]?.enabled === false).map((part) => [part, { enabled: false }]));
    return {
      ...(s.enabled === false && { enabled: false }),
      ...(Array.isArray(s.tags) && s.tags.length && { tags: s.tags }),
      ...(Object.keys(off).length && { alert: off }),
    };
  }

  /** `namespace` unless it is the space's own, `retest_on_failure: false` for one attempt. */
  tail(): Record<string, unknown> {
    const s = this.stored;
    return {
      ...(typeof s.namespace === 'string' && s.namespace !== kibanaNamespace(this.ctx.space) && { namespace: s.namespace }),
      ...(s.max_attempts === 1 && { retest_on_failure: false }),
    };
  }
}

function heartbeatConfig(s: StoredMonitor, type: Exclude<MonitorType, 'browser'>, w: Writer): Record<string, unknown> {
  const schedule = (s.schedule ?? {}) as { number?: string; unit?: string };
  const config: Record<string, unknown> = { id: w.id, name: s.name, type, schedule: `@every ${schedule.number ?? 3}${schedule.unit === 's' ? 's' : 'm'}` };
  if (type === 'http') config.urls = [s.urls];
  else config.hosts = [s.hosts];
  const { enabled, tags, alert } = w.flags();
  if (enabled !== undefined) config.enabled = enabled;
  // Kibana stores durations in seconds; written back with their unit, which it reads again.
  if (w.changed('timeout') !== undefined) config.timeout = `${s.timeout}s`;
  if (type === 'icmp' && w.changed('wait') !== undefined) config.wait = `${s.wait}s`;
  Object.assign(config, w.locations());
  if (tags !== undefined) config.tags = tags;
  const check = checks(s, w);
  if (Object.keys(check).length) config.check = check;
  const ssl = sslOf(w);
  if (Object.keys(ssl).length) config.ssl = ssl;
  const response = nested(w, ['response.include_body', 'response.include_headers', 'response.include_body_max_bytes'], 'response.', numeric);
  if (Object.keys(response).length) config.response = response;
  for (const key of ['max_redirects', 'mode', 'ipv4', 'ipv6', 'proxy_url', 'proxy_use_local_resolver']) {
    const value = w.changed(key);
    if (value !== undefined) config[key] = numeric(value);
  }
  const proxyHeaders = headers(w, 'proxy_headers');
  if (proxyHeaders) config.proxy_headers = proxyHeaders;
  for (const key of ['username', 'password']) {
    const value = w.changed(key);
    if (value !== undefined) config[key] = w.secret(key, value);
  }
  const service = w.changed('service.name');
  if (service !== undefined) config.service = { name: service };
  // Kibana stores the agent's `fields` as labels; `labels` written in YAML it would drop.
  const labels = w.changed('labels');
  if (labels !== undefined) config.fields = labels;
  const windows = w.changed('maintenance_windows');
  if (windows !== undefined) config.maintenance_windows = windows;
  if (alert !== undefined) config.alert = alert;
  Object.assign(config, w.tail());
  if (s.origin !== 'project' && s.config_id) config.adopts = s.config_id;
  return config;
}

/** `check.request.*`, `check.response.*` (http) or `check.send` / `check.receive` (tcp), nested as Heartbeat writes them. */
function checks(s: StoredMonitor, w: Writer): Record<string, unknown> {
  const check: Record<string, unknown> = {};
  const request: Record<string, unknown> = {};
  const method = w.changed('check.request.method');
  if (method !== undefined) request.method = method;
  const requestHeaders = headers(w, 'check.request.headers');
  if (requestHeaders) request.headers = requestHeaders;
  const body = s['check.request.body'] as { type?: string; value?: string } | undefined;
  if (body && typeof body.value === 'string' && body.value !== '') {
    // Kibana stores a string body as text and an object as its JSON (normalizers/http_monitor.ts
    // getRequestBodyField): a JSON body is written as its object; form and xml bodies cannot be.
    request.body = w.secret('check.request.body', body.type === 'json' ? parsedJson(body.value) : body.value);
  }
  if (Object.keys(request).length) check.request = request;
  const response = nested(w, ['check.response.status', 'check.response.headers', 'check.response.body.positive', 'check.response.body.negative', 'check.response.json'], 'check.response.', (v, key) =>
    key === 'check.response.status' && Array.isArray(v) ? v.map(numeric) : v,
  );
  if (Object.keys(response).length) check.response = unflatten(response);
  for (const key of ['check.send', 'check.receive'] as const) {
    const value = w.changed(key);
    if (value !== undefined) check[key.slice('check.'.length)] = key === 'check.send' ? w.secret(key, value) : value;
  }
  return check;
}

function parsedJson(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    // Only a body Kibana would store back byte for byte is written as an object.
    return JSON.stringify(value) === text && value && typeof value === 'object' ? value : text;
  } catch {
    return text;
  }
}

/** A header map: each value a secret. */
function headers(w: Writer, key: 'check.request.headers' | 'proxy_headers'): Record<string, unknown> | undefined {
  const value = w.changed(key) as Record<string, unknown> | undefined;
  if (!value || typeof value !== 'object') return undefined;
  return Object.fromEntries(Object.entries(value).map(([name, v]) => [name, w.secret(key, v, `${key}.${name}`, `${SECRET_HEADERS[key]}_${name}`)]));
}

/** `ssl.*` as a nested `ssl:` block; the key and its passphrase are secrets. */
function sslOf(w: Writer): Record<string, unknown> {
  const ssl: Record<string, unknown> = {};
  for (const key of ['ssl.verification_mode', 'ssl.supported_protocols', 'ssl.certificate_authorities', 'ssl.certificate', 'ssl.key', 'ssl.key_passphrase']) {
    const value = w.changed(key);
    if (value === undefined) continue;
    ssl[key.slice('ssl.'.length)] = key === 'ssl.key' || key === 'ssl.key_passphrase' ? w.secret(key, value) : value;
  }
  return ssl;
}

/** The changed keys among `keys`, without `prefix`, each through `map`. */
function nested(w: Writer, keys: string[], prefix: string, map: (value: unknown, key: string) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = w.changed(key);
    if (value !== undefined) out[key.slice(prefix.length)] = map(value, key);
  }
  return out;
}

/** `body.positive` → `{body: {positive}}`. */
function unflatten(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    let at = out;
    for (const part of parts.slice(0, -1)) at = (at[part] ??= {}) as Record<string, unknown>;
    at[parts[parts.length - 1]] = value;
  }
  return out;
}

/** `"200"` → 200: numbers read better, and Kibana stores them as strings again. */
function numeric(value: unknown): unknown {
  return typeof value === 'string' && /^(0|[1-9]\d{0,14})$/.test(value) ? Number(value) : value;
}

function browserConfig(s: StoredMonitor, w: Writer): Record<string, unknown> {
  const schedule = (s.schedule ?? {}) as { number?: string; unit?: string };
  const config: Record<string, unknown> = { id: w.id, name: s.name, type: 'browser', schedule: { number: String(schedule.number ?? 10), unit: schedule.unit ?? 'm' }, ...w.locations() };
  const { enabled, tags, alert } = w.flags();
  if (enabled !== undefined) config.enabled = enabled;
  const timeout = w.changed('timeout');
  if (timeout !== undefined) config.timeout = numeric(String(timeout));
  if (tags !== undefined) config.tags = tags;
  // A pushed bundle is kept as it is, so the round trip is exact; `--journeys` unzips it for reading.
  const content = w.changed('source.project.content');
  config.source = content !== undefined ? { project: { content } } : { inline: { script: s['source.inline.script'] ?? '' } };
  const params = parsedJson(String(s.params ?? ''));
  if (params && typeof params === 'object' && Object.keys(params).length) {
    // Kibana substitutes parameters in a monitor's fields, not inside its params: they are written, or left to global parameters.
    if (w.ctx.includeSecrets) config.params = w.secret('params', params);
    else w.omittedParams.push(...Object.keys(params));
  }
  const screenshots = w.changed('screenshots');
  if (screenshots !== undefined) config.screenshots = screenshots;
  const throttling = throttlingOf(s.throttling);
  if (throttling !== undefined) config.throttling = throttling;
  const options = parsedJson(String(s.playwright_options ?? ''));
  if (options && typeof options === 'object' && Object.keys(options).length) config.playwright_options = options;
  if (s.ignore_https_errors === true) config.ignore_https_errors = true;
  const match = s['filter_journeys.match'];
  if (typeof match === 'string' && match && match !== s.name) config.filter_journeys = { match };
  const labels = w.changed('labels');
  if (labels !== undefined) config.labels = labels;
  if (alert !== undefined) config.alert = alert;
  Object.assign(config, w.tail());
  if (s.origin !== 'project' && s.config_id) config.adopts = s.config_id;
  return config;
}

/** A stored profile as the config writes throttling: the default left out, none as `false`, others as numbers. */
function throttlingOf(value: unknown): unknown {
  const profile = value as { id?: string; value?: { download?: string; upload?: string; latency?: string } | null } | undefined;
  if (!profile || typeof profile !== 'object' || profile.id === THROTTLING_PROFILES[0].id) return undefined;
  if (profile.id === 'no-throttling' || !profile.value) return false;
  const { download, upload, latency } = profile.value;
  return { download: Number(download), upload: Number(upload), latency: Number(latency) };
}

/**
 * The written monitor, pushed: what Kibana would store, against what it holds. Fields that differ
 * by design (a UI-made monitor becomes a project one, placeholders stand for secrets, inline steps
 * are bundled by the push) are not counted.
 */
function selfCheck(imported: ImportedMonitor, stored: StoredMonitor, ctx: ImportContext): Pick<ImportedMonitor, 'lost' | 'refused'> {
  const defaults: ProjectDefaults = { locations: [], privateLocations: [] };
  const { payload, inlineScript } = projectMonitorOf(structuredClone(imported.config), imported.format, defaults);
  // The push bundles inline steps into `content` (Node side); a stand-in takes its place here.
  if (inlineScript !== undefined) payload.content = 'bundled-by-the-push';
  const storedLocations = ((stored.locations ?? []) as KibanaLocation[]).filter((l) => l && typeof l === 'object');
  const locations = [...ctx.locations, ...storedLocations.filter((l) => !ctx.locations.some((known) => known.id === l.id))];
  const project = ctx.project ?? imported.project ?? 'imported';
  const predicted = normaliseProjectMonitor(payload, { project, space: ctx.space, kibanaVersion: ctx.kibanaVersion, locations });
  if (!predicted.ok) return { lost: [], refused: predicted.failures.map((f) => `${f.reason} ${f.details}`.trim()).join('; ') };
  const placeheld = new Set(imported.placeholders.map((p) => (p.path.startsWith('check.request.headers.') ? 'check.request.headers' : p.path.startsWith('proxy_headers.') ? 'proxy_headers' : p.path)));
  if (imported.omittedParams.length) placeheld.add('params');
  const lost = diff(stored, predicted.attributes).filter((c) => !EXPECTED_CHANGES.has(c.field) && !placeheld.has(c.field) && !(inlineScript !== undefined && BUNDLED.has(c.field)));
  return { lost };
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value as object).length === 0;
}

/** Equal as Kibana compares stored values: numbers and their strings alike. */
function same(a: unknown, b: unknown): boolean {
  const scalar = (v: unknown) => typeof v === 'number' || typeof v === 'string';
  return scalar(a) && scalar(b) ? String(a) === String(b) : JSON.stringify(a) === JSON.stringify(b);
}
