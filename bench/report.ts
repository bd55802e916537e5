// What the benchmarks share to write their sections of BENCHMARKS.md.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const BENCHMARKS = path.resolve(__dirname, '../../BENCHMARKS.md');

/** This machine's cores and CPU model, as each section's "Machine" line starts. */
export function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'})`;
}

/** Prints a benchmark's section and writes it into BENCHMARKS.md in place of its `## heading` section, leaving the others. */
export function writeSection(heading: string, section: string): void {
  console.log('\n' + section);
  writeFileSync(BENCHMARKS, withSection(BENCHMARKS, heading, section));
  console.log(`Wrote the ${heading} section of BENCHMARKS.md`);
}

/** The file's text with its `## heading` section (up to the next `## `) replaced by `section`, or appended. */
function withSection(file: string, heading: string, section: string): string {
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const at = existing.search(new RegExp(`^## ${heading}\\b`, 'm'));
  const kept = (at < 0 ? existing : existing.slice(0, at)).replace(/\s*$/, '\n');
  const next = at < 0 ? -1 : existing.slice(at + 1).search(/^## /m);
  return `${kept}\n${section}${next < 0 ? '' : '\n' + existing.slice(at + 1 + next)}`;
}
