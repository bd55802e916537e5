// How plans, pushes and Kibana targets read in the editor: labels, messages and input checks.
// No `vscode` import, so this stays testable outside VS Code.

import type { PlanBlocker, PlanMonitor, PushFailure, PushRequest } from '../../../server/src/protocol/messages';

/** Actions a push carries out (or refuses), in the order the summary lists them. */
const SHOWN: readonly PlanMonitor['action'][] = ['create', 'update', 'replace', 'delete', 'invalid'];

const ICON: Record<PlanMonitor['action'], string> = {
  create: '$(diff-added)',
  update: '$(diff-modified)',
  replace: '$(diff-renamed)',
  delete: '$(diff-removed)',
  invalid: '$(error)',
  unchanged: '$(circle-outline)',
};

export interface SummaryEntry {
  label: string;
  description: string;
  detail: string;
  monitor: PlanMonitor;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One entry per monitor a push would change, creates first. */
export function summaryEntries(monitors: PlanMonitor[]): SummaryEntry[] {
  return SHOWN.flatMap((action) =>
    monitors
      .filter((m) => m.action === action)
      .map((m) => ({
        label: `${ICON[m.action]} ${m.id || '(no id)'}`,
        description: `${m.name ?? ''} (${m.type ?? '?'})`,
        detail: [changeText(m), m.editedOutsideGit ? '$(warning) edited outside git' : undefined].filter(Boolean).join(' · '),
        monitor: m,
      })),
  );
}

function changeText(m: PlanMonitor): string {
  if (m.action === 'create') return `create · ${plural(m.fields, 'field')}`;
  if (m.action === 'update') return `update · ${plural(m.fields, 'field')} changed`;
  if (m.action === 'replace') return `replace · deleted, then created anew${m.withheld ? ' · withheld: an input cannot be read' : ''}`;
  if (m.action === 'delete') return `delete · no longer in git${m.withheld ? ' · withheld: an input cannot be read' : ''}`;
  return m.errors.length ? `not pushed: ${refusal(m)}` : `Kibana would refuse it: ${refusal(m)}`;
}

/** Why an invalid monitor is not pushed: our errors, or why Kibana would refuse it, and the fix if there is one. */
export function refusal(m: PlanMonitor): string {
  const reasons = [...m.errors.map((e) => `line ${e.line + 1}: ${e.code}: ${e.message}`), ...m.failures.map((f) => `${f.reason} ${f.details}`.trim())];
  return reasons.join('; ') + (m.fix ? ` Fix: ${m.fix}` : '');
}

/** Where deletes are held back, for a message: the first input that cannot be read, and how many more. */
export function blockerText(blockers: PlanBlocker[], display: (uri: string) => string): string {
  if (!blockers.length) return '';
  const [first] = blockers;
  return `${display(first.uri)}:${first.line + 1} (${first.reason})${blockers.length > 1 ? ` and ${blockers.length - 1} more` : ''}`;
}

/**
 * The monitor a Preview argument names: by id, or by place, as a lens gives it (the plan's line of
 * the monitor lies within the lines of its outline symbol). `sameUri` compares two URIs.
 */
export function findMonitor(
  monitors: PlanMonitor[],
  wanted: { id: string } | { uri: string; line: number; endLine: number },
  sameUri: (a: string, b: string) => boolean,
): PlanMonitor | undefined {
  if ('id' in wanted) return monitors.find((m) => m.id === wanted.id);
  return monitors.find((m) => m.uri !== undefined && m.line !== undefined && sameUri(m.uri, wanted.uri) && m.line >= wanted.line && m.line <= wanted.endLine);
}

/** "2 to create, 1 to update, 0 to delete", as the CLI's plan ends. */
export function planCounts(monitors: PlanMonitor[]): string {
  const count = (action: PlanMonitor['action']) => monitors.filter((m) => m.action === action).length;
  const invalid = count('invalid');
  return `${count('create')} to create, ${count('update')} to update, ${count('delete')} to delete${invalid ? `, ${invalid} invalid` : ''}`;
}

/** The deletes a push with prune carries out: those not withheld. */
export function deletesOf(monitors: PlanMonitor[]): PlanMonitor[] {
  return monitors.filter((m) => m.action === 'delete' && !m.withheld);
}

/** Whether a push would do anything at all. */
export function hasChanges(monitors: PlanMonitor[]): boolean {
  return monitors.some((m) => m.action !== 'unchanged');
}

/** The modal's text, naming each monitor a push with prune would delete. */
export function deleteConfirmation(deletes: PlanMonitor[], target: string): { message: string; detail: string; deleteLabel: string; keepLabel: string } {
  return {
    message: `${plural(deletes.length, 'monitor')} of ${target || 'this project'} ${deletes.length === 1 ? 'is' : 'are'} no longer in git. Delete ${deletes.length === 1 ? 'it' : 'them'} from Kibana?`,
    detail: deletes.map((m) => `• ${m.id}  "${m.name ?? ''}" (${m.type ?? '?'})${m.editedOutsideGit ? ' — edited outside git' : ''}`).join('\n'),
    deleteLabel: `Delete ${plural(deletes.length, 'monitor')} and push`,
    keepLabel: 'Push without deleting',
  };
}

export function pushSummary(result: PushRequest.Result, display: (uri: string) => string): string {
  const parts = [`${result.created.length} created`, `${result.updated.length} updated`, `${result.deleted.length} deleted`];
  if (result.failed.length) parts.push(`${result.failed.length} failed`);
  const withheld = result.withheld.length ? ` ${plural(result.withheld.length, 'delete')} withheld while ${blockerText(result.blockers, display)} cannot be read.` : '';
  return `Pushed to Kibana: ${parts.join(', ')}.${result.deletesSkipped ? ' Deletes skipped until every monitor is accepted.' : ''}${withheld}`;
}

/** `file:line: id: reason details`, with `display` turning a URI into a path. */
export function failureLine(failure: PushFailure, display: (uri: string) => string): string {
  const where = failure.uri ? `${display(failure.uri)}:${(failure.line ?? 0) + 1}: ` : '';
  return `${where}${failure.id ?? 'a monitor'}: ${failure.reason}${failure.details ? ` ${failure.details}` : ''}`;
}

/** Kibana's URL: http(s), without credentials (they belong in the API key). Empty is fine: the environment decides. */
export function checkUrl(value: string): string | undefined {
  const text = value.trim();
  if (!text) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'Not a URL: write it as https://kibana.example.com:5601';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Kibana is reached over http or https';
  if (url.username || url.password) return 'No credentials in the URL: run "Set Kibana API Key" instead';
  if (url.search || url.hash) return 'No query or fragment: only the base URL (and base path, if any)';
  return undefined;
}

/** A Kibana space id: lower-case letters, digits, `_` and `-`. Empty: `default`. */
export function checkSpace(value: string): string | undefined {
  return /^[a-z0-9_-]*$/.test(value.trim()) ? undefined : 'A space id has only lower-case letters, digits, "_" and "-"';
}

/** A project id: no spaces or slashes (it is part of Kibana's URLs). */
export function checkProject(value: string): string | undefined {
  return /^[^\s/]*$/.test(value.trim()) ? undefined : 'A project id has no spaces or slashes';
}
