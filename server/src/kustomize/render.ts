// `render`: the monitors of a workspace as a Kustomize base and environment overlays, with the
// agent, the drift watcher, the PostSync push Job and one ArgoCD Application per overlay. The
// result is a map of files (relative to the output folder) so the CLI can write or compare it.

import { stringify } from 'yaml';
import { mapSpan } from '../core/parse/embedded';
import { entryOf, toJS } from '../core/tree';
import { SyntheticsConfigs, generateJourneys, mergeEntry, renderEntryJson } from '../journeys/generate';
import { WorkspaceFile } from '../core';
import {
  Generator,
  MONITOR_CONFIGMAPS,
  RenderSettings,
  SYNC_CONFIG,
  agent,
  application,
  baseKustomization,
  hookJob,
  overlayKustomization,
  syncConfigMap,
  syncConfigText,
  watcher,
} from './manifests';

/** What each environment changes, after the seed: production as written, staging relaxed, development minimal. */
export const ENVIRONMENTS = {
  prod: { environment: 'production', namespace: 'elastic-system', space: undefined, minMinutes: 0, alerts: true },
  staging: { environment: 'staging', namespace: 'synthetics-staging', space: 'staging', minMinutes: 10, alerts: true },
  dev: { environment: 'development', namespace: 'synthetics-dev', space: 'development', minMinutes: 60, alerts: false },
} as const;

export type OverlayName = keyof typeof ENVIRONMENTS;
export const OVERLAYS = Object.keys(ENVIRONMENTS) as OverlayName[];

export interface RenderOptions extends RenderSettings {
  overlays: OverlayName[];
  kibanaUrl: string;
  /** The production space (the base's sync configuration). */
  space: string;
  project: string;
  repoUrl: string;
  /** The output folder relative to the repository's root: where the Applications point. */
  repoPath: string;
  /** Private locations per overlay, replacing the monitors' own. */
  privateLocations: Partial<Record<OverlayName, string[]>>;
}

export class RenderError extends Error {}

interface Monitor {
  id: string;
  type: string;
  value: Record<string, unknown>;
  from: string;
  /** The 1-based line of `from` where the monitor's id is written (or the monitor starts). */
  line: number;
}

/** The monitors to render: Kibana-target heartbeat monitors, browser configs, and journeys (as `generate` writes them). */
export async function collectMonitors(checked: WorkspaceFile[]): Promise<Monitor[]> {
  const byId = new Map<string, Monitor>();
  const add = (m: Monitor, preferred: boolean) => {
    const seen = byId.get(m.id);
    // A journey and the entry generated from it are one monitor: the journey is its source.
    if (seen && !preferred) return;
    byId.set(m.id, m);
  };
  // As generate writes them: with what the journeys' synthetics.config.ts puts on every monitor (push applies it too).
  const configs = new SyntheticsConfigs();
  for (const file of checked) {
    const lineOf = (offset: number) => file.lines.positionAt(offset).line + 1;
    if (file.analysis.journeys) {
      for (const result of await generateJourneys(file.file, file.text, { configs })) {
        if (result.journey.kind !== 'browser') continue;
        if (!result.generated) throw new RenderError(result.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`).join('\n'));
        add({ id: result.generated.id, type: 'browser', value: mergeEntry(undefined, result.generated), from: file.file, line: lineOf(result.journey.idSpan.start) }, true);
      }
      continue;
    }
    for (const unit of file.analysis.units) {
      if (unit.target !== 'kibana' || (unit.format !== 'heartbeat' && unit.format !== 'browser-json')) continue;
      for (const node of unit.monitors) {
        const value = toJS(node) as Record<string, unknown>;
        const type = unit.format === 'browser-json' ? 'browser' : String(value.type);
        if (typeof value.id !== 'string') throw new RenderError(`${file.file}: a ${type} monitor has no \`id\`; Kibana needs one.`);
        const at = (entryOf(node, 'id')?.value ?? node).span;
        add({ id: value.id, type, value, from: file.file, line: lineOf((unit.embedded ? mapSpan(unit.embedded, at) : at).start) }, false);
      }
    }
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** Every file of the output folder, by its path relative to it. */
export function renderFiles(monitors: Monitor[], o: RenderOptions): Map<string, string> {
  const files = new Map<string, string>();
  const used = MONITOR_CONFIGMAPS.filter((c) => monitors.some((m) => m.type === c.type));
  const fileOf = (m: Monitor) => {
    const c = MONITOR_CONFIGMAPS.find((x) => x.type === m.type)!;
    return `${c.dir}/${m.id.replace(/[^-._a-zA-Z0-9]+/g, '-')}.${c.ext}`;
  };
  const generatorsFor = (list: Monitor[]): Generator[] =>
    used.map((c) => ({ name: c.name, files: list.filter((m) => m.type === c.type).map(fileOf) })).filter((g) => g.files.length);
  checkFileNames(monitors, fileOf);

  for (const m of monitors) files.set(`base/${fileOf(m)}`, serialise(m));
  const resources = [`${SYNC_CONFIG}.yaml`, 'elastic-synthetic-monitor.yaml', 'synthetics-gitops-watch.yaml', 'synthetics-gitops-push.yaml'];
  files.set('base/kustomization.yaml', baseKustomization(resources, generatorsFor(monitors)));
  files.set(`base/${SYNC_CONFIG}.yaml`, syncConfigMap(syncConfigText({ kibanaUrl: o.kibanaUrl, space: o.space, project: o.project })));
  files.set('base/elastic-synthetic-monitor.yaml', agent(o));
  files.set('base/synthetics-gitops-watch.yaml', watcher(used.map((c) => c.name), o));
  files.set('base/synthetics-gitops-push.yaml', hookJob(used.map((c) => c.name), o));

  for (const name of o.overlays) {
    const env = ENVIRONMENTS[name];
    const changed: Monitor[] = [];
    for (const m of monitors) {
      const value = forEnvironment(m, name, o.privateLocations[name]);
      const text = serialise({ ...m, value });
      if (text === serialise(m)) continue;
      changed.push(m);
      files.set(`overlays/${name}/${fileOf(m)}`, text);
    }
    const patches: string[] = [];
    if (env.space) {
      patches.push(`${SYNC_CONFIG}.yaml`);
      files.set(`overlays/${name}/${SYNC_CONFIG}.yaml`, syncConfigMap(syncConfigText({ kibanaUrl: o.kibanaUrl, space: env.space, project: o.project })));
    }
    files.set(`overlays/${name}/kustomization.yaml`, overlayKustomization({ environment: env.environment, namespace: env.namespace, patches, list: generatorsFor(changed) }));
    files.set(
      `argocd/${name}.yaml`,
      application({
        name: name === 'prod' ? 'elastic-synthetic-monitor' : `elastic-synthetic-monitor-${name}`,
        repoUrl: o.repoUrl,
        path: [o.repoPath, 'overlays', name].filter(Boolean).join('/'),
        namespace: env.namespace,
      }),
    );
  }
  return files;
}

/** Ids cleaned into file names may meet (`a/b` and `a-b`): one file would hold one of the monitors, listed twice. */
function checkFileNames(monitors: Monitor[], fileOf: (m: Monitor) => string): void {
  const byFile = new Map<string, Monitor>();
  const clashes: string[] = [];
  for (const m of monitors) {
    const other = byFile.get(fileOf(m));
    if (other) clashes.push(`Monitor ids \`${other.id}\` (${other.from}:${other.line}) and \`${m.id}\` (${m.from}:${m.line}) would both be written to ${fileOf(m)}: rename one of them.`);
    else byFile.set(fileOf(m), m);
  }
  if (clashes.length) throw new RenderError(clashes.join('\n'));
}

function serialise(m: Monitor): string {
  return m.type === 'browser' ? renderEntryJson(m.value) + '\n' : stringify(m.value, { lineWidth: 0 });
}

/** A monitor as an environment runs it: schedules no more frequent than its floor, its tag, its locations, its alerts. */
function forEnvironment(m: Monitor, name: OverlayName, privateLocations: string[] | undefined): Record<string, unknown> {
  const env = ENVIRONMENTS[name];
  if (name === 'prod' && !privateLocations) return m.value;
  const value = structuredClone(m.value);
  const tags = Array.isArray(value.tags) ? value.tags : [];
  const tag = `env:${env.environment}`;
  if (!tags.includes(tag)) value.tags = [...tags, tag];
  if (env.minMinutes) relaxSchedule(value, m.type, env.minMinutes);
  if (privateLocations) value.private_locations = privateLocations;
  if (!env.alerts) {
    if (value.alert && typeof value.alert === 'object') (value.alert as Record<string, unknown>).status = { enabled: false };
    else value[m.type === 'browser' ? 'alert' : 'alert.status.enabled'] = m.type === 'browser' ? { status: { enabled: false } } : false;
  }
  return value;
}

const UNIT_MINUTES: Record<string, number> = { s: 1 / 60, m: 1, h: 60 };

function relaxSchedule(value: Record<string, unknown>, type: string, minMinutes: number): void {
  const schedule = value.schedule;
  if (type === 'browser') {
    const s = schedule as { number?: unknown; unit?: unknown } | undefined;
    const minutes = s ? Number(s.number) * (UNIT_MINUTES[String(s.unit)] ?? NaN) : 0;
    if (!(minutes >= minMinutes)) value.schedule = { number: String(minMinutes), unit: 'm' };
    return;
  }
  const every = /^@every\s+(\d+)([smh])$/.exec(String(schedule ?? ''));
  const minutes = every ? Number(every[1]) * UNIT_MINUTES[every[2]] : 0;
  if (!(minutes >= minMinutes)) value.schedule = `@every ${minMinutes}m`;
}
