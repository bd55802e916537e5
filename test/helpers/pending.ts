// Tests that need something outside the repository (the shared corpus beside a maintainer's
// clone, Chromium, openssl) report themselves pending with why, rather than passing unseen; the
// summary reporter lists each with its reason. Under CI, whose machine installs Chromium and
// openssl, a missing one is a failure instead.

import { findChromium } from '../../server/src/journeys/runner';

/** Marks the running test (or, from a hook, its whole suite) pending, with the reason shown in the summary. */
export function skipBecause(ctx: Mocha.Context, reason: string, options: { requiredInCi?: boolean } = {}): never {
  if (options.requiredInCi && process.env.CI) throw new Error(`${reason} (CI installs it: see .ci/run)`);
  const runnable = ctx.currentTest ?? ctx.test;
  const target = (runnable as { type?: string } | undefined)?.type === 'hook' ? runnable!.parent : runnable;
  if (target) (target as { pendingReason?: string }).pendingReason = reason;
  ctx.skip();
}

/** Debian's Chromium, which journeys run in; pending where it is not installed (a failure under CI). */
export function chromiumOrSkip(ctx: Mocha.Context): string {
  try {
    return findChromium();
  } catch (error) {
    return skipBecause(ctx, (error as Error).message, { requiredInCi: true });
  }
}
