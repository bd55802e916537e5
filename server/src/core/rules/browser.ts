// Browser monitors: where the script comes from, what an inline script must look like, and
// what the push does with browser monitors and per-monitor params written in YAML.

import { stringValue } from '../tree';
import { MonitorContext, entryAt, monitorAnchor, nodeAt } from './context';

export function checkBrowser(ctx: MonitorContext): void {
  if (ctx.type !== 'browser') return;
  if (ctx.format === 'heartbeat' && ctx.target === 'kibana') {
    ctx.report({
      code: 'browser-in-yaml',
      severity: 'warning',
      message: 'The push skips browser monitors written in YAML ("Browser monitors from <file> are skipped"): write it as a journey, or as a browser-monitor JSON config.',
      span: entryAt(ctx.monitor, 'type')?.value.span ?? monitorAnchor(ctx.monitor),
    });
    return;
  }
  const inline = nodeAt(ctx.monitor, 'source.inline.script');
  const project = nodeAt(ctx.monitor, 'source.project.content');
  const zip = nodeAt(ctx.monitor, 'source.zip_url');
  if (!inline && !project && !zip) {
    ctx.report({
      code: 'missing-required',
      severity: 'error',
      message: 'A browser monitor needs a script: `source.inline.script` (steps) or `source.project.content` (a bundled project).',
      span: entryAt(ctx.monitor, 'source')?.keySpan ?? monitorAnchor(ctx.monitor),
    });
  }
  const script = stringValue(inline);
  if (inline && script !== undefined && script.trim() !== '') {
    if (!script.includes('step(')) {
      ctx.report({
        code: 'browser-script-invalid',
        severity: 'error',
        message: 'The inline script has no `step(...)`: Kibana refuses inline scripts without steps. Write the steps, e.g. `step(\'open\', async () => { await page.goto(params.url); });`.',
        span: inline.span,
      });
    }
    if (script.includes('journey(')) {
      ctx.report({
        code: 'browser-script-invalid',
        severity: 'error',
        message: 'The inline script calls `journey(...)`: an inline script holds only the steps; Kibana wraps them in a journey itself.',
        span: inline.span,
      });
    }
  } else if (inline && script !== undefined) {
    ctx.report({ code: 'browser-script-invalid', severity: 'error', message: '`source.inline.script` is empty.', span: inline.span });
  }
}

/** The push replaces per-monitor YAML `params` with the project's global params (Kibana 8.7.2+). */
export function checkYamlParams(ctx: MonitorContext): void {
  if (ctx.format !== 'heartbeat' || ctx.target !== 'kibana' || ctx.type === 'browser') return;
  const params = entryAt(ctx.monitor, 'params');
  if (!params) return;
  ctx.report({
    code: 'params-ignored',
    severity: 'warning',
    message: 'Per-monitor `params` in YAML are replaced by the project\'s global params when pushed (Kibana 8.7.2 and later): set them in the project configuration instead.',
    span: params.keySpan,
    versionGate: { change: 'lightweightParams', applies: 'since' },
  });
}
