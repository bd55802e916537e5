// Where a cursor stands inside a `monitor.use({...})` object literal of a journey file, read from
// TypeScript's syntax tree (the text may be half-typed): the keys leading there, and whether a
// key or a value is being written. Completion asks this; it knows nothing of schemas.

import ts from 'typescript';
import { Span, span } from '../text/span';

export interface JourneyCursor {
  /** Keys from the `monitor.use` object down to the object (key) or the property (value) at the cursor. */
  path: string[];
  kind: 'key' | 'value';
  /** What a completion replaces: the key or value being typed (a string's content); empty at a blank place. */
  replace: Span;
  /** Keys: the other keys already in the object, and whether this key has its `:` already (replace the name only). */
  existing: string[];
  hasColon: boolean;
  /** Values: inside a list literal; inside a string literal (its quotes stay). */
  inList: boolean;
  inString: boolean;
}

/** The cursor's place in a `monitor.use({...})` argument, or undefined anywhere else. */
export function journeyCursor(text: string, offset: number): JourneyCursor | undefined {
  const source = ts.createSourceFile('cursor.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const node = innermost(source, offset);
  const parent = node.parent as ts.Node | undefined;
  const at = span(offset, offset);
  const base = { existing: [], hasColon: false, inList: false, inString: false };

  if (ts.isObjectLiteralExpression(node)) {
    if (offset <= node.getStart(source) || (offset >= node.end && text[node.end - 1] === '}')) return undefined;
    // `key: |` with no value yet: the parser ends the property right after its colon.
    const open = node.properties.find((p) => ts.isPropertyAssignment(p) && p.initializer.pos === p.initializer.end && p.end <= offset && !text.slice(p.end, offset).trim());
    const path = open && propertyPath((open as ts.PropertyAssignment).initializer);
    if (path) return { ...base, kind: 'value', path, replace: at };
    return keyCursor(node, undefined, at, false);
  }
  if (ts.isArrayLiteralExpression(node)) {
    if (offset <= node.getStart(source) || (offset >= node.end && text[node.end - 1] === ']')) return undefined;
    const path = propertyPath(node);
    return path && { ...base, kind: 'value', path, replace: at, inList: true };
  }
  if (ts.isPropertyAssignment(node)) {
    // Blank space after `key:` (the value is not written yet, or the cursor stands before it).
    if (offset <= node.name.end) return undefined;
    const path = propertyPath(node.initializer);
    return path && { ...base, kind: 'value', path, replace: at };
  }
  if (!parent || !isLeaf(node)) return undefined;
  const string = ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);
  if ((ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent)) && parent.name === node) {
    if (!ts.isObjectLiteralExpression(parent.parent)) return undefined;
    return keyCursor(parent.parent, parent, span(node.getStart(source), node.end), ts.isPropertyAssignment(parent));
  }
  if ((ts.isPropertyAssignment(parent) && parent.initializer === node) || ts.isArrayLiteralExpression(parent)) {
    const path = propertyPath(node);
    if (!path) return undefined;
    let replace = span(node.getStart(source), node.end);
    // Before the opening quote the whole literal is replaced, quotes and all.
    const inString = string && offset > replace.start;
    if (inString) {
      const closed = node.end - replace.start >= 2 && text[node.end - 1] === text[replace.start];
      // After the closing quote the value is finished: nothing to offer.
      if (closed && offset >= node.end) return undefined;
      replace = span(replace.start + 1, closed ? node.end - 1 : node.end);
    }
    return { ...base, kind: 'value', path, replace, inList: ts.isArrayLiteralExpression(parent), inString };
  }
  return undefined;
}

function keyCursor(object: ts.ObjectLiteralExpression, typed: ts.ObjectLiteralElementLike | undefined, replace: Span, hasColon: boolean): JourneyCursor | undefined {
  const path = objectPath(object);
  if (!path) return undefined;
  const existing = object.properties.filter((p) => p !== typed && p.name).map((p) => nameOf(p.name!)).filter((k): k is string => k !== undefined);
  return { path, kind: 'key', replace, existing, hasColon, inList: false, inString: false };
}

/** The innermost node whose text (without leading trivia) holds the offset; the end counts, so `sch|` is in `sch`. */
function innermost(source: ts.SourceFile, offset: number): ts.Node {
  let node: ts.Node = source;
  for (;;) {
    let next: ts.Node | undefined;
    node.forEachChild((child) => {
      if (child.getStart(source) <= offset && offset <= child.end) next = child;
      return next !== undefined;
    });
    if (!next) return node;
    node = next;
  }
}

function isLeaf(node: ts.Node): boolean {
  return (
    ts.isIdentifier(node) ||
    ts.isStringLiteral(node) ||
    ts.isNoSubstitutionTemplateLiteral(node) ||
    ts.isNumericLiteral(node) ||
    node.kind === ts.SyntaxKind.TrueKeyword ||
    node.kind === ts.SyntaxKind.FalseKeyword ||
    node.kind === ts.SyntaxKind.NullKeyword
  );
}

/** Keys down to the property whose value (or list item) `value` is. */
function propertyPath(value: ts.Node): string[] | undefined {
  const holder = ts.isArrayLiteralExpression(value.parent) ? value.parent.parent : value.parent;
  if (!ts.isPropertyAssignment(holder) || !ts.isObjectLiteralExpression(holder.parent)) return undefined;
  const key = nameOf(holder.name);
  const above = objectPath(holder.parent);
  return key !== undefined && above ? [...above, key] : undefined;
}

/** Keys from the `monitor.use` argument down to this object literal; undefined outside one. */
function objectPath(object: ts.ObjectLiteralExpression): string[] | undefined {
  const parent = object.parent;
  if (ts.isCallExpression(parent)) return parent.arguments[0] === object && isMonitorUse(parent) ? [] : undefined;
  // An object inside a list is an item of that list: the list's key stands for it.
  const value = ts.isArrayLiteralExpression(parent) ? parent : object;
  return ts.isPropertyAssignment(value.parent) && value.parent.initializer === value ? propertyPath(value) : undefined;
}

function isMonitorUse(call: ts.CallExpression): boolean {
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'monitor' && callee.name.text === 'use';
}

function nameOf(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name) ? name.text : undefined;
}
