// Select Kibana Target: URL, space and project in three input boxes, each checked as typed,
// written to the folder's settings (syntheticsGitops.kibana.*). An argument skips the boxes.

import { ConfigurationTarget, WorkspaceFolder, window, workspace } from 'vscode';
import { SETTINGS_SECTION } from '../../../server/src/protocol/settings';
import { checkProject, checkSpace, checkUrl } from './present';

export interface KibanaTarget {
  url: string;
  space: string;
  project: string;
}

const FIELDS: { key: keyof KibanaTarget; prompt: string; placeHolder: string; check: (value: string) => string | undefined }[] = [
  { key: 'url', prompt: "Kibana's URL, with its base path if any (empty: KIBANA_URL or the sync configuration's)", placeHolder: 'https://kibana.example.com:5601', check: checkUrl },
  { key: 'space', prompt: 'Kibana space of the monitors (empty: default)', placeHolder: 'default', check: checkSpace },
  { key: 'project', prompt: "Project id of the monitors (empty: SYNTHETICS_PROJECT or the sync configuration's)", placeHolder: 'synthetics-gitops', check: checkProject },
];

/**
 * Asks for (or takes) the target and saves it; resolves with what was saved, or undefined when cancelled or invalid.
 * `vouch` hears of the URL first: one the user chose needs no confirmation before the key goes there.
 */
export async function selectTarget(folder: WorkspaceFolder, given?: Partial<KibanaTarget>, vouch?: (url: string) => Promise<void>): Promise<KibanaTarget | undefined> {
  const config = workspace.getConfiguration(SETTINGS_SECTION, folder.uri);
  const chosen: Partial<KibanaTarget> = {};
  for (const [index, field] of FIELDS.entries()) {
    let value: string | undefined;
    if (given) {
      value = given[field.key] ?? '';
      const problem = field.check(value);
      if (problem) {
        void window.showErrorMessage(`Synthetics GitOps: ${field.key}: ${problem}`);
        return undefined;
      }
    } else {
      value = await window.showInputBox({
        title: `Select Kibana Target (${index + 1}/${FIELDS.length})`,
        prompt: field.prompt,
        placeHolder: field.placeHolder,
        value: config.get<string>(`kibana.${field.key}`) ?? '',
        ignoreFocusOut: true,
        validateInput: field.check,
      });
      if (value === undefined) return undefined;
    }
    const text = value.trim();
    chosen[field.key] = field.key === 'url' ? text.replace(/\/+$/, '') : text;
  }
  if (chosen.url) await vouch?.(chosen.url);
  // The folder's own settings: with several folders each may push elsewhere (these are resource-scoped).
  const scope = (workspace.workspaceFolders?.length ?? 0) > 1 ? ConfigurationTarget.WorkspaceFolder : ConfigurationTarget.Workspace;
  for (const field of FIELDS) await config.update(`kibana.${field.key}`, chosen[field.key] || undefined, scope);
  return chosen as KibanaTarget;
}
