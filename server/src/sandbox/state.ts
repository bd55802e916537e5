// What the sandbox holds: spaces, private locations and saved monitors, kept in a JSON file
// (rewritten after each change, atomically through a rename) so a restart finds them again.
// The monitors' secret fields are in it, so only its owner may read it (mode 0600).

import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { KibanaLocation, StoredMonitor } from '../core/kibana/types';
import { KibanaChange, kibanaHas } from '../core/kibana/versions';
import { SERVICE_LOCATIONS, inSpace, seedPrivateLocation } from './locations';

/** A monitor saved object: its attributes, its space and Kibana's own timestamps. */
export interface SavedMonitor {
  space: string;
  attributes: StoredMonitor;
  created_at: string;
  updated_at: string;
}

/** Read and write for the owner only. */
const OWNER_ONLY = 0o600;

/** A monitor's latest check at one location, as set through the sandbox's status route (statusRoutes.ts). */
export interface SandboxStatus {
  configId: string;
  /** The location's id. */
  location: string;
  status: 'up' | 'down';
  /** When this status began: kept while a set repeats it. */
  since: string;
  /** The latest check. */
  timestamp: string;
  error?: string;
}

export interface SandboxData {
  /** Space ids; `spaceNames` holds the names of those created through the spaces API. */
  spaces: string[];
  spaceNames?: Record<string, string>;
  privateLocations: KibanaLocation[];
  monitors: SavedMonitor[];
  /** The sandbox runs no monitor: what its overview status reports is set by tests and the demo. */
  statuses?: SandboxStatus[];
}

export class SandboxState {
  private constructor(
    readonly kibanaVersion: string,
    readonly data: SandboxData,
    private readonly file: string | undefined,
  ) {}

  /** The state saved in `file`, or a fresh one: the default space and the seed's private location. */
  static open(kibanaVersion: string, file?: string): SandboxState {
    if (file && existsSync(file)) {
      // Made private before anything is read or added: it may have been created readable by all.
      chmodSync(file, OWNER_ONLY);
      // A hand-written file may list only some keys, such as extra `spaces`.
      const saved = JSON.parse(readFileSync(file, 'utf8')) as Partial<SandboxData>;
      return new SandboxState(kibanaVersion, { spaces: ['default'], privateLocations: [], monitors: [], ...saved }, file);
    }
    const state = new SandboxState(kibanaVersion, { spaces: ['default'], privateLocations: [seedPrivateLocation(kibanaVersion)], monitors: [] }, file);
    // Saved at once: the seed location's uuid (9.x) must survive a restart even if nothing changes.
    state.persist();
    return state;
  }

  /** Whether the emulated Kibana has a behaviour that changed between versions. */
  has(change: KibanaChange): boolean {
    return kibanaHas(this.kibanaVersion, change);
  }

  persist(): void {
    if (!this.file) return;
    const temporary = `${this.file}.${process.pid}.tmp`;
    // Created afresh (`wx`), so it has the private mode from its first byte; the rename keeps it.
    rmSync(temporary, { force: true });
    writeFileSync(temporary, JSON.stringify(this.data, null, 2), { mode: OWNER_ONLY, flag: 'wx' });
    renameSync(temporary, this.file);
  }

  /** The locations a monitor of the space may use: Elastic-managed ones, then the private ones the space sees. */
  locations(space: string): KibanaLocation[] {
    return [...SERVICE_LOCATIONS, ...this.privateLocationsIn(space)];
  }

  /** From 8.18 the private locations shared with the space (`*`: every space); before, all of them (§4, versions.ts). */
  privateLocationsIn(space: string): KibanaLocation[] {
    if (!this.has('privateLocationSpaces')) return this.data.privateLocations;
    return this.data.privateLocations.filter((l) => inSpace(l, space));
  }

  monitorsIn(space: string): SavedMonitor[] {
    return this.data.monitors.filter((m) => m.space === space);
  }

  monitor(space: string, configId: string): SavedMonitor | undefined {
    return this.data.monitors.find((m) => m.space === space && m.attributes.config_id === configId);
  }

  /** Saves a new monitor as revision 1; its `id` defaults to the saved-object id. */
  create(space: string, attributes: StoredMonitor, configId: string = randomUUID()): SavedMonitor {
    const now = new Date().toISOString();
    const saved = { space, attributes: { ...attributes, id: attributes.id || configId, config_id: configId, revision: 1 }, created_at: now, updated_at: now };
    this.data.monitors.push(saved);
    return saved;
  }

  /** Overwrites a monitor's attributes as Kibana does on every update: one revision more. */
  update(saved: SavedMonitor, attributes: StoredMonitor): void {
    const { config_id, revision } = saved.attributes;
    saved.attributes = { ...attributes, config_id, revision: ((revision as number) || 0) + 1 };
    saved.updated_at = new Date().toISOString();
  }

  remove(saved: SavedMonitor): void {
    this.data.monitors.splice(this.data.monitors.indexOf(saved), 1);
    this.data.statuses = this.data.statuses?.filter((s) => s.configId !== saved.attributes.config_id);
  }

  /** Records a check's outcome at a location (`pending`: none reported), keeping `since` while the status repeats. */
  setStatus(configId: string, location: string, status: SandboxStatus['status'] | 'pending', detail: { since?: string; error?: string; now: string }): void {
    const statuses = (this.data.statuses ??= []);
    const index = statuses.findIndex((s) => s.configId === configId && s.location === location);
    const previous = index >= 0 ? statuses[index] : undefined;
    if (index >= 0) statuses.splice(index, 1);
    if (status === 'pending') return;
    const since = detail.since ?? (previous?.status === status ? previous.since : detail.now);
    statuses.push({ configId, location, status, since, timestamp: detail.now, ...(status === 'down' && detail.error !== undefined && { error: detail.error }) });
  }

  statusAt(configId: string, location: string): SandboxStatus | undefined {
    return this.data.statuses?.find((s) => s.configId === configId && s.location === location);
  }
}
