// The shapes Kibana's synthetics APIs speak, shared by the plan, the push, the client and the
// sandbox (reference: kibana-synthetics-api.md §2–§4).

export type { MonitorType } from '../schema/schemas';
import type { MonitorType } from '../schema/schemas';

/**
 * A monitor as the project API's `_bulk_update` takes it, i.e. what `@elastic/synthetics push`
 * sends (§3.4, §6.2): camelCase keys for the agent's own options, Heartbeat keys as written
 * (nested or dotted) for the rest.
 */
export interface ProjectMonitor {
  type?: MonitorType | string;
  id: string;
  name: string;
  /** Minutes, or the literal "10s" / "30s". */
  schedule: number | '10s' | '30s';
  locations?: string[];
  privateLocations?: string[];
  enabled?: boolean;
  tags?: string[] | string;
  hash?: string;
  /** browser: base64 zip of the bundled journey. */
  content?: string;
  filter?: { match: string };
  params?: Record<string, unknown>;
  retestOnFailure?: boolean;
  alert?: { status?: { enabled?: boolean }; tls?: { enabled?: boolean } };
  fields?: Record<string, string>;
  [heartbeatKey: string]: unknown;
}

/** One entry of `failedMonitors` in a `_bulk_update` response (§3.4). */
export interface FailedMonitor {
  id?: string;
  reason: string;
  details: string;
  payload?: unknown;
}

export interface BulkUpdateResponse {
  createdMonitors: string[];
  updatedMonitors: string[];
  failedMonitors: FailedMonitor[];
}

/** `GET .../project/{id}/monitors` page (§3.3). */
export interface ProjectMonitorsPage {
  total: number;
  after_key: string | null;
  monitors: { journey_id: string; hash: string }[];
}

/**
 * What Kibana stores for a monitor: flat saved-object attributes with dotted keys and the
 * defaults of §5.1 (`schedule: {number, unit}`, `timeout` in seconds as a string, resolved
 * `locations` objects, `params` as a JSON string, …), as `GET …?internal=true` returns them.
 */
export type StoredMonitor = Record<string, unknown>;

/** A location as Kibana lists and stores it (§4). */
export interface KibanaLocation {
  id: string;
  label: string;
  isServiceManaged: boolean;
  agentPolicyId?: string;
  geo?: { lat: number; lon: number };
  isInvalid?: boolean;
  tags?: string[];
  /** From 8.18, private locations: the spaces that see it (`*`: every space). */
  spaces?: string[];
}
