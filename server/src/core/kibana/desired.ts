// The desired state: every monitor of the analysed files that Kibana should hold, as the project
// API takes it — the same translation `@elastic/synthetics push` applies to heartbeat YAML
// (reference §6.2), and the equivalent one for our browser-monitor JSON configs.

import { FileAnalysis } from '../fileAnalysis';
import type { Code } from '../codes';
import { Finding } from '../findings';
import { mapSpan } from '../parse/embedded';
import { Span } from '../text/span';
import { toJS } from '../tree';
import { PUBLIC_LOCATIONS, kibanaSchedule } from './facts';
import { ProjectMonitor } from './types';
import { Rewrite, rewritesOf } from './rewrites';

/** Project-wide values for monitors that set none (sync configuration, flags or settings). */
export interface ProjectDefaults {
  /** Minutes; without it, Kibana's defaults: 3 for lightweight monitors, 10 for browser monitors. */
  schedule?: number;
  locations: string[];
  privateLocations: string[];
  /** Global params; like the agent, they replace per-monitor YAML params. */
  params?: Record<string, string>;
}

export interface DesiredMonitor {
  payload: ProjectMonitor;
  file: string;
  /** The monitor in its file (outer offsets), for file:line in reports. */
  span: Span;
  /** A browser config's inline steps: the push wraps them in a journey and bundles them as `content`. */
  inlineScript?: string;
  /**
   * Our own errors on the monitor (findings inside it, a script that cannot be bundled): it is not
   * sent, but its id stays in the desired state, so that no prune takes it as removed from git.
   */
  errors?: MonitorError[];
  /** Fields written that Kibana drops or stores otherwise. */
  rewrites?: Rewrite[];
  /** The `config_id` of the UI-made monitor this one replaces (its `adopts` key): `push --adopt` deletes it once this one exists. */
  adopts?: string;
}

export interface MonitorError {
  code: Code;
  message: string;
  /** In the monitor's file. */
  span: Span;
}

export interface SkippedMonitor {
  file: string;
  span: Span;
  reason: string;
}

/** An input that may hide monitors (Finding.hidesMonitors, or a monitor without an id): no delete while it stands. */
export interface Blocker {
  file: string;
  span: Span;
  reason: string;
}

export interface DesiredState {
  monitors: DesiredMonitor[];
  skipped: SkippedMonitor[];
  blockers: Blocker[];
}

const BODY_NOT_PUSHED = {
  'api-json': "a monitor in the format of Kibana's public monitor API is validated, not pushed: write it as heartbeat YAML (or a browser config) to push it",
  'push-json': 'the monitors of a project push body are validated, not pushed: write them as heartbeat YAML (or browser configs) to push them',
};

/**
 * The monitors of one file that belong in Kibana (target `kibana`), with the errors on each, and
 * what in the file hides monitors. `findings`: the file's findings (by default the analysis's; the
 * workspace adds its own, such as duplicate ids).
 */
export function desiredMonitors(file: string, analysis: FileAnalysis, defaults: ProjectDefaults, findings: Finding[] = analysis.findings): DesiredState {
  const errors = findings.filter((f) => f.severity === 'error');
  const state: DesiredState = { monitors: [], skipped: [], blockers: [] };
  for (const f of errors) if (f.hidesMonitors) state.blockers.push({ file, span: f.span, reason: `${f.code}: ${f.message}` });
  for (const unit of analysis.units) {
    if (unit.format === 'sync-config' || unit.format === 'journey') continue;
    for (const monitor of unit.monitors) {
      const span = unit.embedded ? mapSpan(unit.embedded, monitor.span) : monitor.span;
      if (unit.format === 'api-json' || unit.format === 'push-json') {
        // Read to be validated, never pushed: said, so that a monitor kept in that form is not lost
        // unnoticed; and its id, if Kibana holds it, must not be pruned as removed from git.
        state.skipped.push({ file, span, reason: BODY_NOT_PUSHED[unit.format] });
        state.blockers.push({ file, span, reason: `a monitor that is validated but not pushed (${unit.format === 'api-json' ? "Kibana's public API format" : 'a project push body'})` });
        continue;
      }
      if (unit.target !== 'kibana') continue; // read by a standalone Heartbeat, never pushed
      const raw = toJS(monitor) as Record<string, unknown>;
      if (unit.format === 'heartbeat' && raw.type === 'browser') {
        state.skipped.push({ file, span, reason: 'browser monitors in heartbeat YAML are not pushed (as `@elastic/synthetics push` skips them)' });
        continue;
      }
      // Without an id, nothing tells which of Kibana's monitors this one is: it may be any the prune would delete.
      const id = typeof raw.id === 'string' || typeof raw.id === 'number' ? String(raw.id).trim() : '';
      if (!id) state.blockers.push({ file, span, reason: 'a monitor without a readable `id`' });
      const own = errors.filter((f) => f.span.start >= span.start && f.span.start <= span.end).map(({ code, message, span }) => ({ code, message, span }));
      const adopts = typeof raw.adopts === 'string' && raw.adopts ? { adopts: raw.adopts } : {};
      state.monitors.push({ ...projectMonitorOf(raw, unit.format, defaults), file, span, rewrites: rewritesOf(raw, unit.format), ...(own.length ? { errors: own } : {}), ...adopts });
    }
  }
  return state;
}

/**
 * One written monitor as the project API takes it (and a browser config's inline steps); its
 * `adopts` key is ours, never sent. The import checks what it writes with it.
 */
export function projectMonitorOf(written: Record<string, unknown>, format: 'heartbeat' | 'browser-json', defaults: ProjectDefaults): { payload: ProjectMonitor; inlineScript?: string } {
  const { adopts: _adopts, ...raw } = written;
  return format === 'browser-json' ? fromBrowserConfig(raw, defaults) : fromHeartbeat(raw, defaults);
}

/** What `@elastic/synthetics push` makes of a heartbeat YAML monitor (§6.2). */
function fromHeartbeat(raw: Record<string, unknown>, defaults: ProjectDefaults): { payload: ProjectMonitor } {
  const {
    id,
    name,
    schedule,
    locations,
    private_locations,
    privateLocations,
    retest_on_failure,
    maintenance_windows,
    params: _ownParams, // replaced by the project's params (§5.7)
    ...rest
  } = raw;
  // Set key by key rather than spread: V8 copies a literal with several spreads slowly, and this runs for every monitor analysed.
  const payload = withoutAlertAndFields(rest) as ProjectMonitor;
  payload.id = String(id ?? '');
  payload.name = String(name ?? '');
  payload.schedule = toProjectSchedule(schedule, defaults.schedule ?? 3);
  Object.assign(payload, where(locations, private_locations ?? privateLocations, defaults));
  if (retest_on_failure !== undefined) payload.retestOnFailure = retest_on_failure as boolean;
  if (maintenance_windows !== undefined) payload.maintenanceWindows = maintenance_windows;
  const alert = alertOf(raw);
  if (alert) payload.alert = alert;
  const fields = fieldsOf(raw);
  if (fields) payload.fields = fields;
  if (defaults.params) payload.params = defaults.params;
  return { payload };
}

/** Our browser-monitor JSON config, in the project API's terms. */
function fromBrowserConfig(raw: Record<string, unknown>, defaults: ProjectDefaults): { payload: ProjectMonitor; inlineScript?: string } {
  const source = (raw.source ?? {}) as { inline?: { script?: string }; project?: { content?: string } };
  const payload: ProjectMonitor = {
    type: 'browser',
    id: String(raw.id ?? ''),
    name: String(raw.name ?? ''),
    schedule: toProjectSchedule(raw.schedule, defaults.schedule ?? 10),
    ...where(raw.locations, raw.private_locations, defaults),
    // The journey's name selects it inside the bundle, as the agent sends it: inline steps become a
    // journey of the monitor's name; a bundle pushed by the agent from a journey whose monitor has
    // another name keeps its match in `filter_journeys`.
    filter: { match: String((source.inline?.script === undefined && (raw.filter_journeys as { match?: unknown } | undefined)?.match) || (raw.name ?? '')) },
  };
  const renamed: Record<string, string> = {
    screenshots: 'screenshot',
    playwright_options: 'playwrightOptions',
    ignore_https_errors: 'ignoreHTTPSErrors',
    retest_on_failure: 'retestOnFailure',
  };
  for (const key of ['enabled', 'tags', 'params', 'alert', 'throttling', 'namespace', 'screenshots', 'playwright_options', 'ignore_https_errors', 'retest_on_failure']) {
    if (raw[key] !== undefined) payload[renamed[key] ?? key] = raw[key];
  }
  if (raw.timeout !== undefined) payload.timeout = typeof raw.timeout === 'number' ? `${raw.timeout}s` : raw.timeout;
  if (raw.labels !== undefined) payload.fields = raw.labels as Record<string, string>;
  if (source.project?.content) payload.content = source.project.content;
  return { payload, inlineScript: source.inline?.script };
}

function toProjectSchedule(schedule: unknown, fallback: number): ProjectMonitor['schedule'] {
  if (schedule === undefined || schedule === null) return fallback;
  if (typeof schedule === 'number') return schedule;
  if (typeof schedule === 'object') return Number((schedule as { number?: unknown }).number);
  const converted = kibanaSchedule(String(schedule));
  if (!converted) return schedule as ProjectMonitor['schedule']; // Kibana refuses it; the plan says why
  return 'minutes' in converted ? converted.minutes : (`${converted.seconds}s` as '10s' | '30s');
}

/** The monitor's own locations win; otherwise the project's. Public aliases become ids, as the agent sends them. */
function where(locations: unknown, privateLocations: unknown, defaults: ProjectDefaults): Pick<ProjectMonitor, 'locations' | 'privateLocations'> {
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : v === undefined || v === null ? undefined : [String(v)]);
  const own = { locations: list(locations), privateLocations: list(privateLocations) };
  const chosen = own.locations || own.privateLocations ? own : { locations: defaults.locations, privateLocations: defaults.privateLocations };
  return {
    locations: (chosen.locations ?? []).map((l) => PUBLIC_LOCATIONS[l] ?? l),
    privateLocations: chosen.privateLocations ?? [],
  };
}

function withoutAlertAndFields(rest: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const key in rest) if (!ALERT_OR_FIELDS.test(key)) kept[key] = rest[key];
  return kept;
}

const ALERT_OR_FIELDS = /^(alert|fields)(\.|$)/;

/** `alert.status.enabled` may be written dotted at the root, nested, or as `alert: {"status.enabled": …}`. */
function alertOf(raw: Record<string, unknown>): ProjectMonitor['alert'] | undefined {
  const alert: NonNullable<ProjectMonitor['alert']> = {};
  const nested = (raw.alert ?? {}) as Record<string, unknown>;
  for (const part of ['status', 'tls'] as const) {
    const value = raw[`alert.${part}.enabled`] ?? nested[`${part}.enabled`] ?? (nested[part] as { enabled?: unknown } | undefined)?.enabled;
    if (value !== undefined) alert[part] = { enabled: value !== false };
  }
  return Object.keys(alert).length ? alert : undefined;
}

/** `fields: {k: v}` or `fields.k: v`: the labels Kibana stores, as strings. */
function fieldsOf(raw: Record<string, unknown>): Record<string, string> | undefined {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'fields' && value && typeof value === 'object') Object.assign(fields, flatten(value as Record<string, unknown>));
    else if (key.startsWith('fields.')) fields[key.slice('fields.'.length)] = String(value);
  }
  return Object.keys(fields).length ? fields : undefined;
}

function flatten(object: Record<string, unknown>, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(object)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) Object.assign(out, flatten(value as Record<string, unknown>, `${prefix}${key}.`));
    else out[`${prefix}${key}`] = String(value);
  }
  return out;
}
