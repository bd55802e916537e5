// Renders a plan as text (terraform-plan-like, coloured on a terminal) or as JSON, whose
// shape is documented in the README and kept stable for CI bots and pull-request comments.

import { Span } from '../text/span';
import { Blocker } from './desired';
import { FieldChange, Plan, PlanItem } from './plan';

/** Turns a place in a file into a 1-based line and column. */
export type Locate = (file: string, span: Span) => { line: number; column: number };

const SYMBOL: Record<PlanItem['action'], string> = { create: '+', update: '~', replace: '-/+', delete: '-', unchanged: ' ', invalid: '!' };
const COLOUR: Record<PlanItem['action'], number> = { create: 32, update: 33, replace: 31, delete: 31, unchanged: 2, invalid: 35 };
/** Stored fields whose values are too big to show: only that they change. */
const OPAQUE = new Set(['source.project.content']);

export interface TextOptions {
  colour: boolean;
  /** Also list unchanged monitors. */
  verbose?: boolean;
  /** Whether deletes will be carried out (`--prune`); otherwise they are shown as kept. */
  prune: boolean;
}

export function renderPlanText(plan: Plan, locate: Locate, options: TextOptions): string {
  const paint = (code: number, text: string) => (options.colour ? `\x1b[${code}m${text}\x1b[0m` : text);
  const lines = [`Kibana ${plan.kibanaVersion}, space "${plan.space}", project "${plan.project}"`, ''];
  for (const item of plan.items) {
    if (item.action === 'unchanged' && !options.verbose) continue;
    const where = item.file && item.span ? ` ${place(item, locate)}` : '';
    const label = item.withheld ? `${item.action} (withheld: see below)` : item.action === 'delete' && !options.prune ? 'delete (skipped without --prune)' : item.action;
    lines.push(paint(COLOUR[item.action], `${SYMBOL[item.action]} ${label} ${item.id}`) + `  "${item.name ?? ''}" (${item.type ?? '?'})${where}`);
    if (item.editedOutsideGit) lines.push(paint(33, `    ! edited outside git: a change made in Kibana since the last push will be ${item.action === 'delete' || item.action === 'replace' ? 'deleted with it' : 'overwritten'}`));
    if (item.action === 'replace') lines.push(`    type ${String(item.before?.type)} → ${item.type}: deleted from Kibana, then created anew`);
    for (const change of item.changes) if (item.action !== 'create' && item.action !== 'replace') lines.push(`    ${change.field}: ${show(change, 'before')} → ${show(change, 'after')}`);
    if (item.secretsUnknown) lines.push(paint(2, '    (secret fields not compared: Kibana returns them only monitor by monitor)'));
    for (const error of item.errors ?? []) lines.push(paint(35, `    not pushed: ${at(item.file!, error.span, locate)}: error ${error.code}: ${error.message}`));
    for (const failure of item.failures) lines.push(paint(35, `    Kibana would refuse it: ${failure.reason} ${failure.details}`.trimEnd()));
    if (item.fix) lines.push(`    fix: ${item.fix}`);
  }
  const s = plan.summary;
  if (lines.length === 2) lines.push('No changes: Kibana matches git.');
  if (s.withheld) {
    lines.push('', paint(31, `Deletes withheld: ${s.withheld} monitor(s) stay in Kibana while these inputs cannot be read (they may hold monitors still in git):`));
    for (const blocker of plan.blockers) lines.push(`  ${at(blocker.file, blocker.span, locate)}: ${blocker.reason}`);
  }
  const deletes = s.withheld ? ' (withheld)' : options.prune || !s.delete ? '' : ' (needs --prune)';
  lines.push(
    '',
    `Plan: ${s.create} to create, ${s.update} to update, ${s.replace ? `${s.replace} to replace, ` : ''}${s.delete} to delete${deletes}, ${s.unchanged} unchanged` +
      (s.invalid ? `, ${s.invalid} invalid` : '') +
      (s.editedOutsideGit ? `; ${s.editedOutsideGit} edited outside git` : '') +
      '.',
  );
  return lines.join('\n') + '\n';
}

/** The JSON plan (version 1): see README "Plan JSON". Secrets are never included. */
export function renderPlanJson(plan: Plan, locate: Locate): string {
  return (
    JSON.stringify(
      {
        version: 1,
        kibana: { version: plan.kibanaVersion, space: plan.space },
        project: plan.project,
        summary: plan.summary,
        changes: plan.items.map((item) => ({
          action: item.action,
          id: item.id,
          name: item.name,
          type: item.type,
          ...(item.file && item.span ? { file: item.file, ...locate(item.file, item.span) } : {}),
          editedOutsideGit: item.editedOutsideGit,
          secretsCompared: !item.secretsUnknown,
          fields: item.changes.map((c) => ({ field: c.field, secret: c.secret, before: masked(c, 'before'), after: masked(c, 'after') })),
          failures: item.failures.map((f) => ({ reason: f.reason, details: f.details })),
          errors: (item.errors ?? []).map((e) => ({ code: e.code, message: e.message, ...locate(item.file!, e.span) })),
          ...(item.fix ? { fix: item.fix } : {}),
          withheld: !!item.withheld,
        })),
        blockers: blockersJson(plan.blockers, locate),
      },
      null,
      2,
    ) + '\n'
  );
}

function place(item: PlanItem, locate: Locate): string {
  return at(item.file!, item.span!, locate);
}

/** `file:line:column`. */
export function at(file: string, span: Span, locate: Locate): string {
  const { line, column } = locate(file, span);
  return `${file}:${line}:${column}`;
}

/** The inputs that withhold deletes, located, as the JSON plan and the JSON log give them. */
export function blockersJson(blockers: Blocker[], locate: Locate): { file: string; line: number; column: number; reason: string }[] {
  return blockers.map((b) => ({ file: b.file, ...locate(b.file, b.span), reason: b.reason }));
}

function masked(change: FieldChange, side: 'before' | 'after'): unknown {
  const value = change[side];
  if (value === undefined) return null;
  return change.secret ? '(secret)' : OPAQUE.has(change.field) ? '(changed)' : value;
}

function show(change: FieldChange, side: 'before' | 'after'): string {
  const value = change[side];
  if (value === undefined) return '(unset)';
  if (change.secret) return '(secret)';
  if (OPAQUE.has(change.field)) return '(bundled journey)';
  return JSON.stringify(value);
}
