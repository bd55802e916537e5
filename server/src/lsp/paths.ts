// The one place URIs become file paths and back.

import * as path from 'node:path';
import { URI } from 'vscode-uri';

export function uriToPath(uri: string): string | undefined {
  const parsed = URI.parse(uri);
  return parsed.scheme === 'file' ? parsed.fsPath : undefined;
}

export function pathToUri(file: string): string {
  return URI.file(file).toString();
}

/** The path relative to the folder containing it (forward slashes), for glob matching. */
export function relativeTo(folders: string[], file: string): string {
  const folder = folders.find((f) => file.startsWith(f + path.sep)) ?? path.dirname(file);
  return path.relative(folder, file).split(path.sep).join('/');
}
