// Analyses one file: finds its monitor documents, validates each against its schema and the
// rules of its target, and returns findings and monitor summaries in the file's own offsets.
// An edit starts from the analysis before it (Previous): what it leaves alone is not read or checked again.

import { Settings } from '../protocol/settings';
import { Extraction, Parsers, Unit, extractBrowserJson, extractYaml, relocate, typeEntry } from './extract';
import { Embedded, embeddedText, entryDocument, mapSpan, placed } from './parse/embedded';
import { parseJson } from './parse/jsonTree';
import { Reparse, moveFinding, moveSpan, reparseYaml } from './parse/reparse';
import { parseYaml } from './parse/yamlTree';
import { FileAnalysis, FileKind, MonitorInfo, PlacedEntry, Reuse } from './fileAnalysis';
import { Finding } from './findings';
import { journeyAnalysis } from './journeys/load';
import { readManifests } from './k8s/manifests';
import { NEWEST_MODELLED, findingsForVersion } from './kibana/versions';
import { checkBrowser, checkYamlParams } from './rules/browser';
import { checkHttpChecks } from './rules/checks';
import { MonitorContext, MonitorRule } from './rules/context';
import { checkSyncConfigTransport, checkUrlCredentials } from './rules/credentials';
import { checkDurations } from './rules/durations';
import { checkEndpoints } from './rules/endpoints';
import { checkIdentity } from './rules/identity';
import { checkKibanaBody } from './rules/kibanaBodies';
import { checkKibanaStored } from './rules/kibanaStored';
import { checkLocations } from './rules/locations';
import { checkMonitorProcessors, checkProcessors } from './rules/processors';
import { checkSchedule } from './rules/schedule';
import { checkTargetKeys } from './rules/targetKeys';
import { expandDottedKeys } from './schema/expand';
import { MONITOR_TYPES, MonitorType, Schema, isMonitorType, schemaFor } from './schema/schemas';
import { validateTree } from './schema/validate';
import { closest, listValues } from './suggest';
import { Span } from './text/span';
import { MapNode, Node, ScalarNode, entryOf, get, isMap, isSeq, stringValue, toJS } from './tree';

const RULES: MonitorRule[] = [checkIdentity, checkSchedule, checkDurations, checkEndpoints, checkHttpChecks, checkLocations, checkBrowser, checkYamlParams, checkMonitorProcessors, checkUrlCredentials];

export type { FileAnalysis, FileKind, MonitorInfo };

interface UnitResult {
  findings: Finding[];
  monitors: MonitorInfo[];
}

/** An earlier text of the same file and its analysis, which the analysis of an edit starts from. */
export interface Previous {
  text: string;
  analysis: FileAnalysis;
}

export interface Analyser {
  /**
   * `named`: the file was named on the command line or mounted, so it is meant to hold monitors:
   * what in it cannot be read as one is an error (see extract.ts).
   */
  analyse(text: string, kind: FileKind, settings: Settings, named?: boolean, previous?: Previous): FileAnalysis;
  /**
   * The same, pausing every few milliseconds: `pause` lets other work run and returns false to
   * give up (the text changed meanwhile), in which case the result is undefined.
   */
  analyseAsync(text: string, kind: FileKind, settings: Settings, pause: () => Promise<boolean>, previous?: Previous): Promise<FileAnalysis | undefined>;
}

/** Work done between two pauses of analyseAsync. */
const SLICE_MS = 8;

export function createAnalyser(): Analyser {
  /** Each embedded document's results, by its parse (the same object while its text is: see `readers`), with what else they depend on. */
  const results = new WeakMap<Node, { settings: string; format: string; target: string; entry?: string; result: UnitResult }>();
  /** Each result in the file's offsets, for the entry document it was placed by (the same object while the entry is where it was). */
  const placements = new WeakMap<UnitResult, { embedded: Embedded; result: UnitResult }>();
  function relocated(result: UnitResult, unit: Unit): UnitResult {
    const embedded = unit.embedded;
    if (!embedded) return { findings: result.findings, monitors: result.monitors.map((m) => relocateMonitor(m, unit)) };
    const known = placements.get(result);
    if (known?.embedded === embedded) return known.result;
    // The same entry an edit before it moved: its findings and monitors move along, without mapping each span anew.
    const was = known?.embedded.placement;
    const by = was && was.alone === embedded.placement?.alone ? embedded.placement.start - was.start : undefined;
    const moved =
      by === undefined
        ? { findings: result.findings.map((f) => relocate(f, embedded)), monitors: result.monitors.map((m) => relocateMonitor(m, unit)) }
        : { findings: known!.result.findings.map((f) => moveFinding(f, by)), monitors: known!.result.monitors.map((m) => moveMonitor(m, by, unit)) };
    placements.set(result, { embedded, result: moved });
    return moved;
  }
  function* steps(text: string, kind: FileKind, settings: Settings, named = false, previous?: Previous): Generator<void, FileAnalysis> {
    if (kind === 'journey') {
      // One parse of one file, a few milliseconds: nothing to slice or cache. Read as TypeScript, a superset of JavaScript.
      const { journeys, findings, monitors } = journeyAnalysis().analyseJourneyFile('file.journey.ts', text, settings);
      return { ...forVersion(findings, settings), monitors, units: [], journeys };
    }
    const before = previous?.analysis.reuse;
    const reparse = kind === 'yaml' && before?.parse ? reparseYaml(previous!.text, before.parse, text) : undefined;
    const parse = kind === 'yaml' ? (reparse?.parse ?? parseYaml(text)) : undefined;
    const reuse: Reuse = { parse, yaml: new Map(), json: new Map(), embedded: new Map() };
    const extraction: Extraction = parse ? yield* extractYaml(text, settings.target, readers(before, reuse, reparse), named, parse) : extractBrowserJson(text, settings.target, named);
    const findings = [...extraction.findings];
    const monitors: MonitorInfo[] = [];
    const settingsKey = JSON.stringify(settings);
    for (const unit of extraction.units) {
      // Only embedded documents are cached: their text is short and their offsets are their own.
      let result: UnitResult;
      if (unit.embedded) {
        const entry = unit.container?.key;
        const known = results.get(unit.root);
        if (known && known.settings === settingsKey && known.format === unit.format && known.target === unit.target && known.entry === entry) result = known.result;
        else {
          result = analyseUnit(unit, unit.embedded.text, settings);
          results.set(unit.root, { settings: settingsKey, format: unit.format, target: unit.target, entry, result });
        }
      } else result = analyseUnit(unit, text, settings);
      const moved = relocated(result, unit);
      findings.push(...moved.findings);
      monitors.push(...moved.monitors);
      yield;
    }
    const manifests = parse && readManifests(parse.documents);
    if (manifests) findings.push(...manifests.findings);
    return { ...forVersion(findings, settings), monitors, units: extraction.units, drafts: extraction.drafts, manifests, reuse };
  }
  return {
    analyse(text, kind, settings, named, previous) {
      const run = steps(text, kind, settings, named, previous);
      for (;;) {
        const step = run.next();
        if (step.done) return step.value;
      }
    },
    async analyseAsync(text, kind, settings, pause, previous) {
      const run = steps(text, kind, settings, false, previous);
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

function forVersion(all: Finding[], settings: Settings): Pick<FileAnalysis, 'findings' | 'versionGated'> {
  const versionGated = all.filter((f) => f.versionGate);
  return { findings: findingsForVersion(all, versionGated, settings['kibana.version'] || NEWEST_MODELLED), versionGated };
}

/**
 * Readers of a file's entries that take what the analysis before read (`before`) and note what
 * this one reads (`now`): the entries an edit leaves alone are not read again, and only what the
 * last analysis of each file read is kept. An entry's document is known by its node: the same one
 * when the edit is elsewhere before it, or one the re-reading moved (reparse.ts).
 */
function readers(before: Reuse | undefined, now: Reuse, reparse: Reparse | undefined): Parsers {
  function remember<T>(memo: Map<string, T>, earlier: Map<string, T> | undefined, key: string, read: () => T): T {
    const value = memo.get(key) ?? earlier?.get(key) ?? read();
    memo.set(key, value);
    return value;
  }
  function entry(scalar: ScalarNode): PlacedEntry | undefined {
    const same = before?.embedded.get(scalar);
    if (same) return same;
    const origin = reparse?.moved.get(scalar);
    const was = origin && before?.embedded.get(origin);
    if (!was) return undefined;
    const document = { alone: was.document.alone, start: was.document.start + reparse!.by };
    return { document, embedded: placed(document) };
  }
  return {
    yaml: (text) => remember(now.yaml, before?.yaml, text, () => parseYaml(text)),
    json: (text) => remember(now.json, before?.json, text, () => parseJson(text)),
    embedded: (outer, scalar, keySpan) => {
      let known = entry(scalar);
      if (!known) {
        const document = entryDocument(outer, scalar, keySpan);
        if (!document) return embeddedText(outer, scalar, keySpan);
        known = { document, embedded: placed(document) };
      }
      now.embedded.set(scalar, known);
      return known.embedded;
    },
  };
}

function relocateMonitor(monitor: MonitorInfo, unit: Unit): MonitorInfo {
  const e = unit.embedded;
  return placedMonitor(monitor, unit, e ? (s) => mapSpan(e, s) : (s) => s);
}

function moveMonitor(monitor: MonitorInfo, by: number, unit: Unit): MonitorInfo {
  return placedMonitor(monitor, unit, (s) => moveSpan(s, by));
}

/** The monitor in its unit, its spans mapped by `at`: written out, one shape for all (every monitor after an edit is placed anew). */
function placedMonitor(monitor: MonitorInfo, unit: Unit, at: (s: Span) => Span): MonitorInfo {
  return {
    id: monitor.id,
    idSpan: monitor.idSpan && at(monitor.idSpan),
    name: monitor.name,
    type: monitor.type,
    tags: monitor.tags,
    span: at(monitor.span),
    selectionSpan: at(monitor.selectionSpan),
    format: monitor.format,
    target: monitor.target,
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
  if (unit.format === 'api-json' || unit.format === 'push-json') {
    // Kibana's own request bodies: checked by Kibana's rules, not summarised as monitors of ours.
    findings.push(...checkKibanaBody(unit));
    return { findings, monitors };
  }
  if (unit.format === 'browser-json' && !isMap(unit.root)) {
    findings.push({ code: 'invalid-type', severity: 'error', message: 'A browser monitor config must be a JSON object.', span: unit.root.span });
  }
  // A heartbeat.yml's own `processors` apply to every event; a monitors.d list or a lone monitor has none.
  if (unit.format === 'heartbeat' && unit.target === 'heartbeat' && isMap(unit.root) && !unit.monitors.includes(unit.root)) {
    checkProcessors(get(unit.root, 'processors'), (f) => findings.push(f));
  }
  const entryName = unit.container?.key;
  for (const monitor of unit.monitors) {
    const info = summarise(monitor, unit);
    monitors.push(info);
    // A browser config may leave `type` out; written (or misspelt), it is checked as any monitor's.
    const type = unit.format === 'browser-json' && !typeEntry(monitor) ? 'browser' : monitorType(monitor, findings);
    if (!type) continue;
    if (unit.format === 'browser-json' && type !== 'browser') {
      findings.push({
        code: 'invalid-value',
        severity: 'error',
        message: `\`type\` is \`${type}\`, but JSON entries hold browser monitors: write ${type} monitors as YAML (a \`.yml\` entry).`,
        span: get(monitor, 'type')!.span,
        hidesMonitors: true,
      });
      continue;
    }
    const schema = schemaFor(unit.format, type)!;
    const expanded = expandDottedKeys(monitor, schema, schema, findings);
    const kibanaLightweight = unit.target === 'kibana' && unit.format === 'heartbeat';
    const value = toJS(expanded);
    findings.push(
      ...validateTree(
        expanded,
        schema,
        {
          subject: unit.format === 'browser-json' ? 'browser monitor config' : `${type} monitor`,
          unknownKeySeverity: kibanaLightweight ? 'error' : 'warning',
          unknownKeyNote: kibanaLightweight ? 'Kibana refuses unknown keys in project monitors ("Unsupported Heartbeat option").' : undefined,
          placeholders: unit.target === 'heartbeat',
        },
        value,
      ),
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
    // What Kibana refuses or stores otherwise, unless a rule already reported that value (or a part of it).
    const reported = findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => f.span);
    const unreported = (f: Finding) => f.code === 'kibana-stores-otherwise' || !reported.some((r) => r.start >= f.span.start && r.end <= f.span.end);
    // Read as written: the same value when no dotted key was expanded (neither check changes it).
    findings.push(...checkKibanaStored(ctx, monitor, expanded === monitor ? (value as Record<string, unknown>) : undefined).filter(unreported));
  }
  return { findings, monitors };
}

/**
 * The monitor's type, or undefined with an error. Without a readable type a monitor cannot be read
 * at all: the error hides it (a prune would otherwise take it as removed from git).
 */
function monitorType(monitor: MapNode, findings: Finding[]): MonitorType | undefined {
  const entry = entryOf(monitor, 'type');
  const value = stringValue(entry?.value);
  if (isMonitorType(value)) return value;
  const allowed = listValues([...MONITOR_TYPES]);
  const slip = entry ? undefined : typeEntry(monitor);
  if (slip) {
    findings.push({
      code: 'missing-required',
      severity: 'error',
      message: `A monitor needs a \`type\`, and \`${slip.key}\` is not it (keys are lower-case): write \`type\` (${allowed}).`,
      span: slip.keySpan,
      fixes: [{ title: `Rename \`${slip.key}\` to \`type\``, edits: [{ span: slip.keySpan, newText: 'type' }], preferred: true }],
      hidesMonitors: true,
    });
    return undefined;
  }
  const suggestion = value ? closest(value, MONITOR_TYPES) : undefined;
  findings.push({
    code: entry ? 'unknown-monitor-type' : 'missing-required',
    severity: 'error',
    message: entry
      ? `${value === undefined ? '`type` has no value that can be read' : `\`type\` is \`${value}\``}; allowed: ${allowed}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`
      : `A monitor needs a \`type\`: ${allowed}.`,
    span: entry ? entry.value.span : (monitor.entries[0]?.keySpan ?? monitor.span),
    fixes: entry && suggestion ? [{ title: `Change to \`${suggestion}\``, edits: [{ span: entry.value.span, newText: suggestion }], preferred: true }] : undefined,
    hidesMonitors: true,
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
