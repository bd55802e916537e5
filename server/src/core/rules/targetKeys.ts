// Keys whose meaning depends on the target, read from the schema's annotations: `x-kibana`
// marks Heartbeat options Kibana refuses in project monitors, `x-kibana-since` those it refuses
// before a version (kibana/versions.ts), `x-target: kibana` keys only Kibana reads.

import { Schema, deref, itemSchema, propertySchema } from '../schema/schemas';
import { KIBANA_CHANGES } from '../kibana/versions';
import { Node } from '../tree';
import { MonitorContext } from './context';

export function checkTargetKeys(ctx: MonitorContext, schema: Schema): void {
  walk(ctx, ctx.monitor, schema, schema, []);
}

/** `path`: the keys down to `node`, one stack pushed and popped (it runs for every key of every monitor analysed). */
function walk(ctx: MonitorContext, node: Node, schema: Schema | undefined, root: Schema, path: string[]): void {
  const s = deref(schema, root);
  if (!s) return;
  if (node.kind === 'seq') {
    const items = itemSchema(s, root);
    for (const item of node.items) walk(ctx, item, items, root, path);
    return;
  }
  if (node.kind !== 'map') return;
  for (const entry of node.entries) {
    const child = propertySchema(s, entry.key, root);
    if (!child) continue;
    if (ctx.target === 'kibana' && child['x-kibana']) {
      ctx.report({
        code: 'kibana-unsupported-key',
        severity: 'error',
        message: `\`${dotted(path, entry.key)}\` is a Heartbeat option that Kibana refuses in project monitors ("Unsupported Heartbeat option"). ${child['x-kibana']}`,
        span: entry.keySpan,
      });
      continue;
    }
    const since = child['x-kibana-since'];
    if (ctx.target === 'kibana' && since) {
      ctx.report({
        code: 'kibana-unsupported-key',
        severity: 'error',
        message: `\`${dotted(path, entry.key)}\` is refused by Kibana before ${KIBANA_CHANGES[since].since} ("Unsupported Heartbeat option"), and the Kibana checked against is older (the live one for plan and push; else \`--kibana-version\`, the \`kibana.version\` setting or the sync configuration's): remove it, or upgrade Kibana.`,
        span: entry.keySpan,
        versionGate: { change: since, applies: 'before' },
      });
    }
    const byType = child['x-kibana-by-type'] as Record<string, string> | undefined;
    const valueType = entry.value.kind === 'seq' ? 'array' : entry.value.kind === 'map' ? 'object' : typeof entry.value.value;
    if (ctx.target === 'kibana' && byType?.[valueType]) {
      ctx.report({
        code: 'kibana-unsupported-key',
        severity: 'error',
        message: `\`${dotted(path, entry.key)}\` written as ${valueType === 'array' ? 'a list' : `a ${valueType}`} is a Heartbeat form that Kibana refuses in project monitors. ${byType[valueType]}`,
        span: entry.keySpan,
      });
      continue;
    }
    if (ctx.target === 'heartbeat' && child['x-target'] === 'kibana') {
      ctx.report({
        code: 'heartbeat-ignores-key',
        severity: 'information',
        message: `\`${dotted(path, entry.key)}\` is read only by Kibana; a standalone Heartbeat ignores it.`,
        span: entry.keySpan,
      });
      continue;
    }
    path.push(entry.key);
    walk(ctx, entry.value, child, root, path);
    path.pop();
  }
}

function dotted(path: string[], key: string): string {
  return [...path, key].join('.');
}
