// Typed view of the extension's settings. Only types come from `vscode`, so this stays testable outside VS Code.

import type { ConfigurationChangeEvent, WorkspaceConfiguration } from 'vscode';
import { SETTINGS, SETTINGS_SECTION, Settings, normaliseSettings } from '../../server/src/protocol/settings';

/**
 * Settings (relative to SETTINGS_SECTION) that a running server cannot take on, so a change offers a restart.
 * Empty: the server re-reads every setting when told of a change, and the client follows `trace.server` itself.
 */
export const RESTART_SETTINGS: readonly string[] = [];

/** Our settings for one scope, with defaults for missing or ill-typed values, exactly as the server reads them. */
export function readSettings(config: Pick<WorkspaceConfiguration, 'get'>): Settings {
  return normaliseSettings(Object.fromEntries(Object.keys(SETTINGS).map((key) => [key, config.get(key)])));
}

export function needsRestart(event: Pick<ConfigurationChangeEvent, 'affectsConfiguration'>): boolean {
  return RESTART_SETTINGS.some((key) => event.affectsConfiguration(`${SETTINGS_SECTION}.${key}`));
}
