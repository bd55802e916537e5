// Errors from talking to Kibana, each with a hint naming what to fix. They are built only from
// the method, the path, the status and Kibana's answer, never from request headers, so no
// credential can leak into a message, a log line or a serialised error.

import { STATUS_CODES } from 'node:http';
import { errorCode } from './retry';

export class KibanaError extends Error {
  override readonly name = 'KibanaError';

  constructor(
    readonly method: string,
    readonly path: string,
    /** HTTP status, or undefined when no response came back. */
    readonly status: number | undefined,
    /** Kibana's own `message`, or the transport error's. */
    readonly kibanaMessage: string,
    readonly hint: string | undefined,
    cause?: unknown,
  ) {
    super(
      `${method} ${path} failed: ${status === undefined ? '' : `${status} `}${kibanaMessage}${hint ? ` — ${hint}` : ''}`,
      cause === undefined ? undefined : { cause },
    );
  }
}

/** Where the client points, to name it in hints. */
export interface ErrorContext {
  url: string;
  space: string;
}

const CREDENTIALS_HINT =
  'check the API key (KIBANA_API_KEY, kibana.auth.api_key_secret/api_key_file) or the user name and password ' +
  '(KIBANA_USERNAME and KIBANA_PASSWORD, kibana.auth.username and password_secret/password_file)';

export function httpError(method: string, path: string, status: number, body: string, ctx: ErrorContext): KibanaError {
  const message = kibanaMessage(body) ?? STATUS_CODES[status] ?? 'unexpected status';
  return new KibanaError(method, path, status, message, httpHint(status, message, ctx));
}

function kibanaMessage(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed?.message === 'string') return parsed.message;
  } catch {
    // not JSON: a proxy's or load balancer's page; quote its start
  }
  const text = body.replace(/\s+/g, ' ').trim();
  return text ? text.slice(0, 200) : undefined;
}

function httpHint(status: number, message: string, ctx: ErrorContext): string | undefined {
  if (status >= 300 && status < 400) return `Kibana redirected the request: check the Kibana URL ${ctx.url} (scheme, host, base path)`;
  if (status === 400 && message.includes('exists but is not available')) {
    return 'Kibana 9+ serves this internal route only with the x-elastic-internal-origin header; a proxy in between may be dropping it';
  }
  if (status === 401) return CREDENTIALS_HINT;
  if (status === 403) {
    return 'the API key or user needs the Kibana Synthetics privileges uptime-read and uptime-write (and private-location write to manage private locations)';
  }
  if (status === 404 && /\bspace\b/i.test(message)) return `the Kibana space '${ctx.space}' does not exist: check KIBANA_SPACE or kibana.space`;
  if (status === 404 && message === 'Not Found') return `check the Kibana URL ${ctx.url} and the space '${ctx.space}'`;
  if (status === 413) return 'the request body is too large for Kibana: send fewer monitors per request';
  if (status === 429 || status >= 500) return 'Kibana is busy or unavailable; try again later';
  return undefined;
}

export function transportError(method: string, path: string, err: unknown, ctx: ErrorContext, timeoutMs: number): KibanaError {
  const code = errorCode(err) ?? '';
  const message = err instanceof Error ? err.message : String(err);
  return new KibanaError(method, path, undefined, code ? `${message} [${code}]` : message, transportHint(code, ctx, timeoutMs), err);
}

function transportHint(code: string, ctx: ErrorContext, timeoutMs: number): string | undefined {
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|TLS|SSL/.test(code)) {
    return `Kibana's TLS certificate is not trusted: give the CA that signed it (KIBANA_CA_FILE or kibana.ca_file), or set kibana.verify_tls: false for a throwaway cluster only`;
  }
  if (['ENOTFOUND', 'ECONNREFUSED', 'EAI_AGAIN', 'EHOSTUNREACH'].includes(code)) return `check the Kibana URL ${ctx.url} (host and port)`;
  if (code.includes('TIMEOUT') || code === 'ETIMEDOUT') return `Kibana did not answer within ${timeoutMs} ms; it may be overloaded`;
  return undefined;
}

/** A 2xx answer that is not what this Kibana route returns. */
export function unexpectedBody(method: string, path: string, status: number, what: string, ctx: ErrorContext): KibanaError {
  return new KibanaError(method, path, status, `unexpected answer: ${what}`, `check that ${ctx.url} is Kibana with the Synthetics app`);
}
