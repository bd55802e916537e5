// `synthetics-gitops watch`: a long-running, report-only reconciler for the cluster. At every
// interval (jittered, the first at once) it re-reads the mount when Kubernetes swapped it, checks
// Kibana for drift and reports it; with --correct it pushes what drifted. It serves /healthz,
// /readyz (ready while Kibana answers, in time) and /metrics, and stops cleanly on SIGTERM or SIGINT.

import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { KibanaClient } from '../kibana/client';
import { DRIFT_KINDS, DRIFT_LABEL, DriftReport, checkDrift } from '../gitops/drift';
import { readMount } from '../gitops/mount';
import { Loaded, loadDesired } from '../gitops/prepare';
import { pruneCounts, pruneRefusal } from '../gitops/pruneGuard';
import { pushPlan } from '../gitops/push';
import { WatchMetrics } from '../gitops/watchMetrics';
import { WatchOptions } from './args';
import { EventLog, eventLog, logConnectionWarning, logTimeout, reportFindings, reportPushResult, withErrorEvents } from './eventLog';
import { Io, kibanaFlags } from './kibanaCommands';

/** How long a stop waits for a check in flight before leaving it (Kubernetes allows 30 s by default). */
const STOP_GRACE_MS = 10_000;
/** ±10% around the interval, so replicas and restarts do not keep checking in step. */
const JITTER = 0.1;
/** Thrown into a check the stop gave up on, at its next step: it then logs nothing and opens no client. */
const GIVEN_UP = new Error('the check was given up');
/** Attempts of each request in a check: fewer than a push's, since the next interval is the retry. */
const ATTEMPTS = 3;

/**
 * Each request attempt's timeout: a sixth of the interval, so that a check against a Kibana that
 * never answers fails within about half of it (ATTEMPTS attempts, short backoffs) and the next check
 * starts on time; at least 1 s (tiny intervals are for tests), at most Kibana's 2-minute route timeout.
 */
function watchRequestTimeoutMs(intervalMs: number): number {
  return Math.min(120_000, Math.max(1_000, Math.round(intervalMs / (2 * ATTEMPTS))));
}

interface Source {
  loaded: Loaded;
  client: KibanaClient;
  /** The connection the client was made for, compared to see whether a reload changed it. */
  connectionKey: string;
  /** Errors in the desired state (reported when read): the monitors they are in are not corrected, and a check with any counts as failed. */
  errors: number;
}

export function runWatch(options: WatchOptions, io: Io, signals: NodeJS.EventEmitter = process): Promise<number> {
  const log = eventLog(options.logFormat, io);
  return withErrorEvents(log, () => watch(options, io, log, signals));
}

async function watch(options: WatchOptions, io: Io, log: EventLog, signals: NodeJS.EventEmitter): Promise<number> {
  const metrics = new WatchMetrics();
  const state = { ready: false, stopping: false, givenUp: false, lastDriftKey: '', checkStarted: undefined as number | undefined };
  const timeoutMs = options.requestTimeoutMs ?? watchRequestTimeoutMs(options.intervalMs);
  let source: Source | undefined;

  /** A step of a check, which ends it (throwing GIVEN_UP) if the stop gave up on the check meanwhile. */
  async function step<T>(promise: Promise<T>): Promise<T> {
    try {
      return await promise;
    } finally {
      // eslint-disable-next-line no-unsafe-finally -- on purpose: over whatever the step returned or threw
      if (state.givenUp) throw GIVEN_UP;
    }
  }

  /** Reads the mount again when its content changed; a mount that cannot be read keeps the last good state. */
  async function refresh(): Promise<Source> {
    const mount = await step(readMount(path.resolve(io.cwd, options.from)));
    if (source && source.loaded.mount?.fingerprint === mount.fingerprint) return source;
    const loaded = await step(loadDesired({ ...options, cwd: io.cwd, env: io.env, kibana: kibanaFlags(options), checkLocations: false, mount }));
    const count = loaded.desired.monitors.length;
    log.event('info', source ? 'reloaded' : 'loaded', `${source ? 'Reloaded' : 'Loaded'} ${count} monitor(s) of project "${loaded.project.project}" from ${loaded.root}.`, { monitors: count, project: loaded.project.project });
    const errors = reportFindings(loaded, log);
    metrics.desired(count);
    const connectionKey = JSON.stringify(loaded.connection);
    if (source?.connectionKey === connectionKey) {
      source = { ...source, loaded, errors };
      return source;
    }
    for (const warning of loaded.connection.warnings) logConnectionWarning(log, warning);
    const client = new KibanaClient({
      ...loaded.connection,
      userAgent: 'synthetics-gitops-watch',
      retries: ATTEMPTS - 1,
      timeoutMs,
      maxRetryDelayMs: timeoutMs,
      onResponse: (code) => metrics.kibanaResponse(code),
      onTimeout: (timeout) => {
        metrics.kibanaTimeout(timeout.phase);
        logTimeout(log, timeout);
      },
    });
    const old = source;
    source = { loaded, client, connectionKey, errors };
    await old?.client.close();
    return source;
  }

  async function reconcile(): Promise<void> {
    state.checkStarted = Date.now();
    try {
      await check();
    } finally {
      state.checkStarted = undefined;
    }
  }

  async function check(): Promise<void> {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    let current: Source;
    try {
      current = await refresh();
    } catch (error) {
      if (error === GIVEN_UP) return;
      metrics.reconciled(seconds(), false);
      log.event('error', 'reconcile-error', `Cannot read the desired state: ${(error as Error).message}`, { stage: 'mount' });
      return;
    }
    try {
      const report = await step(checkDrift(current.client, current.loaded.desired.monitors, current.loaded.project, current.loaded.desired.blockers));
      state.ready = true;
      reportDrift(report, current.loaded, log, state);
      const corrected = options.correct ? await correct(report, current) : true;
      const valid = current.errors === 0;
      metrics.reconciled(seconds(), valid && corrected, report.counts);
    } catch (error) {
      if (error === GIVEN_UP) return;
      // Kibana unreachable or refusing us: not ready until a check succeeds again.
      state.ready = false;
      metrics.reconciled(seconds(), false);
      log.event('error', 'reconcile-error', `Drift check failed: ${(error as Error).message}`, { stage: 'kibana' });
    }
  }

  /**
   * Pushes what drifted, but not the monitors with errors; deletes only with --prune, guarded, and
   * none while an input of the mount cannot be read (it may hold the monitors they would delete).
   */
  async function correct(report: DriftReport, current: Source): Promise<boolean> {
    if (!report.drifts.length) return true;
    const guard = { limit: options.maxDeletions, limitText: options.maxDeletionsText, allowEmpty: options.allowEmpty };
    const refusal = options.prune ? pruneRefusal(pruneCounts(report.plan, current.loaded.desired.monitors.length, true), guard) : undefined;
    if (refusal) {
      log.event('error', 'refused', refusal, { refused: 'prune' });
      return false;
    }
    const result = await step(pushPlan(report.plan, current.client, { prune: options.prune }));
    reportPushResult(result, report.plan, current.loaded.locate, log, true);
    return !result.failed.length && !result.notPushed.length && !result.withheld.length;
  }

  /** Not ready while the last check failed, nor while one has waited on Kibana for longer than the interval. */
  const readiness = (): string | undefined => {
    if (state.checkStarted !== undefined && Date.now() - state.checkStarted > options.intervalMs) return 'the check in flight has waited on Kibana for longer than the interval';
    return state.ready ? undefined : 'Kibana did not answer the last check';
  };
  const server = await listen(options.listen, metrics, readiness);
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  log.event('info', 'listening', `Listening on http://${host}:${address.port} (/healthz, /readyz, /metrics); checking ${options.from} every ${options.intervalMs} ms, waiting at most ${timeoutMs} ms on each request to Kibana`, { address: address.address, port: address.port, intervalMs: options.intervalMs, requestTimeoutMs: timeoutMs });

  // The loop: one check at a time, the next scheduled when the last ends; a stop interrupts the wait.
  const stop = new AbortController();
  const stopped = new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve(), { once: true }));
  const onSignal = (signal: string) => {
    if (state.stopping) return;
    state.stopping = true;
    log.event('info', 'stopping', `${signal}: stopping after the check in flight, if any`, { signal });
    stop.abort();
  };
  const handlers = { SIGTERM: () => onSignal('SIGTERM'), SIGINT: () => onSignal('SIGINT') };
  for (const [signal, handler] of Object.entries(handlers)) signals.on(signal, handler);
  let inFlight: Promise<void> = Promise.resolve();
  try {
    while (!state.stopping) {
      inFlight = reconcile();
      await Promise.race([inFlight, stopped]);
      if (state.stopping) break;
      const wait = options.intervalMs * (1 - JITTER + 2 * JITTER * Math.random());
      await sleep(wait, undefined, { signal: stop.signal }).catch(() => undefined);
    }
  } finally {
    for (const [signal, handler] of Object.entries(handlers)) signals.off(signal, handler);
  }
  server.close();
  server.closeAllConnections();
  const finished = await Promise.race([inFlight.then(() => true), sleep(STOP_GRACE_MS, false, { ref: false })]);
  state.givenUp = !finished;
  if (source) await (finished ? source.client.close() : source.client.destroy());
  log.event('info', 'stopped', finished ? 'Stopped.' : `Stopped: the check in flight was abandoned after ${STOP_GRACE_MS / 1000} s.`);
  return 0;
}

/** A summary each check; each drifted monitor when the set of drifts changed since the last check. */
function reportDrift(report: DriftReport, loaded: Loaded, log: EventLog, state: { lastDriftKey: string }): void {
  const c = report.counts;
  const parts = DRIFT_KINDS.map((k) => `${c[k]} ${DRIFT_LABEL[k]}`).join(', ');
  log.event(report.drifts.length ? 'warn' : 'info', 'drift', `Drift: ${parts}; ${report.inSync} in sync.`, { counts: c, inSync: report.inSync });
  const key = report.drifts.map((d) => `${d.kind}:${d.item.id}:${d.item.changes.map((f) => f.field).join(',')}`).join('\n');
  if (key === state.lastDriftKey) return;
  state.lastDriftKey = key;
  for (const { kind, item } of report.drifts) {
    const at = item.file && item.span ? { file: item.file, ...loaded.locate(item.file, item.span) } : undefined;
    const fields = item.changes.map((f) => f.field);
    const where = at ? ` ${at.file}:${at.line}:${at.column}` : '';
    log.event('warn', 'drifted', `${kind} ${item.id}${where}${fields.length ? ` (${fields.join(', ')})` : ''}`, { kind, id: item.id, name: item.name, ...at, fields });
  }
}

/** `notReady`: why /readyz answers 503, or undefined when ready. */
async function listen(at: WatchOptions['listen'], metrics: WatchMetrics, notReady: () => string | undefined): Promise<Server> {
  const server = createServer((req, res) => {
    const route = (req.url ?? '/').split('?')[0];
    const reply = (status: number, body: string, type = 'text/plain; charset=utf-8') => res.writeHead(status, { 'content-type': type }).end(body);
    if (req.method !== 'GET' && req.method !== 'HEAD') reply(405, 'method not allowed\n');
    else if (route === '/healthz') reply(200, 'ok\n');
    else if (route === '/readyz') {
      const why = notReady();
      reply(why ? 503 : 200, `${why ?? 'ok'}\n`);
    }
    else if (route === '/metrics') {
      metrics.registry.metrics().then(
        (text) => reply(200, text, metrics.registry.contentType),
        (error: Error) => reply(500, `${error.message}\n`),
      );
    } else reply(404, 'not found: /healthz, /readyz, /metrics\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(at.port, at.host, () => resolve());
  });
  return server;
}
