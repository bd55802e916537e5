// The README's main job (`npm run demo`, after the build) must keep working as documented.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { REPO } from '../helpers/core';

describe('the quick start demo', function () {
  this.timeout(60_000);

  it('runs validate → plan → push → edit → plan → push --prune → status against the sandbox, ending in agreement and the monitor down named', async () => {
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(process.execPath, [path.join(REPO, 'scripts', 'demo.mjs')], { cwd: REPO }, (error, out) => resolve({ code: error ? Number(error.code) : 0, stdout: out })),
    );
    assert.equal(code, 0, stdout);
    assert.match(stdout, /Pushed to http:\/\/127\.0\.0\.1:\d+: 5 created, 0 updated, 0 deleted\./);
    assert.match(stdout, /Pushed to http:\/\/127\.0\.0\.1:\d+: 0 created, 1 updated, 1 deleted\./);
    assert.match(stdout, /^✖ down database-connection {2}"Database Connection Check" \(tcp\) {2}since \S+ at synthetic-monitor-default: dial tcp 10\.0\.0\.12:5432: connect: connection refused {2}tcp-monitors\/database-connection\.yml:\d+:\d+$/m);
    assert.match(stdout, /\n4 monitors: 1 down, 0 pending, 0 not in Kibana, 0 disabled, 3 up\.\n/);
    assert.match(stdout, /Done: git and the sandbox agree, and `status` \(exit 1\) names the monitor that is down\.\n$/);
  });
});
