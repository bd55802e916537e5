// What a lightweight monitor checks: http `urls`, tcp `host:port`, icmp hosts. Kibana project
// monitors take exactly one of each; a standalone Heartbeat takes lists.

import { Node, ScalarNode, get, stringValue } from '../tree';
import { MonitorContext, PLACEHOLDER, itemsOf, monitorAnchor, nodeAt } from './context';

export function checkEndpoints(ctx: MonitorContext): void {
  if (ctx.type === 'browser') return;
  const key = ctx.type === 'http' ? 'urls' : 'hosts';
  const node = nodeAt(ctx.monitor, key) ?? (ctx.type === 'http' ? nodeAt(ctx.monitor, 'hosts') : undefined);
  const items = itemsOf(node).filter((n): n is ScalarNode => n.kind === 'scalar');
  if (!node || items.length === 0) {
    ctx.report({
      code: 'missing-required',
      severity: 'error',
      message: `A ${ctx.type} monitor needs \`${key}\`: ${ctx.type === 'http' ? 'the URL to check, for example `https://example.com/health`' : ctx.type === 'tcp' ? 'the `host:port` to connect to' : 'the host to ping'}.`,
      span: node ? node.span : monitorAnchor(ctx.monitor),
    });
    return;
  }
  if (ctx.target === 'kibana') checkSingle(ctx, key, node, items);
  for (const item of items) {
    const value = String(item.value ?? '');
    if (value === '' || (PLACEHOLDER.test(value) && value.replace(PLACEHOLDER, '') === '')) continue;
    if (ctx.type === 'http') checkUrl(ctx, item, value);
    else if (ctx.type === 'tcp') checkTcpHost(ctx, item, value);
    else checkIcmpHost(ctx, item, value);
  }
}

function checkSingle(ctx: MonitorContext, key: string, node: Node, items: ScalarNode[]): void {
  const values = items.flatMap((i) => (ctx.type !== 'http' && typeof i.value === 'string' ? i.value.split(',') : [String(i.value)]));
  if (values.length > 1) {
    ctx.report({
      code: 'multiple-endpoints',
      severity: 'error',
      message: `\`${key}\` has ${values.length} values, but a Kibana project monitor takes exactly one${ctx.type !== 'http' ? ' (a comma-separated string counts as several)' : ''}. Make one monitor per ${ctx.type === 'http' ? 'URL' : 'host'}.`,
      span: node.span,
    });
  }
}

/**
 * Heartbeat keeps a URL with a scheme and a host and puts `http://` (`https://` when `ssl` is on)
 * before anything else, so `kibana:5601` requests `http://kibana:5601`
 * (elastic/beats heartbeat/monitors/active/http/config.go, `Validate`). Kibana first checks the URL
 * with `new URL()` (its isValidURL, skipped for `${param}` URLs), which takes `kibana:5601` as is
 * (server/synthetics_service/project_monitor/normalizers/http_monitor.ts), and sends `ssl.*` to the
 * agent only when a key holds `ssl` (server/synthetics_service/formatters/public_formatters/format_configs.ts),
 * both under x-pack/solutions/observability/plugins/synthetics/.
 */
function checkUrl(ctx: MonitorContext, item: ScalarNode, value: string): void {
  if (PLACEHOLDER.test(value)) return; // `${param}` URLs are resolved at run time; Kibana skips them too
  if (ctx.target === 'kibana' && !parses(value)) {
    ctx.report({
      code: 'url-invalid',
      severity: 'error',
      message: `\`${value}\` is not a valid URL, and Kibana refuses it: write it in full, for example \`https://${value.replace(/^\/+/, '')}\`.`,
      span: item.span,
    });
    return;
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/[^/?#]/i.exec(value)?.[1];
  if (scheme && parses(value)) {
    if (!/^https?$/i.test(scheme)) {
      const fix = `http://${value.slice(scheme.length + 3)}`;
      ctx.report({
        code: 'url-invalid',
        severity: 'warning',
        message: `\`${value}\` has the scheme \`${scheme}\`; an http monitor requests only http and https URLs. Did you mean \`${fix}\`?`,
        span: item.span,
        fixes: [{ title: `Change to \`${fix}\``, edits: [{ span: item.span, newText: fix }], preferred: true }],
      });
    }
    return;
  }
  const ssl = nodeAt(ctx.monitor, 'ssl');
  const requested = `${ssl?.kind === 'map' && stringValue(get(ssl, 'enabled')) !== 'false' ? 'https' : 'http'}://${value}`;
  if (!parses(requested)) {
    ctx.report({
      code: 'url-invalid',
      severity: 'error',
      message: `\`${value}\` is not a valid URL, not even as \`${requested}\` (what Heartbeat makes of a URL without a scheme). Write it in full, for example \`https://example.com/health\`.`,
      span: item.span,
    });
    return;
  }
  ctx.report({
    code: 'url-no-scheme',
    severity: 'information',
    message: `\`${value}\` has no scheme: Heartbeat requests \`${requested}\`. Write the scheme to make that explicit.`,
    span: item.span,
    fixes: [{ title: `Change to \`${requested}\``, edits: [{ span: item.span, newText: requested }], preferred: true }],
  });
}

function parses(url: string): boolean {
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

function checkTcpHost(ctx: MonitorContext, item: ScalarNode, value: string): void {
  for (const host of ctx.target === 'kibana' ? value.split(',') : [value]) {
    const withoutScheme = host.trim().replace(/^(tcp|plain|ssl|tls):\/\//, '');
    const match = /^(\[[^\]]+\]|[^:]+):([^:]+)$/.exec(withoutScheme);
    const hasPorts = nodeAt(ctx.monitor, 'ports') !== undefined;
    if (!match) {
      if (ctx.target === 'heartbeat' && hasPorts) continue;
      ctx.report({
        code: 'tcp-host-invalid',
        severity: 'error',
        message:
          `\`${host}\` has no port: ${ctx.target === 'kibana' ? 'Kibana' : 'a tcp monitor'} needs \`host:port\`, for example \`${withoutScheme || 'db.example.com'}:5432\`` +
          (ctx.target === 'heartbeat' ? ' (or a `ports` list).' : '.'),
        span: item.span,
      });
      continue;
    }
    const port = match[2];
    if (PLACEHOLDER.test(port)) continue;
    if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
      ctx.report({ code: 'tcp-host-invalid', severity: 'error', message: `\`${host}\`: the port \`${port}\` must be a number from 1 to 65535.`, span: item.span });
    }
  }
}

function checkIcmpHost(ctx: MonitorContext, item: ScalarNode, value: string): void {
  for (const host of ctx.target === 'kibana' ? value.split(',') : [value]) {
    const trimmed = host.trim();
    if (PLACEHOLDER.test(trimmed)) continue;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) || /^[^:\[\]]+:\d+$/.test(trimmed) || /[\s/]/.test(trimmed)) {
      ctx.report({
        code: 'icmp-host-invalid',
        severity: 'error',
        message: `\`${trimmed}\` is not a host an icmp monitor can ping: write a bare host name or IP address, with no scheme, port or path.`,
        span: item.span,
      });
    }
  }
}
