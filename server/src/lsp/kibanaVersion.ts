// The Kibana version the editor checks a file against, where Kibana's rules changed between
// versions: the `kibana.version` setting, else the `kibana.version` of the sync configuration in
// the file's workspace folder (when its sync configurations agree), else the newest modelled.

import { FileAnalysis } from '../core';
import { NEWEST_MODELLED, syncConfigKibanaVersion } from '../core/kibana/versions';
import { toJS } from '../core/tree';
import { Settings } from '../protocol/settings';

export class KibanaVersions {
  /** The version each file's sync configuration names, by uri. */
  private readonly named = new Map<string, string>();

  constructor(private readonly folderOf: (uri: string) => string | undefined) {}

  /** Notes a file's sync configuration (none when removed); whether its folder's version changed. */
  record(uri: string, analysis: FileAnalysis | undefined): boolean {
    const folder = this.folderOf(uri);
    const before = this.folderVersion(folder);
    const version = analysis?.units.map((u) => (u.format === 'sync-config' ? syncConfigKibanaVersion(toJS(u.root)) : undefined)).find(Boolean);
    if (version) this.named.set(uri, version);
    else this.named.delete(uri);
    return this.folderVersion(folder) !== before;
  }

  versionFor(uri: string, settings: Settings): string {
    return settings['kibana.version'] || this.folderVersion(this.folderOf(uri)) || NEWEST_MODELLED;
  }

  private folderVersion(folder: string | undefined): string | undefined {
    const versions = new Set([...this.named].filter(([uri]) => this.folderOf(uri) === folder).map(([, version]) => version));
    return versions.size === 1 ? [...versions][0] : undefined;
  }
}
