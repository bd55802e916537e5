// The disk as the workspace's source of files (core/workspace/source.ts): what the CLI, plan and
// push read, and what the language server reads beneath the editor's open documents. Also the one
// walk of a folder's files, for `validate` and the language server's scan alike.

import { Dirent, existsSync, promises as fs, readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { FileSource, SKIPPED_DIRECTORIES } from '../core';

/** A file or folder that cannot be read: the CLI exits with 2, naming it. */
export class IoError extends Error {}

export class DiskSource implements FileSource {
  read(file: string): string | undefined {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  }

  exists(file: string): boolean {
    return existsSync(file);
  }

  isFolder(file: string): boolean {
    try {
      return statSync(file).isDirectory();
    } catch {
      return false;
    }
  }

  list(folder: string): string[] {
    try {
      return readdirSync(folder);
    } catch {
      return [];
    }
  }
}

/**
 * The files under a folder whose path relative to it (with `/`) is `wanted`, in name order, folder
 * by folder; `node_modules` and `.git` are not walked. A folder that cannot be read is skipped by
 * the editor's scan; with `strict` (the CLI, plan and push: monitors may hide in it) it throws.
 */
export async function* filesUnder(root: string, wanted: (relative: string) => boolean, strict = false): AsyncGenerator<string> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(root, { withFileTypes: true });
  } catch (error) {
    if (strict) throw new IoError(`cannot read ${root}: ${(error as Error).message}`);
    return;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) {
      if (SKIPPED_DIRECTORIES.has(entry.name)) continue;
      for await (const file of filesUnder(full, (relative) => wanted(`${entry.name}/${relative}`), strict)) yield file;
    } else if (entry.isFile() && wanted(entry.name)) yield full;
  }
}
