// Command-line arguments of `synthetics-gitops`, parsed with Node's own parseArgs.

import { ParseArgsConfig, parseArgs } from 'node:util';
import { goDurationSeconds } from '../core/kibana/facts';
import { NEWEST_MODELLED, parseKibanaVersion } from '../core/kibana/versions';
import { DefaultFlags } from '../gitops/projectConfig';
import { DEFAULT_MAX_DELETIONS, DeletionLimit, parseDeletionLimit } from '../gitops/pruneGuard';
import { DEFAULT_SETTINGS, Settings } from '../protocol/settings';

export type OutputFormat = 'text' | 'json' | 'sarif';

export class UsageError extends Error {}

const SETTINGS_HELP = `  --target kibana|heartbeat    who reads the monitors (default: kibana); a ConfigMap
                               annotation synthetics-gitops/target overrides it
  --private-locations A,B      exact labels of the private locations defined in Kibana
  --locations A,B              extra Elastic-managed location ids accepted
  --browser-globs G,H          globs of standalone browser-monitor JSON files`;

const KIBANA_HELP = `  --from DIR                   read the monitors from ConfigMaps mounted in DIR (one folder per
                               ConfigMap, or DIR itself one), instead of paths
  --kibana-url URL             Kibana's URL (env KIBANA_URL)
  --space ID                   Kibana space (env KIBANA_SPACE; default: default)
  --project ID                 project id of the monitors (env SYNTHETICS_PROJECT)
  --sync-config FILE           a sync-config.yaml, or a ConfigMap holding one (default: the
                               one found among the paths)
  --default-schedule MINUTES   schedule of monitors that set none (else the sync configuration's
                               monitors.default_schedule, else Kibana's: 3, browser 10)
  --default-locations A,B      locations of monitors that set none (else default_locations)
  --default-private-locations A,B  private locations of monitors that set none
  --request-timeout DURATION   how long to wait on Kibana per request attempt: to connect (at most
                               10s of it), for the headers, between chunks of the body (default:
                               2m; watch: a sixth of --interval, from 1s to 2m)
  --trust-sync-config          send the credentials to the kibana.url of a sync configuration found
                               among the paths (otherwise refused: give --kibana-url or KIBANA_URL)
  --allow-insecure-http        send the credentials over http:// to a host other than loopback
                               (env KIBANA_ALLOW_INSECURE_HTTP=true)
Credentials come from KIBANA_API_KEY, or KIBANA_USERNAME and KIBANA_PASSWORD, or, with --from,
the mounted sync configuration's kibana.auth (Secret files); KIBANA_CA_FILE names a CA certificate.`;

export const USAGE = `Usage: synthetics-gitops <command> [paths...] [options]

Commands:
  validate   check monitors kept as code: ConfigMaps embedding heartbeat YAML or browser-monitor
             JSON, heartbeat.monitors files, monitors.d lists, browser-monitor JSON files
  plan       show what a push would change in Kibana, field by field
  push       create, update and (with --prune) delete this project's monitors in Kibana
  status     show whether the monitors of the paths are up in Kibana (exit 1 when one is down)
  watch      report drift between mounted ConfigMaps and Kibana at an interval (in the cluster)
  run        run journey files locally through @elastic/synthetics in Chromium
  generate   write journeys as entries of a browser-journey-configs ConfigMap
  check      compare journeys with ConfigMap entries: missing, orphaned, stale
  render     write a Kustomize base, overlays and ArgoCD Applications for the monitors
  import     write monitors kept in Kibana as files: ConfigMaps, or heartbeat YAML and browser JSON
  sandbox    run a local emulator of Kibana's synthetics APIs

Run \`synthetics-gitops <command> --help\` for a command's options.
Directories are walked (node_modules and .git skipped). Paths default to the current directory.`;

const UNATTENDED_HELP = `  --max-deletions N|N%          with --prune, refuse to delete more than N monitors, or N% of the
                               project's monitors in Kibana (default: ${DEFAULT_MAX_DELETIONS}, never fewer than 1)
  --allow-empty                with --prune, allow deleting when no monitor was read at all
  --log-format text|json       json: one JSON object per line per event (default: text)`;

export const COMMAND_USAGE: Record<'validate' | 'plan' | 'push' | 'status' | 'run' | 'watch' | 'render' | 'import', string> = {
  validate: `Usage: synthetics-gitops validate [paths...] [options]

Options:
  --format text|json|sarif     output format (default: text)
  --kibana-version X.Y.Z       the Kibana to check against where its rules changed between
                               versions (default: the sync configuration's kibana.version, else
                               ${NEWEST_MODELLED}, the newest modelled)
${SETTINGS_HELP}

Exit status: 0 no errors, 1 errors found, 2 usage or I/O error.`,
  plan: `Usage: synthetics-gitops plan [paths...] [options]

Compares the monitors in the paths with this project's monitors in Kibana.

Options:
  --format text|json|markdown  output format (default: text; markdown: a pull-request comment,
                               deletions first, each monitor collapsible, within 65,536 characters)
  --detailed-exitcode          exit 3 when changes are pending (0 when there are none)
  --verbose                    list unchanged monitors too
  --replace ID                 plan the type change of monitor ID as a delete and a create
                               (repeatable; Kibana refuses to change a monitor's type)
${KIBANA_HELP}
${SETTINGS_HELP}

Exit status: 0 success, 1 errors (invalid monitors, Kibana errors), 2 usage or I/O error;
with --detailed-exitcode, 3 when the plan has changes.`,
  push: `Usage: synthetics-gitops push [paths...] [options]

Carries out the plan: creates and updates monitors; deletes the project's monitors that are no
longer in git only with --prune, and adopted UI-made monitors only with --adopt, after a
confirmation naming each one (or --yes). A monitor with errors is not pushed; while an input
cannot be read (it may hold monitors), nothing is deleted.

Options:
  --prune                      delete this project's monitors that git no longer has
  --replace ID                 carry out the type change of monitor ID (which Kibana refuses) by
                               deleting it and creating it anew: a deletion, confirmed as one
                               (repeatable)
  --adopt                      delete each UI-made monitor an \`adopts\` key names (see import) once
                               its replacement exists; counted and confirmed as any deletion
  --keep-originals             with --adopt, disable the UI originals instead of deleting them
  --yes                        do not ask before deleting (needed without a terminal)
  --dry-run                    print the plan and change nothing
${UNATTENDED_HELP}
${KIBANA_HELP}
${SETTINGS_HELP}

Exit status: 0 success, 1 the files have errors (their monitors are not pushed), a monitor was
refused, deletes were withheld, a guard refused the prune or Kibana failed, 2 usage or I/O error.`,
  status: `Usage: synthetics-gitops status [paths...] [options]

Shows the live status in Kibana of each monitor the paths define (and of each journey whose id
Kibana's project holds): up, down, pending or disabled, since when, at which locations, the last
failure's error and the monitor's page in Kibana; monitors Kibana's project does not hold are
listed as not in Kibana. For scripts and CI gates after a push.

Options:
  --format text|json           output format (default: text)
${KIBANA_HELP}
${SETTINGS_HELP}

Exit status: 0 no monitor is down (pending ones and those not in Kibana included), 1 a monitor
is down, or Kibana failed or reports no status per monitor (before 8.7), 2 usage or I/O error.`,
  watch: `Usage: synthetics-gitops watch --from DIR [options]

Compares the mounted ConfigMaps with Kibana at every interval and reports drift: changed in git
but not pushed, edited outside git, missing in Kibana, orphaned in Kibana. Report-only unless
--correct. Reloads the ConfigMaps when Kubernetes updates the mount. Stops on SIGTERM.

Options:
  --interval DURATION          time between checks, a Go duration (default: 5m; jittered by up to 10%)
  --listen [HOST]:PORT         serve /healthz, /readyz and /metrics (default: :8080)
  --correct                    push what drifted (run one replica only); deletes only with --prune
  --prune                      with --correct, delete orphaned monitors (guarded as push's)
${UNATTENDED_HELP}
${KIBANA_HELP}
${SETTINGS_HELP}`,
  run: `Usage: synthetics-gitops run [journeys...] [options]

Runs journey files (*.journey.ts / *.journey.js; folders are searched, node_modules skipped;
default: the current directory) through @elastic/synthetics in a real Chromium. Each file runs
in its project folder (the nearest one with a synthetics.config.ts or a package.json), whose
config's params apply.

Options:
  --params JSON                params for this run, merged over the config's params
  --grep PATTERN               only journeys whose name or tags match the glob PATTERN (text
                               without wildcards matches as a substring)
  --journey NAME               only the journey with exactly this name (repeatable)
  --reporter text|json|ndjson|junit
                               output format (default: text; json is the typed result, with
                               failed steps' screenshots as base64 JPEG; ndjson streams it: a
                               line per step and per journey as it ends, then the result)
  --trace DIR                  keep a Playwright trace of each failed journey in DIR (open it
                               with \`npx playwright show-trace FILE\`); its path is in the result
  --chromium PATH              the Chromium to run (default: CHROME_PATH, else /usr/bin/chromium,
                               /usr/bin/chromium-browser, /usr/bin/google-chrome)
  --headed                     show the browser window (when a display exists)

Exit status: 0 every journey passed, 1 a journey failed (or could not run), 2 usage error or no
Chromium, 130 interrupted.`,
  import: `Usage: synthetics-gitops import --out DIR [options]

Reads monitors from Kibana — a project's, those made in Kibana's UI, or any matching the filters —
and writes them as files to keep in git: ConfigMaps per type (http-monitors, tcp-monitors,
icmp-monitors, browser-journey-configs) with a kustomization, or heartbeat.monitors YAML and
browser JSON. Only what differs from Kibana's defaults is written; importing a project and
planning the result shows no change. Secrets become \${param} placeholders naming the Kibana
global parameter to create, unless --include-secrets. Nothing is overwritten without --force.

Options:
  --out DIR                    the folder to write into (required)
  --format configmap|heartbeat ConfigMaps (default), or lightweight/<type>.yml and browser-journeys/<id>.json
  --project ID                 only this project's monitors (env SYNTHETICS_PROJECT); the folder gets a
                               sync-config.yaml naming it
  --origin project|ui|all      pushed project monitors, monitors made in the UI (written with \`adopts\`,
                               see push --adopt), or both (default: project with --project, else all)
  --query TEXT                 Kibana's free-text search (name, tags, URL, host, location)
  --tags A,B                   monitors with any of these tags
  --type A,B                   http, tcp, icmp, browser
  --location A,B               monitors running from any of these locations (id or label)
  --config-id ID               only this monitor (repeatable)
  --journeys DIR               also write each browser monitor's journey as <id>.journey.ts, for reading
  --include-secrets            write secret values in plain text (said loudly on stderr)
  --force                      overwrite files that exist
  --kibana-url URL             Kibana's URL (env KIBANA_URL)
  --space ID                   Kibana space (env KIBANA_SPACE; default: default)
Credentials come from KIBANA_API_KEY, or KIBANA_USERNAME and KIBANA_PASSWORD (reading secrets
needs Kibana's Synthetics write privilege, as Kibana returns them only to it).

Exit status: 0 written, 1 Kibana failed, 2 usage or I/O error (files in the way without --force).`,
  render: `Usage: synthetics-gitops render [paths...] --kibana-url URL --project ID --repo-url URL --fleet-url URL [options]

Writes a Kustomize base and overlays from the monitors of the paths (lightweight YAML, ConfigMaps,
browser configs, journeys): the monitor ConfigMaps per type through configMapGenerator, the sync
configuration, the private-location agent, the drift watcher, the PostSync push Job, and one ArgoCD
Application per overlay (argocd/<overlay>.yaml). Run it from the repository's root.

Options:
  --out DIR                    output folder (default: kustomize/elastic-synthetic-monitor)
  --overlay NAME               an overlay to write: prod, staging or dev (repeatable; default: all)
  --kibana-url URL             Kibana's URL, for the sync configuration
  --project ID                 the project id of the monitors in Kibana
  --space ID                   Kibana space of prod (default: default; staging and dev use their own)
  --repo-url URL               the git repository the Applications deploy from
  --fleet-url URL              Fleet Server's URL, where the agent enrolls
  --agent-version X.Y.Z        elastic-agent-complete version (default: 8.15.0)
  --private-locations OVERLAY=A,B  private locations of an overlay's monitors (repeatable)
  --check                      write nothing; exit 1 when the folder differs from what render writes

Exit status: 0 written (or up to date), 1 monitor errors or (--check) out of date, 2 usage or I/O error.`,
};

const SETTINGS_OPTIONS = {
  target: { type: 'string', default: DEFAULT_SETTINGS.target },
  'private-locations': { type: 'string' },
  locations: { type: 'string' },
  'browser-globs': { type: 'string' },
} as const;

/** `--request-timeout` in milliseconds, if given. */
export function requestTimeoutMs(text: string | undefined): number | undefined {
  return text === undefined ? undefined : durationMs('request-timeout', text, 0.1, 'such as 30s or 2m');
}

const KIBANA_OPTIONS = {
  'kibana-url': { type: 'string' },
  space: { type: 'string' },
  project: { type: 'string' },
  'sync-config': { type: 'string' },
  from: { type: 'string' },
  'default-schedule': { type: 'string' },
  'default-locations': { type: 'string' },
  'default-private-locations': { type: 'string' },
  'request-timeout': { type: 'string' },
  'trust-sync-config': { type: 'boolean', default: false },
  'allow-insecure-http': { type: 'boolean', default: false },
} as const;

function list(value: unknown, fallback: string[]): string[] {
  return typeof value !== 'string' ? fallback : value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** parseArgs with usage errors; values are read by name, checked where they are used. */
export function parse(argv: string[], options: NonNullable<ParseArgsConfig['options']>): { values: Record<string, unknown>; positionals: string[] } {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function settingsFrom(values: Record<string, unknown>): Settings {
  if (values.target !== 'kibana' && values.target !== 'heartbeat') throw new UsageError(`--target must be kibana or heartbeat, not "${String(values.target)}"`);
  return {
    ...DEFAULT_SETTINGS,
    target: values.target,
    privateLocations: list(values['private-locations'], DEFAULT_SETTINGS.privateLocations),
    locations: list(values.locations, DEFAULT_SETTINGS.locations),
    browserConfigGlobs: list(values['browser-globs'], DEFAULT_SETTINGS.browserConfigGlobs),
  };
}

function oneOf<T extends string>(option: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw new UsageError(`--${option} must be ${allowed.join(', ').replace(/, ([^,]*)$/, ' or $1')}, not "${String(value)}"`);
  return value as T;
}

export interface ValidateOptions {
  paths: string[];
  format: OutputFormat;
  settings: Settings;
}

export function parseValidateArgs(argv: string[]): ValidateOptions {
  const { values, positionals } = parse(argv, { format: { type: 'string', default: 'text' }, 'kibana-version': { type: 'string' }, ...SETTINGS_OPTIONS });
  const version = values['kibana-version'];
  if (version !== undefined && !parseKibanaVersion(String(version))) throw new UsageError(`--kibana-version must be a Kibana version such as 9.1.0, not "${String(version)}"`);
  return {
    paths: positionals.length ? positionals : ['.'],
    format: oneOf('format', values.format, ['text', 'json', 'sarif'] as const),
    settings: { ...settingsFrom(values), 'kibana.version': version === undefined ? '' : String(version) },
  };
}

export interface KibanaOptions {
  paths: string[];
  /** A directory of mounted ConfigMaps, read instead of paths. */
  from?: string;
  settings: Settings;
  url?: string;
  space?: string;
  project?: string;
  syncConfig?: string;
  defaults: DefaultFlags;
  /** `--request-timeout`, when given. */
  requestTimeoutMs?: number;
  trustSyncConfig: boolean;
  allowInsecureHttp: boolean;
}

export interface PlanOptions extends KibanaOptions {
  /** Journey ids whose type change is planned (and pushed) as a delete and a create. */
  replace: string[];
  format: 'text' | 'json' | 'markdown';
  detailedExitcode: boolean;
  verbose: boolean;
}

export interface StatusOptions extends KibanaOptions {
  format: 'text' | 'json';
}

export type LogFormat = 'text' | 'json';

/** Runs nobody watches: the guards of a prune (gitops/pruneGuard.ts) and the log format. */
export interface UnattendedOptions {
  maxDeletions: DeletionLimit;
  maxDeletionsText: string;
  allowEmpty: boolean;
  logFormat: LogFormat;
}

export interface PushOptions extends KibanaOptions, UnattendedOptions {
  replace: string[];
  prune: boolean;
  /** Delete (or, with keepOriginals, disable) the UI-made monitors the pushed ones adopt. */
  adopt: boolean;
  keepOriginals: boolean;
  yes: boolean;
  dryRun: boolean;
}

export interface WatchOptions extends KibanaOptions, UnattendedOptions {
  from: string;
  intervalMs: number;
  listen: { host?: string; port: number };
  correct: boolean;
  prune: boolean;
}

function kibanaFrom(values: Record<string, unknown>, positionals: string[]): KibanaOptions {
  const text = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  if (text('from') !== undefined && positionals.length) throw new UsageError(`--from reads the monitors from a mount: give it or paths (${positionals.join(' ')}), not both`);
  return {
    paths: positionals.length ? positionals : ['.'],
    from: text('from'),
    settings: settingsFrom(values),
    url: text('kibana-url'),
    space: text('space'),
    project: text('project'),
    syncConfig: text('sync-config'),
    defaults: { schedule: text('default-schedule'), locations: text('default-locations'), privateLocations: text('default-private-locations') },
    requestTimeoutMs: requestTimeoutMs(text('request-timeout')),
    trustSyncConfig: values['trust-sync-config'] === true,
    allowInsecureHttp: values['allow-insecure-http'] === true,
  };
}

const REPLACE_OPTION = { replace: { type: 'string', multiple: true } } as const;

function replaceFrom(values: Record<string, unknown>): string[] {
  return ((values.replace as string[] | undefined) ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

/** A Go duration flag in milliseconds, at least `minSeconds`. */
function durationMs(option: string, text: string, minSeconds: number, examples: string): number {
  const seconds = goDurationSeconds(text);
  if (seconds === undefined || seconds < minSeconds) throw new UsageError(`--${option} must be a duration of at least ${minSeconds < 1 ? `${minSeconds * 1000}ms` : `${minSeconds}s`}, ${examples}, not "${text}"`);
  return Math.round(seconds * 1000);
}

export function parsePlanArgs(argv: string[]): PlanOptions {
  const { values, positionals } = parse(argv, {
    format: { type: 'string', default: 'text' },
    'detailed-exitcode': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    ...REPLACE_OPTION,
    ...KIBANA_OPTIONS,
    ...SETTINGS_OPTIONS,
  });
  return {
    ...kibanaFrom(values, positionals),
    replace: replaceFrom(values),
    format: oneOf('format', values.format, ['text', 'json', 'markdown'] as const),
    detailedExitcode: values['detailed-exitcode'] === true,
    verbose: values.verbose === true,
  };
}

export function parseStatusArgs(argv: string[]): StatusOptions {
  const { values, positionals } = parse(argv, { format: { type: 'string', default: 'text' }, ...KIBANA_OPTIONS, ...SETTINGS_OPTIONS });
  return { ...kibanaFrom(values, positionals), format: oneOf('format', values.format, ['text', 'json'] as const) };
}

const UNATTENDED_OPTIONS = {
  'max-deletions': { type: 'string', default: DEFAULT_MAX_DELETIONS },
  'allow-empty': { type: 'boolean', default: false },
  'log-format': { type: 'string', default: 'text' },
} as const;

function unattendedFrom(values: Record<string, unknown>): UnattendedOptions {
  const text = String(values['max-deletions']);
  const maxDeletions = parseDeletionLimit(text);
  if (!maxDeletions) throw new UsageError(`--max-deletions must be a count (5) or a percentage (10%), not "${text}"`);
  return { maxDeletions, maxDeletionsText: text, allowEmpty: values['allow-empty'] === true, logFormat: oneOf('log-format', values['log-format'], ['text', 'json'] as const) };
}

export function parsePushArgs(argv: string[]): PushOptions {
  const { values, positionals } = parse(argv, {
    prune: { type: 'boolean', default: false },
    adopt: { type: 'boolean', default: false },
    'keep-originals': { type: 'boolean', default: false },
    yes: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    ...REPLACE_OPTION,
    ...UNATTENDED_OPTIONS,
    ...KIBANA_OPTIONS,
    ...SETTINGS_OPTIONS,
  });
  if (values['keep-originals'] === true && values.adopt !== true) throw new UsageError('--keep-originals says what --adopt does with the UI originals: give --adopt too');
  return {
    ...kibanaFrom(values, positionals),
    ...unattendedFrom(values),
    replace: replaceFrom(values),
    prune: values.prune === true,
    adopt: values.adopt === true,
    keepOriginals: values['keep-originals'] === true,
    yes: values.yes === true,
    dryRun: values['dry-run'] === true,
  };
}

export function parseWatchArgs(argv: string[]): WatchOptions {
  const { values, positionals } = parse(argv, {
    interval: { type: 'string', default: '5m' },
    listen: { type: 'string', default: ':8080' },
    correct: { type: 'boolean', default: false },
    prune: { type: 'boolean', default: false },
    ...UNATTENDED_OPTIONS,
    ...KIBANA_OPTIONS,
    ...SETTINGS_OPTIONS,
  });
  if (positionals.length) throw new UsageError(`watch reads only the mount given with --from, not paths (${positionals.join(' ')})`);
  const options = kibanaFrom(values, positionals);
  if (options.from === undefined) throw new UsageError('watch needs --from DIR, the folder the ConfigMaps are mounted in');
  if (values.prune === true && values.correct !== true) throw new UsageError('--prune deletes, so it needs --correct; the watcher only reports otherwise');
  return {
    ...options,
    ...unattendedFrom(values),
    from: options.from,
    intervalMs: durationMs('interval', String(values.interval), 0.05, 'such as 5m, 30s or 200ms'),
    listen: parseListen(String(values.listen)),
    correct: values.correct === true,
    prune: values.prune === true,
  };
}

/** `:8080`, `127.0.0.1:0`, `[::1]:9090`: an empty host listens on every interface. */
function parseListen(text: string): { host?: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(text);
  const port = match ? Number(match[3]) : NaN;
  if (!match || port > 65535) throw new UsageError(`--listen must be [HOST]:PORT, such as :8080 or 127.0.0.1:9090, not "${text}"`);
  const host = match[1] ?? match[2];
  return { host: host || undefined, port };
}
