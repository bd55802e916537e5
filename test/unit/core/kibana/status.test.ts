// Monitors' status from Kibana's overview status route (core/kibana/status.ts), read from each shape
// the route answered in. The answers below follow Kibana's codec and service of each time (paths
// under x-pack/…/synthetics/): `common/runtime_types/monitor_management/synthetics_overview_status.ts`,
// `server/queries/query_monitor_status.ts` (8.7: keyed by config id and location label),
// `server/routes/overview_status/overview_status_service.ts` (newest: one entry per monitor with its
// locations); 8.6's `server/routes/status/current_status.ts` answered counts only.

import assert from 'node:assert/strict';
import { renderStatusJson, renderStatusText } from '../../../../server/src/core/kibana/renderStatus';
import { StatusTarget, monitorUrl, namesMonitors, overallState, overviewFacts, statusReport } from '../../../../server/src/core/kibana/status';
import { StoredMonitor } from '../../../../server/src/core/kibana/types';

const JAPAN = { id: 'asia-northeast1-a', label: 'Asia/Pacific - Japan', isServiceManaged: true };
const GERMANY = { id: 'europe-west3-a', label: 'Europe - Germany', isServiceManaged: true };
const KIBANA = { url: 'https://kibana.example.com/base', space: 'default' };

/** The project's monitors as the public list returns them (`internal=true`). */
const stored: StoredMonitor[] = [
  { config_id: 'cfg-web', journey_id: 'web', id: 'web-gitops-default', name: 'web health', type: 'http', enabled: true, locations: [JAPAN, GERMANY], project_id: 'gitops' },
  { config_id: 'cfg-api', journey_id: 'api', id: 'api-gitops-default', name: 'api health', type: 'http', enabled: true, locations: [JAPAN], project_id: 'gitops' },
  { config_id: 'cfg-new', journey_id: 'new', id: 'new-gitops-default', name: 'new', type: 'tcp', enabled: true, locations: [GERMANY], project_id: 'gitops' },
  { config_id: 'cfg-off', journey_id: 'off', id: 'off-gitops-default', name: 'off', type: 'icmp', enabled: false, locations: [JAPAN], project_id: 'gitops' },
];

const ping = (timestamp: string, startedAt: string, error?: string) => ({
  '@timestamp': timestamp,
  summary: error ? { up: 0, down: 1 } : { up: 1, down: 0 },
  state: { id: 'state-1', started_at: startedAt, up: 3, down: 0 },
  ...(error && { error: { message: error, type: 'io' } }),
});

/** 8.7: per monitor and location, keyed `${configId}-${location label}`, `location` the label. */
const SHAPE_8_7 = {
  enabledIds: ['web-gitops-default', 'api-gitops-default', 'new-gitops-default'],
  disabledCount: 1,
  up: 2,
  down: 1,
  upConfigs: {
    'cfg-web-Asia/Pacific - Japan': { configId: 'cfg-web', monitorQueryId: 'web-gitops-default', location: JAPAN.label, status: 'up', ping: ping('2026-05-04T10:01:00.000Z', '2026-05-01T00:00:00.000Z'), timestamp: '2026-05-04T10:01:00.000Z' },
    'cfg-api-Asia/Pacific - Japan': { configId: 'cfg-api', monitorQueryId: 'api-gitops-default', location: JAPAN.label, status: 'up', ping: ping('2026-05-04T10:02:00.000Z', '2026-05-04T09:30:00.000Z'), timestamp: '2026-05-04T10:02:00.000Z' },
  },
  downConfigs: {
    'cfg-web-Europe - Germany': { configId: 'cfg-web', monitorQueryId: 'web-gitops-default', location: GERMANY.label, status: 'down', ping: ping('2026-05-04T10:03:00.000Z', '2026-05-04T09:55:00.000Z', '503 Service Unavailable'), timestamp: '2026-05-04T10:03:00.000Z' },
  },
};

/** Later 8.x: keyed `${configId}-${locationId}`, with the location's id and label, pending and disabled buckets. */
const SHAPE_8_X = {
  allMonitorsCount: 4, disabledMonitorsCount: 1, projectMonitorsCount: 4, up: 2, down: 1, pending: 1, disabledCount: 1,
  upConfigs: {
    'cfg-web-asia-northeast1-a': { configId: 'cfg-web', monitorQueryId: 'web-gitops-default', status: 'up', locationId: JAPAN.id, locationLabel: JAPAN.label, name: 'web health', schedule: '5', isEnabled: true, tags: [], isStatusAlertEnabled: true, type: 'http', ping: ping('2026-05-04T10:01:00.000Z', '2026-05-01T00:00:00.000Z'), timestamp: '2026-05-04T10:01:00.000Z' },
    'cfg-api-asia-northeast1-a': { configId: 'cfg-api', monitorQueryId: 'api-gitops-default', status: 'up', locationId: JAPAN.id, locationLabel: JAPAN.label, name: 'api health', schedule: '5', isEnabled: true, tags: [], isStatusAlertEnabled: true, type: 'http', ping: ping('2026-05-04T10:02:00.000Z', '2026-05-04T09:30:00.000Z'), timestamp: '2026-05-04T10:02:00.000Z' },
  },
  downConfigs: {
    'cfg-web-europe-west3-a': { configId: 'cfg-web', monitorQueryId: 'web-gitops-default', status: 'down', locationId: GERMANY.id, locationLabel: GERMANY.label, name: 'web health', schedule: '5', isEnabled: true, tags: [], isStatusAlertEnabled: true, type: 'http', ping: ping('2026-05-04T10:03:00.000Z', '2026-05-04T09:55:00.000Z', '503 Service Unavailable'), timestamp: '2026-05-04T10:03:00.000Z' },
  },
  pendingConfigs: {
    'cfg-new-europe-west3-a': { configId: 'cfg-new', monitorQueryId: 'new-gitops-default', status: 'unknown', locationId: GERMANY.id, locationLabel: GERMANY.label, name: 'new', schedule: '3', isEnabled: true, tags: [], isStatusAlertEnabled: true, type: 'tcp' },
  },
  disabledConfigs: {
    'cfg-off-asia-northeast1-a': { configId: 'cfg-off', monitorQueryId: 'off-gitops-default', status: 'disabled', locationId: JAPAN.id, locationLabel: JAPAN.label, name: 'off', schedule: '3', isEnabled: false, tags: [], isStatusAlertEnabled: true, type: 'icmp' },
  },
  enabledMonitorQueryIds: ['web-gitops-default', 'api-gitops-default', 'new-gitops-default'],
  disabledMonitorQueryIds: ['off-gitops-default'],
  allIds: ['web-gitops-default', 'api-gitops-default', 'new-gitops-default', 'off-gitops-default'],
};

const meta = (configId: string, name: string, type: string) => ({ monitorQueryId: `${configId.slice(4)}-gitops-default`, configId, name, schedule: '5', isEnabled: true, tags: [], isStatusAlertEnabled: true, type });

/** Newest: one entry per monitor keyed by config id; error and downSince only at a location that is down. */
const SHAPE_NEWEST = {
  allMonitorsCount: 4, disabledMonitorsCount: 1, projectMonitorsCount: 4, up: 2, down: 1, pending: 1, disabledCount: 1,
  upConfigs: {
    'cfg-api': { ...meta('cfg-api', 'api health', 'http'), overallStatus: 'up', timestamp: '2026-05-04T10:02:00.000Z', locations: [{ id: JAPAN.id, label: JAPAN.label, status: 'up' }] },
  },
  downConfigs: {
    'cfg-web': {
      ...meta('cfg-web', 'web health', 'http'),
      overallStatus: 'down',
      timestamp: '2026-05-04T10:03:00.000Z',
      locations: [
        { id: GERMANY.id, label: GERMANY.label, status: 'down', downSince: '2026-05-04T09:55:00.000Z', error: { message: '503 Service Unavailable', type: 'io' } },
        { id: JAPAN.id, label: JAPAN.label, status: 'up' },
      ],
    },
  },
  pendingConfigs: { 'cfg-new': { ...meta('cfg-new', 'new', 'tcp'), overallStatus: 'pending', locations: [{ id: GERMANY.id, label: GERMANY.label, status: 'pending' }] } },
  disabledConfigs: { 'cfg-off': { ...meta('cfg-off', 'off', 'icmp'), isEnabled: false, overallStatus: 'disabled', locations: [{ id: JAPAN.id, label: JAPAN.label, status: 'disabled' }] } },
  enabledMonitorQueryIds: [], disabledMonitorQueryIds: [], allIds: [{ monitorQueryId: 'web-gitops-default' }],
};

const at = (line: number) => ({ start: line * 100, end: line * 100 + 10 });
const targets: StatusTarget[] = [
  { id: 'api', name: 'api health', type: 'http', file: 'monitors.yml', span: at(1) },
  { id: 'web', name: 'web health', type: 'http', file: 'monitors.yml', span: at(2) },
  { id: 'new', name: 'new', type: 'tcp', file: 'monitors.yml', span: at(3) },
  { id: 'off', name: 'off', type: 'icmp', file: 'monitors.yml', span: at(4) },
  { id: 'gone', name: 'gone', type: 'http', file: 'monitors.yml', span: at(5) },
];

const report = (body: unknown, given = targets) => statusReport(given, stored, overviewFacts(body), KIBANA);
const byId = (body: unknown) => new Map(report(body).map((m) => [m.id, m]));

describe('monitor status from Kibana\'s overview status route', () => {
  for (const [shape, body] of [['8.7', SHAPE_8_7], ['later 8.x', SHAPE_8_X], ['newest', SHAPE_NEWEST]] as const) {
    it(`reads the ${shape} answer: each location's status, down since its first failure, and its error`, () => {
      assert.equal(namesMonitors(body), true);
      const web = byId(body).get('web')!;
      assert.equal(web.status, 'down');
      assert.deepEqual(web.locations, [
        { id: JAPAN.id, label: JAPAN.label, status: 'up' },
        { id: GERMANY.id, label: GERMANY.label, status: 'down' },
      ]);
      assert.equal(web.since, '2026-05-04T09:55:00.000Z');
      assert.deepEqual(web.lastError, { message: '503 Service Unavailable', at: '2026-05-04T10:03:00.000Z' });
      assert.equal(web.checkedAt, '2026-05-04T10:03:00.000Z');
      assert.equal(web.configId, 'cfg-web');
      assert.equal(web.url, 'https://kibana.example.com/base/app/synthetics/monitor/cfg-web');
      const api = byId(body).get('api')!;
      assert.equal(api.status, 'up');
      assert.equal(api.lastError, undefined);
      // The up streak's start comes with the heartbeat summary (`state.started_at`); the newest answer has none.
      assert.equal(api.since, shape === 'newest' ? undefined : '2026-05-04T09:30:00.000Z');
      assert.equal(api.checkedAt, '2026-05-04T10:02:00.000Z');
      assert.equal(byId(body).get('new')!.status, 'pending');
      assert.deepEqual(byId(body).get('new')!.locations.map((l) => l.status), ['pending']);
      assert.equal(byId(body).get('off')!.status, 'disabled');
    });
  }

  it('lists what git has and Kibana\'s project not as not in Kibana, most urgent first', () => {
    assert.deepEqual(report(SHAPE_NEWEST).map((m) => `${m.status} ${m.id}`), ['down web', 'pending new', 'not-in-kibana gone', 'disabled off', 'up api']);
    const gone = report(SHAPE_NEWEST).find((m) => m.id === 'gone')!;
    assert.deepEqual([gone.locations, gone.configId, gone.url, gone.name], [[], undefined, undefined, 'gone']);
  });

  it('tells the 8.6 answer (counts only) from one naming monitors', () => {
    assert.equal(namesMonitors({ enabledIds: ['a'], disabledCount: 0, up: 1, down: 0 }), false);
    assert.deepEqual(overviewFacts({ enabledIds: ['a'], up: 1, down: 0 }), []);
    assert.equal(namesMonitors('not json'), false);
  });

  it('counts a location that stopped reporting (stale, no_data) as pending, and ignores other projects\' monitors', () => {
    const body = {
      upConfigs: { 'other-cfg': { configId: 'other-cfg', overallStatus: 'up', locations: [{ id: JAPAN.id, label: JAPAN.label, status: 'up' }] } },
      downConfigs: {},
      noDataConfigs: { 'cfg-api': { configId: 'cfg-api', overallStatus: 'no_data', locations: [{ id: JAPAN.id, label: JAPAN.label, status: 'no_data', lastStatus: 'up' }] } },
      staleConfigs: { 'cfg-web': { configId: 'cfg-web', overallStatus: 'stale', locations: [{ id: JAPAN.id, label: JAPAN.label, status: 'stale' }, { id: GERMANY.id, label: GERMANY.label, status: 'stale' }] } },
    };
    const statuses = byId(body);
    assert.equal(statuses.get('api')!.status, 'pending');
    assert.equal(statuses.get('web')!.status, 'pending');
    assert.ok(![...statuses.values()].some((m) => m.configId === 'other-cfg'));
  });

  it('joins a journey to the monitor of its id, and leaves out a journey nothing pushed', () => {
    const journeys: StatusTarget[] = [
      { id: 'web', name: 'web journey', type: 'browser', file: 'journeys/web.journey.ts', span: at(7), journey: true },
      { id: 'local-only', name: 'local only', type: 'browser', file: 'journeys/local.journey.ts', span: at(1), journey: true },
      { id: 'api', name: 'api journey', type: 'browser', file: 'journeys/api.journey.ts', span: at(2), journey: true },
    ];
    const items = statusReport([targets[1], ...journeys], stored, overviewFacts(SHAPE_NEWEST), KIBANA);
    assert.deepEqual(items.map((m) => [m.id, m.name, m.places.map((p) => p.file)]), [
      ['web', 'web health', ['monitors.yml', 'journeys/web.journey.ts']],
      // Only a journey defines it here: Kibana's name for it.
      ['api', 'api health', ['journeys/api.journey.ts']],
    ]);
  });

  it('links to the monitor in its space, Kibana\'s base path kept', () => {
    assert.equal(monitorUrl({ url: 'https://k.example.com', space: 'default' }, 'a b'), 'https://k.example.com/app/synthetics/monitor/a%20b');
    assert.equal(monitorUrl({ url: 'https://k.example.com/kb', space: 'team-a' }, 'x'), 'https://k.example.com/kb/s/team-a/app/synthetics/monitor/x');
  });

  it('is down when any location is down, up when any is up and none down (Kibana\'s rule)', () => {
    assert.equal(overallState([{ status: 'up' }, { status: 'down' }]), 'down');
    assert.equal(overallState([{ status: 'pending' }, { status: 'up' }]), 'up');
    assert.equal(overallState([{ status: 'pending' }]), 'pending');
    assert.equal(overallState([]), 'pending');
  });

  it('renders text for a person and JSON (version 1) for a script, each monitor at its file:line', () => {
    const items = report(SHAPE_8_X);
    const locate = (_file: string, span: { start: number }) => ({ line: span.start / 100 + 1, column: 5 });
    const ctx = { kibanaUrl: KIBANA.url, kibanaVersion: '8.15.0', space: 'default', project: 'gitops' };
    const text = renderStatusText(items, locate, ctx, false);
    assert.match(text, /^✖ down web {2}"web health" \(http\) {2}since 2026-05-04T09:55:00\.000Z at Europe - Germany \(1 of 2 locations\): 503 Service Unavailable {2}monitors\.yml:3:5$/m);
    assert.match(text, /^● up api {2}"api health" \(http\) {2}since 2026-05-04T09:30:00\.000Z at 1 location {2}monitors\.yml:2:5$/m);
    assert.match(text, /^\? not in Kibana gone {2}"gone" \(http\) {2}Kibana's project has no such monitor: push it {2}monitors\.yml:6:5$/m);
    assert.match(text, /\n5 monitors: 1 down, 1 pending, 1 not in Kibana, 1 disabled, 1 up\.\n$/);
    const json = JSON.parse(renderStatusJson(items, locate, ctx));
    assert.deepEqual(json.summary, { up: 1, down: 1, pending: 1, disabled: 1, notInKibana: 1 });
    assert.deepEqual(json.monitors[0].places, [{ file: 'monitors.yml', line: 3, column: 5 }]);
    assert.equal(json.monitors[0].status, 'down');
  });
});
