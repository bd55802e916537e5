// Test helpers for the core: analyse a text and describe findings compactly as
// "line:col-line:col code" (1-based), caret markers for positions, and the shared inputs.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAnalyser, FileAnalysis, FileKind, Finding, LineIndex } from '../../server/src/core';
import { DEFAULT_SETTINGS, Settings } from '../../server/src/protocol/settings';
import { skipBecause } from './pending';

export const REPO = path.resolve(__dirname, '../../..');
/** The read-only shared folder beside a maintainer's clone (reference, corpus); a user's clone has none. */
export const SHARED = path.resolve(REPO, '..', 'shared');
export const CORPUS = path.join(SHARED, 'corpus', 'files');

/** The corpus's files (real configurations of third parties, not ours to ship), or pending when it is not beside this clone. */
export function corpusOrSkip(ctx: Mocha.Context): string {
  if (!fs.existsSync(CORPUS)) skipBecause(ctx, `the real-world corpus is read from ${path.relative(REPO, CORPUS)}, which is not beside this clone`);
  return CORPUS;
}

const analyser = createAnalyser();

export function settings(overrides: Partial<Settings> = {}): Settings {
  return { ...DEFAULT_SETTINGS, ...overrides };
}

/** `named`: as a file named on the command line or mounted (meant to hold monitors). */
export function analyse(text: string, overrides: Partial<Settings> = {}, kind: FileKind = 'yaml', named = false): FileAnalysis {
  return analyser.analyse(text, kind, settings(overrides), named);
}

/** `12:5-12:15 code` for each finding. */
export function located(text: string, findings: Finding[]): string[] {
  const lines = new LineIndex(text);
  return findings.map((f) => {
    const a = lines.positionAt(f.span.start);
    const b = lines.positionAt(f.span.end);
    return `${a.line + 1}:${a.character + 1}-${b.line + 1}:${b.character + 1} ${f.code}`;
  });
}

/** Codes only, for tests that do not care where. */
export function codes(findings: Finding[]): string[] {
  return findings.map((f) => f.code);
}

/** The text a finding points at. */
export function covered(text: string, finding: Finding): string {
  return text.slice(finding.span.start, finding.span.end);
}

/** Removes a `|` caret marker from the text and returns its offset. */
export function caret(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|^|');
  if (offset < 0) throw new Error('no |^| marker');
  return { text: marked.slice(0, offset) + marked.slice(offset + 3), offset };
}

/**
 * YAML blocks of the design document, as written there: the icmp, http, browser and tcp ConfigMaps
 * (also the fixtures of `validate` tests), then the meta-monitor entry.
 */
export function seedYamlBlocks(): string[] {
  const fixtures = path.join(REPO, 'test', 'fixtures');
  return [
    ...['icmp', 'http', 'browser', 'tcp'].map((type) => path.join(fixtures, 'seed-configmaps', `${type}-monitors.yaml`)),
    path.join(fixtures, 'seed-design', 'meta-monitor.yaml'),
  ].map((file) => fs.readFileSync(file, 'utf8'));
}

/** Literal YAML snippets in tests: strips the common indentation of a template literal. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((out, s, i) => out + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** A ConfigMap `http-monitors` (5 lines) whose `data:` holds `entries`, written at two spaces. */
export function configMap(entries: string): string {
  return 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: http-monitors\ndata:\n' + entries;
}
