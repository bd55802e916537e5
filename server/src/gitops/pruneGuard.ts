// Guards of unattended prunes (the push Job after each ArgoCD sync): a ConfigMap mounted empty, or
// missing from the mount, must not take the project's monitors down with it.
//
// The default limit follows octoDNS, whose plans refuse to delete more than 30% of a zone of at
// least 10 records without --force; deleting a monitor silently stops monitoring, so the default
// here is stricter: 10% of the project's monitors in Kibana, never fewer than one (so removing a
// single monitor in git still goes through on a small project).

import { Plan } from '../core/kibana/plan';

export type DeletionLimit = { count: number } | { percent: number };

export const DEFAULT_MAX_DELETIONS = '10%';

/** `N` or `N%`; undefined when the text is neither. */
export function parseDeletionLimit(text: string): DeletionLimit | undefined {
  const match = /^(\d+(?:\.\d+)?)(%?)$/.exec(text.trim());
  if (!match) return undefined;
  const value = Number(match[1]);
  if (match[2]) return value <= 100 ? { percent: value } : undefined;
  return Number.isInteger(value) ? { count: value } : undefined;
}

/** How many deletes the limit allows out of the project's `existing` monitors in Kibana. */
export function allowedDeletions(limit: DeletionLimit, existing: number): number {
  if ('count' in limit) return limit.count;
  if (limit.percent === 0) return 0;
  return Math.max(1, Math.floor((existing * limit.percent) / 100));
}

export interface PruneGuardOptions {
  limit: DeletionLimit;
  /** The flag that set the limit, as given (for the message). */
  limitText: string;
  allowEmpty: boolean;
}

/** What a prune would do: `deletes` of the project's `existing` monitors in Kibana, `desired` monitors read. */
export interface PruneCounts {
  project: string;
  deletes: number;
  existing: number;
  desired: number;
}

/** The counts of a plan's deletes: its replaces, and with `prune` its deletes, but none it withholds. */
export function pruneCounts(plan: Plan, desired: number, prune: boolean): PruneCounts {
  const deletes = plan.items.filter((i) => !i.withheld && (i.action === 'replace' || (prune && i.action === 'delete'))).length;
  return { project: plan.project, deletes, existing: plan.existing, desired };
}

/** Why this prune must not run, with the flag that overrides it; undefined when it may. */
export function pruneRefusal({ project, deletes, existing, desired }: PruneCounts, options: PruneGuardOptions): string | undefined {
  if (!deletes) return undefined;
  if (desired === 0 && !options.allowEmpty) {
    return (
      `Refusing to prune: no monitor was read, so all ${deletes} monitor(s) of project "${project}" would be deleted. ` +
      'An empty or missing ConfigMap looks like this; if the project really is to be emptied, pass --allow-empty --max-deletions 100%.'
    );
  }
  const allowed = allowedDeletions(options.limit, existing);
  if (deletes > allowed) {
    return (
      `Refusing to prune: ${deletes} of the project's ${existing} monitor(s) in Kibana would be deleted, more than --max-deletions ${options.limitText} allows (${allowed}). ` +
      `Check that every ConfigMap is mounted; to delete them anyway, pass --max-deletions ${deletes} (or a percentage).`
    );
  }
  return undefined;
}
