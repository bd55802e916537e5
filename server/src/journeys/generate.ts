// A journey of a `*.journey.ts` file as its `browser-journey-configs` entry: the browser-config
// JSON fields from its `monitor.use({...})`, and an inline script made of the journey callback's
// body with the local helpers it uses bundled in by esbuild. Node side (reads helper files);
// it never runs user code. What cannot run as an inline script is refused, with file and line.

import * as esbuild from 'esbuild';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { AnalysedJourney, analyseJourneyFile } from '../core/journeys/analyse';
import { entryOf, toJS } from '../core/tree';
import { DEFAULT_SETTINGS } from '../protocol/settings';

/** Project-wide values for what a journey does not set (a sync configuration's `monitors.default_*`, or flags). */
export interface GenerateDefaults {
  /** Minutes; Kibana's own default for browser monitors (10) when unset. */
  schedule?: number;
  locations?: string[];
  privateLocations?: string[];
}

/** Why a journey (or one of its settings) cannot be generated as written, located (1-based line and column). */
export interface GenerateProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface GeneratedJourney {
  journey: AnalysedJourney;
  /** The entry's `id` (what Kibana keys the monitor on). */
  id: string;
  /** What the journey itself says: always name, id, type and the script; the `monitor.use` fields it sets. */
  own: Record<string, unknown>;
  /** Written only where the entry has no value yet (a new entry, or a field the entry lacks). */
  defaults: Record<string, unknown>;
  /** Settings not carried into the entry (the browser-config format has no such field). */
  warnings: GenerateProblem[];
}

export interface JourneyResult {
  journey: AnalysedJourney;
  generated?: GeneratedJourney;
  /** Set when the journey cannot be generated. */
  errors: GenerateProblem[];
}

/** The names Kibana's inline runner provides to a script (`new Function('step', 'page', …)` in @elastic/synthetics' loader). */
const RUNNER_ARGUMENTS = ['step', 'page', 'context', 'browser', 'params', 'expect', 'request', 'mfa'];
/** What a browser journey's callback receives, by name. */
const CALLBACK_ARGUMENTS = ['page', 'context', 'browser', 'params', 'request'];
const SYNTHETICS = '@elastic/synthetics';
/** @elastic/synthetics names that an inline script may leave out: provided by the runner, or DSL calls removed here. */
const SYNTHETICS_HANDLED = new Set([...RUNNER_ARGUMENTS, 'journey', 'monitor']);
const JOURNEY_CALLEES = new Set(['journey', 'journey.skip', 'journey.only', 'apiJourney', 'apiJourney.skip', 'apiJourney.only']);
const HOOKS = new Set(['beforeAll', 'afterAll', 'before', 'after']);

/** `monitor.use` keys, and the browser-config keys they become. */
const CARRIED: Record<string, string> = {
  id: 'id',
  name: 'name',
  schedule: 'schedule',
  locations: 'locations',
  privateLocations: 'private_locations',
  tags: 'tags',
  params: 'params',
  enabled: 'enabled',
  alert: 'alert',
  retestOnFailure: 'retest_on_failure',
  screenshot: 'screenshots',
  throttling: 'throttling',
  playwrightOptions: 'playwright_options',
  fields: 'labels',
  namespace: 'namespace',
};

/** The order of a new entry's keys (the seed's `example-journey.json`); other keys follow. */
export const ENTRY_KEY_ORDER = ['name', 'id', 'type', 'schedule', 'locations', 'private_locations', 'source', 'params', 'tags', 'enabled'];

class Refusal extends Error {
  constructor(
    message: string,
    readonly at?: number,
  ) {
    super(message);
  }
}

export interface GenerateOptions {
  defaults?: GenerateDefaults;
  cache?: ScriptCache;
}

/**
 * Every journey of one file (its text as given, its helpers as on disk), each generated or refused.
 * `file` is the journey file's absolute path: local imports resolve from its folder.
 */
export async function generateJourneys(file: string, text: string, options: GenerateOptions = {}): Promise<JourneyResult[]> {
  const analysed = analyseJourneyFile(file, text, DEFAULT_SETTINGS).journeys;
  if (!analysed.length) return [];
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, /\.m?jsx?$|\.cjs$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS);
  const where = (offset: number): GenerateProblem => {
    const { line, character } = source.getLineAndCharacterOfPosition(offset);
    return { file, line: line + 1, column: character + 1, message: '' };
  };
  const results: JourneyResult[] = [];
  for (const journey of analysed) {
    try {
      results.push({ journey, generated: await generateOne(file, text, source, journey, options, where), errors: [] });
    } catch (error) {
      const at = error instanceof Refusal && error.at !== undefined ? error.at : journey.nameSpan.start;
      results.push({ journey, errors: [{ ...where(at), message: (error as Error).message }] });
    }
  }
  return results;
}

async function generateOne(
  file: string,
  text: string,
  source: ts.SourceFile,
  journey: AnalysedJourney,
  options: GenerateOptions,
  where: (offset: number) => GenerateProblem,
): Promise<GeneratedJourney> {
  if (journey.kind !== 'browser') throw new Refusal(`Journey "${journey.name}" is an \`apiJourney\`: browser-journey-configs entries hold browser monitors only.`, journey.nameSpan.start);
  if (journey.id === undefined) throw new Refusal(`The id of journey "${journey.name}" is computed by an expression: write it as a string in \`monitor.use({ id: '…' })\`.`, journey.idSpan.start);
  const call = findCall(source, journey.span.start);
  if (!call) throw new Refusal(`Journey "${journey.name}" could not be read.`, journey.span.start);
  const callback = call.arguments[1];
  if (!callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) || !ts.isBlock(callback.body)) {
    throw new Refusal(`Journey "${journey.name}": write its callback as a function with a body (\`({ page, params }) => { … }\`) to generate an inline script from it.`, (callback ?? call).getStart());
  }
  const body = callback.body;
  const { config, useStatement } = readMonitorUse(body, journey);
  const warnings: GenerateProblem[] = [];
  const own: Record<string, unknown> = { name: journey.name, id: journey.id, type: 'browser' };
  // `journey({ name, id, tags }, …)`: its tags apply unless `monitor.use` sets others (@elastic/synthetics' Journey).
  const optionTags = journey.options && entryOf(journey.options, 'tags');
  if (optionTags?.value.kind === 'seq') own.tags = toJS(optionTags.value);
  for (const [key, value] of Object.entries(config?.value ?? {})) {
    const target = CARRIED[key];
    const at = config?.keyOffsets.get(key) ?? journey.nameSpan.start;
    if (!target) {
      warnings.push({ ...where(at), message: `\`monitor.use\` option \`${key}\` is not carried into the entry: the browser-config format has no such field.` });
      continue;
    }
    if (key === 'schedule') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) throw new Refusal(`\`schedule\` must be a whole number of minutes, not ${JSON.stringify(value)}.`, at);
      own.schedule = { number: String(value), unit: 'm' };
    } else own[target] = value;
  }
  const script = await inlineScript(file, text, source, journey, callback, useStatement, options.cache);
  own.source = { inline: { script } };
  const defaults: Record<string, unknown> = {};
  const d = options.defaults ?? {};
  defaults.schedule = { number: String(d.schedule ?? 10), unit: 'm' };
  if (d.locations?.length) defaults.locations = [...d.locations];
  if (d.privateLocations?.length) defaults.private_locations = [...d.privateLocations];
  defaults.enabled = true;
  return { journey, id: journey.id, own, defaults, warnings };
}

// ---------------------------------------------------------------------------------------------
// Entries: merging into what the ConfigMap holds

/**
 * The entry after generating into `existing`: the journey's own fields replace the entry's, the
 * defaults fill only what the entry lacks, and every other field the entry holds (set by whoever
 * owns the ConfigMap: locations, params, alert…) stays. A new entry's keys follow ENTRY_KEY_ORDER.
 */
export function mergeEntry(existing: Record<string, unknown> | undefined, generated: GeneratedJourney): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...(existing ?? {}) };
  for (const [key, value] of Object.entries(generated.own)) merged[key] = value;
  for (const [key, value] of Object.entries(generated.defaults)) if (!(key in merged)) merged[key] = value;
  if (existing) {
    // Existing keys keep their place; new ones follow, in the usual order.
    const added = Object.keys(merged).filter((k) => !(k in existing));
    return Object.fromEntries([...Object.keys(existing), ...orderKeys(added)].map((k) => [k, merged[k]]));
  }
  return Object.fromEntries(orderKeys(Object.keys(merged)).map((k) => [k, merged[k]]));
}

function orderKeys(keys: string[]): string[] {
  const rank = (k: string) => (ENTRY_KEY_ORDER.includes(k) ? ENTRY_KEY_ORDER.indexOf(k) : ENTRY_KEY_ORDER.length);
  return [...keys].sort((a, b) => rank(a) - rank(b));
}

/** The top-level fields whose values differ between two entries (key order aside). */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => !sameValue(before[k], after[k]));
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => k in b && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/**
 * The entry's JSON as the seed writes it: two-space indentation, objects one key a line, lists of
 * plain values on one line (`["a", "b"]`), so a review sees one changed field as one changed line.
 */
export function renderEntryJson(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    if (value.every((v) => v === null || typeof v !== 'object')) return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
    const inner = indent + '  ';
    return `[\n${value.map((v) => inner + renderEntryJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (!entries.length) return '{}';
    const inner = indent + '  ';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${renderEntryJson(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The ConfigMap key of a new entry: `<id>.json`, with what a ConfigMap key cannot hold (`[-._a-zA-Z0-9]`) as `-`. */
export function entryKeyFor(id: string): string {
  const base = id.replace(/[^-._a-zA-Z0-9]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'journey';
  return `${base}.json`;
}

// ---------------------------------------------------------------------------------------------
// monitor.use

interface LiteralObject {
  value: Record<string, unknown>;
  keyOffsets: Map<string, number>;
}

function readMonitorUse(body: ts.Block, journey: AnalysedJourney): { config?: LiteralObject; useStatement?: ts.Statement } {
  let config: LiteralObject | undefined;
  let useStatement: ts.Statement | undefined;
  for (const statement of body.statements) {
    if (ts.isExpressionStatement(statement) && ts.isCallExpression(statement.expression) && calleeName(statement.expression) === 'monitor.use') {
      if (useStatement) throw new Refusal(`Journey "${journey.name}" calls \`monitor.use\` twice: only the first counts for a push; keep one.`, statement.getStart());
      useStatement = statement;
      const argument = statement.expression.arguments[0];
      if (!argument || !ts.isObjectLiteralExpression(argument)) throw new Refusal('`monitor.use` takes an object literal: `monitor.use({ id: …, schedule: … })`.', statement.getStart());
      config = literalObject(argument);
    }
  }
  // A monitor.use nested in a condition or a helper decides at run time: nothing to read statically.
  const nested = findNode(body, (n) => ts.isCallExpression(n) && calleeName(n) === 'monitor.use' && n.parent !== useStatement);
  if (nested) throw new Refusal('`monitor.use` must stand directly in the journey callback (not in a condition or a function) for its settings to be read.', nested.getStart());
  return { config, useStatement };
}

function literalObject(node: ts.ObjectLiteralExpression): LiteralObject {
  const value: Record<string, unknown> = {};
  const keyOffsets = new Map<string, number>();
  for (const property of node.properties) {
    if (!ts.isPropertyAssignment(property)) {
      throw new Refusal(`${ts.isSpreadAssignment(property) ? 'A spread' : 'A shorthand or method'} in \`monitor.use\`: write every value as a literal (generate does not run the journey file).`, property.getStart());
    }
    const key = ts.isIdentifier(property.name) || ts.isStringLiteral(property.name) || ts.isNumericLiteral(property.name) ? property.name.text : undefined;
    if (key === undefined) throw new Refusal('A computed key in `monitor.use`: write the key as a name.', property.name.getStart());
    value[key] = literal(property.initializer, key);
    keyOffsets.set(key, property.name.getStart());
  }
  return { value, keyOffsets };
}

function literal(node: ts.Expression, key: string): unknown {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand)) return -Number(node.operand.text);
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (node.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) return literal(node.expression, key);
  if (ts.isArrayLiteralExpression(node)) return node.elements.map((e) => literal(e, key));
  if (ts.isObjectLiteralExpression(node)) return literalObject(node).value;
  throw new Refusal(`\`${key}\` in \`monitor.use\` is an expression (\`${node.getText().slice(0, 40)}\`): write it as a literal value, since generate does not run the journey file.`, node.getStart());
}

// ---------------------------------------------------------------------------------------------
// The inline script

/**
 * Kibana runs an inline script as the body of `new Function('step', 'page', 'context', 'browser',
 * 'params', 'expect', 'request', 'mfa', script)` inside a journey (@elastic/synthetics
 * dist/loader.js, `loadInlineScript`); a script with a line starting `import`/`export` is loaded as
 * a module instead. So the script must be plain statements, with those names left free.
 *
 * It is made by bundling a virtual module: the journey file's own top-level code (its helpers and
 * constants; other journeys and the @elastic/synthetics import left out), then the callback's body
 * (minus `monitor.use`). esbuild inlines the local files it imports and drops what nothing uses;
 * its ESM output, with no import or export left, is exactly a list of statements. Not minified:
 * the script is reviewed in pull requests.
 */
async function inlineScript(
  file: string,
  text: string,
  source: ts.SourceFile,
  journey: AnalysedJourney,
  callback: ts.ArrowFunction | ts.FunctionExpression,
  useStatement: ts.Statement | undefined,
  cache: ScriptCache | undefined,
): Promise<string> {
  const body = callback.body as ts.Block;
  const prologue = calleePrologue(callback, journey);
  const nestedJourney = findNode(body, (n) => ts.isCallExpression(n) && JOURNEY_CALLEES.has(calleeName(n) ?? ''));
  if (nestedJourney) throw new Refusal('A journey inside a journey: an inline script cannot hold `journey(...)`.', nestedJourney.getStart());
  const topAwait = findNode(body, (n) => ts.isAwaitExpression(n) || (ts.isForOfStatement(n) && !!n.awaitModifier), (n) => ts.isFunctionLike(n));
  if (topAwait) throw new Refusal('`await` directly in the journey callback: Kibana runs the script synchronously, so steps must be declared without waiting. Move the `await` into a `step(...)`.', topAwait.getStart());

  const rewritten = rewriteModule(file, text, source, { entryOf: journey });
  const bodyText = sliceWithout(text, body.getStart() + 1, body.getEnd() - 1, useStatement ? [[useStatement.getFullStart(), useStatement.getEnd()]] : []);
  // The body's own declarations would clash with the file's top level where it shadowed them: a block keeps them apart.
  const clash = [...declaredNames(body.statements)].some((n) => rewritten.topLevelNames.has(n)) || prologue.names.some((n) => rewritten.topLevelNames.has(n));
  const entry = [rewritten.contents, '', ...(clash ? ['{', prologue.text, bodyText, '}'] : [prologue.text, bodyText])].join('\n');

  const key = cache ? `${file}\0${entry}` : '';
  const cached = cache ? await cache.get(key) : undefined;
  if (cached !== undefined) return cached;

  const inputs = new Set<string>();
  const bare: BareImport[] = [...rewritten.bareImports];
  const result = await esbuild
    .build({
      stdin: { contents: entry, loader: loaderFor(file), resolveDir: path.dirname(file), sourcefile: path.basename(file) },
      absWorkingDir: path.dirname(file),
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node18',
      minify: false,
      charset: 'utf8',
      legalComments: 'none',
      write: false,
      logLevel: 'silent',
      plugins: [localModules(inputs, bare)],
    })
    .catch((failure: esbuild.BuildFailure) => {
      const first = failure.errors?.[0];
      if (first?.detail instanceof Refusal) throw first.detail;
      const location = first?.location;
      const inEntry = location && location.file === path.basename(file);
      // The virtual module's lines are not the file's: an unresolved import is found again by its specifier.
      const unresolved = inEntry && /^Could not resolve "([^"]+)"/.exec(first?.text ?? '')?.[1];
      const importAt = unresolved ? findNode(source, (n) => ts.isStringLiteral(n) && n.text === unresolved && (ts.isImportDeclaration(n.parent) || ts.isCallExpression(n.parent))) : undefined;
      throw new Refusal(`esbuild cannot bundle the journey${location && !inEntry ? ` (${location.file}:${location.line})` : ''}: ${first?.text ?? String(failure)}`, importAt?.getStart() ?? journey.nameSpan.start);
    });
  // An import left without names only loads the module for its side effects: @elastic/synthetics has none an inline script needs.
  let script = result.outputFiles[0].text.replace(/^import\s*"@elastic\/synthetics";\n/gm, '').trimEnd() + '\n';
  for (const used of bare) {
    // An import esbuild kept is one the script needs at run time (imports used only as types are gone).
    const kept = new RegExp(`(from\\s*|import\\s*|require\\(\\s*)"${escapeRegExp(used.specifier)}"`).test(script);
    if (kept && used.specifier === SYNTHETICS) {
      throw new Refusal(`${used.names.map((n) => `\`${n}\``).join(', ')} from @elastic/synthetics (imported at ${used.where}) ${used.names.length > 1 ? 'are' : 'is'} not available to an inline script: Kibana's runner provides only ${RUNNER_ARGUMENTS.map((n) => `\`${n}\``).join(', ')}.`, used.at);
    }
    if (kept) {
      throw new Refusal(`\`${used.specifier}\` (imported at ${used.where}) cannot be inlined: an inline script runs without node_modules, and only @elastic/synthetics is provided. Move what it does into a local helper, or keep this journey in a project pushed with \`@elastic/synthetics push\`.`, used.at);
    }
  }
  // One module: the bundler's `// <file>` heading says nothing the entry does not.
  if (!inputs.size) script = script.replace(/^\/\/ [^\n]*\n/, '');
  script = checkScript(singleQuoted(script), journey);
  await cache?.set(key, script, [...inputs]);
  return script;
}

/**
 * esbuild prints strings in double quotes, which the entry's JSON escapes (`\"`) on every one: a
 * string holding no quote, backslash or line break is written in single quotes instead, as
 * journeys usually are, so the script reads as the journey did.
 */
function singleQuoted(script: string): string {
  const source = ts.createSourceFile('inline.js', script, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const edits: [number, number, string][] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node)) {
      const raw = script.slice(node.getStart(source), node.getEnd());
      if (raw.startsWith('"') && !/['\\\n]/.test(raw)) edits.push([node.getStart(source), node.getEnd(), `'${raw.slice(1, -1)}'`]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  let out = '';
  let at = 0;
  for (const [start, end, text] of edits) {
    out += script.slice(at, start) + text;
    at = end;
  }
  return out + script.slice(at);
}

/** Kibana's own rules for an inline script, and the loader's module switch. */
function checkScript(script: string, journey: AnalysedJourney): string {
  if (!script.includes('step(')) throw new Refusal(`Journey "${journey.name}" declares no \`step(...)\` that an inline script would keep: Kibana refuses inline scripts without steps.`, journey.nameSpan.start);
  if (script.includes('journey(')) throw new Refusal(`The script of journey "${journey.name}" contains the text \`journey(\` (a name or string): Kibana refuses inline scripts that call journey(...). Rename it.`, journey.nameSpan.start);
  const moduleLine = /^\s*(import|export)\b/m.exec(script);
  if (moduleLine) throw new Refusal(`The script of journey "${journey.name}" would have a line starting with \`${moduleLine[1]}\`, which makes the runner load it as a module: ${script.slice(moduleLine.index, script.indexOf('\n', moduleLine.index)).trim()}`, journey.nameSpan.start);
  if (/\brequire\(/.test(script)) throw new Refusal(`The script of journey "${journey.name}" calls \`require(...)\`, which an inline script cannot do.`, journey.nameSpan.start);
  return script;
}

/** Binds what the callback's parameter names, when it is not `({ page, params, … })` as the runner provides it. */
function calleePrologue(callback: ts.ArrowFunction | ts.FunctionExpression, journey: AnalysedJourney): { text: string; names: string[] } {
  const [parameter, extra] = callback.parameters;
  if (extra) throw new Refusal(`Journey "${journey.name}": its callback takes one parameter (\`{ page, params, … }\`).`, extra.getStart());
  if (!parameter) return { text: '', names: [] };
  const all = `{ ${CALLBACK_ARGUMENTS.join(', ')} }`;
  const name = parameter.name;
  if (ts.isIdentifier(name)) {
    if (RUNNER_ARGUMENTS.includes(name.text)) throw new Refusal(`The journey callback's parameter is named \`${name.text}\`, a name the inline runner gives to something else: destructure it (\`({ page, params }) => …\`).`, name.getStart());
    return { text: `const ${name.text} = ${all};`, names: [name.text] };
  }
  if (!ts.isObjectBindingPattern(name)) throw new Refusal('The journey callback\'s parameter must be an object pattern such as `({ page, params })`.', name.getStart());
  const kept: string[] = [];
  const names: string[] = [];
  for (const element of name.elements) {
    const property = element.propertyName ? (ts.isIdentifier(element.propertyName) ? element.propertyName.text : undefined) : ts.isIdentifier(element.name) ? element.name.text : undefined;
    if (element.dotDotDotToken || !property || !CALLBACK_ARGUMENTS.includes(property)) {
      throw new Refusal(`The journey callback's parameter takes \`${element.getText()}\`: the inline runner provides only ${CALLBACK_ARGUMENTS.map((n) => `\`${n}\``).join(', ')}.`, element.getStart());
    }
    if (!element.propertyName && !element.initializer) continue; // `page`: the runner's own `page`
    if (!element.propertyName) throw new Refusal(`A default for \`${property}\` in the journey callback's parameter cannot be kept in an inline script: write \`const x = ${property} ?? …\` in the body.`, element.getStart());
    const bound = [...bindingNames(element.name)];
    if (bound.some((b) => RUNNER_ARGUMENTS.includes(b))) throw new Refusal(`\`${element.getText()}\` rebinds a name the inline runner provides.`, element.getStart());
    kept.push(element.getText());
    names.push(...bound);
  }
  return kept.length ? { text: `const { ${kept.join(', ')} } = ${all};`, names } : { text: '', names: [] };
}

interface BareImport {
  specifier: string;
  /** For @elastic/synthetics: the names the runner does not provide. */
  names: string[];
  /** `file:line`, for the message. */
  where: string;
  /** Offset in the journey file when the import is there (else the journey's name is the place). */
  at?: number;
}

interface Rewritten {
  contents: string;
  topLevelNames: Set<string>;
  /** npm imports, and @elastic/synthetics names the runner does not provide: fine only if the bundle drops them (types). */
  bareImports: BareImport[];
}

/**
 * A module's code for the inline bundle: its @elastic/synthetics import removed (the runner
 * provides those names; a renamed one becomes a `const`), its npm imports recorded. In the journey
 * file itself (`entryOf`), journeys are removed too, and DSL hooks refused.
 */
function rewriteModule(file: string, text: string, source: ts.SourceFile, options: { entryOf?: AnalysedJourney }): Rewritten {
  const cuts: [number, number, string][] = [];
  const topLevelNames = new Set<string>();
  const bareImports: BareImport[] = [];
  const inEntry = !!options.entryOf;
  const lineOf = (node: ts.Node) => `${path.basename(file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  for (const statement of source.statements) {
    const cut = (replacement = '') => cuts.push([statement.getFullStart(), statement.getEnd(), replacement]);
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const specifier = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      if (specifier === SYNTHETICS) {
        const { replacement, unprovided } = syntheticsBindings(clause, statement);
        cut(replacement);
        if (unprovided.length) bareImports.push({ specifier, names: unprovided, where: lineOf(statement), at: inEntry ? statement.getStart() : undefined });
        continue;
      }
      if (clause) for (const n of importedNames(clause)) topLevelNames.add(n);
      if (isBare(specifier) && !clause?.isTypeOnly) bareImports.push({ specifier, names: [], where: lineOf(statement), at: inEntry ? statement.moduleSpecifier.getStart() : undefined });
      continue;
    }
    const required = syntheticsRequire(statement);
    if (required !== undefined) {
      cut(required);
      continue;
    }
    if (ts.isExpressionStatement(statement) && ts.isCallExpression(statement.expression)) {
      const callee = calleeName(statement.expression) ?? '';
      if (JOURNEY_CALLEES.has(callee)) {
        if (inEntry) cut();
        continue;
      }
      if (HOOKS.has(callee) && inEntry) {
        throw new Refusal(`\`${callee}(...)\` runs around the journeys of this file; an inline script holds one journey's steps and cannot keep it. Move its work into a step.`, statement.getStart());
      }
    }
    for (const n of declaredNames([statement])) topLevelNames.add(n);
  }
  for (const call of findAll(source, (n) => ts.isCallExpression(n) && (n.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(n.expression) && n.expression.text === 'require')))) {
    const argument = (call as ts.CallExpression).arguments[0];
    if (argument && ts.isStringLiteral(argument) && isBare(argument.text) && argument.text !== SYNTHETICS) bareImports.push({ specifier: argument.text, names: [], where: lineOf(call), at: inEntry ? argument.getStart() : undefined });
  }
  if (inEntry) {
    const reserved = [...topLevelNames].filter((n) => RUNNER_ARGUMENTS.includes(n));
    if (reserved.length) {
      throw new Refusal(`The file declares \`${reserved[0]}\` at its top level, a name the inline runner provides to the script: rename it.`, options.entryOf!.nameSpan.start);
    }
  }
  cuts.sort((a, b) => a[0] - b[0]);
  let contents = '';
  let at = 0;
  for (const [start, end, replacement] of cuts) {
    contents += text.slice(at, start) + (replacement ? `\n${replacement}` : '');
    at = end;
  }
  contents += text.slice(at);
  return { contents, topLevelNames, bareImports };
}

/**
 * What replaces `import {…} from '@elastic/synthetics'`: consts for renamed runner names, and an
 * import of the names the runner does not provide, which the bundle keeps only if the code uses
 * them as values (then the script is refused; as types, TypeScript's semantics drop them).
 */
function syntheticsBindings(clause: ts.ImportClause | undefined, statement: ts.ImportDeclaration): { replacement: string; unprovided: string[] } {
  if (!clause || clause.isTypeOnly) return { replacement: '', unprovided: [] };
  const bindings = clause.namedBindings;
  if (clause.name || (bindings && ts.isNamespaceImport(bindings))) {
    throw new Refusal('Import @elastic/synthetics by name (`import { journey, step, expect } from \'@elastic/synthetics\'`): the inline runner provides those names, not the module.', statement.getStart());
  }
  const consts: string[] = [];
  const unprovided: string[] = [];
  for (const element of bindings && ts.isNamedImports(bindings) ? bindings.elements : []) {
    if (element.isTypeOnly) continue;
    const imported = (element.propertyName ?? element.name).text;
    const local = element.name.text;
    if (!SYNTHETICS_HANDLED.has(imported)) unprovided.push(element.getText());
    else if (local !== imported && RUNNER_ARGUMENTS.includes(imported)) consts.push(`const ${local} = ${imported};`);
  }
  if (unprovided.length) consts.push(`import { ${unprovided.join(', ')} } from '${SYNTHETICS}';`);
  return { replacement: consts.join('\n'), unprovided: unprovided.map((u) => u.split(/\s+as\s+/)[0]) };
}

/** `const { journey, step } = require('@elastic/synthetics')` in a JavaScript journey: replaced like the import. */
function syntheticsRequire(statement: ts.Statement): string | undefined {
  if (!ts.isVariableStatement(statement) || statement.declarationList.declarations.length !== 1) return undefined;
  const [declaration] = statement.declarationList.declarations;
  const init = declaration.initializer;
  if (!init || !ts.isCallExpression(init) || !ts.isIdentifier(init.expression) || init.expression.text !== 'require') return undefined;
  const argument = init.arguments[0];
  if (!argument || !ts.isStringLiteral(argument) || argument.text !== SYNTHETICS) return undefined;
  if (!ts.isObjectBindingPattern(declaration.name)) throw new Refusal('Require @elastic/synthetics by name (`const { journey, step } = require(\'@elastic/synthetics\')`).', statement.getStart());
  const consts: string[] = [];
  for (const element of declaration.name.elements) {
    const imported = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : ts.isIdentifier(element.name) ? element.name.text : '';
    const local = ts.isIdentifier(element.name) ? element.name.text : imported;
    if (local !== imported && RUNNER_ARGUMENTS.includes(imported)) consts.push(`const ${local} = ${imported};`);
  }
  return consts.join('\n');
}

/** Resolves local files through rewriteModule; npm packages stay external (checked in the output). */
function localModules(inputs: Set<string>, bare: BareImport[]): esbuild.Plugin {
  return {
    name: 'synthetics-inline',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point' || !isBare(args.path)) return undefined;
        return { path: args.path, external: true };
      });
      build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
        if (args.path.split(path.sep).includes('node_modules')) return undefined;
        const text = await fs.readFile(args.path, 'utf8');
        inputs.add(args.path);
        const source = ts.createSourceFile(args.path, text, ts.ScriptTarget.Latest, true, /\.m?jsx?$|\.cjs$/.test(args.path) ? ts.ScriptKind.JS : ts.ScriptKind.TS);
        try {
          const rewritten = rewriteModule(args.path, text, source, {});
          bare.push(...rewritten.bareImports);
          return { contents: rewritten.contents, loader: loaderFor(args.path), resolveDir: path.dirname(args.path) };
        } catch (error) {
          // Located in the helper, not in the journey file: the place goes into the message.
          const at = error instanceof Refusal && error.at !== undefined ? `${path.basename(args.path)}:${source.getLineAndCharacterOfPosition(error.at).line + 1}: ` : '';
          return { errors: [{ text: `${at}${(error as Error).message}`, detail: new Refusal(`${at}${(error as Error).message}`) }] };
        }
      });
    },
  };
}

function loaderFor(file: string): esbuild.Loader {
  return /\.[cm]?jsx?$/.test(file) ? (file.endsWith('x') ? 'jsx' : 'js') : file.endsWith('x') ? 'tsx' : 'ts';
}

function isBare(specifier: string): boolean {
  return !specifier.startsWith('.') && !path.isAbsolute(specifier);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------
// Syntax helpers

function calleeName(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) return `${callee.expression.text}.${callee.name.text}`;
  return undefined;
}

function findCall(source: ts.SourceFile, start: number): ts.CallExpression | undefined {
  return findNode(source, (n) => ts.isCallExpression(n) && n.getStart() === start, (n) => n.getEnd() < start || n.getStart() > start) as ts.CallExpression | undefined;
}

/** The first node (depth first) matching `test`, not descending into nodes matching `skip`. */
function findNode(root: ts.Node, test: (n: ts.Node) => boolean, skip?: (n: ts.Node) => boolean): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (found || (skip && node !== root && skip(node))) return;
    if (node !== root && test(node)) {
      found = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

function findAll(root: ts.Node, test: (n: ts.Node) => boolean): ts.Node[] {
  const found: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    if (test(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

function* bindingNames(name: ts.BindingName): Generator<string> {
  if (ts.isIdentifier(name)) yield name.text;
  else for (const element of name.elements) if (!ts.isOmittedExpression(element)) yield* bindingNames(element.name);
}

function importedNames(clause: ts.ImportClause): string[] {
  const names = clause.name ? [clause.name.text] : [];
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
  else if (bindings) names.push(...bindings.elements.map((e) => e.name.text));
  return names;
}

function declaredNames(statements: readonly ts.Statement[]): Set<string> {
  const names = new Set<string>();
  for (const statement of statements) {
    if (ts.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) for (const n of bindingNames(d.name)) names.add(n);
    else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) names.add(statement.name.text);
  }
  return names;
}

/** `text[start, end)` without the given ranges. */
function sliceWithout(text: string, start: number, end: number, cuts: [number, number][]): string {
  let out = '';
  let at = start;
  for (const [from, to] of [...cuts].sort((a, b) => a[0] - b[0])) {
    out += text.slice(at, Math.max(at, from));
    at = Math.max(at, to);
  }
  return out + text.slice(at, end);
}

// ---------------------------------------------------------------------------------------------
// Cache

/**
 * Inline scripts by their virtual module, valid while the local files bundled into them are
 * unchanged on disk (size and mtime): the language server regenerates on every edit of a journey
 * or a ConfigMap, and a bundle costs milliseconds, a stat microseconds.
 */
export class ScriptCache {
  private readonly scripts = new Map<string, { script: string; inputs: { file: string; stamp: string }[] }>();

  constructor(private readonly limit = 500) {}

  async get(key: string): Promise<string | undefined> {
    const hit = this.scripts.get(key);
    if (!hit) return undefined;
    for (const input of hit.inputs) {
      if ((await stampOf(input.file)) !== input.stamp) {
        this.scripts.delete(key);
        return undefined;
      }
    }
    return hit.script;
  }

  async set(key: string, script: string, files: string[]): Promise<void> {
    if (this.scripts.size >= this.limit) this.scripts.clear();
    this.scripts.set(key, { script, inputs: await Promise.all(files.map(async (file) => ({ file, stamp: await stampOf(file) }))) });
  }
}

async function stampOf(file: string): Promise<string> {
  const stat = await fs.stat(file).catch(() => undefined);
  return stat ? `${stat.size}:${stat.mtimeMs}` : 'gone';
}
