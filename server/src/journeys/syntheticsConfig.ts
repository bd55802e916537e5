// The project's synthetics.config.ts (or .js) as `@elastic/synthetics push` applies it to every
// browser monitor, so that generate writes what the push would send:
// - push reads it with its own config reader (dist/config.js readConfig, the TypeScript transform of
//   dist/core/transform.js installed), with NODE_ENV (else "development") as the env argument;
// - `monitor` settings, `params` and `playwrightOptions` become the monitor settings every journey
//   starts from (dist/options.js normalizeOptions in 'push' mode, dist/core/runner.js _buildMonitors:
//   playwrightOptions gain `headless`, true unless the config says otherwise);
// - each journey's own (`journey({ tags })`, `monitor.use({...})`) merge over them (dist/dsl/monitor.js
//   Monitor.update: objects deeply, a non-empty list replacing the project's).
// Read per 1.26.3. How the config is read depends on trust:
// - trusted (the CLI, a trusted workspace): the way push reads it, by the project's own
//   @elastic/synthetics, in a child process: the config is code (it may read the environment, import
//   helpers, print), and none of that reaches this process;
// - restricted (RESTRICTED_ENV: an untrusted workspace, or the CLI on code it should not run; and
//   `validate`, which a pull request's CI runs with the team's credentials in its environment): not
//   run at all; its literal values are read with TypeScript's parser (`export default {…}`, or a
//   function returning an object literal or a `const` holding one). A setting computed at run time
//   is left out whole (a `monitor` setting, or all of `params` or of `playwrightOptions`: part of
//   one would be wrong), with a warning; an entry keeps what it holds for it.

import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { projectFolder, syntheticsForChild } from '../node/projectModules';
import { RESTRICTED_ENV } from '../protocol/trust';
import type { GenerateProblem } from './generated';
import { NotLiteral, literalValue, propertyKey } from './syntax';

/** What push takes from a config into its monitors (the rest, project and connection, is not a monitor's). */
const READ_KEYS = ['monitor', 'params', 'playwrightOptions', 'certificateErrorSpkiAllowlist'] as const;

/** `monitor` settings push puts on every monitor (runner.js _buildMonitors), in `monitor.use` terms. */
const MONITOR_KEYS = ['throttling', 'schedule', 'locations', 'privateLocations', 'screenshot', 'tags', 'alert', 'retestOnFailure', 'enabled', 'fields', 'namespace', 'maintenanceWindows', 'spaces'];

/** Of those, what a browser-monitor config cannot hold: said once, not carried. `spaces` is where push sends them, not a monitor setting. */
const NOT_CARRIED = new Set(['maintenanceWindows', 'certificateErrorSpkiAllowlist']);

/** How long loading a config may take (it is code: it might wait on something). */
const LOAD_TIMEOUT_MS = 30_000;

export interface SyntheticsConfig {
  file: string;
  /** Loaded as push loads it, or its literal values read without running it (Restricted Mode). */
  read: 'loaded' | 'static';
  /** The settings every journey of the project starts from, in `monitor.use` terms (`privateLocations`, `playwrightOptions`, …), as push builds them. */
  monitor: Record<string, unknown>;
  /** Read statically: the settings (in `monitor.use` terms) whose value could not be read. */
  unread: string[];
  /** What generate cannot carry, and (read statically) what it could not read. */
  warnings: GenerateProblem[];
}

/** The config could not be read (it throws, does not compile, …): push would stop there too. */
export class SyntheticsConfigError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

/** The config file @elastic/synthetics finds from a folder: `synthetics.config.js`, else `.ts`, there or in a folder above. */
export function findSyntheticsConfig(dir: string): string | undefined {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    const found = ['.js', '.ts'].map((ext) => path.join(at, `synthetics.config${ext}`)).find((f) => existsSync(f));
    if (found) return found;
    if (path.dirname(at) === at) return undefined;
  }
}

/**
 * The configs of the journeys' projects, each read once while its file is unchanged (its path,
 * size and modification time); a config's own imports are not watched.
 */
export class SyntheticsConfigs {
  private readonly read = new Map<string, { stamp: string; config: Promise<SyntheticsConfig> }>();

  /** `restricted`: never run a config, whatever the environment says (`validate`, which runs on pull requests with credentials at hand). */
  constructor(private readonly options: { restricted?: boolean } = {}) {}

  /** The config that applies to a journey file (found from the folder its journeys run in), if any; rejects with SyntheticsConfigError. */
  async for(journeyFile: string): Promise<SyntheticsConfig | undefined> {
    const folder = projectFolder(journeyFile);
    const file = folder && findSyntheticsConfig(folder);
    if (!file) return undefined;
    const stat = await fs.stat(file);
    const restricted = this.options.restricted ?? process.env[RESTRICTED_ENV] === '1';
    const stamp = `${stat.size}:${stat.mtimeMs}:${restricted}:${process.env.NODE_ENV ?? ''}`;
    let known = this.read.get(file);
    if (known?.stamp !== stamp) {
      known = { stamp, config: restricted ? readStatically(file) : load(file, folder) };
      this.read.set(file, known);
    }
    return known.config;
  }

  /** Every config read so far (for their warnings, said once). */
  async all(): Promise<SyntheticsConfig[]> {
    const settled = await Promise.allSettled([...this.read.values()].map((r) => r.config));
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  }
}

/**
 * Merges as @elastic/synthetics does (deepmerge, with its array rule): objects key by key, a
 * non-empty list replaces, an empty one keeps what was there, anything else replaces.
 */
export function mergeLikePush(target: unknown, source: unknown): unknown {
  if (Array.isArray(source) && Array.isArray(target)) return source.length ? [...new Set(source)] : target;
  if (isObject(source) && isObject(target)) {
    const merged: Record<string, unknown> = { ...target };
    for (const [key, value] of Object.entries(source)) merged[key] = key in target ? mergeLikePush(target[key], value) : value;
    return merged;
  }
  return source;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

type RawConfig = Partial<Record<(typeof READ_KEYS)[number], unknown>>;

/**
 * The settings push starts every monitor from (in `monitor.use` terms), and what generate does not
 * carry. `unread`: what a static read could not read (left out, not defaulted).
 */
function monitorDefaults(file: string, raw: RawConfig, warnings: GenerateProblem[], unread = new Set<string>()): Record<string, unknown> {
  const at = { file, line: 1, column: 1 };
  const monitor = isObject(raw.monitor) ? raw.monitor : {};
  const defaults: Record<string, unknown> = {};
  for (const key of MONITOR_KEYS) if (monitor[key] !== undefined) defaults[key] = monitor[key];
  for (const key of Object.keys(monitor)) {
    if (!MONITOR_KEYS.includes(key)) warnings.push({ ...at, message: `\`monitor.${key}\` of ${path.basename(file)} is not carried into the entries: @elastic/synthetics push does not put it on its monitors either.` });
  }
  delete defaults.spaces;
  if (isObject(raw.params)) defaults.params = raw.params;
  // normalizeOptions: the config's playwrightOptions, with `headless` (true unless set) and the sandbox and HTTPS flags it names.
  const playwright = isObject(raw.playwrightOptions) ? raw.playwrightOptions : {};
  if (!unread.has('playwrightOptions')) {
    defaults.playwrightOptions = JSON.parse(JSON.stringify({ ...playwright, headless: playwright.headless ?? true, chromiumSandbox: playwright.chromiumSandbox, ignoreHTTPSErrors: playwright.ignoreHTTPSErrors }));
  }
  const certificates = raw.certificateErrorSpkiAllowlist;
  for (const key of NOT_CARRIED) {
    if ((key === 'certificateErrorSpkiAllowlist' ? certificates : defaults[key]) === undefined) continue;
    delete defaults[key];
    warnings.push({ ...at, message: `\`${key === 'certificateErrorSpkiAllowlist' ? key : `monitor.${key}`}\` of ${path.basename(file)} is not carried into the entries: the browser-config format has no such field.` });
  }
  return defaults;
}

/** Loads the config as push does, with the project's @elastic/synthetics, in a child process that hands back its monitor settings. */
async function load(file: string, projectDir: string): Promise<SyntheticsConfig> {
  let runner: { dir: string; nodePath?: string };
  try {
    runner = syntheticsForChild(projectDir);
  } catch (error) {
    throw new SyntheticsConfigError(file, `push reads it with @elastic/synthetics, and ${(error as Error).message}`);
  }
  const { dir, nodePath } = runner;
  const raw = await new Promise<RawConfig>((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', LOADER], {
      cwd: path.dirname(file),
      env: {
        ...process.env,
        // Under VS Code, execPath is Electron: this makes it plain Node.
        ELECTRON_RUN_AS_NODE: '1',
        SYNTHETICS_GITOPS_SYNTHETICS: dir,
        ...(nodePath ? { NODE_PATH: [nodePath, process.env.NODE_PATH].filter(Boolean).join(path.delimiter) } : {}),
      },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    let answer: { config?: RawConfig; error?: string } | undefined;
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    child.on('message', (message: typeof answer) => (answer = message));
    const timer = setTimeout(() => child.kill('SIGKILL'), LOAD_TIMEOUT_MS);
    child.once('error', (error) => reject(new SyntheticsConfigError(file, `cannot start Node to read it: ${error.message}`)));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (answer?.config) return resolve(answer.config);
      const why = answer?.error ?? (signal === 'SIGKILL' ? `it did not load within ${LOAD_TIMEOUT_MS / 1000} s` : `Node exited with ${code ?? signal}`);
      reject(new SyntheticsConfigError(file, `${why.trim()}${!answer && stderr.trim() ? `: ${stderr.trim()}` : ''}`));
    });
  });
  const warnings: GenerateProblem[] = [];
  return { file, read: 'loaded', monitor: monitorDefaults(file, raw, warnings), unread: [], warnings };
}

/**
 * Runs in the child: @elastic/synthetics' own transform and config reader (readConfig finds the
 * file from the working directory, as push does from the project's), and only the settings push
 * takes, as JSON (what push sends is JSON too).
 */
const LOADER = `
const dir = process.env.SYNTHETICS_GITOPS_SYNTHETICS;
(async () => {
  const { installTransform } = require(dir + '/dist/core/transform.js');
  const { readConfig } = require(dir + '/dist/config.js');
  if (typeof installTransform !== 'function' || typeof readConfig !== 'function') {
    throw new Error('@elastic/synthetics ' + require(dir + '/package.json').version + ' in ' + dir + ' does not read configs as 1.26 does (dist/config.js readConfig)');
  }
  installTransform();
  const config = (await readConfig(process.env.NODE_ENV || 'development')) || {};
  const taken = {};
  for (const key of ${JSON.stringify(READ_KEYS)}) if (config[key] !== undefined) taken[key] = config[key];
  return JSON.parse(JSON.stringify(taken));
})().then(
  (config) => process.send({ config }, () => process.exit(0)),
  (error) => process.send({ error: String((error && error.message) || error) }, () => process.exit(1)),
);
`;

/** Reads the config's literal values without running it. */
async function readStatically(file: string): Promise<SyntheticsConfig> {
  const text = await fs.readFile(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  const name = path.basename(file);
  const warnings: GenerateProblem[] = [];
  const unread = new Set<string>();
  /** `what` (the setting left out) is not read, because of `node`. */
  const leaveOut = (what: string, node: ts.Node, why = `\`${node.getText().slice(0, 40)}\` is computed`) => {
    unread.add(what);
    const { line, character } = source.getLineAndCharacterOfPosition(node.getStart());
    warnings.push({ file, line: line + 1, column: character + 1, message: `\`${what}\` of ${name} is left out: ${why}, and in Restricted Mode the config is not run; trust the workspace to read it as @elastic/synthetics does.` });
  };
  const exported = defaultExport(source);
  const object = exported && configObject(exported, source.statements);
  const raw: RawConfig = {};
  if (!object) {
    for (const key of READ_KEYS) unread.add(key);
    leaveOut('the configuration', exported ?? source, exported ? `\`${exported.getText().slice(0, 40)}\` is not an object literal` : 'it has no `export default`');
  }
  for (const property of object?.properties ?? []) {
    let key: string;
    try {
      key = propertyKey(property);
    } catch {
      // A spread or a computed key could set any setting: none can be trusted.
      for (const k of READ_KEYS) if (!unread.has(k)) leaveOut(k, property);
      continue;
    }
    if (!(READ_KEYS as readonly string[]).includes(key)) continue;
    const value = unwrap((property as ts.PropertyAssignment).initializer);
    if (key === 'monitor' && ts.isObjectLiteralExpression(value)) {
      // Each monitor setting stands on its own: a computed one is left out, its neighbours count.
      const settings: Record<string, unknown> = {};
      for (const inner of value.properties) {
        try {
          settings[propertyKey(inner)] = literalValue((inner as ts.PropertyAssignment).initializer);
        } catch (error) {
          if (!(error instanceof NotLiteral)) throw error;
          const innerName = ts.isPropertyAssignment(inner) && !ts.isComputedPropertyName(inner.name) ? inner.name.getText() : undefined;
          leaveOut(innerName ? `monitor.${innerName}` : 'monitor', error.node);
        }
      }
      raw.monitor = settings;
      continue;
    }
    try {
      raw[key as keyof RawConfig] = literalValue(value);
    } catch (error) {
      if (!(error instanceof NotLiteral)) throw error;
      leaveOut(key, error.node);
    }
  }
  // In `monitor.use` terms: `monitor.schedule` is `schedule`; all of `monitor`, every monitor setting.
  const settings = [...unread].flatMap((u) => (u === 'monitor' ? MONITOR_KEYS : u.startsWith('monitor.') ? [u.slice('monitor.'.length)] : [u]));
  return { file, read: 'static', monitor: monitorDefaults(file, raw, warnings, unread), unread: settings, warnings };
}

/** `export default …` (a function declaration too), or `module.exports = …`. */
function defaultExport(source: ts.SourceFile): ts.Node | undefined {
  for (const statement of source.statements) {
    if (ts.isExportAssignment(statement)) return statement.expression;
    if (ts.isFunctionDeclaration(statement) && statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) return statement;
    if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken && statement.expression.left.getText() === 'module.exports') {
      return statement.expression.right;
    }
  }
  return undefined;
}

/** The object literal the config is, or its function returns (directly, or through a `const`). */
function configObject(node: ts.Node, scope: readonly ts.Statement[]): ts.ObjectLiteralExpression | undefined {
  const value = ts.isExpression(node) ? unwrap(node) : node;
  if (ts.isObjectLiteralExpression(value)) return value;
  if (ts.isIdentifier(value)) {
    const declared = constant(value.text, scope);
    return declared && configObject(declared, scope);
  }
  if (ts.isArrowFunction(value) || ts.isFunctionExpression(value) || ts.isFunctionDeclaration(value)) {
    const body = value.body;
    if (!body) return undefined;
    if (!ts.isBlock(body)) return configObject(body, scope);
    const returned = [...body.statements].reverse().find(ts.isReturnStatement)?.expression;
    return returned && configObject(returned, [...body.statements, ...scope]);
  }
  return undefined;
}

/** The initializer of `const name = …` among the statements. */
function constant(name: string, statements: readonly ts.Statement[]): ts.Expression | undefined {
  for (const statement of statements) {
    if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    const declaration = statement.declarationList.declarations.find((d) => ts.isIdentifier(d.name) && d.name.text === name);
    if (declaration?.initializer) return declaration.initializer;
  }
  return undefined;
}

function unwrap(node: ts.Expression): ts.Expression {
  return ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) ? unwrap(node.expression) : node;
}
