// Where a credential may go. `plan` runs on every pull request with the team's key in the
// environment: a file of the pull request must not decide where that key is sent, nor which
// local file is sent as one. So each Kibana URL carries who gave it, and a credential goes only
// to a URL its holder gave, or to one the holder vouches for:
//   - the invoker (command-line flags, the environment, the editor's own settings and secret storage);
//   - the operator: a sync configuration mounted and read with --from (in the cluster the mount is the operator's);
//   - the repository: a sync configuration found among the checked files, a workspace's settings.
// The invoker vouches for the repository's URL with --trust-sync-config, or in the editor by
// confirming its host once. Credentials are also never sent in clear over the network.

import { isLoopback } from '../protocol/hosts';

/** Who gave a value. */
export type Party = 'invoker' | 'operator' | 'repository';

/** Where a Kibana URL was read, as messages name it. */
export type UrlSource = '--kibana-url' | 'KIBANA_URL' | 'syntheticsGitops.kibana.url setting' | 'kibana.url of the sync configuration';

export interface KibanaUrl {
  url: string;
  party: Party;
  source: UrlSource;
}

export interface Vouching {
  /** `--trust-sync-config`: the repository's sync configuration is trusted. */
  syncConfig?: boolean;
  /** Origins (`https://host:port`) the user confirmed in the editor. */
  confirmedHosts?: readonly string[];
  /** `--allow-insecure-http` or KIBANA_ALLOW_INSECURE_HTTP=true: http:// to a host other than loopback. */
  insecureHttp?: boolean;
}

/** A repository's URL no one vouched for: nothing is sent there. `origin` is the host to confirm. */
export class UnvouchedUrlError extends Error {
  override readonly name = 'UnvouchedUrlError';

  constructor(
    readonly origin: string,
    readonly source: UrlSource,
  ) {
    super(
      `Not sending the Kibana credentials to ${origin}: it is the ${source}, which anyone who can change the repository may point anywhere. ` +
        'Give the URL yourself with --kibana-url or KIBANA_URL, or pass --trust-sync-config if you trust this repository (in the cluster, --from trusts the mounted sync configuration).',
    );
  }
}

/** Throws, before any request, unless credentials may be sent to this URL. */
export function checkDestination(target: KibanaUrl, vouching: Vouching): void {
  let url: URL;
  try {
    url = new URL(target.url);
  } catch {
    throw new Error(`The Kibana URL (${target.source}) is not a URL: write it in full, such as https://kibana.example.com:5601`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`The Kibana URL (${target.source}) must start with https:// (or http:// on loopback), not ${url.protocol}//`);
  if (url.username || url.password) {
    throw new Error(`The Kibana URL (${target.source}) must not carry credentials: give them as an API key (KIBANA_API_KEY) or a user name and password instead`);
  }
  if (target.party === 'repository' && !vouching.syncConfig && !vouching.confirmedHosts?.includes(url.origin)) throw new UnvouchedUrlError(url.origin, target.source);
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && !vouching.insecureHttp) {
    throw new Error(
      `Not sending the Kibana credentials over plain http:// to ${url.host}: anyone on the network path could read them. ` +
        'Use https://, or on a network you trust pass --allow-insecure-http (or set KIBANA_ALLOW_INSECURE_HTTP=true).',
    );
  }
}
