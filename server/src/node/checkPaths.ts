// Reads the given files and folders, analyses every monitor file and checks ids across all of
// them: what `validate` prints, and what `plan` and `push` build the desired state from.

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { FileAnalysis, FileKind, Finding, LineIndex, SKIPPED_DIRECTORIES, createAnalyser, fileKind, WorkspaceIndex } from '../core';
import { findingsForVersion, syncConfigKibanaVersion } from '../core/kibana/versions';
import { toJS } from '../core/tree';
import { Settings } from '../protocol/settings';
import { overlayFindings } from '../kustomize/overlayChecks';
import { referenceFindings } from './references';

export interface CheckedFile {
  /** Absolute path. */
  file: string;
  /** Its text as read (the line index holds it anyway). */
  text: string;
  lines: LineIndex;
  analysis: FileAnalysis;
  /**
   * The analysis's findings, the workspace-wide ones (duplicate ids, agent images) and missing
   * referenced paths; those tied to a Kibana version for the settings' version (selectKibanaVersion picks anew).
   */
  findings: Finding[];
}

export class IoError extends Error {}

/** `exclude`: an absolute folder whose files are not read, even when a path names them. */
export async function checkPaths(options: { paths: string[]; settings: Settings; exclude?: string }, cwd: string): Promise<CheckedFile[]> {
  // A file named explicitly (or mounted) is meant to hold monitors; files found in a folder are read by content.
  const targets: { file: string; kind: FileKind; named?: boolean }[] = [];
  for (const given of options.paths) {
    const full = path.resolve(cwd, given);
    const stat = await fs.stat(full).catch((error: NodeJS.ErrnoException) => {
      throw new IoError(`cannot read ${given}: ${error.code === 'ENOENT' ? 'no such file or directory' : error.message}`);
    });
    if (stat.isDirectory()) await collect(full, full, options, targets);
    else {
      // A file named explicitly is read even when its name matches no glob.
      const kind = fileKind(path.basename(full), options.settings) ?? (/\.json$/i.test(full) ? 'browser-json' : undefined);
      if (!kind) throw new IoError(`${given}: not a YAML or JSON file`);
      targets.push({ file: full, kind, named: true });
    }
  }
  const excluded = (file: string) => options.exclude !== undefined && file.startsWith(options.exclude + path.sep);
  const analyser = createAnalyser();
  const index = new WorkspaceIndex();
  const checked: CheckedFile[] = [];
  for (const target of targets.filter((t) => !excluded(t.file))) {
    const text = await fs.readFile(target.file, 'utf8').catch((error: Error) => {
      throw new IoError(`cannot read ${path.relative(cwd, target.file)}: ${error.message}`);
    });
    const analysis = analyser.analyse(text, target.kind, options.settings, target.named);
    index.update(target.file, analysis.monitors, analysis.manifests);
    checked.push({ file: target.file, text, lines: new LineIndex(text), analysis, findings: analysis.findings });
  }
  const overlays = overlayFindings(checked);
  for (const file of checked) {
    const references = file.analysis.manifests ? referenceFindings(file.file, file.analysis.manifests.references) : [];
    file.findings = [...file.findings, ...index.workspaceFindings(file.file), ...references, ...(overlays.get(file.file) ?? [])].sort((a, b) => a.span.start - b.span.start);
  }
  return checked;
}

/** The `kibana.version` the sync configurations among the files name (they must agree), if any: what `validate` checks against without a flag. */
export function syncConfigsKibanaVersion(checked: CheckedFile[], cwd: string): string | undefined {
  const named = new Map<string, string>();
  for (const file of checked) {
    for (const unit of file.analysis.units) {
      const version = unit.format === 'sync-config' ? syncConfigKibanaVersion(toJS(unit.root)) : undefined;
      if (version) named.set(version, path.relative(cwd, file.file));
    }
  }
  if (named.size > 1) {
    throw new Error(`the sync configurations name different Kibana versions (${[...named].map(([v, f]) => `${v} in ${f}`).join(', ')}): pass the one to check against with --kibana-version`);
  }
  return [...named.keys()][0];
}

/** Each file's findings for another Kibana version: one named in a sync configuration, or the live one for a plan. */
export function selectKibanaVersion(checked: CheckedFile[], version: string): void {
  for (const file of checked) file.findings = findingsForVersion(file.findings, file.analysis.versionGated, version);
}

async function collect(root: string, dir: string, options: { settings: Settings }, out: { file: string; kind: FileKind }[]): Promise<void> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) await collect(root, full, options, out);
    } else if (entry.isFile()) {
      const kind = fileKind(path.relative(root, full).split(path.sep).join('/'), options.settings);
      if (kind) out.push({ file: full, kind });
    }
  }
}
