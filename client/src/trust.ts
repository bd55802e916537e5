// Workspace trust. In Restricted Mode validation still runs, but nothing loads or runs code from
// the workspace (journeys, the project's esbuild) and the Kibana API key is neither read nor sent
// where the workspace's files point. Commands that would say so and offer to manage trust.

import { Disposable, commands, window, workspace } from 'vscode';
import { RESTRICTED_ENV } from '../../server/src/protocol/trust';

/** True when trusted; otherwise explains why `what` is off and offers VS Code's trust editor. */
export async function whenTrusted(what: string): Promise<boolean> {
  if (workspace.isTrusted) return true;
  const choice = await window.showWarningMessage(
    `Synthetics GitOps: ${what} is off in Restricted Mode: it runs code from this workspace or sends your Kibana API key where its files point. ` +
      'Trust the workspace to turn it on; validation works either way.',
    'Manage Workspace Trust',
  );
  if (choice) await commands.executeCommand('workbench.trust.manage');
  return false;
}

/** The language server's environment: in Restricted Mode it loads no module from the workspace. */
export function serverEnv(): NodeJS.ProcessEnv {
  return workspace.isTrusted ? process.env : { ...process.env, [RESTRICTED_ENV]: '1' };
}

/** Runs `granted` once the workspace becomes trusted (VS Code never takes trust back without a reload). */
export function onTrusted(granted: () => unknown): Disposable {
  return workspace.onDidGrantWorkspaceTrust(() => void granted());
}
