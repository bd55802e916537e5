// The live status of the monitors of some paths, for `synthetics-gitops status` and the editor's
// status lenses and view: the monitors git defines (and the journeys), the project's monitors as
// Kibana holds them, and Kibana's overview status, joined by core/kibana/status.ts.

import * as path from 'node:path';
import { KibanaPlace, StatusReportItem, StatusTarget, namesMonitors, overviewFacts, statusReport } from '../core/kibana/status';
import { KIBANA_CHANGES, kibanaHas } from '../core/kibana/versions';
import { KibanaClient } from '../kibana/client';
import { Loaded, PlanRequest, checkTarget, loadDesired } from './prepare';

/** Kibana answered, but reports no status per monitor (before 8.7). */
export class StatusUnavailableError extends Error {}

export interface StatusRead {
  loaded: Loaded;
  kibana: KibanaPlace;
  kibanaVersion: string;
  items: StatusReportItem[];
}

/**
 * Reads the paths (no inline script is bundled: only ids matter), or takes what the caller read
 * (the editor's workspace), and Kibana; the client is closed before it returns.
 */
export async function readStatuses(request: PlanRequest, read?: Loaded): Promise<StatusRead> {
  const loaded = read ?? (await loadDesired({ ...request, bundle: false }));
  for (const warning of loaded.connection.warnings) request.onWarning?.(warning);
  const client = new KibanaClient({ ...loaded.connection, ...request.client, userAgent: 'synthetics-gitops' });
  try {
    const kibanaVersion = await checkTarget(client);
    const unavailable = `Kibana ${kibanaVersion} reports no status per monitor: its overview status route names monitors from ${KIBANA_CHANGES.overviewStatusConfigs.since}`;
    if (!kibanaHas(kibanaVersion, 'overviewStatusConfigs')) throw new StatusUnavailableError(unavailable);
    const [stored, overview] = await Promise.all([client.listMonitorsOfProject(loaded.project.project), client.overviewStatus()]);
    if (!namesMonitors(overview)) throw new StatusUnavailableError(unavailable);
    const kibana = { url: client.url, space: client.space };
    return { loaded, kibana, kibanaVersion, items: statusReport(statusTargets(loaded), stored, overviewFacts(overview), kibana) };
  } finally {
    await client.close();
  }
}

/** The monitors the paths define for Kibana, then the journeys of their journey files, by file name relative to the root. */
function statusTargets(loaded: Loaded): StatusTarget[] {
  // A monitor without a readable id (an error in git) is no monitor of Kibana's project.
  const targets: StatusTarget[] = loaded.desired.monitors.filter((m) => m.payload.id).map((m) => ({ id: m.payload.id, name: m.payload.name, type: m.payload.type, file: m.file, span: m.span }));
  for (const checked of loaded.checked) {
    const file = path.relative(loaded.root, checked.file).split(path.sep).join('/');
    for (const journey of checked.analysis.journeys ?? []) {
      if (journey.id) targets.push({ id: journey.id, name: journey.name, type: journey.kind, file, span: journey.span, journey: true });
    }
  }
  return targets;
}
