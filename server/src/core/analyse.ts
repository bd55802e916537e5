// Analyses one file: finds its monitor documents, validates each against its schema and the
// rules of its target, and returns findings and monitor summaries in the file's own offsets.
// Results of embedded documents are cached by their text, so an edit re-checks only what changed.

import { Settings } from '../protocol/settings';
import { Extraction, Parsers, Unit, extractBrowserJson, extractYaml, relocate } from './extract';
import { mapSpan } from './parse/embedded';
import { parseJson } from './parse/jsonTree';
import { parseYaml } from './parse/yamlTree';
import { Finding } from './findings';
import type { AnalysedJourney } from './journeys/analyse';
import { journeyAnalysis } from './journeys/load';
import { ManifestInfo, readManifests } from './k8s/manifests';
import { checkBrowser, checkYamlParams } from './rules/browser';
import { checkHttpChecks } from './rules/checks';
import { MonitorContext, MonitorRule } from './rules/context';
import { checkSyncConfigTransport, checkUrlCredentials } from './rules/credentials';
import { checkDurations } from './rules/durations';
import { checkEndpoints } from './rules/endpoints';
import { checkIdentity } from './rules/identity';
import { checkLocations } from './rules/locations';
import { checkSchedule } from './rules/schedule';
import { checkTargetKeys } from './rules/targetKeys';
import { expandDottedKeys } from './schema/expand';
import { MONITOR_TYPES, MonitorType, Schema, isMonitorType, schemaFor } from './schema/schemas';
import { validateTree } from './schema/validate';
import { closest, listValues } from './suggest';
import { Span } from './text/span';
import { MapNode, entryOf, get, isMap, isSeq, stringValue } from './tree';

const RULES: MonitorRule[] = [checkIdentity, checkSchedule, checkDurations, checkEndpoints, checkHttpChecks, checkLocations, checkBrowser, checkYamlParams, checkUrlCredentials];

export type FileKind = 'yaml' | 'browser-json' | 'journey';

export interface MonitorInfo {
  id?: string;
  idSpan?: Span;
  name?: string;
  type?: string;
  tags: string[];
  /** The whole monitor, and the part to select (its name, or its first key). */
  span: Span;
  selectionSpan: Span;
  format: Unit['format'];
  target: Unit['target'];
  container?: Unit['container'];
}

export interface FileAnalysis {
  findings: Finding[];
  monitors: MonitorInfo[];
  units: Unit[];
  /** Journey files only (their units are empty): the journeys, for outline, completion and hover. */
  journeys?: AnalysedJourney[];
  /** Kustomizations, agent Deployments, push Jobs, Applications: what needs the disk or the workspace to check. */
  manifests?: ManifestInfo;
}

interface UnitResult {
  findings: Finding[];
  monitors: MonitorInfo[];
}

export interface Analyser {
  analyse(text: string, kind: FileKind, settings: Settings): FileAnalysis;
  /**
   * The same, pausing every few milliseconds: `pause` lets other work run and returns false to
   * give up (the text changed meanwhile), in which case the result is undefined.
   */
  analyseAsync(text: string, kind: FileKind, settings: Settings, pause: () => Promise<boolean>): Promise<FileAnalysis | undefined>;
}

/** Work done between two pauses of analyseAsync. */
const SLICE_MS = 8;

const CACHE_LIMIT = 20_000;

export function createAnalyser(): Analyser {
  const results = boundedCache<UnitResult>();
  const yamlParses = boundedCache<ReturnType<typeof parseYaml>>();
  const jsonParses = boundedCache<ReturnType<typeof parseJson>>();
  const parsers: Parsers = { yaml: (t) => yamlParses(t, () => parseYaml(t)), json: (t) => jsonParses(t, () => parseJson(t)) };
  function* steps(text: string, kind: FileKind, settings: Settings): Generator<void, FileAnalysis> {
    if (kind === 'journey') {
      // One parse of one file, a few milliseconds: nothing to slice or cache. Read as TypeScript, a superset of JavaScript.
      const { journeys, findings, monitors } = journeyAnalysis().analyseJourneyFile('file.journey.ts', text, settings);
      return { findings, monitors, units: [], journeys };
    }
    const extraction: Extraction = kind === 'browser-json' ? extractBrowserJson(text, settings.target) : yield* extractYaml(text, settings.target, parsers);
    const findings = [...extraction.findings];
    const monitors: MonitorInfo[] = [];
    const settingsKey = JSON.stringify(settings);
    for (const unit of extraction.units) {
      // Only embedded documents are cached: their text is short and their offsets are their own.
      const key = unit.embedded ? `${settingsKey}\0${unit.format}\0${unit.target}\0${unit.container?.key}\0${unit.embedded.text}` : undefined;
      const analyse = () => analyseUnit(unit, unit.embedded ? unit.embedded.text : text, settings);
      const result = key ? results(key, analyse) : analyse();
      findings.push(...result.findings.map((f) => relocate(f, unit.embedded)));
      for (const m of result.monitors) monitors.push(relocateMonitor(m, unit));
      yield;
    }
    const manifests = extraction.documents && readManifests(text, extraction.documents);
    if (manifests) findings.push(...manifests.findings);
    findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    return { findings, monitors, units: extraction.units, manifests };
  }
  return {
    analyse(text, kind, settings) {
      const run = steps(text, kind, settings);
      for (;;) {
        const step = run.next();
        if (step.done) return step.value;
      }
    },
    async analyseAsync(text, kind, settings, pause) {
      const run = steps(text, kind, settings);
      let sliceStart = performance.now();
      for (;;) {
        const step = run.next();
        if (step.done) return step.value;
        if (performance.now() - sliceStart > SLICE_MS) {
          if (!(await pause())) return undefined;
          sliceStart = performance.now();
        }
      }
    },
  };
}

/** A cache by string key of at most CACHE_LIMIT values (then it starts afresh): enough for one workspace. */
function boundedCache<T>(): (key: string, make: () => T) => T {
  const values = new Map<string, T>();
  return (key, make) => {
    let value = values.get(key);
    if (value === undefined) {
      if (values.size >= CACHE_LIMIT) values.clear();
      value = make();
      values.set(key, value);
    }
    return value;
  };
}

function relocateMonitor(monitor: MonitorInfo, unit: Unit): MonitorInfo {
  const e = unit.embedded;
  if (!e) return { ...monitor, container: unit.container };
  return {
    ...monitor,
    idSpan: monitor.idSpan && mapSpan(e, monitor.idSpan),
    span: mapSpan(e, monitor.span),
    selectionSpan: mapSpan(e, monitor.selectionSpan),
    container: unit.container,
  };
}

function analyseUnit(unit: Unit, text: string, settings: Settings): UnitResult {
  const findings = [...unit.findings];
  const monitors: MonitorInfo[] = [];
  if (unit.format === 'sync-config') {
    const schema = schemaFor('sync-config')!;
    if (isMap(unit.root)) {
      const expanded = expandDottedKeys(unit.root, schema, schema, findings);
      findings.push(...validateTree(expanded, schema, { unknownKeySeverity: 'warning', subject: 'sync configuration' }), ...checkSyncConfigTransport(expanded));
    } else findings.push({ code: 'invalid-type', severity: 'error', message: 'The sync configuration must be a mapping.', span: unit.root.span });
    return { findings, monitors };
  }
  if (unit.format === 'browser-json' && !isMap(unit.root)) {
    findings.push({ code: 'invalid-type', severity: 'error', message: 'A browser monitor config must be a JSON object.', span: unit.root.span });
  }
  const entryName = unit.container?.key;
  for (const monitor of unit.monitors) {
    const info = summarise(monitor, unit);
    monitors.push(info);
    const type = unit.format === 'browser-json' ? 'browser' : monitorType(monitor, findings);
    if (!type) continue;
    if (unit.format === 'browser-json' && info.type !== undefined && info.type !== 'browser') {
      findings.push({
        code: 'invalid-value',
        severity: 'error',
        message: `\`type\` is \`${info.type}\`, but JSON entries hold browser monitors: write ${info.type} monitors as YAML (a \`.yml\` entry).`,
        span: get(monitor, 'type')!.span,
      });
      continue;
    }
    const schema = schemaFor(unit.format, type)!;
    const expanded = expandDottedKeys(monitor, schema, schema, findings);
    const kibanaLightweight = unit.target === 'kibana' && unit.format === 'heartbeat';
    findings.push(
      ...validateTree(expanded, schema, {
        subject: unit.format === 'browser-json' ? 'browser monitor config' : `${type} monitor`,
        unknownKeySeverity: kibanaLightweight ? 'error' : 'warning',
        unknownKeyNote: kibanaLightweight ? 'Kibana refuses unknown keys in project monitors ("Unsupported Heartbeat option").' : undefined,
      }),
    );
    const ctx: MonitorContext = {
      monitor: expanded,
      type,
      format: unit.format,
      target: unit.target,
      settings,
      text,
      entryName,
      report: (f) => findings.push(f),
    };
    checkTargetKeys(ctx, schema as Schema);
    for (const rule of RULES) rule(ctx);
  }
  return { findings, monitors };
}

function monitorType(monitor: MapNode, findings: Finding[]): MonitorType | undefined {
  const entry = entryOf(monitor, 'type');
  const value = stringValue(entry?.value);
  if (isMonitorType(value)) return value;
  const suggestion = value ? closest(value, MONITOR_TYPES) : undefined;
  findings.push({
    code: entry ? 'unknown-monitor-type' : 'missing-required',
    severity: 'error',
    message: entry
      ? `\`type\` is \`${value ?? ''}\`; allowed: ${listValues([...MONITOR_TYPES])}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`
      : `A monitor needs a \`type\`: ${listValues([...MONITOR_TYPES])}.`,
    span: entry ? entry.value.span : (monitor.entries[0]?.keySpan ?? monitor.span),
    fixes: entry && suggestion ? [{ title: `Change to \`${suggestion}\``, edits: [{ span: entry.value.span, newText: suggestion }], preferred: true }] : undefined,
  });
  return undefined;
}

function summarise(monitor: MapNode, unit: Unit): MonitorInfo {
  const idEntry = entryOf(monitor, 'id');
  const nameEntry = entryOf(monitor, 'name');
  const tags = get(monitor, 'tags');
  const tagValues = isSeq(tags) ? tags.items.map(stringValue).filter((t): t is string => !!t) : (stringValue(tags)?.split(',').map((t) => t.trim()) ?? []);
  return {
    id: stringValue(idEntry?.value),
    idSpan: idEntry?.value.span,
    name: stringValue(nameEntry?.value),
    type: stringValue(get(monitor, 'type')),
    tags: tagValues.filter(Boolean),
    span: monitor.span,
    selectionSpan: nameEntry?.value.span ?? monitor.entries[0]?.keySpan ?? monitor.span,
    format: unit.format,
    target: unit.target,
  };
}
