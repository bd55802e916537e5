// Renders a plan as text (terraform-plan-like, coloured on a terminal) or as JSON, whose
// shape is documented in the README and kept stable for CI bots and pull-request comments.

import { Span } from '../text/span';
import { Adoption, pendingAdoptions } from './adopt';
import { FieldChange, Plan, PlanItem } from './plan';

/** Turns a place in a file into a 1-based line and column. */
export type Locate = (file: string, span: Span) => { line: number; column: number };

const SYMBOL: Record<PlanItem['action'], string> = { create: '+', update: '~', delete: '-', unchanged: ' ', invalid: '!' };
const COLOUR: Record<PlanItem['action'], number> = { create: 32, update: 33, delete: 31, unchanged: 2, invalid: 35 };
/** Stored fields whose values are too big to show: only that they change. */
const OPAQUE = new Set(['source.project.content']);

export interface TextOptions {
  colour: boolean;
  /** Also list unchanged monitors. */
  verbose?: boolean;
  /** Whether deletes will be carried out (`--prune`); otherwise they are shown as kept. */
  prune: boolean;
  /** What a push does with adopted UI originals (`--adopt`, `--keep-originals`, neither); unset: what `push --adopt` would. */
  adopt?: 'delete' | 'disable' | 'skip';
}

export function renderPlanText(plan: Plan, locate: Locate, options: TextOptions): string {
  const paint = (code: number, text: string) => (options.colour ? `\x1b[${code}m${text}\x1b[0m` : text);
  const lines = [`Kibana ${plan.kibanaVersion}, space "${plan.space}", project "${plan.project}"`, ''];
  for (const item of plan.items) {
    if (item.action === 'unchanged' && !options.verbose) continue;
    const where = item.file && item.span ? ` ${place(item, locate)}` : '';
    const label = item.action === 'delete' && !options.prune ? 'delete (skipped without --prune)' : item.action;
    lines.push(paint(COLOUR[item.action], `${SYMBOL[item.action]} ${label} ${item.id}`) + `  "${item.name ?? ''}" (${item.type ?? '?'})${where}`);
    if (item.editedOutsideGit) lines.push(paint(33, `    ! edited outside git: a change made in Kibana since the last push will be ${item.action === 'delete' ? 'deleted with it' : 'overwritten'}`));
    for (const change of item.changes) if (item.action !== 'create') lines.push(`    ${change.field}: ${showValue(change, 'before')} → ${showValue(change, 'after')}`);
    if (item.secretsUnknown) lines.push(paint(2, '    (secret fields not compared: Kibana returns them only monitor by monitor)'));
    for (const failure of item.failures) lines.push(paint(35, `    Kibana would refuse it: ${failure.reason} ${failure.details}`.trimEnd()));
  }
  for (const adoption of plan.adoptions ?? []) lines.push(...adoptionLines(adoption, locate, options, paint));
  const s = plan.summary;
  const adopting = pendingAdoptions(plan.adoptions).length;
  if (lines.length === 2) lines.push('No changes: Kibana matches git.');
  lines.push(
    '',
    `Plan: ${s.create} to create, ${s.update} to update, ${s.delete} to delete${options.prune || !s.delete ? '' : ' (needs --prune)'}, ${s.unchanged} unchanged` +
      (s.invalid ? `, ${s.invalid} invalid` : '') +
      (s.editedOutsideGit ? `; ${s.editedOutsideGit} edited outside git` : '') +
      (adopting ? `; ${adopting} UI monitor(s) to adopt${options.adopt === 'skip' ? ' (needs --adopt)' : ''}` : '') +
      '.',
  );
  return lines.join('\n') + '\n';
}

/** An adopted UI original: what becomes of it once its replacement exists, or why it is left alone. */
function adoptionLines(adoption: Adoption, locate: Locate, options: TextOptions, paint: (code: number, text: string) => string): string[] {
  const at = locate(adoption.file, adoption.span);
  const where = `${adoption.file}:${at.line}:${at.column}`;
  if (adoption.refused) return [paint(35, `! adopt ${adoption.configId}`) + `  refused, left in Kibana: ${adoption.refused} (adopts of ${adoption.id} ${where})`];
  if (!adoption.original) return options.verbose ? [paint(2, `  adopt ${adoption.configId}`) + `  done: Kibana holds no such monitor any more (adopts of ${adoption.id} ${where})`] : [];
  const fate = {
    delete: `deleted once ${adoption.id} exists in Kibana`,
    disable: `disabled once ${adoption.id} exists in Kibana (--keep-originals)`,
    skip: `kept: push --adopt deletes it once ${adoption.id} exists`,
    plan: `deleted by push --adopt once ${adoption.id} exists in Kibana (--keep-originals disables it instead)`,
  }[options.adopt ?? 'plan'];
  const symbol = options.adopt === 'disable' ? paint(33, `~ adopt ${adoption.configId}`) : paint(31, `- adopt ${adoption.configId}`);
  return [
    `${symbol}  "${adoption.original.name}" (${adoption.original.type}), made in the UI: replaced by ${adoption.id} ${where}`,
    `    ${fate}${adoption.original.enabled ? '' : ' (disabled already)'}`,
  ];
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
        })),
        ...(plan.adoptions?.length && {
          adoptions: plan.adoptions.map((a) => ({
            configId: a.configId,
            id: a.id,
            file: a.file,
            ...locate(a.file, a.span),
            status: a.refused ? 'refused' : a.original ? 'pending' : 'done',
            ...(a.original && { name: a.original.name, type: a.original.type, enabled: a.original.enabled }),
            ...(a.refused && { reason: a.refused }),
          })),
        }),
      },
      null,
      2,
    ) + '\n'
  );
}

function place(item: PlanItem, locate: Locate): string {
  const { line, column } = locate(item.file!, item.span!);
  return `${item.file}:${line}:${column}`;
}

function masked(change: FieldChange, side: 'before' | 'after'): unknown {
  const value = change[side];
  if (value === undefined) return null;
  return change.secret ? '(secret)' : OPAQUE.has(change.field) ? '(changed)' : value;
}

/** A field's value as the plan shows it: secrets masked, bundled journeys elided. */
export function showValue(change: FieldChange, side: 'before' | 'after'): string {
  const value = change[side];
  if (value === undefined) return '(unset)';
  if (change.secret) return '(secret)';
  if (OPAQUE.has(change.field)) return '(bundled journey)';
  return JSON.stringify(value);
}
