// Where the Kibana URL and credentials come from, most specific first: command-line flags (in the
// editor, its settings and secret storage), then environment variables, then sync-config.yaml,
// which only references secrets: a Kubernetes Secret mounted as files (`*_secret`) or a file path
// (`*_file`). Where each may go is trust.ts's to say: this module resolves, trust.ts refuses.

import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import type { KibanaAuth } from './client';
import { holdAuth, holdSecret } from './redact';
import { KibanaUrl, UrlSource, checkDestination } from './trust';

/** What the connection needs and no source gives: the message says where to give it, in the CLI's terms (the editor says its own). */
export class MissingSettingError extends Error {
  constructor(
    readonly setting: 'url' | 'credentials' | 'project',
    message: string,
  ) {
    super(message);
  }
}

/** A credential file or Secret that the repository's sync configuration names, which only the cluster's --from reads. */
export class UnreadSecretError extends Error {
  constructor(readonly key: string) {
    super(
      `kibana.auth.${key} of a sync configuration found among the paths is not read: a repository must not choose which local file is sent as a credential. ` +
        'Give the credentials in KIBANA_API_KEY (or KIBANA_USERNAME and KIBANA_PASSWORD); in the cluster, --from reads the mounted ones.',
    );
  }
}

/** Values given on the command line. */
export interface KibanaFlags {
  url?: string;
  space?: string;
  apiKey?: string;
  username?: string;
  password?: string;
  caFile?: string;
  verifyTls?: boolean;
  /** `--trust-sync-config`: send credentials to the URL of a sync configuration found among the paths. */
  trustSyncConfig?: boolean;
  /** `--allow-insecure-http`: send credentials over http:// to a host other than loopback. */
  allowInsecureHttp?: boolean;
}

export interface ConnectionSources {
  flags?: KibanaFlags;
  /** Defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** The parsed sync-config.yaml. */
  syncConfig?: unknown;
  /** Who gave the sync configuration: the operator, mounted and read with --from, or (by default) the repository, found among the paths. */
  syncConfigFrom?: 'operator' | 'repository';
  /** The editor's `kibana.url` setting: over the environment, as a flag is, but the workspace's (the repository's) unless its host is confirmed. */
  settingsUrl?: string;
  /** Origins the user confirmed in the editor for the workspace's URLs. */
  confirmedHosts?: readonly string[];
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
  /** What a person should know about how we connect (TLS verification off, settings not used). */
  warnings: string[];
}

/** One source of credentials; only the getters read files, so a source is read only when used. */
interface Level {
  /** The kind of credential the source names, if any (without reading it). */
  names: 'apiKey' | 'basic' | undefined;
  apiKey(): string | undefined;
  username(): string | undefined;
  password(): string | undefined;
}

const DEFAULT_SECRETS_DIR = '/secrets/kibana';
const SYNC_CONFIG_URL: UrlSource = 'kibana.url of the sync configuration';

export function resolveKibanaConnection(sources: ConnectionSources): KibanaConnection {
  const flags = sources.flags ?? {};
  const env = sources.env ?? process.env;
  const kibana = field(sources.syncConfig, 'kibana');
  const fromEnv = (name: string) => (env[name] ? env[name] : undefined);
  const operator = sources.syncConfigFrom === 'operator';

  const target = kibanaUrl(sources);
  if (!target) throw new MissingSettingError('url', 'No Kibana URL: pass --kibana-url, set KIBANA_URL, or set kibana.url in sync-config.yaml');
  checkDestination(target, { syncConfig: flags.trustSyncConfig, confirmedHosts: sources.confirmedHosts, insecureHttp: flags.allowInsecureHttp ?? fromEnv('KIBANA_ALLOW_INSECURE_HTTP') === 'true' });

  // The TLS settings of the sync configuration secure its URL, and apply only with it: a repository
  // must not weaken the check of a connection the invoker chose. (Its CA is no secret, but which CA
  // to trust decides who receives the credential, and the file is read only when it applies.)
  const fromConfig = target.source === SYNC_CONFIG_URL;
  const warnings: string[] = [];
  const configCa = str(kibana, 'ca_file');
  const configVerify = field(kibana, 'verify_tls');
  if (!fromConfig && (configCa || configVerify === false)) {
    warnings.push(
      `kibana.${configCa ? 'ca_file' : 'verify_tls'} of the sync configuration is not used: it secures the sync configuration's kibana.url, and the Kibana URL here is ${target.source}'s` +
        (configCa ? '; give the CA with KIBANA_CA_FILE' : ''),
    );
  }
  const caFile = flags.caFile ?? fromEnv('KIBANA_CA_FILE') ?? (fromConfig ? configCa : undefined);
  const verifyTls = flags.verifyTls ?? (fromConfig ? configVerify : undefined);
  if (verifyTls === false) {
    warnings.push(`TLS verification is off (kibana.verify_tls: false): anyone on the network path to ${new URL(target.url).host} can read the credentials; give the CA with kibana.ca_file instead`);
  }

  for (const name of ['KIBANA_API_KEY', 'KIBANA_PASSWORD']) holdSecret(fromEnv(name));
  const auth = resolveAuth([
    plainLevel(flags),
    plainLevel({ apiKey: fromEnv('KIBANA_API_KEY'), username: fromEnv('KIBANA_USERNAME'), password: fromEnv('KIBANA_PASSWORD') }),
    configLevel(field(kibana, 'auth'), sources.secretsDir ?? DEFAULT_SECRETS_DIR, operator),
  ]);
  holdAuth(auth);
  return {
    url: target.url,
    space: flags.space ?? fromEnv('KIBANA_SPACE') ?? str(kibana, 'space') ?? 'default',
    auth,
    ...(caFile ? { ca: readCaFile(caFile) } : {}),
    rejectUnauthorized: verifyTls !== false,
    warnings,
  };
}

/** The Kibana URL to use and who gave it: a flag, the editor's setting, the environment, the sync configuration. */
export function kibanaUrl(sources: ConnectionSources): KibanaUrl | undefined {
  const env = sources.env ?? process.env;
  const config = str(field(sources.syncConfig, 'kibana'), 'url');
  if (sources.flags?.url) return { url: sources.flags.url, party: 'invoker', source: '--kibana-url' };
  if (sources.settingsUrl) return { url: sources.settingsUrl, party: 'repository', source: 'syntheticsGitops.kibana.url setting' };
  if (env.KIBANA_URL) return { url: env.KIBANA_URL, party: 'invoker', source: 'KIBANA_URL' };
  if (config) return { url: config, party: sources.syncConfigFrom === 'operator' ? 'operator' : 'repository', source: SYNC_CONFIG_URL };
  return undefined;
}

/**
 * The most specific source naming any credential decides: its API key if it names one, else basic
 * auth whose missing half may come from a less specific source (say `--username` on the command
 * line and the password from KIBANA_PASSWORD). A source is read only for what is taken from it.
 */
function resolveAuth(levels: Level[]): KibanaAuth {
  const lead = levels.findIndex((level) => level.names);
  if (lead < 0) {
    throw new MissingSettingError(
      'credentials',
      'No Kibana credentials: set KIBANA_API_KEY (or KIBANA_USERNAME and KIBANA_PASSWORD), ' +
        'or set kibana.auth in sync-config.yaml',
    );
  }
  if (levels[lead].names === 'apiKey') return redacted({ apiKey: levels[lead].apiKey()! });
  const first = (key: 'username' | 'password') => {
    for (const level of levels.slice(lead)) {
      const value = level[key]();
      if (value) return value;
    }
    return undefined;
  };
  const username = first('username');
  if (!username) throw new Error('Kibana basic auth has a password but no user name: set KIBANA_USERNAME or kibana.auth.username');
  const password = first('password');
  if (!password) {
    throw new Error(
      `Kibana basic auth for user "${username}" has no password: set KIBANA_PASSWORD, or kibana.auth.password_secret or password_file in sync-config.yaml`,
    );
  }
  return redacted({ username, password });
}

function plainLevel(given: { apiKey?: string; username?: string; password?: string }): Level {
  return {
    names: given.apiKey ? 'apiKey' : given.username || given.password ? 'basic' : undefined,
    apiKey: () => given.apiKey,
    username: () => given.username,
    password: () => given.password,
  };
}

/** The sync configuration's `kibana.auth`; its secret files are read only when the operator mounted it (--from). */
function configLevel(auth: unknown, secretsDir: string, operator: boolean): Level {
  const type = str(auth, 'type');
  const secret = (fileKey: string, secretKey: string, fileInSecret: string, what: string) => () => {
    const file = str(auth, fileKey);
    const name = str(auth, secretKey);
    if (!file && !name) return undefined;
    if (!operator) throw new UnreadSecretError(file ? fileKey : secretKey);
    return file ? readSecretFile(file, what) : readSecretFile(join(secretsDir, fileInSecret), `${what} (Secret ${name})`);
  };
  const none = () => undefined;
  if (type === 'api_key') {
    const apiKey = secret('api_key_file', 'api_key_secret', 'api_key', 'the Kibana API key');
    return { names: str(auth, 'api_key_file') || str(auth, 'api_key_secret') ? 'apiKey' : undefined, apiKey, username: none, password: none };
  }
  if (type === 'basic') {
    const password = secret('password_file', 'password_secret', 'password', 'the Kibana password');
    const names = str(auth, 'username') || str(auth, 'password_file') || str(auth, 'password_secret') ? 'basic' : undefined;
    return { names, apiKey: none, username: () => str(auth, 'username'), password };
  }
  return { names: undefined, apiKey: none, username: none, password: none };
}

/** A mounted file's content without its trailing newline; errors name the file, never its content. */
function readSecretFile(path: string, what: string): string {
  let content: string;
  try {
    content = readFileSync(path, 'utf8').replace(/[\r\n]+$/, '');
  } catch (err) {
    throw new Error(`Cannot read ${what} from ${path}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  if (!content) throw new Error(`${path}, which should hold ${what}, is empty`);
  return content;
}

/** PEM certificates, checked now: a bad CA file otherwise surfaces later as a vague TLS failure. */
function readCaFile(path: string): string {
  const what = 'the Kibana CA certificate';
  // A regular file only: reading a device or a pipe could hang.
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch (err) {
    throw new Error(`Cannot read ${what} from ${path}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  if (!isFile) throw new Error(`Cannot read ${what} from ${path}: not a regular file`);
  const pem = readSecretFile(path, what);
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  try {
    if (!blocks.length) throw new Error('no -----BEGIN CERTIFICATE----- block');
    for (const block of blocks) new X509Certificate(block);
  } catch (err) {
    throw new Error(`${path} is not a PEM certificate (${(err as Error).message}): give the CA that signed Kibana's certificate, in PEM`);
  }
  return pem;
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
