// `synthetics-gitops import`: its flags, then Kibana's monitors into files of ours (gitops/import.ts)
// with a summary of what needs doing before a push, and a loud warning when secrets were written.

import * as path from 'node:path';
import { MONITOR_TYPES } from '../core/schema/schemas';
import { FilesExistError, Origin, importFromKibana, importSummary, writeImport } from '../gitops/import';
import { UsageError, parse, requestTimeoutMs } from './args';
import { Io } from './kibanaCommands';

export async function runImportCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, {
    out: { type: 'string' },
    format: { type: 'string', default: 'configmap' },
    project: { type: 'string' },
    origin: { type: 'string' },
    query: { type: 'string' },
    tags: { type: 'string' },
    type: { type: 'string' },
    location: { type: 'string' },
    'config-id': { type: 'string', multiple: true },
    journeys: { type: 'string' },
    'include-secrets': { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    'kibana-url': { type: 'string' },
    space: { type: 'string' },
    'request-timeout': { type: 'string' },
    'allow-insecure-http': { type: 'boolean', default: false },
  });
  if (positionals.length) throw new UsageError(`import takes no paths (${positionals.join(' ')}): name the folder to write with --out`);
  const text = (flag: string) => (typeof values[flag] === 'string' ? (values[flag] as string) : undefined);
  const list = (flag: string) => text(flag)?.split(',').map((s) => s.trim()).filter(Boolean);
  const out = text('out');
  if (!out) throw new UsageError('import needs --out DIR, the folder to write the monitors into');
  const format = text('format');
  if (format !== 'configmap' && format !== 'heartbeat') throw new UsageError(`--format must be configmap or heartbeat, not "${format}"`);
  const origin = text('origin');
  if (origin !== undefined && !['project', 'ui', 'all'].includes(origin)) throw new UsageError(`--origin must be project, ui or all, not "${origin}"`);
  const types = list('type');
  const unknown = types?.find((t) => !(MONITOR_TYPES as readonly string[]).includes(t));
  if (unknown) throw new UsageError(`--type takes ${MONITOR_TYPES.join(', ')}, not "${unknown}"`);
  const includeSecrets = values['include-secrets'] === true;

  const result = await importFromKibana({
    env: io.env,
    kibana: { url: text('kibana-url'), space: text('space'), allowInsecureHttp: values['allow-insecure-http'] === true },
    timeoutMs: requestTimeoutMs(text('request-timeout')),
    project: text('project') ?? (io.env.SYNTHETICS_PROJECT || undefined),
    origin: origin as Origin | undefined,
    filter: { query: text('query'), tags: list('tags'), monitorTypes: types, locations: list('location'), configIds: values['config-id'] as string[] | undefined },
    format,
    includeSecrets,
    journeys: text('journeys') !== undefined,
  });
  const outDir = path.resolve(io.cwd, out);
  const journeysDir = text('journeys') === undefined ? outDir : path.resolve(io.cwd, text('journeys')!);
  await writeImport([{ dir: outDir, files: result.files }, { dir: journeysDir, files: result.journeys }], values.force === true).catch((error: unknown) => {
    throw error instanceof FilesExistError ? new FilesExistError(error.existing, error.existing.map((f) => path.relative(io.cwd, f)), ', or pass --force to overwrite them') : error;
  });
  const shown = (dir: string, file: string) => path.relative(io.cwd, path.join(dir, file)) || '.';
  io.out(importSummary(result, { out: shown(outDir, ''), files: [...result.files.map((f) => shown(outDir, f.path)), ...result.journeys.map((f) => shown(journeysDir, f.path))] }));
  const plain = result.monitors.flatMap((m) => m.plainSecrets.map((p) => `${m.id}: ${p}`));
  if (includeSecrets && plain.length) {
    io.err(
      `WARNING: --include-secrets wrote ${plain.length} secret value(s) in plain text into ${shown(outDir, '')} (${plain.join(', ')}). ` +
        'Keep these files out of git, or move the values into Kibana global parameters and import again without --include-secrets.\n',
    );
  }
  return 0;
}
