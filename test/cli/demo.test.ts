// The README's main job (`npm run demo`, after the build) must keep working as documented.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { REPO } from '../helpers/core';

describe('the quick start demo', function () {
  this.timeout(60_000);

  it('runs validate → plan → push → edit → plan → push --prune against the sandbox, ending in agreement', async () => {
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(process.execPath, [path.join(REPO, 'scripts', 'demo.mjs')], { cwd: REPO }, (error, out) => resolve({ code: error ? Number(error.code) : 0, stdout: out })),
    );
    assert.equal(code, 0, stdout);
    assert.match(stdout, /Pushed to http:\/\/127\.0\.0\.1:\d+: 5 created, 0 updated, 0 deleted\./);
    assert.match(stdout, /Pushed to http:\/\/127\.0\.0\.1:\d+: 0 created, 1 updated, 1 deleted\./);
    assert.match(stdout, /Done: git and the sandbox agree\.\n$/);
  });
});
