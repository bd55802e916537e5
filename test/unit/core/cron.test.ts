// Heartbeat's cron flavour (gorhill/cronexpr): what parses, and the shortest gap between two runs.

import assert from 'node:assert/strict';
import { cronInterval, parseCron } from '../../../server/src/core/cron';

function interval(expression: string) {
  const parsed = parseCron(expression);
  if ('error' in parsed) throw new Error(`${expression}: ${parsed.error}`);
  return cronInterval(parsed.cron);
}

function error(expression: string): string | undefined {
  const parsed = parseCron(expression);
  return 'error' in parsed ? parsed.error : undefined;
}

describe("Heartbeat's cron expressions", () => {
  it('reads 7 fields as seconds to year, 5 as minutes to day of week, and 6 with the YEAR last', () => {
    assert.deepEqual(interval('*/5 * * * * * *'), { shortest: 5, even: true });
    assert.deepEqual(interval('*/30 * * * * * *'), { shortest: 30, even: true });
    assert.deepEqual(interval('*/5 * * * *'), { shortest: 300, even: true });
    // Six fields: minute hour day month weekday year, so this is every 30 minutes, not seconds.
    assert.deepEqual(interval('*/30 * * * * *'), { shortest: 1800, even: true });
    assert.deepEqual(interval('0 0 * * * 2030'), { shortest: 86_400, even: false });
    // Fields past the seventh are ignored.
    assert.deepEqual(interval('*/10 * * * * * * extra'), { shortest: 10, even: true });
  });

  it('knows the @ aliases, names, ranges and steps', () => {
    assert.deepEqual(interval('@hourly'), { shortest: 3600, even: true });
    assert.deepEqual(interval('@daily'), { shortest: 86_400, even: true });
    assert.equal(interval('@weekly')?.shortest, 7 * 86_400);
    assert.deepEqual(interval('0 9-17/4 * * mon-fri'), { shortest: 4 * 3600, even: false });
    assert.deepEqual(interval('0,30 * * jan-dec *'), { shortest: 1800, even: true });
  });

  it('finds the shortest gap across midnight and between the days it runs', () => {
    // 23:00 then 00:00 the next day.
    assert.deepEqual(interval('0 0,23 * * *'), { shortest: 3600, even: false });
    // The 1st of a month or any Saturday: a Saturday then Sunday the 1st.
    assert.equal(interval('0 12 1 * 6')?.shortest, 86_400);
    // The last day of the month and the 1st of the next.
    assert.equal(interval('0 12 1,L * *')?.shortest, 86_400);
    // The 2nd Monday of each month: at least 4 weeks apart.
    assert.equal(interval('0 8 * * 1#2')?.shortest, 28 * 86_400);
    // Runs once a year on one day: one year.
    assert.equal(interval('0 0 0 29 2 * *')?.shortest, 4 * 365 * 86_400 + 86_400);
  });

  it('has no interval for a schedule that runs once or never', () => {
    assert.equal(interval('0 0 0 1 1 * 2030'), undefined);
    assert.equal(interval('0 0 30 2 *'), undefined);
    // cronexpr has no token for `01` in the month field: it reads as month 0, which never comes.
    assert.equal(interval('0 0 1 01 *'), undefined);
  });

  it('refuses what cronexpr refuses', () => {
    assert.match(error('*/5 * * *')!, /has 4 fields, and at least 5/);
    assert.match(error('0 60 * * *')!, /the hour field cannot hold `60`/);
    assert.match(error('61 * * * *')!, /the minute field cannot hold `61`/);
    assert.match(error('*/0 * * * *')!, /the minute step in `\*\/0` must be from 1 to 59/);
    assert.match(error('0 0 32 * *')!, /the day-of-month field cannot hold `32`/);
    assert.match(error('0 0 * * 1#6')!, /the day-of-week field cannot hold `1#6`/);
    assert.match(error('@reboot')!, /has 1 field,/);
    assert.equal(error('0 0 LW * *'), undefined);
    assert.equal(error('0 0 15W * ?'), undefined);
    assert.equal(error('0 0 * * 5L'), undefined);
  });
});
