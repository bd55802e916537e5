// Who a monitor is: Kibana's push needs `id` (stable: it identifies the monitor across pushes)
// and `name`, and a namespace Fleet accepts.

import { namespaceProblem } from '../kibana/facts';
import { stringValue } from '../tree';
import { MonitorContext, entryAt, insertKeyFix, monitorAnchor } from './context';

export function checkIdentity(ctx: MonitorContext): void {
  if (ctx.target !== 'kibana') return;
  checkNamespace(ctx);
  // Browser configs require both in their schema, whatever the target; journeys derive them from the journey.
  if (ctx.format !== 'heartbeat') return;
  const name = stringValue(entryAt(ctx.monitor, 'name')?.value);
  for (const key of ['id', 'name'] as const) {
    const entry = entryAt(ctx.monitor, key);
    const value = stringValue(entry?.value);
    if (value !== undefined && value.trim() !== '') continue;
    const derived = key === 'id' ? slug(ctx.entryName ?? name ?? '') : stringValue(entryAt(ctx.monitor, 'id')?.value);
    const fix = derived && !entry ? insertKeyFix(ctx, key, derived) : undefined;
    ctx.report({
      code: 'missing-required',
      severity: 'error',
      message:
        key === 'id'
          ? 'A Kibana project monitor needs an `id`: it identifies the monitor from one push to the next (the push aborts with "Monitor id is required"). Choose a stable one.'
          : 'A Kibana project monitor needs a non-blank `name` (the push aborts with "Monitor name is required").',
      span: entry ? entry.value.span : monitorAnchor(ctx.monitor),
      fixes: fix ? [fix] : undefined,
    });
  }
}

function checkNamespace(ctx: MonitorContext): void {
  const namespace = entryAt(ctx.monitor, 'namespace');
  const value = stringValue(namespace?.value);
  const problem = value !== undefined ? namespaceProblem(value) : undefined;
  if (namespace && problem) {
    ctx.report({ code: 'namespace-invalid', severity: 'error', message: `\`namespace\` \`${value}\` ${problem} (Fleet's data stream rules).`, span: namespace.value.span });
  }
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/\.(ya?ml|json)$/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
