// Kibana's own request bodies, read as what they are and checked with Kibana's own rules: a monitor
// as the public monitor API (and its UI) takes it — normalizeAPIConfig's `Invalid monitor key(s)`,
// then validateMonitor and the type's codec — and a project push body, each monitor as `_bulk_update`
// normalises and validates it. Validated only: plan and push read our own formats.

import { Unit } from '../extract';
import { Finding } from '../findings';
import { allMonitorProblems, projectMonitorRefusals, Refusal } from '../kibana/normalise';
import { apiAttributes, normaliseApiConfig, originError, references } from '../kibana/publicApi';
import { rewritesOf } from '../kibana/rewrites';
import { ProjectMonitor } from '../kibana/types';
import { MapNode, entryOf, isMap, toJS } from '../tree';
import { monitorAnchor } from './context';
import { WrittenNames, entryAtFlatKey, refusalFindings, rewriteFinding } from './kibanaRefusals';
import { VALIDATION_CONTEXT } from './kibanaStored';

const PUSH_NAMES: WrittenNames = {
  stored: {
    labels: 'fields',
    max_attempts: 'retestOnFailure',
    screenshots: 'screenshot',
    playwright_options: 'playwrightOptions',
    ignore_https_errors: 'ignoreHTTPSErrors',
    'source.project.content': 'content',
    'filter_journeys.match': 'filter.match',
    journey_id: 'id',
  },
  payload: {},
  json: true,
};

const API_NAMES: WrittenNames = {
  stored: { urls: 'url', hosts: 'host', 'source.inline.script': 'inline_script', max_attempts: 'retest_on_failure' },
  payload: {},
  json: true,
};

export function checkKibanaBody(unit: Unit): Finding[] {
  if (!isMap(unit.root)) return [];
  if (unit.format === 'push-json') return unit.monitors.flatMap(checkProjectMonitor);
  return checkApiMonitor(unit.root);
}

/** One monitor of a push body, as `_bulk_update` treats it. */
function checkProjectMonitor(monitor: MapNode): Finding[] {
  const raw = toJS(monitor) as ProjectMonitor;
  const { refusals, stored } = projectMonitorRefusals(raw, VALIDATION_CONTEXT);
  const findings = refusalFindings(refusals, monitor, PUSH_NAMES, monitorAnchor(monitor));
  for (const rewrite of stored ? rewritesOf(raw, 'push-json') : []) {
    const finding = rewriteFinding(rewrite, stored![rewrite.field], monitor, PUSH_NAMES, 'retestOnFailure');
    if (finding) findings.push(finding);
  }
  return findings;
}

/** A monitor as POST /api/synthetics/monitors takes it. */
function checkApiMonitor(monitor: MapNode): Finding[] {
  const raw = toJS(monitor) as Record<string, unknown>;
  const anchor = monitorAnchor(monitor);
  const origin = originError(raw.origin);
  if (origin) return [{ code: 'invalid-value', severity: 'error', message: `Kibana refuses this monitor ("${origin}"): write \`"origin": "ui"\` or leave it out.`, span: entryOf(monitor, 'origin')!.value.span }];
  const normalised = normaliseApiConfig(raw);
  if ('message' in normalised) {
    if (normalised.kind === 'unsupported') {
      return normalised.fields.map((key) => {
        const entry = entryAtFlatKey(monitor, key);
        return {
          code: 'unknown-key',
          severity: 'error',
          message: `\`${key}\` is not a key of Kibana's ${String(raw.type)} monitors: the public API refuses the monitor ("${normalised.message}"). Remove it.`,
          span: entry?.keySpan ?? anchor,
        };
      });
    }
    const entry = entryOf(monitor, normalised.fields[0]);
    const code = normalised.kind === 'type' ? (entry ? 'unknown-monitor-type' : 'missing-required') : 'invalid-value';
    return [{ code, severity: 'error', message: `Kibana refuses this monitor ("${normalised.message}").`, span: entry?.value.span ?? anchor }];
  }
  const attributes = apiAttributes(normalised, '');
  // Kibana resolves the references against its locations; without them, each stands for itself.
  const { publicRefs, privateRefs } = references(raw.locations, raw.private_locations);
  attributes.locations = [...publicRefs, ...privateRefs].map((ref) => ({ id: ref, label: ref }));
  // Kibana answers with the first; each is reported, as each is what Kibana says once the ones before are fixed.
  const refusals: Refusal[] = allMonitorProblems(attributes, '');
  return refusalFindings(refusals, monitor, API_NAMES, anchor);
}
