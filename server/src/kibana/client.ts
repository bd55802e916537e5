// Kibana's synthetics HTTP APIs, as `@elastic/synthetics push` speaks them (reference §1–§4):
// space-prefixed routes, the internal-origin header on project routes, retries with jittered
// backoff on busy or dropped answers, and at most `concurrency` requests in flight.

import { setTimeout as sleep } from 'node:timers/promises';
import type { Agent } from 'undici';
import type { BulkUpdateResponse, KibanaLocation, ProjectMonitor, ProjectMonitorsPage, StoredMonitor } from '../core/kibana/types';
import { type ErrorContext, KibanaError, httpError, transportError, unexpectedBody } from './errors';
import { RETRY_STATUSES, errorCode, isRetryableError, parseRetryAfter, retryDelayMs } from './retry';

export type KibanaAuth = { apiKey: string } | { username: string; password: string };

export interface KibanaClientOptions {
  /** Kibana base URL, with its base path if any, without `/s/<space>`. */
  url: string;
  space?: string;
  auth: KibanaAuth;
  /** PEM contents of the CA that signed Kibana's certificate. */
  ca?: string;
  rejectUnauthorized?: boolean;
  /** How long to wait for response headers, and between body chunks (default: 2 minutes, as the agent and Kibana's route timeout); connecting takes at most 10 s of it. */
  timeoutMs?: number;
  retries?: number;
  concurrency?: number;
  userAgent?: string;
  /** First backoff step: retry n waits a random time up to retryBaseMs·2ⁿ. */
  retryBaseMs?: number;
  /** Upper bound of any wait between attempts, including one asked for by Retry-After. */
  maxRetryDelayMs?: number;
  /** Told of every attempt's outcome: its HTTP status, or 'error' when no answer came (metrics). */
  onResponse?: (status: number | 'error') => void;
  /** Told of every attempt that timed out (logs, metrics), retried or not. */
  onTimeout?: (timeout: KibanaTimeout) => void;
}

export interface KibanaTimeout {
  method: string;
  /** The route's template, `/s/{space}/api/stats`. */
  path: string;
  /** What did not come in time: the connection, the response headers, the next chunk of the body. */
  phase: 'connect' | 'headers' | 'body';
  timeoutMs: number;
  /** Whether another attempt follows. */
  retrying: boolean;
}

/** undici's timeout codes, by what timed out. */
const TIMEOUT_PHASES: Record<string, KibanaTimeout['phase']> = { UND_ERR_CONNECT_TIMEOUT: 'connect', UND_ERR_HEADERS_TIMEOUT: 'headers', UND_ERR_BODY_TIMEOUT: 'body' };
/** A connection that takes longer than this to open will not open. */
const CONNECT_TIMEOUT_MS = 10_000;

/** Public routes are versioned; internal ones (project API included) want the internal-origin header. */
type RouteKind = 'public' | 'internal' | 'plain';
type Query = Record<string, string | number | boolean | string[] | undefined>;

/** Filters of the public monitor list (§2.2); a list means any of its values. */
export type MonitorFilter = Partial<Record<'query' | 'tags' | 'monitorTypes' | 'locations' | 'projects' | 'configIds' | 'monitorQueryIds', string | string[]>>;

interface Call {
  method: 'GET' | 'PUT' | 'DELETE';
  /** The path with `{placeholders}`, which keys the request counter. */
  template: string;
  params?: Record<string, string>;
  kind: RouteKind;
  query?: Query;
  body?: unknown;
}

const API_VERSION = '2023-10-31';
const INTERNAL_ORIGIN = 'synthetics-gitops';
/** The project GET's own page size (§3.3): as many monitors a request as the agent reads. */
const LIST_PAGE_SIZE = 1000;
/** Journeys asked for by id in one list request: 100 ids of ~60 characters stay well under URL limits. */
const QUERY_IDS_PER_REQUEST = 100;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isArrayIn = (key: string) => (v: unknown) => isObject(v) && Array.isArray(v[key]);

export class KibanaClient {
  /** Base URL as given, minus any credentials and trailing slash. */
  readonly url: string;
  readonly space: string;
  readonly #origin: string;
  readonly #basePath: string;
  // Private fields: util.inspect and JSON.stringify never show them.
  readonly #authorization: string;
  readonly #agent: Agent;
  readonly #userAgent: string;
  readonly #timeoutMs: number;
  readonly #connectTimeoutMs: number;
  readonly #retries: number;
  readonly #retryBaseMs: number;
  readonly #maxRetryDelayMs: number;
  readonly #counts = new Map<string, number>();
  readonly #onResponse: (status: number | 'error') => void;
  readonly #onTimeout: (timeout: KibanaTimeout) => void;
  #version: Promise<string> | undefined;
  #spaceFound = false;

  constructor(options: KibanaClientOptions) {
    const base = new URL(options.url);
    if (base.username || base.password) {
      throw new Error('The Kibana URL must not carry credentials: give them as an API key or user name and password instead');
    }
    this.#origin = base.origin;
    this.#basePath = base.pathname.replace(/\/+$/, '');
    this.url = this.#origin + this.#basePath;
    this.space = options.space ?? 'default';
    this.#authorization = authorization(options.auth);
    this.#userAgent = options.userAgent ?? 'synthetics-gitops';
    this.#timeoutMs = options.timeoutMs ?? 120_000;
    this.#connectTimeoutMs = Math.min(this.#timeoutMs, CONNECT_TIMEOUT_MS);
    this.#retries = options.retries ?? 4;
    this.#retryBaseMs = options.retryBaseMs ?? 500;
    this.#maxRetryDelayMs = options.maxRetryDelayMs ?? 60_000;
    this.#onResponse = options.onResponse ?? (() => {});
    this.#onTimeout = options.onTimeout ?? (() => {});
    // The pool's connection cap is the concurrency bound: with no pipelining each connection
    // carries one request, and undici queues the rest, so no semaphore of our own is needed.
    // undici is required here, not imported: it is a fifth of the language server's memory and start-up,
    // and most sessions never ask Kibana anything.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Agent: Pool } = require('undici') as typeof import('undici');
    this.#agent = new Pool({
      connections: options.concurrency ?? 4,
      pipelining: 1,
      headersTimeout: this.#timeoutMs,
      bodyTimeout: this.#timeoutMs,
      connect: { ca: options.ca, rejectUnauthorized: options.rejectUnauthorized ?? true, timeout: this.#connectTimeoutMs },
    });
  }

  /** Kibana's version from `/api/stats` (§3.2 step 3), fetched once per client. */
  version(): Promise<string> {
    this.#version ??= this.#send<{ kibana: { version: string } }>(
      { method: 'GET', template: '/s/{space}/api/stats', kind: 'plain' },
      (b) => isObject(b) && isObject(b.kibana) && typeof b.kibana.version === 'string',
      'kibana.version',
    ).then((b) => b.kibana.version);
    this.#version.catch(() => (this.#version = undefined));
    return this.#version;
  }

  /**
   * Whether the space exists, by the spaces API (`GET /api/spaces/space/{id}`): most synthetics
   * routes answer for any space id, and only the project bulk routes say it does not exist
   * (add_monitor_project.ts `validateSpaceId`). Undefined when the caller may not read it (403):
   * Kibana's own routes will then say what is wrong.
   */
  async spaceExists(): Promise<boolean | undefined> {
    // The default space cannot be deleted; a space found stays found for this client (the watcher asks at every check).
    if (this.space === 'default' || this.#spaceFound) return true;
    try {
      await this.#send({ method: 'GET', template: '/api/spaces/space/{space}', kind: 'plain' }, isObject, 'a space');
      this.#spaceFound = true;
      return true;
    } catch (error) {
      if (error instanceof KibanaError && error.status === 404) return false;
      if (error instanceof KibanaError && error.status === 403) return undefined;
      throw error;
    }
  }

  /** Every `{journey_id, hash}` of a project, following `search_after` until `total` (§3.3). */
  async projectMonitors(project: string): Promise<{ journey_id: string; hash: string }[]> {
    const all: { journey_id: string; hash: string }[] = [];
    let after: string | null = null;
    for (;;) {
      const page: ProjectMonitorsPage = await this.#send<ProjectMonitorsPage>(
        {
          method: 'GET',
          template: '/s/{space}/api/synthetics/project/{project}/monitors',
          params: { project },
          kind: 'internal',
          query: { search_after: after ?? undefined },
        },
        // An empty body here is a failed search on Kibana's side (§3.3): treating it as "no
        // monitors" would make a push delete the whole project.
        (b) => isArrayIn('monitors')(b) && typeof (b as { total?: unknown }).total === 'number',
        '{total, monitors}',
      );
      all.push(...page.monitors);
      if (page.monitors.length === 0 || all.length >= page.total || !page.after_key) return all;
      after = page.after_key;
    }
  }

  /**
   * A project's monitors as Kibana stores them (raw attributes with `journey_id`, `hash`,
   * `config_id`), without their secret fields: the list leaves them out (§5.11).
   */
  async listMonitorsOfProject(project: string, journeyIds?: string[]): Promise<StoredMonitor[]> {
    if (journeyIds) {
      // Only these journeys, by the Heartbeat id Kibana gives project monitors (§2.2, `monitorQueryIds`),
      // a page of ids a request to keep URLs short.
      const pages = [];
      for (let i = 0; i < journeyIds.length; i += QUERY_IDS_PER_REQUEST) pages.push(journeyIds.slice(i, i + QUERY_IDS_PER_REQUEST));
      const found = await Promise.all(pages.map((ids) => this.listMonitors({ projects: project, monitorQueryIds: ids.map((id) => `${id}-${project}-${this.space}`) })));
      return found.flat();
    }
    return this.listMonitors({ projects: project });
  }

  /**
   * The space's monitors matching the public list's filters (§2.2: `query`, `tags`, `monitorTypes`,
   * `locations`, `projects`, `configIds`, …), as Kibana stores them and without their secret fields.
   */
  async listMonitors(filter: MonitorFilter): Promise<StoredMonitor[]> {
    const listed: StoredMonitor[] = [];
    for (let page = 1; ; page++) {
      const body = await this.#send<{ total: number; monitors: StoredMonitor[] }>(
        {
          method: 'GET',
          template: '/s/{space}/api/synthetics/monitors',
          kind: 'public',
          query: { ...filter, internal: true, page, perPage: LIST_PAGE_SIZE },
        },
        (b) =>
          isArrayIn('monitors')(b) &&
          typeof (b as { total?: unknown }).total === 'number' &&
          (b as { monitors: unknown[] }).monitors.every((m) => isObject(m) && typeof m.config_id === 'string'),
        '{total, monitors: [{config_id, …}]}',
      );
      listed.push(...body.monitors);
      if (body.monitors.length === 0 || listed.length >= body.total) break;
    }
    return listed;
  }

  /** One listed monitor read again, secrets included (needs write permission, §2.3). */
  async withSecrets(listed: StoredMonitor): Promise<StoredMonitor> {
    const full = await this.#send<StoredMonitor>(
      {
        method: 'GET',
        template: '/s/{space}/api/synthetics/monitors/{configId}',
        params: { configId: listed.config_id as string },
        kind: 'public',
        query: { internal: true },
      },
      isObject,
      'a monitor',
    );
    return { ...listed, ...full };
  }

  /** Deletes monitors by saved-object id (§2.6, the body form every version since 8.15 has): the ids Kibana deleted. */
  async deleteMonitors(configIds: string[]): Promise<string[]> {
    const body = await this.#send<{ id: string; deleted: boolean }[]>(
      { method: 'DELETE', template: '/s/{space}/api/synthetics/monitors', kind: 'public', body: { ids: configIds } },
      (b) => Array.isArray(b) && b.every((r) => isObject(r) && typeof r.id === 'string'),
      '[{id, deleted}]',
    );
    return body.filter((r) => r.deleted).map((r) => r.id);
  }

  /** A partial update of a UI-made monitor (§2.5), by saved-object id. */
  async editMonitor(configId: string, changes: Record<string, unknown>): Promise<void> {
    await this.#send<StoredMonitor>(
      { method: 'PUT', template: '/s/{space}/api/synthetics/monitors/{configId}', params: { configId }, kind: 'public', body: changes },
      isObject,
      'a monitor',
    );
  }

  /** One `_bulk_update` (§3.4); the caller batches. Failures come back in `failedMonitors` with a 200. */
  bulkUpdate(project: string, monitors: ProjectMonitor[]): Promise<BulkUpdateResponse> {
    return this.#send<BulkUpdateResponse>(
      {
        method: 'PUT',
        template: '/s/{space}/api/synthetics/project/{project}/monitors/_bulk_update',
        params: { project },
        kind: 'internal',
        body: { monitors },
      },
      (b) => ['createdMonitors', 'updatedMonitors', 'failedMonitors'].every((k) => isArrayIn(k)(b)),
      '{createdMonitors, updatedMonitors, failedMonitors}',
    );
  }

  /** One `_bulk_delete` (§3.5, at most 500 ids); Kibana echoes every id sent, existing or not. */
  async bulkDelete(project: string, journeyIds: string[]): Promise<string[]> {
    const body = await this.#send<{ deleted_monitors: string[] }>(
      {
        method: 'DELETE',
        template: '/s/{space}/api/synthetics/project/{project}/monitors/_bulk_delete',
        params: { project },
        kind: 'internal',
        body: { monitors: journeyIds },
      },
      isArrayIn('deleted_monitors'),
      '{deleted_monitors}',
    );
    return body.deleted_monitors;
  }

  /** The space's private locations (§4.1). */
  privateLocations(): Promise<KibanaLocation[]> {
    return this.#send<KibanaLocation[]>(
      { method: 'GET', template: '/s/{space}/api/synthetics/private_locations', kind: 'public' },
      Array.isArray,
      'an array of locations',
    );
  }

  /**
   * Elastic-managed and private locations (§4.2) as the space sees them: from 8.18 Kibana reads
   * private locations in the request's space (versions.ts `privateLocationSpaces`), so the list
   * is asked for with the space prefix, unlike the agent; on older versions it is the same list.
   */
  async allLocations(): Promise<KibanaLocation[]> {
    const body = await this.#send<{ locations: KibanaLocation[] }>(
      { method: 'GET', template: '/s/{space}/internal/uptime/service/locations', kind: 'internal' },
      isArrayIn('locations'),
      '{locations}',
    );
    return body.locations;
  }

  /**
   * The space's monitors' statuses from the overview status route (core/kibana/status.ts reads its
   * shapes). Internal on every version, so it needs `x-elastic-internal-origin` from 9.0. No filter is
   * sent: the route's query schema refuses keys an older Kibana does not define, and the caller
   * picks its project's monitors by config id.
   */
  overviewStatus(): Promise<Record<string, unknown>> {
    return this.#send<Record<string, unknown>>(
      { method: 'GET', template: '/s/{space}/internal/synthetics/overview_status', kind: 'internal' },
      (b) => isObject(b) && (typeof b.up === 'number' || isObject(b.upConfigs)),
      '{up, down, upConfigs, …}',
    );
  }

  /** HTTP requests sent, retries included, keyed `METHOD /path/{template}`. */
  requestCounts(): Record<string, number> {
    return Object.fromEntries(this.#counts);
  }

  /** Closes the pooled connections; pending requests finish first. */
  close(): Promise<void> {
    return this.#agent.close();
  }

  /** Closes the connections at once, failing pending requests (a stop that cannot wait). */
  destroy(): Promise<void> {
    return this.#agent.destroy();
  }

  async #send<T>(call: Call, isValid: (body: unknown) => boolean, expected: string): Promise<T> {
    const path = call.template.replace(/\{(\w+)\}/g, (_, name: string) =>
      encodeURIComponent(name === 'space' ? this.space : (call.params?.[name] ?? '')),
    );
    const target = path + queryString(call.query);
    const key = `${call.method} ${call.template}`;
    const ctx: ErrorContext = { url: this.url, space: this.space };
    for (let attempt = 0; ; attempt++) {
      this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
      let retryAfterMs: number | undefined;
      try {
        const res = await this.#agent.request({
          origin: this.#origin,
          path: this.#basePath + target,
          method: call.method,
          headers: this.#headers(call),
          body: call.body === undefined ? undefined : JSON.stringify(call.body),
        });
        const text = await res.body.text();
        this.#onResponse(res.statusCode);
        if (res.statusCode >= 200 && res.statusCode < 300) {
          const body = parseJson(text);
          if (body === undefined || !isValid(body)) throw unexpectedBody(call.method, target, res.statusCode, `expected ${expected}`, ctx);
          return body as T;
        }
        if (!RETRY_STATUSES.has(res.statusCode) || attempt >= this.#retries) {
          throw httpError(call.method, target, res.statusCode, text, ctx);
        }
        retryAfterMs = parseRetryAfter(res.headers['retry-after']);
      } catch (err) {
        if (err instanceof KibanaError) throw err;
        this.#onResponse('error');
        const retrying = isRetryableError(err) && attempt < this.#retries;
        const phase = TIMEOUT_PHASES[errorCode(err) ?? ''];
        const timeoutMs = phase === 'connect' ? this.#connectTimeoutMs : this.#timeoutMs;
        if (phase) this.#onTimeout({ method: call.method, path: call.template, phase, timeoutMs, retrying });
        if (!retrying) throw transportError(call.method, target, err, ctx, timeoutMs);
      }
      await sleep(retryDelayMs(attempt, this.#retryBaseMs, this.#maxRetryDelayMs, retryAfterMs));
    }
  }

  #headers(call: Call): Record<string, string> {
    const headers: Record<string, string> = {
      authorization: this.#authorization,
      'content-type': 'application/json',
      'user-agent': this.#userAgent,
    };
    if (call.method !== 'GET') headers['kbn-xsrf'] = 'true';
    if (call.kind === 'internal') headers['x-elastic-internal-origin'] = INTERNAL_ORIGIN;
    if (call.kind === 'public') headers['elastic-api-version'] = API_VERSION;
    return headers;
  }
}

function authorization(auth: KibanaAuth): string {
  if ('apiKey' in auth) {
    // Kibana wants base64 `id:key` (its `encoded` form); accept the raw pair too, which base64 never contains.
    return `ApiKey ${auth.apiKey.includes(':') ? Buffer.from(auth.apiKey).toString('base64') : auth.apiKey}`;
  }
  return `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
}

function queryString(query: Query | undefined): string {
  // A list is sent as the key repeated, which Kibana's query schema reads as an array.
  const parts = Object.entries(query ?? {})
    .flatMap(([k, v]) => (v === undefined ? [] : Array.isArray(v) ? v.map((item) => [k, item] as const) : [[k, v] as const]))
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
