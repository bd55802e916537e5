// Reads a journey file (`*.journey.ts` / `*.journey.js`) with TypeScript's compiler API — its
// syntax tree only: user code is never executed. Finds the journeys, their steps, their
// `monitor.use({...})` configuration (as the shared value tree, so the monitor schemas apply),
// the file's imports, and the `step` calls that stand outside any journey.

import ts from 'typescript';
import { Span, span } from '../text/span';
import { Entry, MapNode, Node } from '../tree';

export interface JourneyStep {
  name: string;
  /** The whole `step(...)` call. */
  span: Span;
  nameSpan: Span;
  /** Stray steps only: inside a function (a helper), which runs when a journey calls it. */
  inFunction?: boolean;
}

export interface Journey {
  /** `journey(...)` is a browser monitor; `apiJourney(...)` an `api` one (@elastic/synthetics 1.25+). */
  kind: 'browser' | 'api';
  name: string;
  /** The whole `journey(...)` call, and its name argument. */
  span: Span;
  nameSpan: Span;
  /** The callback's body, between its braces (what an inline script of this journey holds). */
  body?: Span;
  steps: JourneyStep[];
  /** `monitor.use({...})` inside the journey: its literal parts (other expressions are left out). */
  config?: MapNode;
  /** The options of `journey({name, id, tags}, ...)`, when written as an object. */
  options?: MapNode;
  /** Top-level keys of `monitor.use({...})` whose values are not literals (so not in `config`); `...` for a spread. */
  configExpressions?: string[];
  /** The callback calls functions besides the DSL's: helpers there may add steps. */
  callsFunctions: boolean;
}

export interface ImportInfo {
  specifier: string;
  span: Span;
}

export interface JourneyFile {
  journeys: Journey[];
  imports: ImportInfo[];
  /** `step(...)` calls outside any journey. */
  strayStepCalls: JourneyStep[];
  /** Syntax errors TypeScript reports, located. */
  syntaxErrors: { message: string; span: Span }[];
}

const DSL_HOOKS = new Set(['beforeAll', 'afterAll', 'before', 'after']);
const JOURNEY_CALLS = new Set(['journey', 'journey.skip', 'journey.only', 'apiJourney', 'apiJourney.skip', 'apiJourney.only']);
const STEP_CALLS = new Set(['step', 'step.skip', 'step.soft', 'step.only']);

export function parseJourneyFile(fileName: string, text: string): JourneyFile {
  const kind = /\.m?jsx?$/.test(fileName) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
  const result: JourneyFile = { journeys: [], imports: [], strayStepCalls: [], syntaxErrors: [] };
  // The parser's own diagnostics: a Program (and its type checker) would cost far more for one file.
  const diagnostics = (source as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  for (const d of diagnostics) result.syntaxErrors.push({ message: ts.flattenDiagnosticMessageText(d.messageText, '\n'), span: span(d.start, d.start + d.length) });

  const visit = (node: ts.Node, journey: Journey | undefined, inFunction = false): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      result.imports.push({ specifier: node.moduleSpecifier.text, span: spanOf(node.moduleSpecifier) });
    }
    if (ts.isCallExpression(node)) {
      const callee = calleeName(node);
      if (callee && JOURNEY_CALLS.has(callee) && !journey) {
        const found = readJourney(node, callee.startsWith('api') ? 'api' : 'browser');
        if (found) {
          result.journeys.push(found);
          ts.forEachChild(node, (child) => visit(child, found));
          return;
        }
      } else if (callee && STEP_CALLS.has(callee)) {
        const step = readStep(node);
        if (step && journey) journey.steps.push(step);
        else if (step) result.strayStepCalls.push(inFunction ? { ...step, inFunction } : step);
      } else if (callee === 'monitor.use' && journey && !journey.config) {
        const [argument] = node.arguments;
        if (argument && ts.isObjectLiteralExpression(argument)) {
          journey.config = toTree(argument) as MapNode;
          const expressions = nonLiteralKeys(argument);
          if (expressions.length) journey.configExpressions = expressions;
        }
      } else if (callee && DSL_HOOKS.has(callee)) {
        // Hooks run around journeys: a step inside one is not a stray step.
        ts.forEachChild(node, (child) => visit(child, journey ?? HOOK, inFunction));
        return;
      } else if (journey) journey.callsFunctions = true;
    }
    ts.forEachChild(node, (child) => visit(child, journey, inFunction || (!journey && ts.isFunctionLike(node))));
  };
  visit(source, undefined);
  return result;
}

/** Stands for "inside a hook" while walking: steps there belong to no journey but are not stray. */
const HOOK: Journey = { kind: 'browser', name: '', span: span(0, 0), nameSpan: span(0, 0), steps: [], callsFunctions: false };

function calleeName(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) return `${callee.expression.text}.${callee.name.text}`;
  return undefined;
}

function spanOf(node: ts.Node): Span {
  return span(node.getStart(), node.getEnd());
}

/** `journey('name', callback)` or `journey({name, id, tags}, callback)`. */
function readJourney(call: ts.CallExpression, kind: Journey['kind']): Journey | undefined {
  const [first, callback] = call.arguments;
  let name: string | undefined;
  let nameNode: ts.Node | undefined;
  let options: MapNode | undefined;
  if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) {
    name = first.text;
    nameNode = first;
  } else if (first && ts.isObjectLiteralExpression(first)) {
    options = toTree(first) as MapNode;
    const nameProperty = first.properties.find((p) => ts.isPropertyAssignment(p) && propertyName(p.name) === 'name') as ts.PropertyAssignment | undefined;
    if (nameProperty && (ts.isStringLiteral(nameProperty.initializer) || ts.isNoSubstitutionTemplateLiteral(nameProperty.initializer))) {
      name = nameProperty.initializer.text;
      nameNode = nameProperty.initializer;
    }
  }
  if (name === undefined || !nameNode) return undefined;
  const body = callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) && ts.isBlock(callback.body) ? callback.body : undefined;
  return {
    kind,
    name,
    span: spanOf(call),
    nameSpan: spanOf(nameNode),
    body: body ? span(body.getStart() + 1, body.getEnd() - 1) : undefined,
    steps: [],
    options,
    callsFunctions: false,
  };
}

function readStep(call: ts.CallExpression): JourneyStep | undefined {
  const [first] = call.arguments;
  if (!first || !(ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) return undefined;
  return { name: first.text, span: spanOf(call), nameSpan: spanOf(first) };
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) ? name.text : undefined;
}

/** The keys toTree leaves out of an object literal: values that are not literals, and spreads as `...`. */
function nonLiteralKeys(node: ts.ObjectLiteralExpression): string[] {
  const keys: string[] = [];
  for (const property of node.properties) {
    if (ts.isSpreadAssignment(property)) keys.push('...');
    else if (property.name && !(ts.isPropertyAssignment(property) && toTree(property.initializer))) keys.push(propertyName(property.name) ?? '...');
  }
  return keys;
}

/** An object literal as the shared value tree; parts that are not literals are left out. */
function toTree(node: ts.Expression): Node | undefined {
  const at = spanOf(node);
  if (ts.isObjectLiteralExpression(node)) {
    const entries: Entry[] = [];
    for (const property of node.properties) {
      if (!ts.isPropertyAssignment(property)) continue;
      const key = propertyName(property.name);
      const value = toTree(property.initializer);
      if (key !== undefined && value) entries.push({ key, keySpan: spanOf(property.name), value });
    }
    return { kind: 'map', span: at, entries };
  }
  if (ts.isArrayLiteralExpression(node)) {
    const items = node.elements.map(toTree).filter((n): n is Node => !!n);
    return { kind: 'seq', span: at, items };
  }
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { kind: 'scalar', span: at, value: node.text, source: node.text, style: 'json' };
  if (ts.isNumericLiteral(node)) return { kind: 'scalar', span: at, value: Number(node.text), source: node.text, style: 'json' };
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand)) {
    return { kind: 'scalar', span: at, value: -Number(node.operand.text), source: node.getText(), style: 'json' };
  }
  if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) {
    return { kind: 'scalar', span: at, value: node.kind === ts.SyntaxKind.TrueKeyword, source: node.getText(), style: 'json' };
  }
  if (node.kind === ts.SyntaxKind.NullKeyword) return { kind: 'scalar', span: at, value: null, source: 'null', style: 'json' };
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) return toTree(node.expression);
  return undefined;
}
