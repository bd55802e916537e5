// Settings shared by the server, the CLI and the extension. The extension's
// `contributes.configuration` is generated from SETTINGS (a test fails on drift).

import { parseKibanaVersion } from './kibanaVersion';

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
  // The editor's Kibana target. Optional, because only the editor's plan and push read them (the
  // CLI takes flags); normaliseSettings always sets them. Empty or absent: the environment or the
  // sync configuration decides, as for the CLI.
  /** Kibana's URL for plan and push. */
  'kibana.url'?: string;
  /** Kibana space. */
  'kibana.space'?: string;
  /** Project id of the monitors. */
  'kibana.project'?: string;
  /** Kibana version to validate against where its rules changed (core/kibana/versions.ts); empty: the sync configuration's, else the newest modelled. */
  'kibana.version'?: string;
  // Running journeys locally (the editor; the CLI takes flags). Optional, as the Kibana ones.
  /** Chromium to run journeys with; empty: discovered (CHROME_PATH, /usr/bin/chromium, …). */
  'journeys.chromiumPath'?: string;
  /** Params for local runs, merged over synthetics.config.ts's: an object, or its JSON text. */
  'journeys.params'?: Record<string, unknown> | string;
  /** Show the browser window in local runs, where a display exists. */
  'journeys.headed'?: boolean;
}

/** ConfigMap annotation that sets the target of the monitors in that ConfigMap. */
export const TARGET_ANNOTATION = 'synthetics-gitops/target';

/** Prefix of every setting, in VS Code and in `workspace/configuration` requests. */
export const SETTINGS_SECTION = 'syntheticsGitops';

interface SettingSpec {
  type: 'string' | 'array' | 'boolean' | ['object', 'string'];
  default: unknown;
  description: string;
  pattern?: string;
  enum?: string[];
  enumDescriptions?: string[];
  items?: { type: 'string' };
}

/** Every setting with its default and description: the single source of the settings schema. */
export const SETTINGS: { [K in keyof Settings]-?: SettingSpec } = {
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
  'kibana.url': {
    type: 'string',
    default: '',
    description:
      'Kibana\'s URL (with its base path, if any) for *Preview Kibana Diff* and *Push Monitors to Kibana*. When empty: the environment variable `KIBANA_URL`, else `kibana.url` of the sync configuration in the folder. The API key is not a setting: run *Set Kibana API Key*. A URL from the workspace (its settings or sync configuration) gets the key only once you confirm its host.',
  },
  'kibana.space': {
    type: 'string',
    default: '',
    description: 'Kibana space of the monitors. When empty: `KIBANA_SPACE`, else the sync configuration\'s `kibana.space`, else `default`.',
  },
  'kibana.project': {
    type: 'string',
    default: '',
    description: 'Project id of the monitors in Kibana. When empty: `SYNTHETICS_PROJECT`, else the sync configuration\'s `monitors.project_id`.',
  },
  'kibana.version': {
    type: 'string',
    default: '',
    pattern: '^$|^\\d+\\.\\d+(\\.\\d+)?(-[0-9A-Za-z.-]+)?$',
    description:
      'Kibana version the monitors are checked against where Kibana\'s rules changed between versions (for example `8.15.0`; see the version matrix in docs/kibana-versions.md). When empty: the sync configuration\'s `kibana.version`, else the newest version modelled. *Preview Kibana Diff* and *Push Monitors to Kibana* use the live Kibana\'s version.',
  },
  'journeys.chromiumPath': {
    type: 'string',
    default: '',
    description: 'Chromium that *Run Journey* and the Test Explorer run journeys in. When empty: `CHROME_PATH`, else the first of `/usr/bin/chromium`, `/usr/bin/chromium-browser`, `/usr/bin/google-chrome`.',
  },
  'journeys.params': {
    type: ['object', 'string'],
    default: {},
    description: 'Params for local journey runs (an object, or its JSON text), merged over the `params` of the project\'s `synthetics.config.ts`. *Run with Params…* asks for a run\'s own.',
  },
  'journeys.headed': {
    type: 'boolean',
    default: false,
    description: 'Show the browser window when running journeys locally (only where a display exists: `DISPLAY` is set); otherwise Chromium runs headless.',
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
  // VS Code's middleware sends dotted keys; other editors send `kibana: {url, …}` as nested objects.
  const kibana = (input.kibana && typeof input.kibana === 'object' ? input.kibana : {}) as Record<string, unknown>;
  const text = (key: 'url' | 'space' | 'project' | 'version') => {
    const value = input[`kibana.${key}`] ?? kibana[key];
    return typeof value === 'string' ? value.trim() : '';
  };
  return {
    target: input.target === 'heartbeat' || input.target === 'kibana' ? input.target : DEFAULT_SETTINGS.target,
    locations: strings(input.locations, DEFAULT_SETTINGS.locations),
    privateLocations: strings(input.privateLocations, DEFAULT_SETTINGS.privateLocations),
    browserConfigGlobs: strings(input.browserConfigGlobs, DEFAULT_SETTINGS.browserConfigGlobs),
    'kibana.url': text('url'),
    'kibana.space': text('space'),
    'kibana.project': text('project'),
    'kibana.version': parseKibanaVersion(text('version')) ? text('version') : '',
    'journeys.chromiumPath': typeof input['journeys.chromiumPath'] === 'string' ? input['journeys.chromiumPath'].trim() : '',
    'journeys.params': journeyParams(input['journeys.params']),
    'journeys.headed': input['journeys.headed'] === true,
  };
}

/** The params setting as an object or JSON text; anything else (an array, a number) is left out. */
function journeyParams(value: unknown): Record<string, unknown> | string {
  if (typeof value === 'string') return value;
  return value && typeof value === 'object' && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
}
