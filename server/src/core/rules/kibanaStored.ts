// What Kibana makes of a monitor pushed to it, checked with the plan's own normalisation
// (core/kibana) on the monitor as `push` sends it: the values its codecs refuse (a scalar
// `check.response.status`, a string `check.response.body.positive`, non-string header values,
// `check.response.json` entries without `description`/`expression`, …), and the fields it drops or
// stores otherwise. Kibana's location list is not known here: locations have rules of their own.

import { Finding } from '../findings';
import { ProjectDefaults, projectMonitorOf } from '../kibana/desired';
import { NormaliseContext, projectMonitorRefusals } from '../kibana/normalise';
import { rewritesOf } from '../kibana/rewrites';
import { MapNode, toJS } from '../tree';
import { MonitorContext, monitorAnchor } from './context';
import { WrittenNames, codecFindings, rewriteFinding } from './kibanaRefusals';

/** The context of a check made before any Kibana is asked. */
export const VALIDATION_CONTEXT: NormaliseContext = { project: 'validate', space: '', kibanaVersion: '', locations: undefined };
const NO_DEFAULTS: ProjectDefaults = { locations: [], privateLocations: [] };

const HEARTBEAT_NAMES: WrittenNames = {
  stored: { labels: 'fields', max_attempts: 'retest_on_failure', journey_id: 'id' },
  payload: { retestOnFailure: 'retest_on_failure', privateLocations: 'private_locations', maintenanceWindows: 'maintenance_windows' },
  json: false,
};

const BROWSER_NAMES: WrittenNames = {
  stored: { max_attempts: 'retest_on_failure', 'filter_journeys.match': 'name', journey_id: 'id' },
  payload: {
    screenshot: 'screenshots',
    playwrightOptions: 'playwright_options',
    ignoreHTTPSErrors: 'ignore_https_errors',
    retestOnFailure: 'retest_on_failure',
    fields: 'labels',
    content: 'source.project.content',
    filter: 'name',
    privateLocations: 'private_locations',
  },
  json: true,
};

/**
 * Kibana's refusals and rewrites of one monitor of ours (heartbeat YAML or browser JSON, target
 * `kibana`), at the places written in `written` (the monitor as parsed, keys not expanded); `raw`
 * is its value, when the caller has it already.
 */
export function checkKibanaStored(ctx: MonitorContext, written: MapNode, raw = toJS(written) as Record<string, unknown>): Finding[] {
  if (ctx.target !== 'kibana' || (ctx.format !== 'heartbeat' && ctx.format !== 'browser-json')) return [];
  if (ctx.format === 'heartbeat' && ctx.type === 'browser') return []; // not pushed
  const { payload } = projectMonitorOf(raw, ctx.format, NO_DEFAULTS);
  const { refusals, stored } = projectMonitorRefusals(payload, VALIDATION_CONTEXT);
  const names = ctx.format === 'heartbeat' ? HEARTBEAT_NAMES : BROWSER_NAMES;
  const findings = codecFindings(refusals, written, names, monitorAnchor(written));
  if (stored) {
    for (const rewrite of rewritesOf(raw, ctx.format)) {
      const finding = rewriteFinding(rewrite, stored[rewrite.field], written, names, 'retest_on_failure');
      if (finding) findings.push(finding);
    }
  }
  return findings;
}
