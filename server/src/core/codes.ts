// Every finding code with what it means: feeds the SARIF rule list and the README's table
// (a test fails when a code is listed here but missing from the README). A finding's code is a
// `Code`, so one not listed here does not compile.

export interface CodeInfo {
  description: string;
  /** Which target the code applies to; undefined means both. */
  target?: 'kibana' | 'heartbeat';
}

export const CODES = {
  'yaml-syntax': { description: 'The YAML (of the file, or of an embedded entry) cannot be parsed.' },
  'json-syntax': { description: 'The JSON (of a file, or of an embedded entry) cannot be parsed.' },
  'yaml-too-large': { description: 'Nesting deeper than 200 levels or aliases expanding past 200,000 nodes; the rest is not read (an error: it may hide monitors).' },
  'json-too-large': { description: 'JSON nested deeper than 200 levels; the rest is not read (an error: it may hide a monitor).' },
  'duplicate-key': { description: 'A key is set twice in one mapping (also `a.b` beside `a: {b}`); only the last value counts.' },
  'configmap-value-not-string': { description: 'A ConfigMap `data` value is not a string (Kubernetes refuses it); write `key: |`.' },
  'unknown-key': { description: 'A key the schema does not know, with a did-you-mean. An error for Kibana lightweight monitors, which Kibana refuses.' },
  'kibana-unsupported-key': { description: 'A Heartbeat option that Kibana refuses in project monitors (`processors`, http `hosts`, tcp `ports`, …).', target: 'kibana' },
  'kibana-refused': {
    description:
      'A monitor Kibana refuses as written, with its reason: a value its monitor codec rejects once it has normalised the monitor (`check.response.status: 200`, a string `check.response.body.positive`, a header that is not a string, a `check.response.json` entry without `description`/`expression`, …), or another check of its APIs.',
    target: 'kibana',
  },
  'kibana-stores-otherwise': {
    description:
      'A field Kibana drops or rewrites when it stores the monitor: YAML `labels` (only `fields` become labels), `max_attempts` (derived from retest on failure), a map `check.request.body` (stored JSON-encoded), browser `synthetics_args`, `filter_journeys`, `service`. The warning names the stored value.',
    target: 'kibana',
  },
  'heartbeat-ignores-key': { description: 'A key only Kibana reads (`locations`, `alert`, …); a standalone Heartbeat ignores it.', target: 'heartbeat' },
  'invalid-type': { description: 'A value of the wrong kind (a list where a string is expected, …); also where monitors are expected but a single value is written (an entry, a list item, a named file).' },
  'invalid-value': { description: 'A value outside the allowed set (enums, patterns, the target annotation).' },
  'missing-required': { description: 'A required key is missing: `type` (also when misspelt: `Type`, `tpye`), `urls`/`hosts`, a browser script; `id` and `name` for Kibana; `schedule` for Heartbeat.' },
  'unknown-monitor-type': { description: '`type` is not one of http, tcp, icmp, browser.' },
  'schedule-invalid': { description: 'A schedule the target cannot run: not `@every` for Kibana, bad duration or cron for Heartbeat (read as its cronexpr does: 5 to 7 fields, six ending with the year), minutes outside the allowed list, seconds for browser monitors.' },
  'schedule-adjusted': { description: 'An `@every` schedule Kibana does not support: the push rounds it to the nearest allowed frequency.', target: 'kibana' },
  'duration-invalid': { description: '`timeout`/`wait` without a unit or in a form Kibana misreads (`16`, `1m30s`, `500ms`).' },
  'timeout-exceeds-schedule': { description: 'The timeout is longer than the schedule (`@every`, or the shortest gap between two runs of a Heartbeat cron expression): overlapping runs are skipped.' },
  'multiple-endpoints': { description: 'Several `urls`/`hosts`: a Kibana project monitor takes exactly one.', target: 'kibana' },
  'credentials-in-url': { description: 'A URL with a user name or password in it (`https://user:pass@host`, `proxy_url`, `kibana.url`): Kibana shows it as given; use `${param}` values or a Secret.' },
  'tls-verify-off': { description: 'The sync configuration sets `kibana.verify_tls: false`: the credentials go to whoever answers; give `ca_file` instead.' },
  'url-no-scheme': { description: 'A URL without a scheme (`kibana:5601`), information: Heartbeat requests it with `http://` before it (`https://` with `ssl`).' },
  'url-invalid': { description: 'A URL that does not parse (for Kibana: that `new URL()` refuses; for Heartbeat: not even with `http://` before it), or whose scheme is not http/https (`${param}` placeholders are allowed).' },
  'tcp-host-invalid': { description: 'A tcp host without `:port`, or a port outside 1–65535.' },
  'icmp-host-invalid': { description: 'An icmp host with a scheme, port or path.' },
  'status-invalid': { description: 'A `check.response.status` value that is not an HTTP status code (100–599).' },
  'regex-invalid': { description: 'A body check that is not a valid regular expression.' },
  'regex-unsupported': { description: 'A body check using look-around or back-references, which Go\'s RE2 (Heartbeat) refuses.' },
  'processor-invalid': { description: 'A `processors` item libbeat refuses (Heartbeat does not start): not exactly one action, often options written beside the action instead of under it.', target: 'heartbeat' },
  'namespace-invalid': { description: 'A `namespace` Fleet refuses (uppercase, `-`, spaces, …).', target: 'kibana' },
  'location-unknown': { description: 'A `locations` entry that is not an Elastic-managed location id or alias (private locations go under `private_locations`).', target: 'kibana' },
  'private-location-unknown': { description: 'A `private_locations` entry that is not one of the labels in the `privateLocations` setting (exact match).', target: 'kibana' },
  'locations-missing': { description: 'No `locations` nor `private_locations` (information): the project\'s default locations apply; Kibana refuses a monitor with none.', target: 'kibana' },
  'browser-script-invalid': { description: 'An inline browser script that is empty, has no `step(`, or calls `journey(`.' },
  'browser-in-yaml': { description: 'A browser monitor in heartbeat YAML: the push skips it.', target: 'kibana' },
  'params-ignored': { description: 'Per-monitor YAML `params`: the push replaces them with the project\'s global params.', target: 'kibana' },
  'bundle-failed': { description: 'A browser config\'s inline steps cannot be bundled into the journey a push sends (plan and push).', target: 'kibana' },
  'duplicate-id': { description: 'Two monitors of the workspace share an `id`; reported at each, pointing at the others.' },
  'journey-syntax': { description: 'A journey file (`*.journey.ts`/`.js`) TypeScript cannot parse; the push cannot bundle it.' },
  'journey-no-steps': { description: 'A `journey(...)` with no `step(...)` (nor helper calls that could add steps): the monitor checks nothing.' },
  'step-outside-journey': { description: 'A `step(...)` run while the file loads, outside any journey: the agent drops it.' },
  'journey-entry-missing': { description: 'A browser journey with no entry (same id) in the ConfigMaps; generate one. Checked where the workspace has both journeys and ConfigMap browser entries.' },
  'journey-entry-orphaned': { description: 'A ConfigMap browser entry whose id matches no journey: its journey was renamed or removed.' },
  'journey-entry-stale': { description: 'A ConfigMap browser entry that generating from its journey would change (script, name, schedule, …); quick fix: regenerate it.' },
  'journey-not-inlinable': { description: 'A journey that cannot become an inline script: an npm import other than @elastic/synthetics, `await` before its steps, hooks, a `monitor.use` value that is not a literal, ….' },
  'kustomize-missing-file': { description: 'A kustomization names a resource, base, patch or generator file that does not exist (with a did-you-mean).' },
  'agent-replicas': { description: 'A private-location agent Deployment with more than one replica: each agent on the policy runs every monitor (duplicate or missing results).' },
  'agent-image-no-browser': { description: 'The agent image is `elastic-agent`, which has no Chromium, while browser monitors exist: use `elastic-agent-complete`.' },
  'agent-monitors-d-fleet': { description: 'A monitors.d folder mounted in a Fleet-managed agent, which runs only what Kibana sends it: those monitors never run.' },
  'hook-annotation-missing': { description: 'A push Job without `argocd.argoproj.io/hook`: ArgoCD runs it once, never at later syncs.' },
  'hook-ttl': { description: '`ttlSecondsAfterFinished` on the push hook: Kubernetes deletes the Job behind ArgoCD\'s back; use the hook delete policy.' },
  'hook-no-deadline': { description: 'A push Job without `activeDeadlineSeconds`: a hanging push holds the sync open forever.' },
  'application-path-missing': { description: 'An ArgoCD Application\'s `path` that does not exist in the repository holding it (with a did-you-mean).' },
  'application-no-retry': { description: 'An automated ArgoCD Application without `syncPolicy.retry`: one failed sync (the push hook included) stays failed.' },
} as const satisfies Record<string, CodeInfo>;

/** A finding's code: one of CODES. */
export type Code = keyof typeof CODES;
