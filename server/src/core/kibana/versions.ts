// What changed between Kibana versions, in one place: validation rules, the normalisation the plan
// predicts, the client and the sandbox all ask here whether the target Kibana has a behaviour. The
// version matrix of docs/kibana-versions.md is generated from KIBANA_CHANGES (`npm run generate:docs`). Source
// paths are relative to Kibana's `x-pack/solutions/observability/plugins/synthetics/` unless they
// name another repository.

import { parseKibanaVersion } from '../../protocol/kibanaVersion';
import { memoised } from '../text/memo';
import type { Span } from '../text/span';

export { parseKibanaVersion };

export type KibanaChange =
  | 'projectApi'
  | 'overviewStatusConfigs'
  | 'lightweightParams'
  | 'privateLocationSpaces'
  | 'internalOrigin'
  | 'maintenanceWindows'
  | 'lightweightMaintenanceWindows'
  | 'httpKerberosNtlm';

export interface VersionedBehaviour {
  /** The first Kibana version with the behaviour. */
  since: string;
  /** What it is, for the version matrix (docs/kibana-versions.md). */
  behaviour: string;
  /** Where Kibana's (or the agent's) source shows it. */
  source: string;
}

export const KIBANA_CHANGES: Readonly<Record<KibanaChange, VersionedBehaviour>> = {
  projectApi: {
    since: '8.6.0',
    behaviour: 'The project monitor API (`GET`, `_bulk_update`, `_bulk_delete`) that `plan` and `push` use; an older Kibana is refused',
    source: '`server/routes/monitor_cruds/add_monitor_project.ts`; agent `src/push/utils.ts` (`isBulkAPISupported`)',
  },
  overviewStatusConfigs: {
    since: '8.7.0',
    behaviour:
      'The overview status route (`GET /internal/synthetics/overview_status`) that `status` and the editor\'s status lenses read names each monitor\'s status per location; before, only counts',
    source: '`server/routes/overview_status/overview_status.ts` (earlier `server/routes/status/current_status.ts`; PRs #140568, #145031)',
  },
  lightweightParams: {
    since: '8.7.2',
    behaviour: 'The agent sends the project\'s global `params` with lightweight monitors, replacing their own (`params-ignored`)',
    source: 'elastic/synthetics `src/push/utils.ts` (`isParamOptionSupported`)',
  },
  privateLocationSpaces: {
    since: '8.18.0',
    behaviour: 'Private locations are saved objects of their own: a uuid id, `spaces` (`*`, or none given: every space), read in the request\'s space only',
    source: '`server/repositories/private_location_repository.ts`, `server/synthetics_service/get_private_locations.ts`',
  },
  internalOrigin: {
    since: '9.0.0',
    behaviour: 'Internal routes (the project API, `/internal/*`) answer 400 without `x-elastic-internal-origin` (the client always sends it)',
    source: 'Kibana core HTTP (PRs #162149, #193792; reference §1.1); the project routes are registered without `access: public`',
  },
  maintenanceWindows: {
    since: '9.1.0',
    behaviour: 'Monitors store `maintenance_windows`; before, a browser monitor\'s are silently dropped',
    source: '`server/synthetics_service/project_monitor/normalizers/common_fields.ts` (PR #222174)',
  },
  lightweightMaintenanceWindows: {
    since: '9.3.0',
    behaviour: 'Lightweight monitors accept `maintenance_windows`; before, "Unsupported Heartbeat option" (release not confirmed)',
    source: '`common/constants/monitor_defaults.ts` (PR #247880, merged 2026-01)',
  },
  httpKerberosNtlm: {
    since: '9.6.0',
    behaviour: 'HTTP monitors accept `kerberos` and `ntlm`; before, "Unsupported Heartbeat option" (release not confirmed)',
    source: '`common/constants/monitor_defaults.ts`, `common/utils/merge_http_auth_defaults.ts` (PR #273254)',
  },
};

/** The newest Kibana whose behaviours are modelled: what `validate` checks against when no version is given. */
export const NEWEST_MODELLED = '9.6.0';

/** Whether `version` is `minimum` or newer. A text that is no version counts as the newest modelled. */
export function atLeast(version: string, minimum: string): boolean {
  const [a, b] = [parsed(version) ?? parsed(NEWEST_MODELLED)!, parsed(minimum)!];
  const order = a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  return order >= 0;
}

/** Versions read once: each monitor's normalisation asks about the same few several times. */
const parsed = memoised(parseKibanaVersion);

/** Whether Kibana `version` has the behaviour. */
export function kibanaHas(version: string, change: KibanaChange): boolean {
  return atLeast(version, KIBANA_CHANGES[change].since);
}

/** The `kibana.version` a sync configuration names, when it is a version. */
export function syncConfigKibanaVersion(config: unknown): string | undefined {
  const kibana = config && typeof config === 'object' ? (config as { kibana?: { version?: unknown } }).kibana : undefined;
  const version = kibana && typeof kibana === 'object' ? kibana.version : undefined;
  return typeof version === 'string' && parseKibanaVersion(version) ? version : undefined;
}

/** A finding that holds only on one side of a change: `before` it (a key refused), or `since` it. */
export interface VersionGate {
  change: KibanaChange;
  applies: 'before' | 'since';
}

export function gateHolds(gate: VersionGate, version: string): boolean {
  return kibanaHas(version, gate.change) === (gate.applies === 'since');
}

/**
 * The findings for a Kibana version: those tied to no version, and of `gated` (every finding tied
 * to one) those that hold for it. The analysis checks once and this picks, so a plan can choose
 * by the live version after reading the files.
 */
export function findingsForVersion<F extends { versionGate?: VersionGate; span: Span }>(findings: readonly F[], gated: readonly F[], version: string): F[] {
  return [...findings.filter((f) => !f.versionGate), ...gated.filter((f) => gateHolds(f.versionGate!, version))].sort(
    (a, b) => a.span.start - b.span.start || a.span.end - b.span.end,
  );
}
