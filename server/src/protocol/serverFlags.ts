// How the language server is started: the Node flags the extension gives it (and the benchmark,
// which measures it as shipped). Other editors may pass them too (docs/editor.md).

/**
 * Semi-spaces of at most 8 MB instead of V8's 16 (a young generation of 16 MB instead of 32): the
 * server's garbage is short-lived (the trees of each analysis), so the smaller nursery costs it no
 * speed and keeps about 13 MB less resident (BENCHMARKS.md).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=8'];
