// What a Kibana version looks like: the settings (the `kibana.version` setting) and the core's
// versioned rules (core/kibana/versions.ts) read it alike.

const VERSION = /^(\d+)\.(\d+)(?:\.(\d+))?(?:-[0-9A-Za-z.-]+)?$/;

/** `9.1.0`, `8.18` or `9.2.0-SNAPSHOT` as [major, minor, patch]; undefined when it is not a version. */
export function parseKibanaVersion(text: string): [number, number, number] | undefined {
  const match = VERSION.exec(text.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : undefined;
}
