// ConfigMap volumes written the way the kubelet's AtomicWriter writes them: the keys in a new
// timestamped directory, a `..data_tmp` link to it renamed over `..data`, a `KEY -> ..data/KEY`
// link per key, then the links of removed keys and the old directory deleted.

import * as fs from 'node:fs';
import * as path from 'node:path';

let generation = 0;

/** Writes (or swaps) the volume of one ConfigMap at dir with exactly these keys. */
export function writeConfigMapVolume(dir: string, data: Record<string, string>): void {
  fs.mkdirSync(dir, { recursive: true });
  const dataLink = path.join(dir, '..data');
  const previous = fs.existsSync(dataLink) ? fs.readlinkSync(dataLink) : undefined;
  const stamp = `..${new Date().toISOString().replace(/[-:]/g, '_').replace('T', '_').replace(/\.(\d+)Z$/, '.$1')}${String(++generation).padStart(6, '0')}`;
  fs.mkdirSync(path.join(dir, stamp));
  for (const [key, text] of Object.entries(data)) fs.writeFileSync(path.join(dir, stamp, key), text);
  fs.symlinkSync(stamp, path.join(dir, '..data_tmp'));
  fs.renameSync(path.join(dir, '..data_tmp'), dataLink);
  for (const key of Object.keys(data)) if (!fs.existsSync(path.join(dir, key))) fs.symlinkSync(path.join('..data', key), path.join(dir, key));
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith('..') && !(name in data)) fs.unlinkSync(path.join(dir, name));
  }
  if (previous) fs.rmSync(path.join(dir, previous), { recursive: true });
}
