// Monitors' live status from Kibana's overview status route (`GET /internal/synthetics/overview_status`,
// Kibana's `server/routes/overview_status/overview_status.ts`), mapped to our model: one status per
// monitor with its locations, since when, and the last failure. Paths are relative to Kibana's
// `x-pack/solutions/observability/plugins/synthetics/`. The route's answer took three shapes
// (`common/runtime_types/monitor_management/synthetics_overview_status.ts` over time), all read here
// by what they hold, not by version:
//   - 8.7: `upConfigs` / `downConfigs` keyed `${configId}-${location label}`, one entry per monitor and
//     location: `{configId, monitorQueryId, location, status, ping, timestamp}`;
//   - later 8.x: the same keyed `${configId}-${locationId}`, with `locationId`, `locationLabel`, and
//     `pendingConfigs` / `disabledConfigs`; the heartbeat summary `ping` carries `error.message` and
//     `state.started_at`, the start of the current up or down streak;
//   - newest: one entry per monitor keyed by `configId`, with `overallStatus` and `locations: [{id, label,
//     status, downSince?, error?}]` (`overview_status_service.ts`: error and downSince only where down).
// Before 8.7 the route answers counts only (versions.ts `overviewStatusConfigs`).

import { LocationStatus, MonitorState, MonitorStatus, STATE_ORDER } from '../../protocol/monitorStatus';
import { Span } from '../text/span';
import { KibanaLocation, StoredMonitor } from './types';

/** A monitor git defines, or a journey: what a status is asked for. */
export interface StatusTarget {
  id: string;
  name?: string;
  type?: string;
  file: string;
  span: Span;
  /**
   * A journey of a journey file: listed only when a monitor of the paths or Kibana's project has its
   * id (a journey nothing pushes is a local test, not a monitor).
   */
  journey?: boolean;
}

export interface StatusReportItem extends MonitorStatus {
  /** Where git defines it, in file order. */
  places: { file: string; span: Span }[];
}

/** Where Kibana is, for links to its Synthetics app. */
export interface KibanaPlace {
  /** With its base path, without `/s/<space>`. */
  url: string;
  space: string;
}

/** One location's latest status, as the route reports it in any of its shapes. */
export interface LocationFact {
  configId: string;
  /** The location's id, or (8.7) its label. */
  location: string;
  label?: string;
  /** As Kibana wrote it: up, down, pending, disabled, stale, no_data, … */
  status: string;
  timestamp?: string;
  since?: string;
  error?: string;
}

/** The buckets of the answer, and the status their entries have when they name none. */
const BUCKETS: Record<string, string> = {
  downConfigs: 'down',
  upConfigs: 'up',
  pendingConfigs: 'pending',
  staleConfigs: 'stale',
  noDataConfigs: 'no_data',
  disabledConfigs: 'disabled',
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Whether the answer names monitors at all: before 8.7 it holds only counts (`up`, `down`, `enabledIds`). */
export function namesMonitors(body: unknown): boolean {
  return isObject(body) && isObject(body.upConfigs) && isObject(body.downConfigs);
}

/** Every location fact of the answer, whichever its shape. */
export function overviewFacts(body: unknown): LocationFact[] {
  if (!isObject(body)) return [];
  const facts: LocationFact[] = [];
  for (const [bucket, bucketStatus] of Object.entries(BUCKETS)) {
    const entries = body[bucket];
    if (!isObject(entries)) continue;
    for (const entry of Object.values(entries)) {
      const configId = isObject(entry) ? text(entry.configId) : undefined;
      if (!configId || !isObject(entry)) continue;
      if (Array.isArray(entry.locations)) {
        for (const location of entry.locations) {
          if (!isObject(location) || !text(location.id)) continue;
          const error = isObject(location.error) ? text(location.error.message) : undefined;
          facts.push({ configId, location: String(location.id), label: text(location.label), status: text(location.status) ?? bucketStatus, timestamp: text(entry.timestamp), since: text(location.downSince), error });
        }
        continue;
      }
      const ping = isObject(entry.ping) ? entry.ping : {};
      const location = text(entry.locationId) ?? text(entry.location);
      if (!location) continue;
      facts.push({
        configId,
        location,
        label: text(entry.locationLabel),
        status: text(entry.status) ?? bucketStatus,
        timestamp: text(entry.timestamp) ?? text(ping['@timestamp']),
        since: isObject(ping.state) ? text(ping.state.started_at) : undefined,
        error: isObject(ping.error) ? text(ping.error.message) : undefined,
      });
    }
  }
  return facts;
}

/** `stale` and `no_data` (a location that stopped reporting) count as pending: no current check says up or down. */
function locationState(status: string): LocationStatus['status'] {
  return status === 'up' || status === 'down' || status === 'disabled' ? status : 'pending';
}

/** Kibana's rule (`overview_status_service.ts`): down when any location is down, else up when any is up. */
export function overallState(locations: readonly { status: LocationStatus['status'] }[]): LocationStatus['status'] {
  for (const state of ['down', 'up'] as const) if (locations.some((l) => l.status === state)) return state;
  return locations.length && locations.every((l) => l.status === 'disabled') ? 'disabled' : 'pending';
}

/** The monitor's page in Kibana's Synthetics app: the default space has no `/s/` prefix in Kibana's own links. */
export function monitorUrl(kibana: KibanaPlace, configId: string): string {
  const space = kibana.space === 'default' ? '' : `/s/${encodeURIComponent(kibana.space)}`;
  return `${kibana.url}${space}/app/synthetics/monitor/${encodeURIComponent(configId)}`;
}

const time = (iso: string | undefined) => (iso === undefined ? NaN : Date.parse(iso));
const earliest = (values: (string | undefined)[]) => values.filter((v) => !Number.isNaN(time(v))).sort((a, b) => time(a) - time(b))[0];
const latest = (values: (string | undefined)[]) => values.filter((v) => !Number.isNaN(time(v))).sort((a, b) => time(b) - time(a))[0];

/** One stored monitor's status from the facts about its config id. */
export function monitorStatusOf(id: string, stored: StoredMonitor, facts: readonly LocationFact[], kibana: KibanaPlace): MonitorStatus {
  const configId = String(stored.config_id);
  const mine = facts.filter((f) => f.configId === configId);
  const disabled = stored.enabled === false;
  const declared = (Array.isArray(stored.locations) ? (stored.locations as KibanaLocation[]) : []).filter((l) => isObject(l) && typeof l.id === 'string');
  // A location Kibana reports by id, or (8.7) by label.
  const factAt = (l: KibanaLocation) => mine.find((f) => f.location === l.id) ?? mine.find((f) => f.location === l.label || f.label === l.label);
  const located = declared.map((l) => ({ location: l, fact: factAt(l) }));
  const locations: LocationStatus[] = located.map(({ location, fact }) => ({
    id: location.id,
    label: location.label ?? location.id,
    status: disabled ? 'disabled' : fact ? locationState(fact.status) : 'pending',
  }));
  const status = disabled ? 'disabled' : overallState(locations);
  const factsIn = (state: string) => located.filter((l, i) => locations[i].status === state && l.fact).map((l) => l.fact!);
  const down = factsIn('down');
  // Down since the first location went down; up since the last one came up.
  const since = status === 'down' ? earliest(down.map((f) => f.since)) : status === 'up' ? latest(factsIn('up').map((f) => f.since)) : undefined;
  const failed = down.filter((f) => f.error).sort((a, b) => (time(b.timestamp) || 0) - (time(a.timestamp) || 0))[0];
  return {
    id,
    name: text(stored.name),
    type: text(stored.type),
    status,
    ...(since && { since }),
    ...(latest(mine.map((f) => f.timestamp)) && { checkedAt: latest(mine.map((f) => f.timestamp)) }),
    locations,
    ...(failed && { lastError: { message: failed.error!, ...(failed.timestamp && { at: failed.timestamp }) } }),
    configId,
    url: monitorUrl(kibana, configId),
  };
}

/**
 * The status of each monitor of `targets` (several places of one id are one monitor), from the
 * project's stored monitors and the overview's facts: most urgent first, then in the targets' order.
 */
export function statusReport(targets: readonly StatusTarget[], stored: readonly StoredMonitor[], facts: readonly LocationFact[], kibana: KibanaPlace): StatusReportItem[] {
  const byId = new Map<string, StatusTarget[]>();
  for (const target of targets) byId.set(target.id, [...(byId.get(target.id) ?? []), target]);
  const items: StatusReportItem[] = [];
  for (const [id, places] of byId) {
    const held = stored.find((m) => m.journey_id === id);
    const defined = places.find((p) => !p.journey);
    if (!held && !defined) continue;
    const status: MonitorStatus = held ? monitorStatusOf(id, held, facts, kibana) : { id, status: 'not-in-kibana', locations: [] };
    items.push({
      ...status,
      // The name and type git gives; Kibana's for a journey only it knows.
      name: defined?.name ?? status.name ?? places[0].name,
      type: defined?.type ?? status.type ?? places[0].type,
      places: places.map((p) => ({ file: p.file, span: p.span })),
    });
  }
  const rank = (state: MonitorState) => STATE_ORDER.indexOf(state);
  return items.map((item, order) => ({ item, order })).sort((a, b) => rank(a.item.status) - rank(b.item.status) || a.order - b.order).map((x) => x.item);
}

/** How many monitors are in each state. */
export function stateCounts(items: readonly MonitorStatus[]): Record<MonitorState, number> {
  const counts = Object.fromEntries(STATE_ORDER.map((s) => [s, 0])) as Record<MonitorState, number>;
  for (const item of items) counts[item.status]++;
  return counts;
}
