// Kibana's per-type stored fields and their defaults (reference §5.1), and the secret ones (§5.11):
// the table that normalisation fills in, and the sandbox's public API reads.

import { MonitorType } from '../schema/schemas';
import { StoredMonitor } from './types';

const COMMON_DEFAULTS: StoredMonitor = {
  enabled: true,
  alert: { status: { enabled: true }, tls: { enabled: true } },
  schedule: { number: '3', unit: 'm' },
  'service.name': '',
  config_id: '',
  tags: [],
  timeout: '16',
  name: '',
  locations: [],
  namespace: 'default',
  origin: 'ui',
  journey_id: '',
  hash: '',
  id: '',
  params: '',
  max_attempts: 2,
  revision: 1,
  labels: {},
  maintenance_windows: [],
  spaces: [],
};

export const TLS_DEFAULTS: StoredMonitor = {
  'ssl.certificate_authorities': '',
  'ssl.certificate': '',
  'ssl.key': '',
  'ssl.key_passphrase': '',
  'ssl.verification_mode': 'full',
  'ssl.supported_protocols': ['TLSv1.1', 'TLSv1.2', 'TLSv1.3'],
};

/** Throttling profiles of the browser form (§5.10), as download / upload / latency strings. */
export const THROTTLING_PROFILES = [
  { id: 'default', label: 'Default', value: { download: '5', upload: '3', latency: '20' } },
  { id: 'cable', label: 'Cable', value: { download: '5', upload: '1', latency: '28' } },
  { id: 'dsl', label: 'DSL', value: { download: '1.5', upload: '0.384', latency: '50' } },
  { id: '3g', label: '3G', value: { download: '1.6', upload: '0.768', latency: '300' } },
  { id: '4g', label: '4G', value: { download: '9', upload: '0.75', latency: '170' } },
  { id: 'lte', label: 'LTE', value: { download: '12', upload: '0.75', latency: '70' } },
  { id: 'fibre', label: 'Fibre', value: { download: '20', upload: '5', latency: '4' } },
  { id: 'no-throttling', label: 'No throttling', value: null },
];

/** Kibana's DEFAULT_FIELDS: per type, every key a monitor may store, with its default. */
export const DEFAULT_FIELDS: Readonly<Record<MonitorType, Readonly<StoredMonitor>>> = {
  http: {
    ...COMMON_DEFAULTS,
    type: 'http',
    form_monitor_type: 'http',
    __ui: { is_tls_enabled: false },
    urls: '',
    max_redirects: '0',
    'url.port': null,
    password: '',
    proxy_url: '',
    proxy_headers: {},
    'check.response.body.negative': [],
    'check.response.body.positive': [],
    'check.response.json': [],
    'response.include_body': 'on_error',
    'check.response.headers': {},
    'response.include_headers': true,
    'check.response.status': [],
    'check.request.body': { value: '', type: 'text' },
    'check.request.headers': {},
    'check.request.method': 'GET',
    username: '',
    mode: 'any',
    'response.include_body_max_bytes': '1024',
    ipv4: true,
    ipv6: true,
    ...TLS_DEFAULTS,
  },
  tcp: {
    ...COMMON_DEFAULTS,
    type: 'tcp',
    form_monitor_type: 'tcp',
    __ui: { is_tls_enabled: false },
    hosts: '',
    urls: '',
    'url.port': null,
    proxy_url: '',
    proxy_use_local_resolver: false,
    'check.receive': '',
    'check.send': '',
    mode: 'any',
    ipv4: true,
    ipv6: true,
    ...TLS_DEFAULTS,
  },
  icmp: { ...COMMON_DEFAULTS, type: 'icmp', form_monitor_type: 'icmp', hosts: '', wait: '1', mode: 'any', ipv4: true, ipv6: true },
  browser: {
    ...COMMON_DEFAULTS,
    type: 'browser',
    form_monitor_type: 'multistep',
    schedule: { number: '10', unit: 'm' },
    timeout: null,
    project_id: '',
    playwright_options: '',
    __ui: { script_source: { is_generated_script: false, file_name: '' } },
    'url.port': null,
    'source.inline.script': '',
    'source.project.content': '',
    playwright_text_assertion: '',
    urls: '',
    screenshots: 'on',
    synthetics_args: [],
    'filter_journeys.match': '',
    'filter_journeys.tags': [],
    ignore_https_errors: false,
    throttling: THROTTLING_PROFILES[0],
    ...TLS_DEFAULTS,
  },
};

// Validation reads the defaults through a prototype instead of copying them (normalise.ts storedView):
// their nested values are frozen so that nothing writes into them. Not the maps themselves: a frozen
// key in a prototype would refuse the same key set on the object in front of it.
for (const fields of Object.values(DEFAULT_FIELDS)) for (const value of Object.values(fields)) deepFreeze(value);

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const nested of Object.values(value)) deepFreeze(nested);
}

/** Fields Kibana encrypts and leaves out of list responses (§5.11). */
export const SECRET_KEYS: readonly string[] = [
  'proxy_headers', 'params', 'password', 'check.request.body', 'check.request.headers', 'check.send',
  'check.response.body.negative', 'check.response.body.positive', 'check.response.json', 'check.response.headers',
  'check.receive', 'source.inline.script', 'source.project.content', 'synthetics_args', 'ssl.key', 'ssl.key_passphrase', 'username',
];

/** The keys of each type's stored monitor: those Kibana's flattening stops at. */
export const DEFAULT_KEYS: Readonly<Record<MonitorType, ReadonlySet<string>>> = {
  http: new Set(Object.keys(DEFAULT_FIELDS.http)),
  tcp: new Set(Object.keys(DEFAULT_FIELDS.tcp)),
  icmp: new Set(Object.keys(DEFAULT_FIELDS.icmp)),
  browser: new Set(Object.keys(DEFAULT_FIELDS.browser)),
};

/** A fresh copy of a type's defaults, so stored monitors never share nested objects. */
export function defaultsFor(type: MonitorType): StoredMonitor {
  return copyData(DEFAULT_FIELDS[type]) as StoredMonitor;
}

/**
 * A deep copy of plain data (maps, lists, scalars): what structuredClone does for any value, ten
 * times faster on these small maps, and it runs for every monitor of every plan and analysis.
 */
function copyData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyData);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const key in value) copy[key] = copyData((value as Record<string, unknown>)[key]);
  return copy;
}
