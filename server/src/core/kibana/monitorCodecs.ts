// Kibana's monitor codecs, field by field: the stored monitor of each type, which `validateMonitor`
// decodes after normalisation (common/runtime_types/monitor_management/monitor_types.ts, its zod twin
// runtime_types/zod/monitor_types.ts, the messages of runtime_types/validation_messages.ts), and the
// project API's payload (monitor_types_project.ts, ProjectMonitorCodec). The Kibana 8.16–9.x forms:
// fields newer versions add (kerberos, ntlm, the certificate allowlist) are not required here.

import { fleetNamespaceError, namespaceProblem } from './facts';
import { MonitorType } from '../schema/schemas';
import { Codec, arrayOf, boolean, isRecord, leaf, nullValue, number, object, oneOf, recordOf, string, union } from './codec';

export const TLS_VERSIONS = ['TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
export const SCREENSHOT_OPTIONS = ['on', 'off', 'only-on-failure'];

const blank = (v: unknown) => typeof v === 'string' && v.trim() === '';

/** NonEmptyString: a string that is not blank after trimming. */
const nonEmptyString = leaf('a non-blank string', 'non-blank strings', (v) => typeof v === 'string' && !blank(v));

/** getNonEmptyStringCodec(field): the same, with Kibana's message naming the field as its API names it. */
function nonEmptyField(field: string): Codec {
  const message = `Invalid field "${field}", must be a non-empty string.`;
  return leaf('a non-blank string', 'non-blank strings', (v) => typeof v === 'string' && !blank(v), () => message);
}

/** NameSpaceString: Fleet's namespace rules, a blank namespace allowed (`isValidNamespace(input, true)`). */
const namespaceString = leaf(
  'a Fleet namespace (lowercase, no `-`, at most 100 bytes)',
  'Fleet namespaces',
  (v) => typeof v === 'string' && (blank(v) || namespaceProblem(v) === undefined),
  (v) => (typeof v === 'string' ? `Invalid namespace: ${fleetNamespaceError(v)}` : undefined),
);

/** `t.union([TimeoutString, t.null, t.number])`; TimeoutString is a non-blank string `Number()` reads. */
const timeout = leaf(
  'a number of seconds (`30` or `"30"`) or `null`',
  'numbers of seconds',
  (v) => v === null || typeof v === 'number' || (typeof v === 'string' && !blank(v) && !Number.isNaN(Number(v))),
);

/** InlineScriptString: blank means "not configured"; otherwise step definitions, not a whole journey. */
const inlineScript = leaf(
  'a string of `step(...)` calls',
  'scripts',
  (v) => typeof v === 'string' && (blank(v) || (!v.includes('journey(') && v.includes('step('))),
  (v) => {
    if (typeof v !== 'string') return 'source.inline.script: Inline script must be a non-empty string';
    if (v.includes('journey(')) return 'source.inline.script: Monitor script is invalid. Inline scripts cannot be full journey scripts, they may only contain step definitions.';
    return 'source.inline.script: Monitor script is invalid. Inline scripts must contain at least one step definition.';
  },
);

const mode = oneOf(['any', 'all']);
const strings = arrayOf(string);
const stringMap = recordOf(string);
const portOrNull = union(number, nullValue);
const toggle = object({}, { enabled: boolean });
export const ALERT_CODEC = object({}, { status: toggle, tls: toggle });

const metadata = object({}, { is_tls_enabled: boolean, script_source: object({ is_generated_script: boolean, file_name: string }) });

const COMMON_REQUIRED: Record<string, Codec> = {
  name: nonEmptyString,
  namespace: namespaceString,
  type: oneOf(['http', 'tcp', 'icmp', 'browser']),
  enabled: boolean,
  schedule: object({ number: string, unit: oneOf(['m', 's']) }),
  'service.name': string,
  tags: strings,
  locations: arrayOf(object({ id: string }), { nonEmpty: true }),
  id: string,
  config_id: string,
  max_attempts: number,
};

const COMMON_OPTIONAL: Record<string, Codec> = {
  form_monitor_type: oneOf(['single', 'multistep', 'http', 'tcp', 'icmp']),
  timeout,
  revision: number,
  origin: oneOf(['ui', 'project']),
  hash: string,
  journey_id: string,
  project_id: string,
  original_space: string,
  custom_heartbeat_id: string,
  alert: ALERT_CODEC,
  params: string,
  labels: stringMap,
  maintenance_windows: strings,
  spaces: strings,
  retest_on_failure: boolean,
};

const TLS: Record<string, Codec> = {
  'ssl.certificate_authorities': union(string, strings),
  'ssl.certificate': string,
  'ssl.verification_mode': oneOf(['none', 'certificate', 'full', 'strict']),
  'ssl.supported_protocols': arrayOf(oneOf(TLS_VERSIONS)),
  'ssl.key': string,
  'ssl.key_passphrase': string,
};

const throttlingValue = object({ download: string, upload: string, latency: string });

/** Each type's stored monitor (HTTPFieldsCodec, TCPFieldsCodec, ICMPSimpleFieldsCodec, BrowserFieldsCodec). */
export const STORED_CODECS: Record<MonitorType, Codec> = {
  http: object(
    {
      ...COMMON_REQUIRED,
      __ui: metadata,
      max_redirects: union(string, number),
      urls: nonEmptyField('url'),
      'url.port': portOrNull,
      proxy_url: string,
      'response.include_body': oneOf(['always', 'never', 'on_error']),
      'response.include_headers': boolean,
      'check.response.status': strings,
      'check.request.method': string,
      password: string,
      'check.response.body.negative': strings,
      'check.response.body.positive': strings,
      'check.response.headers': stringMap,
      'check.request.body': object({ value: string, type: oneOf(['form', 'json', 'text', 'xml']) }),
      'check.request.headers': stringMap,
      username: string,
    },
    {
      ...COMMON_OPTIONAL,
      mode,
      'response.include_body_max_bytes': string,
      ipv4: boolean,
      ipv6: boolean,
      proxy_headers: stringMap,
      'check.response.json': arrayOf(object({ description: string, expression: string })),
      ...TLS,
    },
  ),
  tcp: object(
    {
      ...COMMON_REQUIRED,
      __ui: metadata,
      hosts: nonEmptyField('host'),
      'url.port': portOrNull,
      proxy_url: string,
      proxy_use_local_resolver: boolean,
      'check.receive': string,
      'check.send': string,
    },
    { ...COMMON_OPTIONAL, urls: string, mode, ipv4: boolean, ipv6: boolean, ...TLS },
  ),
  icmp: object({ ...COMMON_REQUIRED, hosts: nonEmptyString, wait: string }, { ...COMMON_OPTIONAL, mode, ipv4: boolean, ipv6: boolean }),
  browser: object(
    {
      ...COMMON_REQUIRED,
      __ui: metadata,
      'source.inline.script': inlineScript,
      'source.project.content': string,
      urls: union(string, nullValue),
      'url.port': portOrNull,
      screenshots: string,
      'filter_journeys.match': string,
      'filter_journeys.tags': strings,
      ignore_https_errors: boolean,
      throttling: object({ value: union(throttlingValue, nullValue), label: string, id: string }),
      synthetics_args: strings,
    },
    { ...COMMON_OPTIONAL, playwright_options: string, playwright_text_assertion: string, ...TLS },
  ),
};

const projectSchedule = leaf('a number of minutes, `"10s"` or `"30s"`', 'schedules', (v) => typeof v === 'number' || v === '10s' || v === '30s');
const anyRecord = leaf('a map', 'maps', isRecord);

/** ProjectMonitorCodec: what `_bulk_update` decodes each monitor with (extra keys pass; the normalisers judge them). */
export const PROJECT_MONITOR_CODEC: Codec = object(
  { type: string, id: string, name: string, schedule: projectSchedule },
  {
    content: string,
    timeout: string,
    privateLocations: strings,
    locations: strings,
    throttling: union(object({ download: number, upload: number, latency: number }), boolean),
    screenshot: oneOf(SCREENSHOT_OPTIONS),
    tags: union(string, strings),
    ignoreHTTPSErrors: boolean,
    playwrightOptions: anyRecord,
    filter: object({ match: string }),
    params: anyRecord,
    enabled: boolean,
    alert: ALERT_CODEC,
    urls: union(string, strings),
    hosts: union(string, strings),
    max_redirects: union(string, number),
    wait: string,
    hash: string,
    namespace: string,
    retestOnFailure: boolean,
    fields: stringMap,
    'service.name': string,
  },
);
