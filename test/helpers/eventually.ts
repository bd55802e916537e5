// Polling with a deadline, for tests that wait on something asynchronous they cannot be told about
// (a language server's diagnostics, what a workbench renders): never a fixed sleep.

/** Retries `check` until it stops throwing; past the deadline, rethrows its last error. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 30_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
