// The drift watcher's Prometheus metrics, in a registry of its own (prom-client). Reconcile
// metrics carry controller-runtime's names and labels, so dashboards and alerts written for
// Kubernetes controllers apply; the rest are ours.

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { KibanaTimeout } from '../kibana/client';
import { DRIFT_KINDS, DriftKind } from './drift';

export const CONTROLLER = 'synthetics-gitops';
const TIMEOUT_PHASES: KibanaTimeout['phase'][] = ['connect', 'headers', 'body'];

export class WatchMetrics {
  readonly registry = new Registry();
  readonly #reconciles = new Counter({ name: 'controller_runtime_reconcile_total', help: 'Total number of reconciliations per controller', labelNames: ['controller', 'result'], registers: [this.registry] });
  readonly #errors = new Counter({ name: 'controller_runtime_reconcile_errors_total', help: 'Total number of reconciliation errors per controller', labelNames: ['controller'], registers: [this.registry] });
  readonly #time = new Histogram({
    name: 'controller_runtime_reconcile_time_seconds',
    help: 'Length of time per reconciliation per controller',
    labelNames: ['controller'],
    // A check is a couple of requests when nothing drifted, longer with retries or a large correction.
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });
  readonly #drift = new Gauge({ name: 'synthetics_gitops_drift_monitors', help: 'Monitors drifted from git at the last check, by kind', labelNames: ['kind'], registers: [this.registry] });
  readonly #desired = new Gauge({ name: 'synthetics_gitops_desired_monitors', help: 'Monitors read from the mounted ConfigMaps', registers: [this.registry] });
  readonly #requests = new Counter({ name: 'synthetics_gitops_kibana_requests_total', help: 'HTTP requests sent to Kibana, retries included, by status code ("error": no answer)', labelNames: ['code'], registers: [this.registry] });
  readonly #timeouts = new Counter({ name: 'synthetics_gitops_kibana_timeouts_total', help: 'Request attempts to Kibana that timed out, by what did not come in time (connect, headers, body)', labelNames: ['phase'], registers: [this.registry] });
  readonly #lastSuccess = new Gauge({ name: 'synthetics_gitops_last_success_timestamp_seconds', help: 'Unix time of the last check that completed without error', registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // Every series exists from the start, at zero, so rate() and absent() alerts work before the first event.
    for (const result of ['success', 'error']) this.#reconciles.labels(CONTROLLER, result).inc(0);
    this.#errors.labels(CONTROLLER).inc(0);
    for (const kind of DRIFT_KINDS) this.#drift.labels(kind).set(0);
    for (const phase of TIMEOUT_PHASES) this.#timeouts.labels(phase).inc(0);
  }

  kibanaResponse(code: number | 'error'): void {
    this.#requests.labels(String(code)).inc();
  }

  kibanaTimeout(phase: KibanaTimeout['phase']): void {
    this.#timeouts.labels(phase).inc();
  }

  desired(count: number): void {
    this.#desired.set(count);
  }

  /** One reconcile: its result, its duration, and on success the drift it found. */
  reconciled(seconds: number, ok: boolean, drift?: Record<DriftKind, number>): void {
    this.#time.labels(CONTROLLER).observe(seconds);
    this.#reconciles.labels(CONTROLLER, ok ? 'success' : 'error').inc();
    if (!ok) this.#errors.labels(CONTROLLER).inc();
    if (drift) for (const kind of DRIFT_KINDS) this.#drift.labels(kind).set(drift[kind]);
    if (ok) this.#lastSuccess.set(Date.now() / 1000);
  }
}
