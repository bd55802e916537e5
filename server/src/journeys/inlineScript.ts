// A journey's inline script: the callback's body, with the local helpers it uses bundled in by
// esbuild, checked against what Kibana's inline runner accepts, and cached while its inputs hold.

import type * as esbuild from 'esbuild';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { AnalysedJourney } from '../core/journeys/analyse';
import { loadEsbuild, projectFolder } from '../node/projectModules';
import { BareImport, JOURNEY_CALLEES, RUNNER_ARGUMENTS, SYNTHETICS, loaderFor, localModules, rewriteModule } from './inlineModules';
import { Refusal } from './refusal';
import { bindingNames, calleeName, declaredNames, findNode, sliceWithout } from './syntax';

/** What a browser journey's callback receives, by name. */
const CALLBACK_ARGUMENTS = ['page', 'context', 'browser', 'params', 'request'];

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
export async function inlineScript(
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
  const result = await loadEsbuild(path.dirname(file), projectFolder(file) ?? path.dirname(file))
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

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
