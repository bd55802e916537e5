// The agent's schedule conversion, checked against every row of the reference table (§5.2),
// and Kibana's duration and namespace rules.

import assert from 'node:assert/strict';
import { kibanaDurationSeconds, kibanaMisreadSeconds, kibanaSchedule, namespaceProblem } from '../../../../server/src/core/kibana/facts';

describe('Kibana facts', () => {
  const table: [string, string | number][] = [
    ['@every 4s', '10s'], ['@every 20s', '30s'], ['@every 30s', '30s'], ['@every 40s', '30s'], ['@every 60s', 1], ['@every 70s', 1],
    ['@every 1m', 1], ['@every 90s', 2], ['@every 121s', 2], ['@every 2m30s', 2], ['@every 181s', 3], ['@every 4m25s', 5],
    ['@every 16m', 15], ['@every 24m', 20], ['@every 45m', 60], ['@every 1h2m', 60], ['@every 110m', 120], ['@every 2h20m', 120],
    ['@every 3h50m', 240], ['@every 1d', 240],
  ];
  for (const [written, sent] of table) {
    it(`the push sends ${written} as ${sent}`, () => {
      const converted = kibanaSchedule(written);
      assert.deepEqual(converted, typeof sent === 'number' ? { minutes: sent } : { seconds: Number(sent.slice(0, -1)) });
    });
  }

  it('refuses schedules the agent cannot read', () => {
    for (const bad of ['*/5 * * * *', '5', '@every', '@every 0s', '@every five minutes']) assert.equal(kibanaSchedule(bad), undefined, bad);
  });

  it('reads durations as Kibana does, and says what it makes of the rest', () => {
    assert.equal(kibanaDurationSeconds('80s'), 80);
    assert.equal(kibanaDurationSeconds('1m'), 60);
    assert.equal(kibanaDurationSeconds('16'), undefined);
    assert.equal(kibanaMisreadSeconds('16'), 1, 'a unit-less "16" is read as 1 second');
    assert.equal(kibanaMisreadSeconds('1m30s'), 1);
  });

  it('applies Fleet\'s namespace rules', () => {
    assert.equal(namespaceProblem('production'), undefined);
    assert.match(namespaceProblem('Production')!, /lowercase/);
    assert.match(namespaceProblem('team-a')!, /character/);
    assert.match(namespaceProblem('')!, /required/);
    assert.match(namespaceProblem('x'.repeat(101))!, /100 bytes/);
  });
});
