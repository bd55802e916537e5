// What a journey file is, once for every reader: the language server and the CLI (fileKind, the
// workspace scan, `generate`, `check`, `run`), and the extension (Test Explorer, lenses, selectors,
// the manifest's `when` clauses, which a test compares with these). The names @elastic/synthetics
// loads journeys from: its loader takes `*.journey.*` files whose extension is one of
// JOURNEY_EXTENSIONS (dist/loader.js), so `.mts` and `.cts` files are never run nor pushed.

/** The extensions @elastic/synthetics loads journeys from, case included. */
export const JOURNEY_EXTENSIONS = ['ts', 'js', 'mjs', 'cjs'] as const;

/** A journey file, by its path or name. */
export const JOURNEY_FILE = new RegExp(`\\.journey\\.(${JOURNEY_EXTENSIONS.join('|')})$`);

/** The same as a glob: file watchers, workspace searches, document selectors. */
export const JOURNEY_GLOB = `**/*.journey.{${JOURNEY_EXTENSIONS.join(',')}}`;

/** Whether a path (or a URI's path) names a journey file. */
export function isJourneyFile(file: string): boolean {
  return JOURNEY_FILE.test(file);
}
