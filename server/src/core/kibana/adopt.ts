// Adoption: a monitor made in Kibana's UI, imported into git, is pushed as a project monitor; its
// UI original is then deleted (or disabled) — but only the one its `adopts` key names by config_id,
// only a UI-made one, and only once the replacement exists. Here the pairs are read and checked;
// gitops/adopt.ts carries them out after the push.

import { Span } from '../text/span';
import { DesiredMonitor } from './desired';
import { StoredMonitor } from './types';

export interface Adoption {
  /** The project monitor that replaces the original (its id), and where git defines it. */
  id: string;
  file: string;
  span: Span;
  /** The original's saved-object id, as `adopts` gives it. */
  configId: string;
  /** The original as Kibana holds it; absent when Kibana has none (adopted already, or deleted). */
  original?: { name: string; type: string; enabled: boolean };
  /** Why this original is never touched: it is no UI-made monitor, or two monitors adopt it. */
  refused?: string;
}

/** The pairs the desired monitors name, against the monitors Kibana holds under those config_ids. */
export function pairAdoptions(desired: DesiredMonitor[], originals: StoredMonitor[]): Adoption[] {
  const adopting = desired.filter((d) => d.adopts);
  return adopting.map((d) => {
    const configId = d.adopts!;
    const adoption: Adoption = { id: d.payload.id, file: d.file, span: d.span, configId };
    const found = originals.find((m) => m.config_id === configId);
    if (found) adoption.original = { name: String(found.name ?? ''), type: String(found.type ?? '?'), enabled: found.enabled !== false };
    const others = adopting.filter((o) => o.adopts === configId && o !== d).map((o) => o.payload.id);
    if (others.length) adoption.refused = `${[d.payload.id, ...others].join(' and ')} both adopt it: one monitor replaces one original`;
    else if (found && found.origin !== 'ui') {
      adoption.refused = `it is a project monitor${found.project_id ? ` of project "${found.project_id}"` : ''}, not one made in the UI: only those are adopted`;
    }
    return adoption;
  });
}

/** Adoptions with an original to delete or disable. */
export function pendingAdoptions(adoptions: Adoption[] | undefined): Adoption[] {
  return (adoptions ?? []).filter((a) => a.original && !a.refused);
}
