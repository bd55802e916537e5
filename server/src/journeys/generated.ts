// What generating a journey gives, and what it is given: the types generate.ts, entry.ts and
// syntheticsConfig.ts share (in a module of their own, so none of them imports another for them).

import type { AnalysedJourney } from '../core/journeys/analyse';

/** Project-wide values for what a journey does not set (a sync configuration's `monitors.default_*`, or flags). */
export interface GenerateDefaults {
  /** Minutes; Kibana's own default for browser monitors (10) when unset. */
  schedule?: number;
  locations?: string[];
  privateLocations?: string[];
}

/** Why a journey (or one of its settings) cannot be generated as written, located (1-based line and column). */
export interface GenerateProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface GeneratedJourney {
  journey: AnalysedJourney;
  /** The entry's `id` (what Kibana keys the monitor on). */
  id: string;
  /** What the journey itself says: always name, id, type and the script; the `monitor.use` fields it sets. */
  own: Record<string, unknown>;
  /** Written only where the entry has no value yet (a new entry, or a field the entry lacks). */
  defaults: Record<string, unknown>;
  /** Settings not carried into the entry (the browser-config format has no such field). */
  warnings: GenerateProblem[];
}

export interface JourneyResult {
  journey: AnalysedJourney;
  generated?: GeneratedJourney;
  /** Set when the journey cannot be generated. */
  errors: GenerateProblem[];
}
