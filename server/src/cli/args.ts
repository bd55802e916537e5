// Command-line arguments of `synthetics-gitops`, parsed with Node's own parseArgs.

import { parseArgs } from 'node:util';
import { DEFAULT_SETTINGS, Settings } from '../protocol/settings';

export type OutputFormat = 'text' | 'json' | 'sarif';

export interface ValidateOptions {
  paths: string[];
  format: OutputFormat;
  settings: Settings;
}

export class UsageError extends Error {}

export const USAGE = `Usage: synthetics-gitops validate [paths...] [options]

Validates Elastic Synthetics monitors kept as code: Kubernetes ConfigMaps that embed
heartbeat YAML or browser-monitor JSON, heartbeat.monitors files, monitors.d lists and
browser-monitor JSON files. Directories are walked (node_modules and .git skipped).

Options:
  --format text|json|sarif     output format (default: text)
  --target kibana|heartbeat    who reads the monitors (default: kibana); a ConfigMap
                               annotation synthetics-gitops/target overrides it
  --private-locations A,B      exact labels of the private locations defined in Kibana
  --locations A,B              extra Elastic-managed location ids accepted
  --browser-globs G,H          globs of standalone browser-monitor JSON files
  -h, --help                   show this help
  -v, --version                show the version

Exit status: 0 no errors, 1 errors found, 2 usage or I/O error.`;

function list(value: string | undefined, fallback: string[]): string[] {
  return value === undefined ? fallback : value.split(',').map((s) => s.trim()).filter(Boolean);
}

export function parseValidateArgs(argv: string[]): ValidateOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        target: { type: 'string', default: DEFAULT_SETTINGS.target },
        'private-locations': { type: 'string' },
        locations: { type: 'string' },
        'browser-globs': { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (!['text', 'json', 'sarif'].includes(values.format!)) throw new UsageError(`--format must be text, json or sarif, not "${values.format}"`);
  if (values.target !== 'kibana' && values.target !== 'heartbeat') throw new UsageError(`--target must be kibana or heartbeat, not "${values.target}"`);
  return {
    paths: positionals.length ? positionals : ['.'],
    format: values.format as OutputFormat,
    settings: {
      target: values.target,
      privateLocations: list(values['private-locations'], DEFAULT_SETTINGS.privateLocations),
      locations: list(values.locations, DEFAULT_SETTINGS.locations),
      browserConfigGlobs: list(values['browser-globs'], DEFAULT_SETTINGS.browserConfigGlobs),
    },
  };
}
