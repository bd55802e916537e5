// Credentials written where they do not belong: inside a URL (`https://user:pass@host`, a
// `proxy_url` with a password), which Kibana stores and shows as given and git keeps forever; and
// a sync configuration that turns off TLS verification, which lets anyone on the network path
// read the Kibana credentials.

import { Finding } from '../findings';
import { MapNode, Node, ScalarNode } from '../tree';
import { MonitorContext, itemsOf, nodeAt } from './context';

const PLACEHOLDER = /\$\{[^}]*\}/g;

export function checkUrlCredentials(ctx: MonitorContext): void {
  if (ctx.type !== 'http') return;
  for (const key of ['urls', 'proxy_url']) {
    for (const item of stringItems(nodeAt(ctx.monitor, key))) {
      const masked = maskedCredentials(item.value);
      if (!masked) continue;
      ctx.report({
        code: 'credentials-in-url',
        severity: 'warning',
        message:
          `\`${key}\` carries credentials (${masked}): Kibana stores the URL as given and shows it to everyone who can read the monitor, and git keeps it. ` +
          (key === 'urls' ? 'Use `username` and `password` with `${param}` values' : 'Write `${param}` values in their place') +
          " (Kibana's global parameters, or a Kubernetes Secret) instead.",
        span: item.span,
      });
    }
  }
}

/** The sync configuration's Kibana connection: no credentials in its URL, TLS verified. */
export function checkSyncConfigTransport(config: MapNode): Finding[] {
  const findings: Finding[] = [];
  const [url] = stringItems(nodeAt(config, 'kibana.url'));
  const masked = url && maskedCredentials(url.value);
  if (url && masked) {
    findings.push({
      code: 'credentials-in-url',
      severity: 'warning',
      message: `\`kibana.url\` carries credentials (${masked}), and the push refuses it: give them in \`kibana.auth\` (a Secret) or KIBANA_API_KEY instead.`,
      span: url.span,
    });
  }
  const verify = nodeAt(config, 'kibana.verify_tls');
  if (verify?.kind === 'scalar' && verify.value === false) {
    findings.push({
      code: 'tls-verify-off',
      severity: 'warning',
      message: "`verify_tls: false`: Kibana's certificate is not checked, so anyone on the network path can pose as Kibana and read the credentials. Give the CA that signed it in `ca_file` instead.",
      span: verify.span,
    });
  }
  return findings;
}

function stringItems(node: Node | undefined): (ScalarNode & { value: string })[] {
  return itemsOf(node).filter((n): n is ScalarNode & { value: string } => n.kind === 'scalar' && typeof n.value === 'string');
}

/** The URL with its user info masked, when that holds more than `${param}` placeholders; else undefined. */
function maskedCredentials(url: string): string | undefined {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@/i.exec(url.trim());
  if (!match || !match[2].replace(PLACEHOLDER, '').replace(':', '')) return undefined;
  return `\`${match[1]}[redacted]@${url.trim().slice(match[0].length)}\``;
}
