// The sandbox's request and reply vocabulary, and its router. A dozen routes with `{param}`
// segments need no framework: a hand-written matcher keeps the emulator dependency-free and in
// full control of Kibana's status codes and Boom bodies (reference §1.2).

import type { FaultController } from './faults';
import type { SandboxState } from './state';

export interface RouteRequest {
  space: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  state: SandboxState;
  faults: FaultController;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** A path template such as `/api/synthetics/monitors/{id}`. */
  path: string;
  /** Registered by Kibana as internal: from 9.0 it needs `x-elastic-internal-origin` (§1.1). */
  internal?: boolean;
  /** Largest body accepted, in bytes (§1.3); Kibana's default is 1 MiB. */
  maxBytes?: number;
  handle(request: RouteRequest): Reply;
}

export const DEFAULT_MAX_BYTES = 1048576;

const PHRASES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function reasonPhrase(status: number): string {
  return PHRASES[status];
}

export function ok(body: unknown): Reply {
  return { status: 200, body };
}

/** A Boom error body: `{statusCode, error, message, attributes?}`. */
export function boom(status: number, message: string, attributes?: unknown): Reply {
  return { status, body: { statusCode: status, error: reasonPhrase(status), message, ...(attributes !== undefined && { attributes }) } };
}

/** A path segment URL-decoded, or as written when its escapes are malformed. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function matchRoute(routes: readonly Route[], method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
  const segments = path.split('/');
  for (const route of routes) {
    if (route.method !== method) continue;
    const template = route.path.split('/');
    if (template.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = template.every((part, i) => {
      if (part.startsWith('{')) {
        params[part.slice(1, -1)] = decodeSegment(segments[i]);
        return segments[i] !== '';
      }
      return part === segments[i];
    });
    if (matches) return { route, params };
  }
  return undefined;
}

/** config-schema refuses query keys it does not define. */
export function unknownQueryKey(query: URLSearchParams, allowed: readonly string[]): Reply | undefined {
  const key = [...query.keys()].find((k) => !allowed.includes(k));
  return key === undefined ? undefined : boom(400, `[request query.${key}]: definition for this key is missing`);
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** A config-schema `{ids|monitors: string[]}` body: the list, or the 400 Kibana answers. */
export function stringList(body: unknown, key: string, max: number): string[] | Reply {
  const list = isObject(body) ? body[key] : undefined;
  if (!Array.isArray(list) || !list.every((v) => typeof v === 'string')) {
    return boom(400, `[request body.${key}]: expected value of type [array] but got [${list === undefined ? 'undefined' : typeof list}]`);
  }
  if (list.length > max) return boom(400, `[request body.${key}]: array size is [${list.length}], but cannot be greater than [${max}]`);
  return list as string[];
}
