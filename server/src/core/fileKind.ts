// Which files are ours to read, by name: YAML files are then recognised by content;
// JSON files only when they match the browser-config globs (JSON is everywhere in a repo);
// journeys by their name, as @elastic/synthetics finds them (protocol/journeyFiles.ts).

import picomatch from 'picomatch';
import { isJourneyFile } from '../protocol/journeyFiles';
import { Settings } from '../protocol/settings';
import { FileKind } from './fileAnalysis';

const matchers = new Map<string, (path: string) => boolean>();

/** The kind of a file from its path relative to the workspace folder (forward slashes), if any. */
export function fileKind(relativePath: string, settings: Settings): FileKind | undefined {
  if (/\.ya?ml$/i.test(relativePath)) return 'yaml';
  if (isJourneyFile(relativePath)) return 'journey';
  if (!/\.json$/i.test(relativePath)) return undefined;
  const key = settings.browserConfigGlobs.join('\0');
  let match = matchers.get(key);
  if (!match) {
    match = picomatch(settings.browserConfigGlobs, { dot: true });
    matchers.set(key, match);
  }
  return match(relativePath) ? 'browser-json' : undefined;
}

/** Folders never walked. */
export const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);
