// The editor's monitor status (client/src/kibana/statusText.ts): the lens above each monitor, the
// details of its tooltip, and how long the poller waits (statusPoller.ts) while Kibana answers or fails.

import assert from 'node:assert/strict';
import type { MonitorStatus } from '../../../../server/src/protocol/monitorStatus';
import { statusText } from '../../../helpers/clientStatusText';

const { lensTitle, nextRefreshMs, shortTime, statusDetails, REFRESH_MS, MAX_BACKOFF_MS } = statusText;

/** Local times, as the editor shows them. */
const now = new Date(2026, 4, 4, 10, 30);
const local = (day: number, hours: number, minutes: number) => new Date(2026, 4, day, hours, minutes).toISOString();

const japan = { id: 'asia-northeast1-a', label: 'Asia/Pacific - Japan' };
const germany = { id: 'europe-west3-a', label: 'Europe - Germany' };
const up: MonitorStatus = { id: 'api', name: 'API health', type: 'http', status: 'up', since: local(4, 10, 2), checkedAt: local(4, 10, 29), locations: [{ ...japan, status: 'up' }, { ...germany, status: 'up' }], configId: 'c1', url: 'https://k/app/synthetics/monitor/c1' };
const down: MonitorStatus = {
  ...up,
  status: 'down',
  since: local(3, 23, 5),
  locations: [{ ...japan, status: 'up' }, { ...germany, status: 'down' }],
  lastError: { message: 'connect ECONNREFUSED 10.0.0.1:443 while opening the page, after 3 attempts, each of them timing out after thirty seconds', at: local(4, 10, 28) },
};

describe('monitor status in the editor', () => {
  it('waits a minute between requests, doubling after each failure in a row up to 15 minutes', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 10].map(nextRefreshMs), [60_000, 120_000, 240_000, 480_000, 900_000, 900_000]);
    assert.deepEqual([REFRESH_MS, MAX_BACKOFF_MS], [60_000, 900_000]);
  });

  it('titles the lens with the status, since when and where, or the error when down', () => {
    assert.equal(lensTitle(up, now), '● up since 10:02 · 2 locations');
    assert.equal(lensTitle({ ...up, since: undefined }, now), '● up · 2 locations · checked 10:29', 'Kibana\'s newest answer dates no up streak');
    assert.equal(lensTitle(down, now), '✖ down since 2026-05-03 23:05 — connect ECONNREFUSED 10.0.0.1:443 while opening the page, after 3 attempts, eac…');
    assert.equal(lensTitle({ ...down, lastError: undefined, since: undefined }, now), '✖ down at Europe - Germany');
    assert.equal(lensTitle({ ...up, status: 'pending', since: undefined }, now), '◌ pending · no check reported yet');
    assert.equal(lensTitle({ ...up, status: 'disabled' }, now), '○ disabled in Kibana');
    assert.equal(lensTitle({ id: 'new', status: 'not-in-kibana', locations: [] }, now), '○ not in Kibana');
  });

  it('details each location, the last error in full, and where the status comes from', () => {
    assert.deepEqual(statusDetails(down, 'kibana.example.com/default/gitops', now), [
      'api "API health" (http): down since 2026-05-03 23:05',
      '  Asia/Pacific - Japan: up',
      '  Europe - Germany: down',
      `Last error (10:28): ${down.lastError!.message}`,
      'Kibana kibana.example.com/default/gitops, last check 10:29.',
    ]);
    assert.deepEqual(statusDetails({ id: 'new', status: 'not-in-kibana', locations: [] }, 'k/default/p', now), ['new (?): not in Kibana', 'Kibana k/default/p has no monitor with this id: push it.']);
  });

  it('shows a time as the clock today, with the date another day, and leaves what is no time as it is', () => {
    assert.equal(shortTime(local(4, 9, 5), now), '09:05');
    assert.equal(shortTime(local(1, 9, 5), now), '2026-05-01 09:05');
    assert.equal(shortTime('soon', now), 'soon');
  });
});
