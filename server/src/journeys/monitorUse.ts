// A journey's `monitor.use({...})`, read statically: generate never runs the journey file, so
// its settings must be literal values in one call standing directly in the callback.

import ts from 'typescript';
import { AnalysedJourney } from '../core/journeys/analyse';
import { Refusal } from './refusal';
import { NotLiteral, calleeName, findNode, literalValue } from './syntax';

export interface LiteralObject {
  value: Record<string, unknown>;
  keyOffsets: Map<string, number>;
}

/** The callback's `monitor.use` settings (each key with its offset, for locating problems), and the statement to leave out of the script. */
export function readMonitorUse(body: ts.Block, journey: AnalysedJourney): { config?: LiteralObject; useStatement?: ts.Statement } {
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
  try {
    return literalValue(node);
  } catch (error) {
    if (!(error instanceof NotLiteral)) throw error;
    throw new Refusal(`\`${key}\` in \`monitor.use\` is an expression (\`${error.node.getText().slice(0, 40)}\`): write it as a literal value, since generate does not run the journey file.`, error.node.getStart());
  }
}
