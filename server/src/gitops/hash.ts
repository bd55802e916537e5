// The hash stored with each pushed monitor. Kibana resets it to "" on any UI or API edit, which
// is how the plan spots edits made outside git. Unlike the agent's, it covers the monitor's
// configuration and content only — not the file's absolute path — so the same git commit gives
// the same hashes on a laptop and in the in-cluster sync job.

import { createHash } from 'node:crypto';
import { ProjectMonitor } from '../core/kibana/types';

export function monitorHash(payload: ProjectMonitor): string {
  const { hash: _previous, ...config } = payload;
  return createHash('sha256').update(stableJson(config)).digest('base64');
}

/** JSON with sorted keys, so equal configurations hash alike whatever their key order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
