// mocha's spec reporter, closing with each pending test and why (test/helpers/pending.ts), then the
// plain "N passed, N failed" line that CI logs are read for.
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const pending = [];
    runner.on(Mocha.Runner.constants.EVENT_TEST_PENDING, (test) => pending.push(test));
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const reasons = new Map();
      for (const test of pending) {
        let reason;
        for (let at = test; at && !reason; at = at.parent) reason = at.pendingReason;
        const why = reason ?? 'marked pending in the test';
        reasons.set(why, [...(reasons.get(why) ?? []), test.fullTitle()]);
      }
      for (const [why, titles] of reasons) console.log(`Pending (${titles.length}): ${why}\n${titles.map((t) => `  - ${t}`).join('\n')}`);
      const { passes, failures } = runner.stats;
      console.log(`${passes} passed, ${failures} failed${pending.length ? `, ${pending.length} pending` : ''}`);
    });
  }
}

module.exports = SummaryReporter;
