// Where the Kibana URL and credentials come from, most specific first: command-line flags, then
// environment variables, then sync-config.yaml. The file only references secrets: a Kubernetes
// Secret mounted as files (`*_secret`) or a file path (`*_file`).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import type { KibanaAuth } from './client';

/** Values given on the command line. */
export interface KibanaFlags {
  url?: string;
  space?: string;
  apiKey?: string;
  username?: string;
  password?: string;
  caFile?: string;
  verifyTls?: boolean;
}

export interface ConnectionSources {
  flags?: KibanaFlags;
  /** Defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** The parsed sync-config.yaml. */
  syncConfig?: unknown;
  /** Where the Secret named by `*_secret` is mounted (the seed mounts `kibana-credentials` there). */
  secretsDir?: string;
}

/** Fits KibanaClientOptions. */
export interface KibanaConnection {
  url: string;
  space: string;
  auth: KibanaAuth;
  ca?: string;
  rejectUnauthorized: boolean;
}

interface Credentials {
  apiKey?: string;
  username?: string;
  password?: string;
}

const DEFAULT_SECRETS_DIR = '/secrets/kibana';

export function resolveKibanaConnection(sources: ConnectionSources): KibanaConnection {
  const flags = sources.flags ?? {};
  const env = sources.env ?? process.env;
  const kibana = field(sources.syncConfig, 'kibana');
  const fromEnv = (name: string) => (env[name] ? env[name] : undefined);

  const url = flags.url ?? fromEnv('KIBANA_URL') ?? str(kibana, 'url');
  if (!url) throw new Error('No Kibana URL: pass --kibana-url, set KIBANA_URL, or set kibana.url in sync-config.yaml');
  const caFile = flags.caFile ?? fromEnv('KIBANA_CA_FILE') ?? str(kibana, 'ca_file');
  const verifyTls = flags.verifyTls ?? field(kibana, 'verify_tls');
  return {
    url,
    space: flags.space ?? fromEnv('KIBANA_SPACE') ?? str(kibana, 'space') ?? 'default',
    auth: resolveAuth([
      () => flags,
      () => ({ apiKey: fromEnv('KIBANA_API_KEY'), username: fromEnv('KIBANA_USERNAME'), password: fromEnv('KIBANA_PASSWORD') }),
      () => configCredentials(field(kibana, 'auth'), sources.secretsDir ?? DEFAULT_SECRETS_DIR),
    ]),
    ...(caFile ? { ca: readSecretFile(caFile, 'the Kibana CA certificate') } : {}),
    rejectUnauthorized: verifyTls !== false,
  };
}

/**
 * The most specific source naming any credential decides: its API key if it has one, else basic
 * auth whose missing half may come from a less specific source (say `--username` on the command
 * line and the password from KIBANA_PASSWORD). Sources are read lazily, so a secret file is
 * opened only when it is the one in use.
 */
function resolveAuth(levels: (() => Credentials)[]): KibanaAuth {
  const read = levels.map((level) => {
    let value: Credentials | undefined;
    return () => (value ??= level());
  });
  const lead = read.findIndex((creds) => Boolean(creds().apiKey || creds().username || creds().password));
  if (lead < 0) {
    throw new Error(
      'No Kibana credentials: set KIBANA_API_KEY (or KIBANA_USERNAME and KIBANA_PASSWORD), ' +
        'or set kibana.auth in sync-config.yaml',
    );
  }
  const apiKey = read[lead]().apiKey;
  if (apiKey) return redacted({ apiKey });
  const first = (key: 'username' | 'password') => read.slice(lead).map((creds) => creds()[key]).find(Boolean);
  const username = first('username');
  const password = first('password');
  if (!username) throw new Error('Kibana basic auth has a password but no user name: set KIBANA_USERNAME or kibana.auth.username');
  if (!password) {
    throw new Error(
      `Kibana basic auth for user "${username}" has no password: set KIBANA_PASSWORD, or kibana.auth.password_secret or password_file in sync-config.yaml`,
    );
  }
  return redacted({ username, password });
}

function configCredentials(auth: unknown, secretsDir: string): Credentials {
  const type = str(auth, 'type');
  const secret = (fileKey: string, secretKey: string, fileInSecret: string, what: string) => {
    const file = str(auth, fileKey);
    if (file) return readSecretFile(file, what);
    const name = str(auth, secretKey);
    return name ? readSecretFile(join(secretsDir, fileInSecret), `${what} (Secret ${name})`) : undefined;
  };
  if (type === 'api_key') return { apiKey: secret('api_key_file', 'api_key_secret', 'api_key', 'the Kibana API key') };
  if (type === 'basic') {
    return { username: str(auth, 'username'), password: secret('password_file', 'password_secret', 'password', 'the Kibana password') };
  }
  return {};
}

/** A mounted file's content without its trailing newline; errors name the file, never its content. */
function readSecretFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/[\r\n]+$/, '');
  } catch (err) {
    throw new Error(`Cannot read ${what} from ${path}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
}

/** Masks the secret half when the auth (or anything holding it) is logged or serialised. */
function redacted<T extends KibanaAuth>(auth: T): T {
  const masked = 'apiKey' in auth ? { apiKey: '[redacted]' } : { username: auth.username, password: '[redacted]' };
  Object.defineProperties(auth, {
    toJSON: { value: () => masked },
    [inspect.custom]: { value: () => masked },
  });
  return auth;
}

function field(obj: unknown, key: string): unknown {
  return typeof obj === 'object' && obj !== null ? (obj as Record<string, unknown>)[key] : undefined;
}

function str(obj: unknown, key: string): string | undefined {
  const value = field(obj, key);
  return typeof value === 'string' && value ? value : undefined;
}
