// The TypeScript syntax walks that generation needs over a journey file, its helpers and the
// project's synthetics.config.ts.

import ts from 'typescript';

/** `name` or `object.name`, as the call is written. */
export function calleeName(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) return `${callee.expression.text}.${callee.name.text}`;
  return undefined;
}

export function findCall(source: ts.SourceFile, start: number): ts.CallExpression | undefined {
  return findNode(source, (n) => ts.isCallExpression(n) && n.getStart() === start, (n) => n.getEnd() < start || n.getStart() > start) as ts.CallExpression | undefined;
}

/** The first node (depth first) matching `test`, not descending into nodes matching `skip`. */
export function findNode(root: ts.Node, test: (n: ts.Node) => boolean, skip?: (n: ts.Node) => boolean): ts.Node | undefined {
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

export function findAll(root: ts.Node, test: (n: ts.Node) => boolean): ts.Node[] {
  const found: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    if (test(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

export function* bindingNames(name: ts.BindingName): Generator<string> {
  if (ts.isIdentifier(name)) yield name.text;
  else for (const element of name.elements) if (!ts.isOmittedExpression(element)) yield* bindingNames(element.name);
}

export function importedNames(clause: ts.ImportClause): string[] {
  const names = clause.name ? [clause.name.text] : [];
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
  else if (bindings) names.push(...bindings.elements.map((e) => e.name.text));
  return names;
}

export function declaredNames(statements: readonly ts.Statement[]): Set<string> {
  const names = new Set<string>();
  for (const statement of statements) {
    if (ts.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) for (const n of bindingNames(d.name)) names.add(n);
    else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) names.add(statement.name.text);
  }
  return names;
}

/** `text[start, end)` without the given ranges. */
export function sliceWithout(text: string, start: number, end: number, cuts: [number, number][]): string {
  let out = '';
  let at = start;
  for (const [from, to] of [...cuts].sort((a, b) => a[0] - b[0])) {
    out += text.slice(at, Math.max(at, from));
    at = Math.max(at, to);
  }
  return out + text.slice(at, end);
}

/** An expression that is not a literal value (generation reads settings without running code). */
export class NotLiteral extends Error {
  constructor(readonly node: ts.Node) {
    super(`not a literal: ${node.getText().slice(0, 40)}`);
  }
}

/**
 * The value of a literal: strings, numbers, booleans, null, and arrays and object literals of
 * them (`as`/`satisfies` and parentheses looked through). Throws NotLiteral at the first part that
 * is not one (a name, a call, a spread, a shorthand, a computed key).
 */
export function literalValue(node: ts.Node): unknown {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand)) return -Number(node.operand.text);
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (node.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) return literalValue(node.expression);
  if (ts.isArrayLiteralExpression(node)) return node.elements.map(literalValue);
  if (ts.isObjectLiteralExpression(node)) return Object.fromEntries(node.properties.map((p) => [propertyKey(p), literalValue((p as ts.PropertyAssignment).initializer)]));
  throw new NotLiteral(node);
}

/** The key of an object literal's `key: value` property; NotLiteral for anything else. */
export function propertyKey(property: ts.ObjectLiteralElementLike): string {
  if (!ts.isPropertyAssignment(property)) throw new NotLiteral(property);
  const name = property.name;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  throw new NotLiteral(name);
}
