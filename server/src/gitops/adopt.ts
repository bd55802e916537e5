// Adoption in Kibana (core/kibana/adopt.ts pairs the monitors): the originals the desired monitors
// name are read by config_id; after the push, each original whose replacement Kibana now holds is
// deleted — or, keeping its history in view, disabled — and the others are left as they are.

import { Adoption, pairAdoptions, pendingAdoptions } from '../core/kibana/adopt';
import { DesiredMonitor } from '../core/kibana/desired';
import { KibanaClient } from '../kibana/client';
import { DeletionLimit, allowedDeletions } from './pruneGuard';

/** The adoptions the desired monitors name, with their originals as Kibana holds them now. */
export async function readAdoptions(client: Pick<KibanaClient, 'listMonitors'>, desired: DesiredMonitor[]): Promise<Adoption[]> {
  const configIds = [...new Set(desired.flatMap((d) => (d.adopts ? [d.adopts] : [])))];
  if (!configIds.length) return [];
  return pairAdoptions(desired, await client.listMonitors({ configIds }));
}

export interface AdoptionResult {
  /** Originals deleted (or disabled, keeping them), each with the monitor that replaced it. */
  done: { configId: string; id: string }[];
  /** Originals left in place: their replacement is not in Kibana (refused, or not pushed). */
  waiting: { configId: string; id: string }[];
}

/**
 * Deletes (or disables, with `keepOriginals`) each pending original whose replacement the project
 * now holds, read back from Kibana after the push: an original whose replacement failed stays.
 */
export async function carryOutAdoptions(
  client: Pick<KibanaClient, 'listMonitorsOfProject' | 'deleteMonitors' | 'editMonitor'>,
  project: string,
  adoptions: Adoption[] | undefined,
  options: { keepOriginals: boolean },
): Promise<AdoptionResult> {
  const pending = pendingAdoptions(adoptions);
  if (!pending.length) return { done: [], waiting: [] };
  const present = new Set((await client.listMonitorsOfProject(project, pending.map((a) => a.id))).map((m) => String(m.journey_id)));
  const ready = pending.filter((a) => present.has(a.id));
  const waiting = pending.filter((a) => !present.has(a.id)).map(({ configId, id }) => ({ configId, id }));
  if (options.keepOriginals) {
    for (const a of ready) if (a.original!.enabled) await client.editMonitor(a.configId, { enabled: false });
    return { done: ready.map(({ configId, id }) => ({ configId, id })), waiting };
  }
  const deleted = ready.length ? new Set(await client.deleteMonitors(ready.map((a) => a.configId))) : new Set<string>();
  return { done: ready.filter((a) => deleted.has(a.configId)).map(({ configId, id }) => ({ configId, id })), waiting };
}

/**
 * Why deleting the adopted originals, with the prune's own deletes, must not run: the same
 * --max-deletions limit, over the project's monitors and the originals. Undefined when it may.
 */
export function adoptionRefusal(counts: { pruned: number; adopted: number; existing: number }, limit: DeletionLimit, limitText: string): string | undefined {
  if (!counts.adopted) return undefined;
  const deletes = counts.pruned + counts.adopted;
  const existing = counts.existing + counts.adopted;
  const allowed = allowedDeletions(limit, existing);
  if (deletes <= allowed) return undefined;
  return (
    `Refusing to delete ${deletes} monitor(s) (${counts.adopted} adopted UI original(s)${counts.pruned ? `, ${counts.pruned} pruned` : ''}) of the ${existing} in Kibana: ` +
    `more than --max-deletions ${limitText} allows (${allowed}). To delete them anyway, pass --max-deletions ${deletes} (or a percentage); --keep-originals disables them instead.`
  );
}
