// The modules bundled into an inline script: the journey file and the local helpers it imports,
// each rewritten for Kibana's inline runner (the @elastic/synthetics import replaced by the names
// the runner provides; journeys and DSL hooks out of the journey file) with its npm imports
// recorded, so that inlineScript can refuse those the bundle still needs.

import type * as esbuild from 'esbuild';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { AnalysedJourney } from '../core/journeys/analyse';
import { Refusal } from './refusal';
import { calleeName, declaredNames, findAll, importedNames } from './syntax';

/** The names Kibana's inline runner provides to a script (`new Function('step', 'page', …)` in @elastic/synthetics' loader). */
export const RUNNER_ARGUMENTS = ['step', 'page', 'context', 'browser', 'params', 'expect', 'request', 'mfa'];
export const SYNTHETICS = '@elastic/synthetics';
/** @elastic/synthetics names that an inline script may leave out: provided by the runner, or DSL calls removed here. */
const SYNTHETICS_HANDLED = new Set([...RUNNER_ARGUMENTS, 'journey', 'monitor']);
export const JOURNEY_CALLEES = new Set(['journey', 'journey.skip', 'journey.only', 'apiJourney', 'apiJourney.skip', 'apiJourney.only']);
const HOOKS = new Set(['beforeAll', 'afterAll', 'before', 'after']);

export interface BareImport {
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
export function rewriteModule(file: string, text: string, source: ts.SourceFile, options: { entryOf?: AnalysedJourney }): Rewritten {
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
export function localModules(inputs: Set<string>, bare: BareImport[]): esbuild.Plugin {
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

export function loaderFor(file: string): esbuild.Loader {
  return /\.[cm]?jsx?$/.test(file) ? (file.endsWith('x') ? 'jsx' : 'js') : file.endsWith('x') ? 'tsx' : 'ts';
}

function isBare(specifier: string): boolean {
  return !specifier.startsWith('.') && !path.isAbsolute(specifier);
}
