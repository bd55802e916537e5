// Analyses a journey file: each journey is a monitor the push sends to Kibana, configured by its
// `monitor.use({...})` call. Reports syntax errors, journeys without steps, steps no journey runs,
// and checks the options against the journey schema and the shared monitor rules. A TypeScript
// file that holds no journey (and does not use @elastic/synthetics) yields nothing at all.

import { Settings } from '../../protocol/settings';
import type { AnalysedJourney, MonitorInfo } from '../fileAnalysis';

export type { AnalysedJourney };
import { Finding } from '../findings';
import { MonitorContext } from '../rules/context';
import { checkIdentity } from '../rules/identity';
import { checkLocations } from '../rules/locations';
import { checkSchedule } from '../rules/schedule';
import { Schema, schemaFor } from '../schema/schemas';
import { validateTree } from '../schema/validate';
import { Span } from '../text/span';
import { MapNode, Node, entryOf, isSeq, stringValue } from '../tree';
import { Journey, parseJourneyFile } from './parse';

export interface JourneyAnalysis {
  journeys: AnalysedJourney[];
  findings: Finding[];
  monitors: MonitorInfo[];
}

/** Keys of the browser-config and heartbeat formats that `monitor.use` spells otherwise. */
const JOURNEY_MOVED_KEYS: Record<string, string> = {
  private_locations: 'privateLocations',
  retest_on_failure: 'retestOnFailure',
  playwright_options: 'playwrightOptions',
  screenshots: 'screenshot',
  labels: 'fields',
  maintenance_windows: 'maintenanceWindows',
};

const SYNTHETICS_MODULE = '@elastic/synthetics';

/** Reads and checks one journey file; `fileName` tells JavaScript from TypeScript. */
export function analyseJourneyFile(fileName: string, text: string, settings: Settings): JourneyAnalysis {
  const parsed = parseJourneyFile(fileName, text);
  const result: JourneyAnalysis = { journeys: [], findings: [], monitors: [] };
  const usesSynthetics = parsed.imports.some((i) => i.specifier === SYNTHETICS_MODULE) || /require\(\s*['"]@elastic\/synthetics['"]\s*\)/.test(text);
  if (!parsed.journeys.length && !parsed.strayStepCalls.length && !usesSynthetics) return result;

  const findings = result.findings;
  for (const error of parsed.syntaxErrors) {
    findings.push({ code: 'journey-syntax', severity: 'error', message: `${error.message.replace(/\.$/, '')}: the push cannot bundle this file.`, span: error.span });
  }
  for (const step of parsed.strayStepCalls) {
    if (step.inFunction) continue; // a helper's step: it runs when a journey calls the helper
    findings.push({
      code: 'step-outside-journey',
      severity: 'warning',
      message: `Step "${step.name}" is outside any journey: when the file is loaded no journey is running, so the step is dropped and never runs. Move it into a \`journey(...)\` callback.`,
      span: step.nameSpan,
    });
  }
  for (const journey of parsed.journeys) {
    const analysed = identify(journey);
    result.journeys.push(analysed);
    result.monitors.push(summarise(analysed));
    if (!journey.steps.length && !journey.callsFunctions) {
      findings.push({
        code: 'journey-no-steps',
        severity: 'warning',
        message: `Journey "${journey.name}" has no \`step(...)\`: the monitor runs without checking anything. Add a step, e.g. \`step('open', async () => { await page.goto(params.url); });\`.`,
        span: journey.nameSpan,
      });
    }
    if (journey.config) checkConfig(journey.config, text, settings, findings);
  }
  findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return result;
}

/** The journey schema, the shared Kibana rules that apply to browser monitors, and the agent's schedule check. */
function checkConfig(config: MapNode, text: string, settings: Settings, out: Finding[]): void {
  const schema = schemaFor('journey') as Schema;
  const findings = validateTree(config, schema, { subject: 'journey monitor', unknownKeySeverity: 'warning', movedKeys: JOURNEY_MOVED_KEYS });
  const ctx: MonitorContext = {
    monitor: config,
    type: 'browser',
    format: 'journey',
    // Only the push reads `monitor.use`, and it pushes to Kibana.
    target: 'kibana',
    settings,
    text,
    report: (f) => findings.push(f),
  };
  checkIdentity(ctx);
  checkLocations(ctx);
  // A number of minutes, which the agent checks against the allowed list; other kinds the schema reports.
  const schedule = entryOf(config, 'schedule')?.value;
  if (schedule?.kind === 'scalar' && typeof schedule.value === 'number') checkSchedule(ctx);
  const quotes = stringQuotes(config, text);
  out.push(...findings.map((f) => quoteFixes(f, quotes)));
}

/** The quote character of every string literal in the options, by its span. */
function stringQuotes(node: Node, text: string, quotes = new Map<string, string>()): Map<string, string> {
  if (node.kind === 'scalar' && typeof node.value === 'string') quotes.set(`${node.span.start}:${node.span.end}`, text[node.span.start]);
  else if (node.kind === 'seq') for (const item of node.items) stringQuotes(item, text, quotes);
  else if (node.kind === 'map') for (const entry of node.entries) stringQuotes(entry.value, text, quotes);
  return quotes;
}

/** The shared rules' fixes write bare values (as YAML does): a string literal keeps its quotes. */
function quoteFixes(finding: Finding, quotes: Map<string, string>): Finding {
  if (!finding.fixes) return finding;
  const fixes = finding.fixes.map((fix) => ({
    ...fix,
    edits: fix.edits.map((e) => {
      const quote = quotes.get(`${e.span.start}:${e.span.end}`);
      return quote ? { ...e, newText: `${quote}${e.newText}${quote}` } : e;
    }),
  }));
  return { ...finding, fixes };
}

function identify(journey: Journey): AnalysedJourney {
  const dynamic = journey.configExpressions ?? [];
  const own = literal(journey.config, 'id');
  if (own) return { ...journey, id: own.value, idSpan: own.span };
  if (dynamic.includes('id') || dynamic.includes('...')) return { ...journey, id: undefined, idSpan: journey.nameSpan };
  // `journey('name', ...)` is `{name, id: name}`; the object form's id falls back to the name (`options.id || options.name`).
  const option = literal(journey.options, 'id');
  return option?.value ? { ...journey, id: option.value, idSpan: option.span } : { ...journey, id: journey.name, idSpan: journey.nameSpan };
}

function literal(map: MapNode | undefined, key: string): { value: string; span: Span } | undefined {
  const node = map && entryOf(map, key)?.value;
  return node?.kind === 'scalar' && typeof node.value === 'string' ? { value: node.value, span: node.span } : undefined;
}

function summarise(journey: AnalysedJourney): MonitorInfo {
  const name = literal(journey.config, 'name')?.value ?? journey.name;
  const tags = (journey.config && entryOf(journey.config, 'tags')?.value) ?? (journey.options && entryOf(journey.options, 'tags')?.value);
  return {
    id: journey.id || undefined,
    idSpan: journey.id ? journey.idSpan : undefined,
    name,
    type: journey.kind,
    tags: stringsOf(tags),
    span: journey.span,
    selectionSpan: journey.nameSpan,
    format: 'journey',
    target: 'kibana',
  };
}

function stringsOf(node: Node | undefined): string[] {
  return isSeq(node) ? node.items.map(stringValue).filter((t): t is string => !!t) : [];
}
