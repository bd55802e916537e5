// Settings per resource, from whatever the client supports: `workspace/configuration` (pulled
// per file and cached until the client says they changed), else `initializationOptions` and
// `workspace/didChangeConfiguration` payloads, else defaults.

import { Connection } from 'vscode-languageserver/node';
import { DEFAULT_SETTINGS, SETTINGS_SECTION, Settings, normaliseSettings } from '../protocol/settings';

export class SettingsStore {
  private readonly perResource = new Map<string, Promise<Settings>>();
  private pushed: Settings;

  constructor(
    private readonly connection: Connection,
    private readonly pull: boolean,
    initializationOptions: unknown,
  ) {
    this.pushed = fromPayload(initializationOptions) ?? DEFAULT_SETTINGS;
  }

  get(uri: string): Promise<Settings> {
    if (!this.pull) return Promise.resolve(this.pushed);
    let settings = this.perResource.get(uri);
    if (!settings) {
      settings = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })
        .then((raw) => normaliseSettings(raw ?? this.pushed))
        .catch(() => this.pushed);
      this.perResource.set(uri, settings);
    }
    return settings;
  }

  /** A `workspace/didChangeConfiguration`: forget pulled values; keep pushed ones if any. */
  changed(payload: unknown): void {
    this.perResource.clear();
    this.pushed = fromPayload(payload) ?? this.pushed;
  }

  forget(uri: string): void {
    this.perResource.delete(uri);
  }
}

/** Accepts `{syntheticsGitops: {...}}`, `{settings: {syntheticsGitops: {...}}}` or the settings themselves. */
function fromPayload(payload: unknown): Settings | undefined {
  if (!payload || typeof payload !== 'object') return undefined;
  const p = payload as Record<string, unknown>;
  const inner = (p.settings as Record<string, unknown> | undefined)?.[SETTINGS_SECTION] ?? p[SETTINGS_SECTION] ?? p;
  return inner && typeof inner === 'object' && Object.keys(inner).length ? normaliseSettings(inner) : undefined;
}
