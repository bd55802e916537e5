// Carries out a plan through the project API: creates and updates in batches (at most 250
// monitors and about 50 MB a request, as the agent sends them), then — only when asked, and
// only if every write succeeded — deletes of this project's monitors that git no longer has.

import { BulkUpdateResponse, FailedMonitor, ProjectMonitor } from '../core/kibana/types';
import { Plan, PlanItem } from '../core/kibana/plan';

/** What the push needs of a Kibana client. */
export interface ProjectApi {
  bulkUpdate(project: string, monitors: ProjectMonitor[]): Promise<BulkUpdateResponse>;
  bulkDelete(project: string, journeyIds: string[]): Promise<string[]>;
}

export interface PushResult {
  created: string[];
  updated: string[];
  deleted: string[];
  /** Each refused monitor with Kibana's reason (the item carries file and span). */
  failed: { item?: PlanItem; failure: FailedMonitor }[];
  /** Deletes not carried out because a write failed (a re-run after the fix does them). */
  deletesSkipped: boolean;
}

const MAX_BATCH = 250;
const MAX_BATCH_BYTES = 50_000 * 1024;

export async function pushPlan(plan: Plan, api: ProjectApi, options: { prune: boolean }): Promise<PushResult> {
  const result: PushResult = { created: [], updated: [], deleted: [], failed: [], deletesSkipped: false };
  // Monitors the plan already knows Kibana would refuse are not sent: reported as failed.
  for (const item of plan.items) if (item.action === 'invalid') for (const failure of item.failures) result.failed.push({ item, failure });
  const byId = new Map(plan.items.filter((i) => i.desired).map((i) => [i.id, i]));
  const writes = plan.items.filter((i) => i.action === 'create' || i.action === 'update').map((i) => i.desired!.payload);
  for (const batch of batches(writes)) {
    const response = await api.bulkUpdate(plan.project, batch);
    result.created.push(...response.createdMonitors);
    result.updated.push(...response.updatedMonitors);
    for (const failure of response.failedMonitors) result.failed.push({ item: failure.id ? byId.get(failure.id) : undefined, failure });
  }
  const deletes = options.prune ? plan.items.filter((i) => i.action === 'delete').map((i) => i.id) : [];
  if (deletes.length && result.failed.length) {
    result.deletesSkipped = true;
    return result;
  }
  for (let i = 0; i < deletes.length; i += MAX_BATCH) result.deleted.push(...(await api.bulkDelete(plan.project, deletes.slice(i, i + MAX_BATCH))));
  return result;
}

/** Splits monitors into requests of at most MAX_BATCH monitors and MAX_BATCH_BYTES of JSON. */
export function batches(monitors: ProjectMonitor[]): ProjectMonitor[][] {
  const out: ProjectMonitor[][] = [];
  let current: ProjectMonitor[] = [];
  let bytes = 0;
  for (const monitor of monitors) {
    const size = Buffer.byteLength(JSON.stringify(monitor));
    if (current.length && (current.length >= MAX_BATCH || bytes + size > MAX_BATCH_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(monitor);
    bytes += size;
  }
  if (current.length) out.push(current);
  return out;
}
