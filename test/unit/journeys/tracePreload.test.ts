// The trace preload (journeys/tracePreload.ts) in front of an @elastic/synthetics whose internals it
// does not know: it changes nothing, says so in one event, and the run goes on. (With the real
// 1.26.3 it records traces: test/cli/run.test.ts.)

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TRACE_DIR_ENV, TRACE_EVENT, TRACE_TESTED_VERSIONS, tracePreloadPath } from '../../../server/src/journeys/traces';

describe('trace preload', () => {
  let root: string;
  let cli: string;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-preload-'));
    const pkg = path.join(root, 'node_modules', '@elastic', 'synthetics');
    fs.mkdirSync(path.join(pkg, 'dist', 'core'), { recursive: true });
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: '@elastic/synthetics', version: '9.0.0' }));
    // A gatherer without setupDriver: a version whose internals moved.
    fs.writeFileSync(path.join(pkg, 'dist', 'core', 'gatherer.js'), 'exports.Gatherer = class { static async launch() {} };\n');
    cli = path.join(pkg, 'dist', 'cli.js');
    fs.writeFileSync(cli, "process.stdout.write('the run goes on\\n');\n");
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  const run = (env: NodeJS.ProcessEnv) => spawnSync(process.execPath, ['--require', tracePreloadPath(), cli], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });

  it('says why no trace is kept when the runner\'s internals do not fit, and the run goes on', () => {
    const result = run({ [TRACE_DIR_ENV]: path.join(root, 'traces') });
    assert.equal(result.status, 0, result.stderr);
    const [event, output] = result.stdout.trimEnd().split('\n');
    assert.deepEqual(JSON.parse(event), {
      type: TRACE_EVENT,
      error: `no trace is kept: @elastic/synthetics 9.0.0 (in ${path.dirname(path.dirname(cli))}) does not have the internals traces are recorded through (tested with ${TRACE_TESTED_VERSIONS})`,
    });
    assert.equal(output, 'the run goes on');
    assert.ok(!fs.existsSync(path.join(root, 'traces')));
  });

  it('does nothing unless traces are asked for', () => {
    const result = run({ [TRACE_DIR_ENV]: '' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, 'the run goes on\n');
  });
});
