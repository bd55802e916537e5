// Finds what a file holds, by content: ConfigMaps whose data entries embed heartbeat monitors,
// browser-monitor JSON or a sync configuration; heartbeat files (`heartbeat.monitors:`, autodiscover
// templates); monitors.d lists; ECK `Beat` manifests; Helm values of Heartbeat charts; Kibana's own
// monitor JSON (public API, project push bodies). Everything else is left alone — except where only
// monitors are expected (an entry of a ConfigMap that holds monitors or is marked ours, a file
// named on the command line or mounted): there, what cannot be read as a monitor is an error that
// hides monitors (Finding.hidesMonitors), so that a prune never takes it as a monitor removed.

import { Target, TARGET_ANNOTATION } from '../protocol/settings';
import { Finding } from './findings';
import { Embedded, embeddedText, mapSpan } from './parse/embedded';
import { JsonParse, parseJson } from './parse/jsonTree';
import { YamlParse, parseYaml } from './parse/yamlTree';
import { KUSTOMIZE_FIELDS } from './k8s/manifests';
import { Format, MONITOR_TYPES, isMonitorType } from './schema/schemas';
import { closest } from './suggest';
import { Span } from './text/span';
import { Entry, MapNode, Node, ScalarNode, SeqNode, entryOf, get, isMap, isSeq, stringValue } from './tree';

/** One document we validate: a whole file, or one ConfigMap data entry. */
export interface Unit {
  format: Format;
  /** The document's tree, in offsets of `embedded.text` when embedded, else of the file. */
  root: Node;
  /** The monitors in it (heartbeat: one or many; browser-json: the root). */
  monitors: MapNode[];
  target: Target;
  /** Set when the document is a string inside the file (a ConfigMap data entry). */
  embedded?: Embedded;
  /** The ConfigMap entry holding it. */
  container?: { configMap: string; key: string; keySpan: Span };
  /** Syntax errors and duplicate keys of the document, in its own offsets. */
  findings: Finding[];
}

/** Readers of embedded documents; the analyser passes memoised ones so unchanged entries are not read again. */
export interface Parsers {
  yaml(text: string): YamlParse;
  json(text: string): JsonParse;
  embedded(outer: string, scalar: ScalarNode, keySpan: Span): Embedded;
}

const UNCACHED: Parsers = { yaml: parseYaml, json: parseJson, embedded: embeddedText };

export interface Extraction {
  units: Unit[];
  /** Findings of the file itself (outer syntax errors, ill-formed ConfigMap entries). */
  findings: Finding[];
  /** A YAML file's parse, once for the readers of the rest (its Kubernetes manifests) and for the next edit's (reparse.ts). */
  parse?: YamlParse;
  /**
   * ConfigMap entries (and browser JSON files) not read as monitors, perhaps because they are still
   * being written: for completion and hover only, never validated, so typing changes no finding.
   */
  drafts: Unit[];
}

const DATA_KEY = /\.(ya?ml|json)$/;
/** The data key (or mounted file) holding a sync configuration: `sync-config.yaml`, `prod-sync-config.yml`, … */
export const SYNC_CONFIG_KEY = /(^|[-_.])sync-config\.ya?ml$/;
const MONITOR_LINE = /^\s*(-\s+)?["']?type["']?\s*:\s*["']?(http|tcp|icmp|browser)\b/m;
const STANDALONE_KEYS = /^(output|setup|cloud|logging|monitoring|http|path|queue|heartbeat\.(config|scheduler|autodiscover))(\.|$)/;
/** Labels that mark a ConfigMap as ours (those render gives its own objects), besides the target annotation. */
const OUR_LABELS = ['app.kubernetes.io/name', 'app.kubernetes.io/part-of'];

/**
 * Reads a YAML file's monitor documents, from its parse when given. A generator: it pauses after
 * each document and each ConfigMap entry, so a caller can let other work in while a huge file is
 * read (or give up).
 */
export function* extractYaml(text: string, defaultTarget: Target, parsers: Parsers = UNCACHED, named = false, parsed = parseYaml(text)): Generator<void, Extraction> {
  const units: Unit[] = [];
  const drafts: Unit[] = [];
  const findings: Finding[] = [];
  const ownDocs: Span[] = [];
  for (const doc of parsed.documents) {
    const before = units.length;
    const root = doc.root;
    if (isMap(root) && stringValue(get(root, 'kind')) === 'ConfigMap') findings.push(...(yield* readConfigMap(text, root, defaultTarget, units, drafts, parsers)));
    else if (isMap(root) && stringValue(get(root, 'kind')) === 'Beat') readEckBeat(root, units);
    else if (root) {
      const found = monitorsIn(root);
      const dataFragment = !found && isMap(root) && root.entries.some((e) => DATA_KEY.test(e.key) && e.value.kind === 'scalar');
      const helm = !found && !dataFragment && isMap(root) && !get(root, 'kind') ? yield* readHelmValues(text, root, defaultTarget, units, drafts, parsers) : undefined;
      const meant = found || dataFragment || units.length > before || !named ? undefined : meantAsMonitors(root);
      const monitors = found ?? meant;
      const target = monitors?.standalone ? 'heartbeat' : defaultTarget;
      if (helm) findings.push(...helm);
      if (monitors) units.push({ format: 'heartbeat', root, monitors: runMonitors(monitors, target), target, findings: monitors.problems });
      else if (dataFragment) findings.push(...(yield* readDataEntries(text, root as MapNode, 'data', defaultTarget, { annotated: false, ours: false }, units, drafts, parsers)));
      else if (named && units.length === before && !isOtherConfig(root)) findings.push(notMonitors(root, 'This file'));
    }
    if (units.length > before) ownDocs.push(doc.span);
    yield;
  }
  // The file's own syntax errors (and what it leaves unread) matter when it is ours, or looks like it would be if it parsed.
  const ours = named || units.length > 0 || MONITOR_LINE.test(text) || text.includes('heartbeat.monitors');
  for (const f of parsed.findings) {
    const inOwnDoc = ownDocs.some((d) => f.span.start >= d.start && f.span.start <= d.end);
    if ((f.hidesMonitors && ours) || inOwnDoc) findings.push(f);
  }
  return { units, findings, parse: parsed, drafts };
}

/**
 * A standalone JSON file: our browser-monitor config, or one of Kibana's own request bodies,
 * recognised by content: a project push body, or a monitor as the public API (and its UI) takes it.
 * Matched by the browser-config globs, or `named` (on the command line, or a mounted key): a named
 * file is monitors whatever it holds; a matched one when it looks like them at all, so that a
 * package.json beside the configs stays someone else's.
 */
export function extractBrowserJson(text: string, defaultTarget: Target, named = false): Extraction {
  const parsed = parseJson(text);
  const root = parsed.root;
  const format = isMap(root) ? jsonFormat(root, named) : undefined;
  if (root && format) {
    const monitors = format === 'push-json' ? (get(root as MapNode, 'monitors') as SeqNode).items.filter(isMap) : [root as MapNode];
    return { units: [{ format, root, monitors, target: defaultTarget, findings: parsed.findings }], findings: [], drafts: [] };
  }
  const drafts: Unit[] = [{ format: 'browser-json', root: root ?? nothing(), monitors: isMap(root) ? [root] : [], target: defaultTarget, findings: [] }];
  if (root && named) return { units: [], findings: [...parsed.findings, notMonitors(root, 'This file')], drafts };
  // Other JSON (a package.json) is not ours, unless it cannot even be read.
  return { units: [], findings: root ? [] : parsed.findings, drafts };
}

/** Keys of a project push body: `_bulk_update` takes `{monitors}`, the legacy API `{project, keep_stale, monitors}`. */
const PUSH_BODY_KEYS = new Set(['project', 'keep_stale', 'monitors']);
/** What only the public API's monitors have: its flat dotted keys, UI metadata, aliases, stored keys. */
const API_KEYS = /^(__ui|inline_script|url|urls|host|hosts|form_monitor_type|origin|config_id|journey_id|max_attempts|revision|custom_heartbeat_id)$|\./;

function jsonFormat(map: MapNode, named: boolean): Format | undefined {
  if (isSeq(get(map, 'monitors')) && map.entries.every((e) => PUSH_BODY_KEYS.has(e.key))) return 'push-json';
  const type = stringValue(get(map, 'type'));
  // Our JSON configs hold browser monitors only: another type, or API-only keys, mean a public API monitor.
  if (isMonitorType(type) && type !== 'browser') return 'api-json';
  const locations = get(map, 'locations');
  if (type === 'browser' && (map.entries.some((e) => API_KEYS.test(e.key)) || (isSeq(locations) && locations.items.some(isMap)))) return 'api-json';
  return named || looksLikeBrowserConfig(map) ? 'browser-json' : undefined;
}

/** A browser config, or meant as one: typed (even misspelt, so the slip is reported), or with a config's keys. */
function looksLikeBrowserConfig(map: MapNode): boolean {
  if (typeEntry(map) !== undefined) return typedLikeMonitor(map);
  return (get(map, 'source') !== undefined || get(map, 'schedule') !== undefined) && get(map, 'monitors') === undefined;
}

/** The entry naming a mapping's monitor type: `type`, or a slip of it (`Type`, `tpye`, `typ`) that the analysis reports. */
export function typeEntry(map: MapNode): Entry | undefined {
  return entryOf(map, 'type') ?? map.entries.find((e) => closest(e.key, ['type']) !== undefined || [...e.key.toLowerCase()].sort().join('') === 'epty');
}

/** Typed like a monitor, slips of key or value included (`Type: HTTP`, `tpye: htp`): they are reported, not ignored. */
function typedLikeMonitor(map: MapNode): boolean {
  const type = stringValue(typeEntry(map)?.value);
  return type !== undefined && (isMonitorType(type) || closest(type, MONITOR_TYPES) !== undefined);
}

/** What a heartbeat-style document holds, and what in it cannot be read as a monitor (in the document's offsets). */
export interface FoundMonitors {
  /** Its monitors: `heartbeat.monitors`, a monitors.d list, a lone monitor. */
  monitors: MapNode[];
  /** The monitors of its `heartbeat.autodiscover` templates, which only a standalone Heartbeat runs. */
  templates: MapNode[];
  /** Whether it configures a whole Heartbeat (outputs, processors, autodiscover, …): then a standalone one reads it. */
  standalone: boolean;
  problems: Finding[];
}

/**
 * monitorsIn of an entry's document, once per document: the parses of entries are cached by their
 * text (Parsers), so on an edit of one entry the others' documents are the same objects.
 */
const entryFound = new WeakMap<Node, FoundMonitors | null>();
function entryMonitors(root: Node): FoundMonitors | undefined {
  let found = entryFound.get(root);
  if (found === undefined) entryFound.set(root, (found = monitorsIn(root, true) ?? null));
  return found ?? undefined;
}

/**
 * The monitors a heartbeat-style document holds, or undefined when it holds none. Inside a
 * ConfigMap entry (`inEntry`) a mapping typed like a monitor is one; a whole file also needs
 * a monitor key beside `type`, since manifests of all kinds have a `type`.
 */
export function monitorsIn(root: Node, inEntry = false): FoundMonitors | undefined {
  if (isMap(root)) {
    const config = heartbeatConfig(root);
    if (config) return config;
    if (typedLikeMonitor(root) && (inEntry || (looksLikeMonitor(root) && !get(root, 'apiVersion') && !get(root, 'kind')))) return { monitors: [root], templates: [], standalone: false, problems: [] };
    return undefined;
  }
  // A list of mappings typed http/tcp/icmp/browser is distinctive enough, even while being written.
  if (isSeq(root) && root.items.some((m) => isMap(m) && typedLikeMonitor(m))) return { ...listed(root), templates: [], standalone: false };
  return undefined;
}

/**
 * A heartbeat.yml, its keys dotted or nested alike: one with `heartbeat.monitors`, autodiscover
 * templates (`heartbeat.autodiscover.providers[].templates[].config`, a list of configs, whose monitors
 * carry `${data.*}` placeholders: elastic/beats libbeat/autodiscover/template/config.go) or only a
 * `heartbeat.config.monitors` folder; the last two configure a standalone Heartbeat, and even with
 * no monitor inline the file's `processors` are checked.
 */
function heartbeatConfig(root: MapNode): FoundMonitors | undefined {
  const list = lookup(root, ['heartbeat', 'monitors']);
  const autodiscover = sets(root, ['heartbeat', 'autodiscover']);
  const external = sets(root, ['heartbeat', 'config', 'monitors']);
  if (list === undefined && !autodiscover && !external) return undefined;
  const templates = listOf(lookup(root, ['heartbeat', 'autodiscover', 'providers']))
    .flatMap((provider) => listOf(isMap(provider) ? get(provider, 'templates') : undefined))
    .flatMap((template) => listOf(isMap(template) ? get(template, 'config') : undefined));
  const standalone = autodiscover || external || isBeatConfig(root);
  if (list !== undefined && !isSeq(list) && !(list.kind === 'scalar' && list.value === null)) {
    const problem = { code: 'invalid-type', severity: 'error', message: '`heartbeat.monitors` must be a list of monitors (`- type: http`, …).', span: list.span, hidesMonitors: true } as const;
    return { monitors: [], templates: templates.filter(isMap), standalone, problems: [problem] };
  }
  return { ...listed(list), templates: templates.filter(isMap), standalone };
}

/** The monitors of a unit: autodiscover templates only for a standalone Heartbeat (the push reads only `heartbeat.monitors`). */
function runMonitors(found: FoundMonitors, target: Target): MapNode[] {
  if (target !== 'heartbeat' || found.templates.length === 0) return found.monitors;
  return [...found.monitors, ...found.templates].sort((a, b) => a.span.start - b.span.start);
}

/** The value at a path of keys, each step written nested or dotted (`heartbeat.autodiscover: {providers}`), as Heartbeat reads both. */
function lookup(node: Node | undefined, path: string[]): Node | undefined {
  if (path.length === 0) return node;
  if (!isMap(node)) return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) {
    // Most keys are not on the path at all: told apart before splitting them.
    if (!node.entries[i].key.startsWith(path[0])) continue;
    const parts = node.entries[i].key.split('.');
    if (parts.length > path.length || !parts.every((p, j) => p === path[j])) continue;
    const found = lookup(node.entries[i].value, path.slice(parts.length));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Whether anything is set at or under a path of keys (`heartbeat.autodiscover.providers:` sets `heartbeat.autodiscover`). */
function sets(node: Node | undefined, path: string[]): boolean {
  if (!isMap(node)) return false;
  return node.entries.some((e) => {
    if (!e.key.startsWith(path[0])) return false;
    const parts = e.key.split('.');
    const common = Math.min(parts.length, path.length);
    return parts.slice(0, common).every((p, j) => p === path[j]) && (parts.length >= path.length || sets(e.value, path.slice(parts.length)));
  });
}

/** A list's items; a lone value is a list of one, as in Heartbeat's config reader. */
function listOf(node: Node | undefined): Node[] {
  return isSeq(node) ? node.items : node && !(node.kind === 'scalar' && node.value === null) ? [node] : [];
}

/** Every item of a monitor list is a monitor: one that is not a mapping is an error, never skipped. */
function listed(list: Node | undefined): Pick<FoundMonitors, 'monitors' | 'problems'> {
  const items = isSeq(list) ? list.items : [];
  const problems: Finding[] = items
    .filter((item) => !isMap(item) && !(item.kind === 'scalar' && item.value === null))
    .map((item) => ({ code: 'invalid-type', severity: 'error', message: 'An item of a monitor list must be a mapping (`- type: http` and the keys below it), so this one cannot be read as a monitor.', span: item.span, hidesMonitors: true }));
  return { monitors: items.filter(isMap), problems };
}

/**
 * Where only monitors are expected: a mapping (or a list of mappings) that is not recognisably
 * something else is taken as monitors, whose missing or misspelt `type` the analysis reports.
 */
function meantAsMonitors(root: Node): FoundMonitors | undefined {
  if (isMap(root) && !isOtherConfig(root)) return { monitors: [root], templates: [], standalone: false, problems: [] };
  if (isSeq(root) && root.items.some(isMap)) return { ...listed(root), templates: [], standalone: false };
  return undefined;
}

/** A Kubernetes object, a Heartbeat or sync configuration, a Kustomization: not monitors, wherever it is. */
function isOtherConfig(root: Node): boolean {
  if (!isMap(root)) return false;
  return isBeatConfig(root) || ['apiVersion', 'kind', 'kibana', ...KUSTOMIZE_FIELDS].some((k) => get(root, k) !== undefined);
}

/** Heartbeat's own configuration (heartbeat.yml) rather than monitors. */
function isBeatConfig(map: MapNode): boolean {
  return map.entries.some((e) => STANDALONE_KEYS.test(e.key) || e.key === 'processors');
}

/** Where monitors are expected, something else: an error that hides monitors. */
function notMonitors(root: Node, subject: string): Finding {
  return {
    code: 'invalid-type',
    severity: 'error',
    message: `${subject} should hold monitors but holds ${isSeq(root) ? 'a list without a mapping' : 'a single value'}: write a monitor as a mapping (\`type: http\`, \`id\`, …), or a list of them.`,
    span: root.span,
    hidesMonitors: true,
  };
}

function looksLikeMonitor(map: MapNode): boolean {
  return ['schedule', 'urls', 'hosts', 'id', 'name', 'source'].some((k) => get(map, k) !== undefined);
}

function* readConfigMap(text: string, configMap: MapNode, defaultTarget: Target, units: Unit[], drafts: Unit[], parsers: Parsers): Generator<void, Finding[]> {
  const metadata = get(configMap, 'metadata');
  const name = (isMap(metadata) && stringValue(get(metadata, 'name'))) || 'ConfigMap';
  const annotations = isMap(metadata) ? get(metadata, 'annotations') : undefined;
  const labels = isMap(metadata) ? get(metadata, 'labels') : undefined;
  const annotated = isMap(annotations) ? stringValue(get(annotations, TARGET_ANNOTATION)) : undefined;
  const labelled = isMap(labels) && OUR_LABELS.some((l) => stringValue(get(labels, l)) === 'synthetics-gitops');
  const findings: Finding[] = [];
  if (annotated !== undefined && annotated !== 'kibana' && annotated !== 'heartbeat') {
    const entry = (annotations as MapNode).entries.find((e) => e.key === TARGET_ANNOTATION)!;
    findings.push({
      code: 'invalid-value',
      severity: 'error',
      message: `Annotation \`${TARGET_ANNOTATION}\` is \`${annotated}\`; allowed: \`kibana\` or \`heartbeat\`.`,
      span: entry.value.span,
      // Who reads the ConfigMap's monitors is unknown: they may be Kibana's, whatever the default says.
      hidesMonitors: true,
    });
  }
  const target: Target = annotated === 'kibana' || annotated === 'heartbeat' ? annotated : defaultTarget;
  const data = get(configMap, 'data');
  if (isMap(data)) findings.push(...(yield* readDataEntries(text, data, name, target, { annotated: annotated !== undefined, ours: annotated !== undefined || labelled }, units, drafts, parsers)));
  return findings;
}

/**
 * Reads the entries of a ConfigMap's `data` (or of a bare map of file names to strings, such as a
 * data fragment in a patch): `*.yml` heartbeat monitors, `*.json` browser configs, `sync-config.yaml`.
 * `annotated`: the target annotation decides the target; `ours`: the ConfigMap is marked as holding
 * monitors (annotation or labels), so its entries are meant as monitors even when none can be read.
 * The entries neither read nor reported go to `drafts`.
 */
function* readDataEntries(
  text: string,
  data: MapNode,
  name: string,
  target: Target,
  marks: { annotated: boolean; ours: boolean },
  units: Unit[],
  drafts: Unit[],
  parsers: Parsers,
): Generator<void, Finding[]> {
  const findings: Finding[] = [];
  const before = units.length;
  const suspicious: Entry[] = [];
  const pendingErrors: Finding[] = [];
  /** Entries still empty (being written): units when the ConfigMap holds monitors, else drafts. */
  const pendingEmpty: Unit[] = [];
  /** Entries meant as monitors that cannot be read as any, and why: ours when the ConfigMap holds monitors. */
  const unread: { units: Unit[]; findings: Finding[] } = { units: [], findings: [] };
  for (const entry of data.entries) {
    const kind = SYNC_CONFIG_KEY.test(entry.key) ? 'sync-config' : /\.ya?ml$/.test(entry.key) ? 'yaml' : /\.json$/.test(entry.key) ? 'json' : undefined;
    if (!kind) continue;
    yield;
    if (entry.value.kind !== 'scalar' || typeof entry.value.value !== 'string') {
      if (entry.value.kind !== 'scalar') suspicious.push(entry);
      continue;
    }
    const embedded = parsers.embedded(text, entry.value, entry.keySpan);
    const container = { configMap: name, key: entry.key, keySpan: entry.keySpan };
    const subject = `\`${entry.key}\``;
    if (kind === 'json') {
      const parsed = parsers.json(embedded.text);
      const root = parsed.root;
      if (isMap(root) && looksLikeBrowserConfig(root)) {
        units.push({ format: 'browser-json', root, monitors: [root], target, embedded, container, findings: parsed.findings });
      } else if (isMap(root)) {
        unread.units.push({ format: 'browser-json', root, monitors: [root], target, embedded, container, findings: parsed.findings });
      } else {
        if (root) unread.findings.push(relocate(notMonitors(root, subject), embedded));
        pendingErrors.push(...parsed.findings.map((f) => relocate(f, embedded)));
        drafts.push({ format: 'browser-json', root: root ?? nothing(), monitors: [], target, embedded, container, findings: [] });
      }
      continue;
    }
    const parsed = parsers.yaml(embedded.text);
    if (kind === 'sync-config') {
      const root = parsed.documents[0]?.root;
      if (root) units.push({ format: 'sync-config', root, monitors: [], target, embedded, container, findings: parsed.findings });
      else pendingErrors.push(...parsed.findings.map((f) => relocate(f, embedded)));
      continue;
    }
    const read: Span[] = [];
    for (const doc of parsed.documents) {
      if (!doc.root) continue;
      const own = parsed.findings.filter((f) => f.span.start >= doc.span.start && f.span.start <= doc.span.end);
      const found = entryMonitors(doc.root);
      const meant = found ? undefined : meantAsMonitors(doc.root);
      const monitors = found ?? meant;
      if (monitors) {
        read.push(doc.span);
        const unitTarget = !marks.annotated && monitors.standalone ? 'heartbeat' : target;
        const unit: Unit = { format: 'heartbeat', root: doc.root, monitors: runMonitors(monitors, unitTarget), target: unitTarget, embedded, container, findings: [...own, ...monitors.problems] };
        (found ? units : unread.units).push(unit);
      } else if (!isOtherConfig(doc.root)) {
        unread.findings.push(relocate(notMonitors(doc.root, subject), embedded));
        drafts.push({ format: 'heartbeat', root: doc.root, monitors: [], target, embedded, container, findings: [] });
      }
    }
    if (!read.length && embedded.text.trim() === '') {
      pendingEmpty.push({ format: 'heartbeat', root: nothing(), monitors: [], target, embedded, container, findings: [] });
    } else {
      // What could not be read outside the documents read: ours when it looks like a monitor, else only if the ConfigMap holds monitors.
      const errors = parsed.findings.filter((f) => f.hidesMonitors && !read.some((d) => f.span.start >= d.start && f.span.start <= d.end)).map((f) => relocate(f, embedded));
      if (errors.length) (MONITOR_LINE.test(embedded.text) ? findings : pendingErrors).push(...errors);
    }
  }
  // Entries of a monitor ConfigMap that cannot be read are reported; in other ConfigMaps they are not ours.
  if (marks.ours || units.slice(before).some((u) => u.format !== 'sync-config')) {
    units.push(...unread.units);
    findings.push(...unread.findings);
  } else drafts.push(...unread.units);
  if (units.length > before || marks.ours) {
    units.push(...pendingEmpty);
    findings.push(...pendingErrors);
    for (const entry of suspicious) {
      findings.push({
        code: 'configmap-value-not-string',
        severity: 'error',
        message: `ConfigMap data values must be strings: write \`${entry.key}: |\` and indent the content below it.`,
        span: entry.keySpan,
        hidesMonitors: true,
      });
    }
  } else drafts.push(...pendingEmpty);
  return findings;
}

function readEckBeat(beat: MapNode, units: Unit[]): void {
  const spec = get(beat, 'spec');
  if (!isMap(spec) || stringValue(get(spec, 'type')) !== 'heartbeat') return;
  const config = get(spec, 'config');
  const found = config ? monitorsIn(config) : undefined;
  // ECK runs a standalone Heartbeat: its monitors are read by Heartbeat, not pushed to Kibana.
  if (config && found) units.push({ format: 'heartbeat', root: config, monitors: runMonitors(found, 'heartbeat'), target: 'heartbeat', findings: found.problems });
}

/**
 * Helm values of a chart that runs a standalone Heartbeat, at any depth: a `config:` map the chart
 * renders into heartbeat.yml (or whose `monitors` list it renders into `heartbeat.monitors`), and
 * data-style maps of `*.yml` keys to strings (`heartbeatConfig: {heartbeat.yml: |…}`) it mounts as files.
 */
function* readHelmValues(text: string, values: MapNode, defaultTarget: Target, units: Unit[], drafts: Unit[], parsers: Parsers): Generator<void, Finding[]> {
  const findings: Finding[] = [];
  for (const { key, value } of values.entries) {
    if (!isMap(value)) continue;
    const rendered = key === 'config' ? heartbeatConfig(value) : undefined;
    const list = key === 'config' && !rendered ? get(value, 'monitors') : undefined;
    const inList = isSeq(list) ? monitorsIn(list) : undefined;
    if (rendered) units.push({ format: 'heartbeat', root: value, monitors: runMonitors(rendered, 'heartbeat'), target: 'heartbeat', findings: rendered.problems });
    else if (list && inList) units.push({ format: 'heartbeat', root: list, monitors: inList.monitors, target: 'heartbeat', findings: inList.problems });
    else if (value.entries.some((e) => DATA_KEY.test(e.key) && e.value.kind === 'scalar' && typeof e.value.value === 'string')) {
      findings.push(...(yield* readDataEntries(text, value, key, defaultTarget, { annotated: false, ours: false }, units, drafts, parsers)));
    } else findings.push(...(yield* readHelmValues(text, value, defaultTarget, units, drafts, parsers)));
  }
  return findings;
}

/** The root of an empty document. */
function nothing(): Node {
  return { kind: 'scalar', span: { start: 0, end: 0 }, value: null, source: '', style: 'plain' };
}

/** A finding of an embedded document, moved to the outer file. */
export function relocate(finding: Finding, embedded: Embedded | undefined): Finding {
  if (!embedded) return finding;
  const map = (s: Span) => mapSpan(embedded, s);
  const approximate = embedded.exact ? '' : ' (position approximate: this entry is not a literal `|` block, so findings are shown at its key)';
  return {
    ...finding,
    message: finding.message + approximate,
    span: map(finding.span),
    related: finding.related?.map((r) => (r.file ? r : { ...r, span: map(r.span) })),
    fixes: embedded.exact
      ? finding.fixes?.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ span: map(e.span), newText: e.newText.replace(/\n/g, '\n' + embedded.indent) })) }))
      : undefined,
  };
}
