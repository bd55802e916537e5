// Fault injection: what a real Kibana behind a proxy does to a push on a bad day. Rules apply to
// the next N matching requests; forced failures make `_bulk_update` refuse given journeys.

export interface FaultMatch {
  /** How many matching requests the rule applies to (default 1). */
  times?: number;
  method?: string;
  /** Tested against the request path, `/s/{space}` prefix and query included. */
  path?: RegExp;
}

export type FaultRule = FaultMatch &
  (
    | { status: 429; retryAfter?: number }
    | { status: 502 | 503 | 504 }
    /** Destroy the socket without a response: before handling, or after applying the change. */
    | { drop: 'before' | 'after' }
  );

export interface ForcedFailure {
  id: string;
  reason: string;
  details?: string;
}

export interface FaultOptions {
  /** Delay before every response, in milliseconds. */
  latencyMs?: number;
  rules?: FaultRule[];
  failJourneys?: ForcedFailure[];
}

export class FaultController {
  private latency = 0;
  private rules: { rule: FaultRule; left: number }[] = [];
  private readonly failures = new Map<string, ForcedFailure>();

  constructor(options: FaultOptions = {}) {
    this.setLatency(options.latencyMs ?? 0);
    for (const rule of options.rules ?? []) this.add(rule);
    for (const failure of options.failJourneys ?? []) this.failJourney(failure);
  }

  get latencyMs(): number {
    return this.latency;
  }

  setLatency(ms: number): void {
    this.latency = ms;
  }

  add(rule: FaultRule): void {
    this.rules.push({ rule, left: rule.times ?? 1 });
  }

  /** `_bulk_update` reports this journey in failedMonitors instead of saving it, until cleared. */
  failJourney(failure: ForcedFailure): void {
    this.failures.set(failure.id, failure);
  }

  clear(): void {
    this.latency = 0;
    this.rules = [];
    this.failures.clear();
  }

  /** The rule the request triggers, counted as used. */
  take(method: string, path: string): FaultRule | undefined {
    const entry = this.rules.find(({ rule }) => (!rule.method || rule.method === method) && (!rule.path || rule.path.test(path)));
    if (!entry) return undefined;
    if (--entry.left <= 0) this.rules.splice(this.rules.indexOf(entry), 1);
    return entry.rule;
  }

  forcedFailure(journeyId: string): ForcedFailure | undefined {
    return this.failures.get(journeyId);
  }
}
