// The desired state as the cluster sees it: ConfigMaps mounted as volumes. The kubelet writes each
// ConfigMap volume as `DIR/KEY -> ..data/KEY`, `..data -> ..<timestamp>` (the files), and updates it
// by writing a new timestamped directory and renaming a new `..data` link over the old one, so a
// key read through its link is either the old file or the new one, never half of each. (Keys read
// during a swap may mix generations; the fingerprint then differs, and the watcher reads again.)
//
// Layout read here (what the cluster manifests mount): DIR holds one subdirectory per ConfigMap
// (`/monitors/http-monitors/`, `/monitors/browser-journey-configs/`, `/monitors/sync-config/`), or
// is itself one ConfigMap volume. Every `*.yml`/`*.yaml` key is heartbeat YAML (one monitor or a
// list), every `*.json` key a browser-monitor config, and the key named like `sync-config.yaml`
// the sync configuration, wherever it is mounted (two are an error unless --sync-config picks one:
// see prepare.ts).

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { SYNC_CONFIG_KEY } from '../core/extract';
import { IoError } from '../node/diskSource';

export interface MountContents {
  /** Monitor files: absolute paths through the key links (so errors name the key), sorted. */
  files: string[];
  /** The keys holding a sync configuration, sorted: more than one is an error unless `--sync-config` picks one. */
  syncConfigs: string[];
  /** Keys that are neither YAML nor JSON, relative to DIR: not monitors, reported, not read. */
  ignored: string[];
  /**
   * Changes whenever the mounted content may have: every key's resolved path (the timestamped
   * directory of a kubelet volume), size and modification time.
   */
  fingerprint: string;
}

/** Entries the kubelet keeps for itself: `..data`, `..data_tmp`, `..2026_11_27_13_00_00.123456789`. */
const isKubeletEntry = (name: string) => name.startsWith('..');

export async function readMount(dir: string): Promise<MountContents> {
  const root = path.resolve(dir);
  const stat = await fs.stat(root).catch((error: NodeJS.ErrnoException) => {
    throw new IoError(`cannot read the mount ${dir}: ${error.code === 'ENOENT' ? 'no such directory' : error.message}`);
  });
  if (!stat.isDirectory()) throw new IoError(`--from ${dir}: not a directory (give the folder the ConfigMaps are mounted in)`);
  const keys: string[] = [];
  await collect(root, keys);
  const contents: MountContents = { files: [], syncConfigs: [], ignored: [], fingerprint: '' };
  const prints: string[] = [];
  for (const file of keys.sort()) {
    const relative = path.relative(root, file);
    // A key can vanish between listing and stat while the kubelet swaps: it is then in the next read.
    const [real, info] = await Promise.all([fs.realpath(file).catch(() => file), fs.stat(file).catch(() => undefined)]);
    prints.push(`${relative}\0${real}\0${info?.size}\0${info?.mtimeMs}`);
    if (SYNC_CONFIG_KEY.test(path.basename(file))) contents.syncConfigs.push(file);
    else if (/\.(ya?ml|json)$/i.test(file)) contents.files.push(file);
    else contents.ignored.push(relative);
  }
  contents.fingerprint = prints.join('\n');
  return contents;
}

/** Every key under dir, following links (`KEY -> ..data/KEY`), skipping the kubelet's own entries. */
async function collect(dir: string, out: string[]): Promise<void> {
  const entries = await fs.readdir(dir);
  for (const name of entries) {
    if (isKubeletEntry(name)) continue;
    const full = path.join(dir, name);
    const stat = await fs.stat(full).catch(() => undefined);
    if (stat?.isDirectory()) await collect(full, out);
    else if (stat?.isFile()) out.push(full);
  }
}
