// What the benchmarks share to write their sections of BENCHMARKS.md.

import { existsSync, readFileSync } from 'node:fs';
import * as os from 'node:os';

/** This machine's cores and CPU model, as each section's "Machine" line starts. */
export function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'})`;
}

/** The file's text with its `## heading` section (up to the next `## `) replaced by `section`, or appended. */
export function withSection(file: string, heading: string, section: string): string {
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const at = existing.search(new RegExp(`^## ${heading}\\b`, 'm'));
  const kept = (at < 0 ? existing : existing.slice(0, at)).replace(/\s*$/, '\n');
  const next = at < 0 ? -1 : existing.slice(at + 1).search(/^## /m);
  return `${kept}\n${section}${next < 0 ? '' : '\n' + existing.slice(at + 1 + next)}`;
}
