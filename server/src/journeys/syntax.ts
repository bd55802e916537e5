// The TypeScript syntax walks that generation needs over a journey file and its helpers.

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
