// When a failed Kibana request is worth another attempt, and how long to wait first.
// Hand-written rather than undici's RetryAgent: that one backs off without jitter, so parallel
// callers retry in lockstep, and it skips non-idempotent methods by default.

/** Statuses that mean "busy or restarting", not "your request is wrong". */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Transport failures that a fresh connection can fix. */
const RETRY_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

export function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  const cause = (err as { cause?: unknown } | null)?.cause;
  return cause === undefined ? undefined : errorCode(cause);
}

export function isRetryableError(err: unknown): boolean {
  const code = errorCode(err);
  return code !== undefined && RETRY_CODES.has(code);
}

/** A `Retry-After` header (delay-seconds or HTTP-date) in milliseconds, or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text?.trim()) return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The wait before retry number `attempt + 1`: what the server asked for, else exponential backoff
 * with full jitter (a random wait up to `baseMs·2^attempt`), both capped at `capMs`.
 */
export function retryDelayMs(attempt: number, baseMs: number, capMs: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, capMs);
  return Math.random() * Math.min(capMs, baseMs * 2 ** attempt);
}
