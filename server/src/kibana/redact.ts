// The one place credentials are taken out of what we print: every CLI and watcher output (stdout,
// stderr, JSON events) and every language-server reply pass through `redact`. Messages are never
// built from a credential, but Kibana or a proxy in front of it may echo request headers in an
// error body, which we quote; so every credential this process holds is masked, in each form it
// can come back in, and so is any `Authorization` value and the user info of any URL.

import type { KibanaAuth } from './client';

export const REDACTED = '[redacted]';

/** Shorter values would mask ordinary words; the encoded forms of a credential are longer anyway. */
const MIN_LENGTH = 4;

const held = new Set<string>();
let pattern: RegExp | undefined;

/** An `Authorization` header's value, as a header line, a JSON or query field, or JSON inside a JSON string. */
const AUTHORIZATION = /(authorization(?:\\?["'])?\s*[:=]\s*(?:\\?["'])?(?:(?:ApiKey|Basic|Bearer)\s+)?)[^\s"'\\,;&}]+/gi;
/** `scheme://user:password@`: a credential inside a URL. */
const USER_INFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>\\]+@/gi;

/** Every credential of this auth, in the forms a server may echo: plain, as sent in the header, base64-decoded. */
export function holdAuth(auth: KibanaAuth): void {
  if ('apiKey' in auth) {
    holdSecret(auth.apiKey);
    // Sent base64-encoded when given as `id:key`; given encoded, its decoded `id:key` (and the key half) is as secret.
    const plain = auth.apiKey.includes(':') ? auth.apiKey : decodedPair(auth.apiKey);
    if (plain) {
      holdSecret(plain);
      holdSecret(plain.slice(plain.indexOf(':') + 1));
      holdSecret(Buffer.from(plain).toString('base64'));
    }
  } else {
    holdSecret(auth.password);
    holdSecret(Buffer.from(`${auth.username}:${auth.password}`).toString('base64'));
  }
}

/** Remembers a credential: from now on no output shows it, plain or JSON-escaped (base64 also without its padding). */
export function holdSecret(value: string | undefined): void {
  if (!value) return;
  for (const form of [value, JSON.stringify(value).slice(1, -1), value.replace(/=+$/, '')]) {
    if (form.length >= MIN_LENGTH && !held.has(form)) {
      held.add(form);
      pattern = undefined;
    }
  }
}

/** The text with every credential held, every `Authorization` value and every URL's user info masked. */
export function redact(text: string): string {
  if (held.size) {
    // Longest first, so a form containing another is masked whole.
    pattern ??= new RegExp([...held].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');
    text = text.replace(pattern, REDACTED);
  }
  return text.replace(AUTHORIZATION, `$1${REDACTED}`).replace(USER_INFO, `$1${REDACTED}@`);
}

/** A reply's strings redacted, whatever its shape (the language server's plan results). */
export function redactValues<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map(redactValues) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValues(v)])) as T;
  return value;
}

/** `id:key` when the text is its base64 encoding (Kibana's `encoded` API key), else undefined. */
function decodedPair(text: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  const decoded = Buffer.from(text, 'base64').toString('utf8');
  return /^[\x21-\x7e]+:[\x21-\x7e]+$/.test(decoded) ? decoded : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
