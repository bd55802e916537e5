// HTTP response checks: status codes, and body regexes, which Heartbeat runs with Go's RE2
// engine (no look-around, no back-references).

import { RegExpParser, visitRegExpAST } from '@eslint-community/regexpp';
import { memoised } from '../text/memo';
import { Node } from '../tree';
import { MonitorContext, itemsOf, nodeAt } from './context';

export function checkHttpChecks(ctx: MonitorContext): void {
  if (ctx.type !== 'http') return;
  for (const item of itemsOf(nodeAt(ctx.monitor, 'check.response.status'))) {
    // Booleans and lists are the schema's to report: only what reads as a code is checked here.
    if (item.kind !== 'scalar' || (typeof item.value !== 'number' && typeof item.value !== 'string')) continue;
    const code = String(item.value);
    if (!/^\d{3}$/.test(code) || Number(code) < 100 || Number(code) > 599) {
      ctx.report({ code: 'status-invalid', severity: 'error', message: `\`check.response.status\` has \`${code}\`: a status code is a number from 100 to 599.`, span: item.span });
    }
  }
  const body = nodeAt(ctx.monitor, 'check.response.body');
  const patterns: Node[] =
    body?.kind === 'map' ? [...itemsOf(nodeAt(ctx.monitor, 'check.response.body.positive')), ...itemsOf(nodeAt(ctx.monitor, 'check.response.body.negative'))] : itemsOf(body);
  for (const item of patterns) if (item.kind === 'scalar' && typeof item.value === 'string') checkRegex(ctx, item.value, item);
}

const parser = new RegExpParser({ ecmaVersion: 2025 });

function checkRegex(ctx: MonitorContext, pattern: string, node: Node): void {
  const problem = regexProblem(pattern);
  if (problem) ctx.report({ ...problem, severity: 'error', span: node.span });
}

/** Each pattern's problem, once: the same few patterns (`ok`, `healthy`) recur in every monitor, and parsing one costs tens of microseconds. */
const regexProblem = memoised(readRegex);

function readRegex(pattern: string): { code: 'regex-invalid' | 'regex-unsupported'; message: string } | undefined {
  // RE2 spellings JavaScript lacks: leading inline flags `(?i)`, flag groups `(?i:...)`, `(?P<name>...)`.
  const source = pattern.replace(/^\(\?[imsU]+\)/, '').replace(/\(\?[imsU]+:/g, '(?:').replace(/\(\?P</g, '(?<');
  let ast;
  try {
    ast = parser.parsePattern(source, 0, source.length, { unicode: false });
  } catch (error) {
    return {
      code: 'regex-invalid',
      message: `\`${pattern}\` is not a valid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '')}.`,
    };
  }
  const unsupported: string[] = [];
  visitRegExpAST(ast, {
    onAssertionEnter(assertion) {
      if (assertion.kind === 'lookahead' || assertion.kind === 'lookbehind') unsupported.push(`${assertion.kind === 'lookahead' ? 'look-ahead' : 'look-behind'} \`${assertion.raw}\``);
    },
    onBackreferenceEnter(reference) {
      unsupported.push(`back-reference \`${reference.raw}\``);
    },
  });
  if (!unsupported.length) return undefined;
  return {
    code: 'regex-unsupported',
    message: `\`${pattern}\` uses ${unsupported.join(' and ')}, which Go's RE2 engine (used by Heartbeat) refuses: the monitor will not start. Rewrite it without look-around or back-references.`,
  };
}
