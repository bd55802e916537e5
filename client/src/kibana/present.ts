// How plans, pushes and Kibana targets read in the editor: labels, messages and input checks.
// No `vscode` import, so this stays testable outside VS Code.

import type { PlanMonitor, PushFailure, PushRequest } from '../../../server/src/protocol/messages';

/** Actions a push carries out (or refuses), in the order the summary lists them. */
const SHOWN: readonly PlanMonitor['action'][] = ['create', 'update', 'delete', 'invalid'];

const ICON: Record<PlanMonitor['action'], string> = {
  create: '$(diff-added)',
  update: '$(diff-modified)',
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
  if (m.action === 'delete') return 'delete · no longer in git';
  return `Kibana would refuse it: ${refusal(m)}`;
}

/** Why Kibana would refuse an invalid monitor. */
export function refusal(m: PlanMonitor): string {
  return m.failures.map((f) => `${f.reason} ${f.details}`.trim()).join('; ');
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

export function pushSummary(result: PushRequest.Result): string {
  const parts = [`${result.created.length} created`, `${result.updated.length} updated`, `${result.deleted.length} deleted`];
  if (result.failed.length) parts.push(`${result.failed.length} failed`);
  return `Pushed to Kibana: ${parts.join(', ')}.${result.deletesSkipped ? ' Deletes skipped until every monitor is accepted.' : ''}`;
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
