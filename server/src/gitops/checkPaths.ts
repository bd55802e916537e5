// Reads the given files and folders from disk into a workspace (workspace.ts) and returns each
// file with every finding at it: what `validate` prints, and what `plan` and `push` build the
// desired state from. The language server holds the same workspace over the editor's documents.

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CheckedFile, FileKind, fileKind } from '../core';
import { findingsForVersion, syncConfigKibanaVersion } from '../core/kibana/versions';
import { toJS } from '../core/tree';
import { DiskSource, IoError, filesUnder } from '../node/diskSource';
import { Settings } from '../protocol/settings';
import { WorkspaceOptions, createWorkspace } from './workspace';

export type { CheckedFile };

export interface CheckOptions extends WorkspaceOptions {
  paths: string[];
  settings: Settings;
  /** An absolute folder whose files are not read, even when a path names them. */
  exclude?: string;
}

/** Files are named relative to `cwd` in messages; a file named explicitly (or mounted) is meant to hold monitors, files found in a folder are read by content. */
export async function checkPaths(options: CheckOptions, cwd: string): Promise<CheckedFile[]> {
  const targets: { file: string; kind: FileKind; named?: boolean }[] = [];
  for (const given of options.paths) {
    const full = path.resolve(cwd, given);
    const stat = await fs.stat(full).catch((error: NodeJS.ErrnoException) => {
      throw new IoError(`cannot read ${given}: ${error.code === 'ENOENT' ? 'no such file or directory' : error.message}`);
    });
    if (stat.isDirectory()) {
      const kinds = new Map<string, FileKind>();
      const wanted = (relative: string) => {
        const kind = fileKind(relative, options.settings);
        if (kind) kinds.set(relative, kind);
        return !!kind;
      };
      for await (const file of filesUnder(full, wanted, true)) targets.push({ file, kind: kinds.get(path.relative(full, file).split(path.sep).join('/'))! });
    } else {
      // A file named explicitly is read even when its name matches no glob.
      const kind = fileKind(path.basename(full), options.settings) ?? (/\.json$/i.test(full) ? 'browser-json' : undefined);
      if (!kind) throw new IoError(`${given}: not a YAML or JSON file`);
      targets.push({ file: full, kind, named: true });
    }
  }
  const excluded = (file: string) => options.exclude !== undefined && file.startsWith(options.exclude + path.sep);
  const workspace = createWorkspace(new DiskSource(), options);
  workspace.setFolders([cwd]);
  for (const target of targets.filter((t) => !excluded(t.file))) {
    const text = await fs.readFile(target.file, 'utf8').catch((error: Error) => {
      throw new IoError(`cannot read ${path.relative(cwd, target.file)}: ${error.message}`);
    });
    workspace.set(target.file, target.kind, text, options.settings, { named: target.named });
  }
  await workspace.settle();
  return workspace.checked();
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
