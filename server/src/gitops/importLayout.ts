// The files `import` writes from imported monitors, as text: ConfigMaps per type with one entry per
// monitor (`<id>.yml: |` heartbeat YAML, `<id>.json: |` browser JSON), a kustomization and the sync
// configuration — or `heartbeat.monitors:` files and browser JSON files. YAML is written through
// the yaml library's Document API, whose comments say where each monitor came from and which
// Kibana global parameter each secret placeholder needs.

import { strFromU8, unzipSync } from 'fflate';
import { Document, Scalar, YAMLMap, YAMLSeq, isMap, isScalar, visit } from 'yaml';
import { ImportedMonitor } from '../core/kibana/importMonitor';
import { MonitorType } from '../core/kibana/types';
import { entryKeyFor, renderEntryJson } from '../journeys/entry';
import { MONITOR_CONFIGMAPS, SYNC_CONFIG, syncConfigText } from '../kustomize/manifests';
import { TARGET_ANNOTATION } from '../protocol/settings';
import { wrapInlineScript } from './bundle';

export type ImportFormat = 'configmap' | 'heartbeat';

export interface ImportedFile {
  /** Relative to the output folder, `/`-separated. */
  path: string;
  text: string;
}

export interface LayoutOptions {
  format: ImportFormat;
  space: string;
  /** With a project: the sync configuration naming it (and Kibana), so `plan` finds its target. */
  sync?: { kibanaUrl: string; project: string };
}

const WRITTEN_BY = 'Written by `synthetics-gitops import`: edit it as your own, then `validate`, `plan` and `push` it.';
/** Options of every YAML text: long values stay on one line, short lists as `[a, b]`. */
const TO_STRING = { lineWidth: 0, flowCollectionPadding: false } as const;
const GLOBAL_PARAMETERS = 'Kibana → Synthetics → Settings → Global parameters';

/** Every file of the import but the journeys, in a stable order. */
export function layoutFiles(monitors: ImportedMonitor[], options: LayoutOptions): ImportedFile[] {
  const files = options.format === 'configmap' ? configMapFiles(monitors, options) : heartbeatFiles(monitors, options);
  if (options.sync) files.push({ path: 'sync-config.yaml', text: syncConfigMap(options) });
  if (options.format === 'configmap') files.push({ path: 'kustomization.yaml', text: kustomization(files.map((f) => f.path)) });
  return files;
}

function configMapFiles(monitors: ImportedMonitor[], options: LayoutOptions): ImportedFile[] {
  const files: ImportedFile[] = [];
  for (const { type, name } of MONITOR_CONFIGMAPS) {
    const own = monitors.filter((m) => m.type === type);
    if (!own.length) continue;
    const doc = new Document({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name,
        labels: { 'managed-by': 'gitops', component: 'synthetic-monitor', ...(type === 'browser' && { 'monitor-type': 'browser' }) },
        // The monitors came from Kibana and go back there, whatever the project's default target.
        annotations: { [TARGET_ANNOTATION]: 'kibana' },
      },
      data: {},
    });
    doc.commentBefore = ` ${WRITTEN_BY}`;
    const data = doc.get('data') as YAMLMap;
    for (const monitor of own) {
      const json = monitor.format === 'browser-json';
      const key = json ? entryKeyFor(monitor.id) : entryKeyFor(monitor.id).replace(/\.json$/, '.yml');
      const text = json ? renderEntryJson(monitor.config) + '\n' : monitorDocument(monitor, options.space).toString(TO_STRING);
      const value = doc.createNode(text) as Scalar;
      value.type = Scalar.BLOCK_LITERAL;
      const pair = doc.createPair(key, value);
      // JSON holds no comments: the entry's key carries them.
      if (json) (pair.key as Scalar).commentBefore = browserNotes(monitor, options.space).map((line) => ` ${line}`).join('\n');
      data.add(pair);
    }
    files.push({ path: `${name}.yaml`, text: doc.toString(TO_STRING) });
  }
  return files;
}

function heartbeatFiles(monitors: ImportedMonitor[], options: LayoutOptions): ImportedFile[] {
  const files: ImportedFile[] = [];
  for (const type of ['http', 'tcp', 'icmp'] as MonitorType[]) {
    const own = monitors.filter((m) => m.type === type);
    if (!own.length) continue;
    const doc = new Document({ 'heartbeat.monitors': [] });
    doc.commentBefore = ` ${WRITTEN_BY}`;
    const list = doc.get('heartbeat.monitors') as YAMLSeq;
    for (const monitor of own) {
      const item = monitorDocument(monitor, options.space);
      const node = item.contents as YAMLMap;
      node.commentBefore = item.commentBefore;
      list.add(node);
    }
    files.push({ path: `lightweight/${type}.yml`, text: doc.toString(TO_STRING) });
  }
  // Where the default browser-config globs (`**/browser-journeys/**/*.json`) find them.
  for (const monitor of monitors.filter((m) => m.type === 'browser')) files.push({ path: `browser-journeys/${entryKeyFor(monitor.id)}`, text: renderEntryJson(monitor.config) + '\n' });
  return files;
}

/** One heartbeat monitor as a YAML document: where it came from above it, each secret's parameter beside it. */
function monitorDocument(monitor: ImportedMonitor, space: string): Document {
  const doc = new Document(monitor.config);
  visit(doc, {
    Seq(_, node) {
      if (node.items.every((item) => isScalar(item) && !String(item.value).includes('\n'))) node.flow = true;
    },
  });
  doc.commentBefore = ` ${source(monitor, space)}`;
  for (const { path, param } of monitor.placeholders) annotate(doc, path, `secret: create the Kibana global parameter ${param}`);
  for (const path of monitor.plainSecrets) annotate(doc, path, 'secret, written in plain text (--include-secrets)');
  if (monitor.config.adopts) annotate(doc, 'adopts', 'the UI monitor this one replaces: `push --adopt` deletes it once this one exists');
  return doc;
}

/** A comment on a written key: beside a scalar value, above a key holding a mapping or a list. */
function annotate(doc: Document, path: string, text: string): void {
  const keys = keyPath(doc, path);
  const parent = keys.length > 1 ? doc.getIn(keys.slice(0, -1), true) : doc.contents;
  const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === keys[keys.length - 1]) : undefined;
  if (!pair) return;
  if (isScalar(pair.value)) pair.value.comment = ` ${text}`;
  else (pair.key as Scalar).commentBefore = ` ${text}`;
}

/** A dotted key path of the written monitor as the document's nested keys (`check.request.headers.X` → check, request, headers, X). */
function keyPath(doc: Document, path: string): string[] {
  const parts = path.split('.');
  const keys: string[] = [];
  let at: unknown = doc.contents;
  while (parts.length) {
    // The longest prefix that is a key here: header names may hold dots.
    let n = parts.length;
    while (n > 1 && !(isMap(at) && at.has(parts.slice(0, n).join('.')))) n--;
    const key = parts.splice(0, n).join('.');
    keys.push(key);
    at = isMap(at) ? at.get(key, true) : undefined;
  }
  return keys;
}

function source(monitor: ImportedMonitor, space: string): string {
  const name = JSON.stringify(monitor.name);
  if (monitor.origin === 'project') return `Imported from Kibana (space ${space}): project monitor ${name} of project ${monitor.project ?? '?'}, config_id ${monitor.configId}.`;
  return `Imported from Kibana (space ${space}): ${name}, made in the UI (config_id ${monitor.configId}); pushed, it becomes a project monitor.`;
}

/** The comment lines of a browser entry: its source, and what was left out. */
function browserNotes(monitor: ImportedMonitor, space: string): string[] {
  const lines = [source(monitor, space)];
  if (monitor.omittedParams.length) lines.push(`Secret params left out (${monitor.omittedParams.join(', ')}): create them as global parameters (${GLOBAL_PARAMETERS}).`);
  if (monitor.plainSecrets.length) lines.push(`Secrets written in plain text (--include-secrets): ${monitor.plainSecrets.join(', ')}.`);
  if (monitor.config.adopts) lines.push('`adopts` names the UI monitor this one replaces: `push --adopt` deletes it once this one exists.');
  return lines;
}

function syncConfigMap(options: LayoutOptions): string {
  const { kibanaUrl, project } = options.sync!;
  const doc = new Document({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: SYNC_CONFIG }, data: {} });
  doc.commentBefore = ` ${WRITTEN_BY}`;
  const value = doc.createNode(syncConfigText({ kibanaUrl, space: options.space, project })) as Scalar;
  value.type = Scalar.BLOCK_LITERAL;
  (doc.get('data') as YAMLMap).add(doc.createPair('sync-config.yaml', value));
  return doc.toString(TO_STRING);
}

function kustomization(resources: string[]): string {
  const doc = new Document({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources });
  doc.commentBefore = ` ${WRITTEN_BY}`;
  return doc.toString(TO_STRING);
}

/**
 * A browser monitor's journey as a `.journey.ts` file, for reading: inline steps wrapped as Kibana
 * runs them, or the files of a pushed bundle unzipped (the JSON config keeps the bundle itself).
 */
export function journeyFile(monitor: ImportedMonitor, space: string): ImportedFile | undefined {
  const journey = monitor.journey;
  if (!journey) return undefined;
  const header = [`// ${source(monitor, space)}`, '// For reading: the monitor is pushed from its JSON config, not from this file.'];
  let body: string;
  if ('script' in journey) body = wrapInlineScript(monitor.name, journey.script);
  else {
    const files = Object.entries(unzipSync(Buffer.from(journey.content, 'base64')));
    header.push('// Unzipped from the bundle Kibana holds (source.project.content), as it was pushed.');
    body = files.map(([name, bytes]) => (files.length > 1 ? `// ${name}\n` : '') + strFromU8(bytes)).join('\n');
  }
  return { path: `${entryKeyFor(monitor.id).replace(/\.json$/, '')}.journey.ts`, text: `${header.join('\n')}\n${body.endsWith('\n') ? body : body + '\n'}` };
}
