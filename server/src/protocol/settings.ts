// Settings shared by the server, the CLI and the extension. The extension's
// `contributes.configuration` is generated from SETTINGS (a test fails on drift).

/** Who reads a monitor: Kibana's project monitor API, or a standalone Heartbeat's monitors.d. */
export type Target = 'kibana' | 'heartbeat';

export interface Settings {
  /** Default target of every monitor; a ConfigMap may override it with the TARGET_ANNOTATION. */
  target: Target;
  /** Elastic-managed location ids or aliases accepted besides the built-in list. */
  locations: string[];
  /** Exact labels of the private locations defined in Kibana. Empty: private locations are not checked. */
  privateLocations: string[];
  /** Globs (relative to the workspace folder) of standalone browser-monitor JSON files. */
  browserConfigGlobs: string[];
}

/** ConfigMap annotation that sets the target of the monitors in that ConfigMap. */
export const TARGET_ANNOTATION = 'synthetics-gitops/target';

/** Prefix of every setting, in VS Code and in `workspace/configuration` requests. */
export const SETTINGS_SECTION = 'syntheticsGitops';

interface SettingSpec {
  type: 'string' | 'array' | 'boolean';
  default: unknown;
  description: string;
  enum?: string[];
  enumDescriptions?: string[];
  items?: { type: 'string' };
}

/** Every setting with its default and description: the single source of the settings schema. */
export const SETTINGS: { [K in keyof Settings]: SettingSpec } = {
  target: {
    type: 'string',
    default: 'kibana',
    enum: ['kibana', 'heartbeat'],
    enumDescriptions: [
      'Monitors are pushed to Kibana as project monitors (Fleet-managed and private locations): Kibana-only rules apply.',
      'Monitors are read by a standalone Heartbeat from a monitors.d folder: Heartbeat options such as processors and cron schedules are valid.',
    ],
    description: `Who reads the monitors. A ConfigMap overrides it with the annotation \`${TARGET_ANNOTATION}: kibana|heartbeat\`.`,
  },
  locations: {
    type: 'array',
    items: { type: 'string' },
    default: [],
    description: 'Elastic-managed location ids or aliases accepted in `locations`, besides the built-in list.',
  },
  privateLocations: {
    type: 'array',
    items: { type: 'string' },
    default: [],
    description: 'Exact labels of the private locations defined in Kibana (for example `synthetic-monitor-default`). When empty, `private_locations` entries are not checked.',
  },
  browserConfigGlobs: {
    type: 'array',
    items: { type: 'string' },
    default: ['**/browser-journeys/**/*.json', '**/browser-monitors/**/*.json'],
    description: 'Globs, relative to the workspace folder, of standalone browser-monitor JSON files to validate.',
  },
};

export const DEFAULT_SETTINGS = Object.fromEntries(
  Object.entries(SETTINGS).map(([key, spec]) => [key, spec.default]),
) as unknown as Settings;

/** Reads settings from any client-provided object, keeping defaults for missing or ill-typed values. */
export function normaliseSettings(raw: unknown): Settings {
  const input = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const strings = (v: unknown, fallback: string[]) =>
    Array.isArray(v) && v.every((s) => typeof s === 'string') ? [...v] : [...fallback];
  return {
    target: input.target === 'heartbeat' || input.target === 'kibana' ? input.target : DEFAULT_SETTINGS.target,
    locations: strings(input.locations, DEFAULT_SETTINGS.locations),
    privateLocations: strings(input.privateLocations, DEFAULT_SETTINGS.privateLocations),
    browserConfigGlobs: strings(input.browserConfigGlobs, DEFAULT_SETTINGS.browserConfigGlobs),
  };
}
