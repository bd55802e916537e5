// `synthetics-gitops import`: Kibana's monitors into files of ours (gitops/import.ts), and a summary
// of what needs doing before a push: the global parameters to create for the secrets left out,
// what cannot come along, and what adopting the UI-made ones means.

import * as path from 'node:path';
import { ImportedMonitor } from '../core/kibana/importMonitor';
import { showValue } from '../core/kibana/renderPlan';
import { MONITOR_TYPES } from '../core/schema/schemas';
import { ImportResult, Origin, importFromKibana, writeImport } from '../gitops/import';
import { UsageError, parse } from './args';
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
    kibana: { url: text('kibana-url'), space: text('space') },
    project: text('project') ?? (io.env.SYNTHETICS_PROJECT || undefined),
    origin: origin as Origin | undefined,
    filter: { query: text('query'), tags: list('tags'), monitorTypes: types, locations: list('location'), configIds: values['config-id'] as string[] | undefined },
    format,
    includeSecrets,
    journeys: text('journeys') !== undefined,
  });
  const outDir = path.resolve(io.cwd, out);
  const journeysDir = text('journeys') === undefined ? outDir : path.resolve(io.cwd, text('journeys')!);
  await writeImport([{ dir: outDir, files: result.files }, { dir: journeysDir, files: result.journeys }], values.force === true);
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

/** What was written, and what needs doing before a push. */
export function importSummary(result: ImportResult, where: { out: string; files: string[] }): string {
  const { kibana, project, monitors } = result;
  const lines = [
    `Imported ${monitors.length} monitor(s) from Kibana ${kibana.version} (${kibana.url}, space "${kibana.space}"${project ? `, project "${project}"` : ''}) into ${where.out}:`,
    ...where.files.map((f) => `  ${f}`),
  ];
  const section = (title: string, rows: string[]) => {
    if (rows.length) lines.push('', title, ...rows.map((r) => `  ${r}`));
  };
  section(
    'Secrets left out: create these Kibana global parameters (Synthetics → Settings → Global parameters) with their values before pushing:',
    monitors.flatMap((m) => [
      ...m.placeholders.map((p) => `${p.param}  (${m.id}: ${p.path})`),
      ...(m.omittedParams.length ? [`${m.omittedParams.join(', ')}  (${m.id}: params, left out of its config under the same names)`] : []),
    ]),
  );
  section('Cannot be carried into a project monitor (the plan shows these fields changing):', monitors.flatMap(lostRows));
  section('Kibana would refuse these as project monitors (fix them before pushing):', monitors.filter((m) => m.refused).map((m) => `${m.id}: ${m.refused}`));
  section('Skipped (no file format holds them):', result.skipped.map((s) => `"${s.name}" (${s.configId}): ${s.reason}`));
  const ui = monitors.filter((m) => m.origin === 'ui');
  if (ui.length) {
    lines.push(
      '',
      `${ui.length} monitor(s) were made in Kibana's UI: pushed, each becomes a project monitor beside its original; \`push --adopt\` then deletes the original once its replacement exists (\`adopts\` names it). Kibana keeps results per monitor, so the history starts anew: see "Import" in the README.`,
    );
  }
  lines.push('', `Next: synthetics-gitops validate ${where.out} && synthetics-gitops plan ${where.out}`);
  return lines.join('\n') + '\n';
}

function lostRows(m: ImportedMonitor): string[] {
  return m.lost.map((change) => {
    const hint = change.field === 'params' && m.type !== 'browser' ? ' (lightweight monitors take params from Kibana global parameters)' : '';
    return `${m.id}: ${change.field}: ${showValue(change, 'before')} → ${showValue(change, 'after')}${hint}`;
  });
}
