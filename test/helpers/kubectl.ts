// The real Kustomize, as `kubectl kustomize` ships it.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

/** `kubectl kustomize DIR`'s output; fails the test (never skips it) when kubectl is missing. */
export function kustomize(dir: string): string {
  const result = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  if (result.error) assert.fail(`kubectl is needed to build the overlays (${result.error.message}): apt-get install kubernetes-client`);
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}
