// Entry of the in-editor tests (the payload's extensionTestsPath): VS Code's extension host calls
// run() and reports a rejection as failure, which the runner receives as exit code 1.

import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // The editor starts cold on a 2-core machine: allow slow first answers, the polls have their own deadlines.
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
  mocha.addFile(path.join(__dirname, 'suite.js'));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} e2e test(s) failed`)) : resolve()));
  });
}
