// A monitor's live status in Kibana, as `synthetics-gitops status` reports it and the editor's
// status lenses and *Synthetics Monitors* view show it. Types only, shared by both sides.

/** `not-in-kibana`: git has the monitor, Kibana's project does not (not pushed yet, or deleted there). */
export type MonitorState = 'up' | 'down' | 'pending' | 'disabled' | 'not-in-kibana';

/** Most urgent first: the order `status` lists monitors in and the view groups them by. */
export const STATE_ORDER: readonly MonitorState[] = ['down', 'pending', 'not-in-kibana', 'disabled', 'up'];

export interface LocationStatus {
  id: string;
  label: string;
  /** `pending`: no check reported there yet (or none recently). */
  status: Exclude<MonitorState, 'not-in-kibana'>;
}

export interface MonitorStatus {
  /** The monitor's id in git: its journey id in Kibana. */
  id: string;
  name?: string;
  type?: string;
  status: MonitorState;
  /** ISO time since which it has been in this status, when Kibana says (down: the earliest location down). */
  since?: string;
  /** ISO time of the latest check Kibana reported. */
  checkedAt?: string;
  /** Its locations, as Kibana holds it; empty when not in Kibana. */
  locations: LocationStatus[];
  /** The error of the latest failed check at a location that is down. */
  lastError?: { message: string; at?: string };
  /** Its saved-object id, when Kibana holds it. */
  configId?: string;
  /** The monitor's page in Kibana's Synthetics app, when Kibana holds it. */
  url?: string;
}
