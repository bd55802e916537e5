// Every finding code the core can produce is described in CODES (the compiler sees to that: a
// finding's code is a `Code`), and nothing is described that the core no longer produces.
// docs/codes.md is generated from CODES (checked in docs.test.ts).

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CODES } from '../../../server/src/core/codes';
import { REPO } from '../../helpers/core';

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('finding codes', () => {
  const used = new Set<string>();
  for (const file of sourceFiles(path.join(REPO, 'server', 'src'))) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (!/\bcode: /.test(line)) continue;
      for (const [, code] of line.matchAll(/'([a-z][a-z0-9]*(?:-[a-z0-9]+)+)'/g)) used.add(code);
    }
  }

  it('are all described in CODES, and CODES lists no code left unused', () => {
    assert.deepEqual([...used].sort(), Object.keys(CODES).sort());
  });
});
