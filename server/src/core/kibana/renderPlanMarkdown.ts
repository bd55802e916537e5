// Renders a plan as GitHub-flavoured Markdown for a pull-request comment: a summary line, then one
// collapsible section per monitor that changes — deletions (and replacements) first and marked, then
// what Kibana would refuse, updates and creations — with secrets masked, and the inputs that withhold
// deletes. A comment holds at most 65,536 characters,
// so when the whole plan does not fit, the monitors that do not are listed one line each, then only
// counted, and the comment says how to see the rest.

import { pendingAdoptions } from './adopt';
import { FieldChange, Plan, PlanItem } from './plan';
import { ItemNote, Locate, at, itemNotes, showValue } from './renderPlan';

/** GitHub's limit on a comment's body, less room for what a bot adds around the plan. */
export const COMMENT_LIMIT = 65_536;
const BUDGET = COMMENT_LIMIT - 2_048;

const ORDER: PlanItem['action'][] = ['delete', 'replace', 'invalid', 'update', 'create'];
const HEADING: Record<PlanItem['action'], string> = {
  delete: '🗑️ delete',
  replace: '♻️ replace',
  invalid: '⛔ refused by Kibana',
  update: '✏️ update',
  create: '➕ create',
  unchanged: 'unchanged',
};

export interface MarkdownOptions {
  /** Whether deletes will be carried out (`--prune`); otherwise they are shown as kept. */
  prune: boolean;
  /** Characters the result may take (default: a GitHub comment's, less a margin). */
  budget?: number;
}

export function renderPlanMarkdown(plan: Plan, locate: Locate, options: MarkdownOptions): string {
  const budget = options.budget ?? BUDGET;
  const s = plan.summary;
  const head = [
    `### Synthetics plan: ${s.create} to create, ${s.update} to update, ${s.replace ? `${s.replace} to replace, ` : ''}${s.delete} to delete${s.withheld ? ' (withheld)' : options.prune || !s.delete ? '' : ' (kept: no `--prune`)'}, ${s.unchanged} unchanged` +
      (s.invalid ? `, ${s.invalid} refused` : '') +
      (s.editedOutsideGit ? `; ${s.editedOutsideGit} edited outside git` : ''),
    '',
    `Kibana ${plan.kibanaVersion} · space \`${plan.space}\` · project \`${plan.project}\``,
    '',
  ];
  if (s.withheld) {
    const blockers = plan.blockers.map((b) => `> - <code>${html(at(b.file, b.span, locate))}</code>: ${html(b.reason)}`);
    head.push(`> [!CAUTION]\n> Deletes withheld: ${s.withheld} monitor(s) stay in Kibana while these inputs cannot be read (they may hold monitors still in git):\n${blockers.join('\n')}`, '');
  } else if ((s.delete || s.replace) && options.prune) {
    head.push(`> [!WARNING]\n> ${s.delete + s.replace} monitor(s) will be **deleted** from Kibana, with their history of results${s.replace ? ` (${s.replace} then created anew)` : ''}.`, '');
  }
  const adopted = adoptions(plan, locate);
  head.push(...adopted);
  const items = ORDER.flatMap((action) => plan.items.filter((i) => i.action === action));
  if (!items.length) return [...head, ...(adopted.length ? [] : ['No changes: Kibana matches git.', ''])].join('\n');

  const out = [...head];
  // Room kept for the closing lines of a summarised plan (their counts take a few digits more).
  const reserve = tail(items.length, items.length).join('\n').length + 16;
  let used = out.join('\n').length;
  const short: string[] = [];
  let left = items.length;
  for (const item of items) {
    const block = short.length ? undefined : section(item, locate, options.prune);
    if (block && used + block.length + 1 + reserve <= budget) {
      out.push(block);
      used += block.length + 1;
    } else {
      const line = `- ${title(item, locate, options.prune)}`;
      if (used + line.length + 1 + reserve > budget) break;
      short.push(line);
      used += line.length + 1;
    }
    left--;
  }
  if (short.length || left) {
    const [open, ...close] = tail(short.length + left, left);
    out.push(open, '', ...short, ...close);
  }
  return out.join('\n');
}

/** UI-made monitors adopted by monitors of git: each deleted by `push --adopt` once its replacement exists, or refused. */
function adoptions(plan: Plan, locate: Locate): string[] {
  const listed = (plan.adoptions ?? []).filter((a) => a.original || a.refused);
  if (!listed.length) return [];
  const pending = pendingAdoptions(listed).length;
  const lines = pending ? [`> [!WARNING]\n> ${pending} monitor(s) made in Kibana's UI are adopted: \`push --adopt\` **deletes** each once its replacement exists, with its history of results.`, ''] : [];
  for (const a of listed) {
    const where = `<code>${html(`${a.file}:${locate(a.file, a.span).line}`)}</code>`;
    const original = a.original ? ` ${html(JSON.stringify(a.original.name))} (${html(a.original.type)})` : '';
    lines.push(a.refused ? `- ⛔ adopt <code>${html(a.configId)}</code>${original}: refused, ${html(a.refused)} — ${where}` : `- 🗑️ adopt <code>${html(a.configId)}</code>${original}: replaced by <code>${html(a.id)}</code> — ${where}`);
  }
  return [...lines, ''];
}

/** The lines around the monitors listed without their fields: `more` of them, `left` only counted. */
function tail(more: number, left: number): string[] {
  return [
    `<details><summary>${more} more monitor(s), without their fields (the plan is longer than a comment can hold)</summary>`,
    ...(left ? [`- … and ${left} more`] : []),
    '',
    '</details>',
    '',
    'Run `synthetics-gitops plan` (or `plan --format json`) for the whole plan.',
    '',
  ];
}

function title(item: PlanItem, locate: Locate, prune: boolean): string {
  const label = item.withheld ? `${HEADING[item.action]} (withheld)` : item.action === 'delete' && !prune ? '🗑️ delete (kept: no <code>--prune</code>)' : HEADING[item.action];
  const where = item.file && item.span ? ` — <code>${html(`${item.file}:${locate(item.file, item.span).line}`)}</code>` : '';
  return `${label} <code>${html(item.id)}</code> ${html(JSON.stringify(item.name ?? ''))} (${html(item.type ?? '?')})${where}`;
}

function section(item: PlanItem, locate: Locate, prune: boolean): string {
  const notes = itemNotes(item, locate);
  // In a diff block, `!` lines stand out: warnings and refusals (those the terminal colours yellow or magenta).
  const line = (note: ItemNote) => (note.colour === 33 || note.colour === 35 ? (note.text.startsWith('!') ? note.text : `! ${note.text}`) : `  ${note.text}`);
  const lines = notes.before.map(line);
  // As in the text plan, a creation lists no fields: every one of Kibana's defaults would be one.
  if (item.action !== 'replace' && item.action !== 'create') for (const change of item.changes) lines.push(...changeLines(change));
  lines.push(...notes.after.map(line));
  const body = lines.length ? ['', fenced('diff', lines.join('\n')), ''] : [''];
  return [`<details><summary>${title(item, locate, prune)}</summary>`, ...body, '</details>', ''].join('\n');
}

function changeLines(change: FieldChange): string[] {
  const lines: string[] = [];
  if (change.before !== undefined) lines.push(`- ${change.field}: ${showValue(change, 'before')}`);
  if (change.after !== undefined) lines.push(`+ ${change.field}: ${showValue(change, 'after')}`);
  return lines;
}

/** A fenced block whose fence is longer than any run of backticks inside. */
function fenced(language: string, text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
