// Shapes of real standalone-Heartbeat configurations (copied from the corpus, cut down): processors,
// autodiscover templates, Helm values, URLs without a scheme, cron schedules. Each finding is
// checked at its exact line:col; the whole corpus is checked in corpus.test.ts.

import assert from 'node:assert/strict';
import { analyse, located } from '../../helpers/core';

const HEARTBEAT = { target: 'heartbeat' as const };

describe('standalone Heartbeat configurations', () => {
  describe('cron schedules (contemplator1998/rpi-monitoring, pranaygitac/tomcat-eck-filebeat)', () => {
    const icmp = (schedule: string, timeout: string) => `heartbeat.monitors:\n- type: icmp\n  schedule: '${schedule}'\n  hosts: [localhost]\n  timeout: ${timeout}\n`;

    it('flags a timeout longer than the shortest gap between two runs', () => {
      assert.deepEqual(located(icmp('*/5 * * * * * *', '16s'), analyse(icmp('*/5 * * * * * *', '16s'), HEARTBEAT).findings), ['5:12-5:15 timeout-exceeds-schedule']);
      assert.deepEqual(analyse(icmp('*/30 * * * * * *', '16s'), HEARTBEAT).findings, []);
      // Six fields end with the year: every 5 minutes.
      assert.deepEqual(analyse(icmp('*/5 * * * * *', '16s'), HEARTBEAT).findings, []);
      // 23:00 and 00:00: an hour apart across midnight.
      const uneven = analyse(icmp('0 0,23 * * *', '2h'), HEARTBEAT).findings;
      assert.match(uneven[0].message, /longer than the schedule's shortest gap \(`0 0,23 \* \* \*` runs as little as 3600s apart\)/);
    });

    it('says why Heartbeat cannot read a cron expression', () => {
      const { findings } = analyse(icmp('0 25 * * *', '1s'), HEARTBEAT);
      assert.deepEqual(located(icmp('0 25 * * *', '1s'), findings), ['3:13-3:25 schedule-invalid']);
      assert.match(findings[0].message, /cannot read as a cron expression: the hour field cannot hold `25`/);
      assert.deepEqual(analyse(icmp('@daily', '16s'), HEARTBEAT).findings, []);
    });

    it('leaves ${...} schedules and timeouts to the values Heartbeat substitutes', () => {
      assert.deepEqual(analyse(icmp('${SCHEDULE}', '${TIMEOUT}'), HEARTBEAT).findings, []);
    });
  });
});
