// Renders a plan as text (terraform-plan-like, coloured on a terminal) or as JSON, whose
// shape is documented in docs/cli.md and kept stable for CI bots and pull-request comments.

import { Span } from '../text/span';
import { Adoption, pendingAdoptions } from './adopt';
import { Blocker } from './desired';
import { FieldChange, Plan, PlanItem } from './plan';
import { reportedStoredValue } from './rewrites';

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
  /** What a push does with adopted UI originals (`--adopt`, `--keep-originals`, neither); unset: what `push --adopt` would. */
  adopt?: 'delete' | 'disable' | 'skip';
}

export function renderPlanText(plan: Plan, locate: Locate, options: TextOptions): string {
  const paint = (code: number, text: string) => (options.colour && code ? `\x1b[${code}m${text}\x1b[0m` : text);
  const lines = [`Kibana ${plan.kibanaVersion}, space "${plan.space}", project "${plan.project}"`, ''];
  for (const item of plan.items) {
    if (item.action === 'unchanged' && !options.verbose) continue;
    const where = item.file && item.span ? ` ${place(item, locate)}` : '';
    const label = item.withheld ? `${item.action} (withheld: see below)` : item.action === 'delete' && !options.prune ? 'delete (skipped without --prune)' : item.action;
    lines.push(paint(COLOUR[item.action], `${SYMBOL[item.action]} ${label} ${item.id}`) + `  "${item.name ?? ''}" (${item.type ?? '?'})${where}`);
    const notes = itemNotes(item, locate);
    for (const note of notes.before) lines.push(paint(note.colour ?? 0, `    ${note.text}`));
    for (const change of item.changes) if (item.action !== 'create' && item.action !== 'replace') lines.push(`    ${change.field}: ${showValue(change, 'before')} → ${showValue(change, 'after')}`);
    for (const note of notes.after) lines.push(paint(note.colour ?? 0, `    ${note.text}`));
  }
  for (const adoption of plan.adoptions ?? []) lines.push(...adoptionLines(adoption, locate, options, paint));
  const s = plan.summary;
  const adopting = pendingAdoptions(plan.adoptions).length;
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
      (adopting ? `; ${adopting} UI monitor(s) to adopt${options.adopt === 'skip' ? ' (needs --adopt)' : ''}` : '') +
      '.',
  );
  return lines.join('\n') + '\n';
}

/** A line the plan says of an item besides its field changes, with the terminal colour of its kind. */
export interface ItemNote {
  text: string;
  colour?: number;
}

/** What the plan says of an item, before its field changes (what happens to it) and after them (why, and what to do). */
export function itemNotes(item: PlanItem, locate: Locate): { before: ItemNote[]; after: ItemNote[] } {
  const before: ItemNote[] = [];
  const after: ItemNote[] = [];
  if (item.editedOutsideGit) before.push({ colour: 33, text: `! edited outside git: a change made in Kibana since the last push will be ${item.action === 'delete' || item.action === 'replace' ? 'deleted with it' : 'overwritten'}` });
  if (item.action === 'replace') before.push({ text: `type ${String(item.before?.type)} → ${item.type}: deleted from Kibana, then created anew` });
  if (item.secretsUnknown) after.push({ colour: 2, text: '(secret fields not compared: Kibana returns them only monitor by monitor)' });
  for (const note of item.notes ?? []) after.push({ colour: 33, text: `! ${note.field} is stored as ${JSON.stringify(reportedStoredValue(note.field, note.stored))}: ${note.note}` });
  for (const error of item.errors ?? []) after.push({ colour: 35, text: `not pushed: ${at(item.file!, error.span, locate)}: error ${error.code}: ${error.message}` });
  for (const failure of item.failures) after.push({ colour: 35, text: `Kibana would refuse it: ${failure.reason} ${failure.details}`.trimEnd() });
  if (item.fix) after.push({ text: `fix: ${item.fix}` });
  return { before, after };
}

/** An adopted UI original: what becomes of it once its replacement exists, or why it is left alone. */
function adoptionLines(adoption: Adoption, locate: Locate, options: TextOptions, paint: (code: number, text: string) => string): string[] {
  const where = at(adoption.file, adoption.span, locate);
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

/** The JSON plan (version 1): see docs/cli.md, "Plan JSON". Secrets are never included. */
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
          stored: (item.notes ?? []).map((n) => ({ field: n.field, value: reportedStoredValue(n.field, n.stored), note: n.note })),
          errors: (item.errors ?? []).map((e) => ({ code: e.code, message: e.message, ...locate(item.file!, e.span) })),
          ...(item.fix ? { fix: item.fix } : {}),
          withheld: !!item.withheld,
        })),
        blockers: blockersJson(plan.blockers, locate),
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

/** A field's value as the plan shows it: secrets masked, bundled journeys elided. */
export function showValue(change: FieldChange, side: 'before' | 'after'): string {
  const value = change[side];
  if (value === undefined) return '(unset)';
  if (change.secret) return '(secret)';
  if (OPAQUE.has(change.field)) return '(bundled journey)';
  return JSON.stringify(value);
}
