// The workspace model with its Node checks, over a source of files held in memory (as the editor's
// unsaved documents are): what the checks across files read comes from the source, not the disk —
// the paths a kustomization names, the overlay a kustomization builds — and the settled findings
// stay put while an edit elsewhere in their file waits for the next pass.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FileSource } from '../../../server/src/core';
import { createWorkspace } from '../../../server/src/gitops/workspace';
import { settings } from '../../helpers/core';

/** Files by absolute path; folders are what lies above them. Nothing of it is on disk. */
class MemorySource implements FileSource {
  constructor(readonly files: Map<string, string>) {}
  read(file: string): string | undefined {
    return this.files.get(file);
  }
  exists(file: string): boolean {
    return this.files.has(file) || this.isFolder(file);
  }
  isFolder(folder: string): boolean {
    return [...this.files.keys()].some((f) => f.startsWith(folder + path.sep));
  }
  list(folder: string): string[] {
    return [...new Set([...this.files.keys()].filter((f) => f.startsWith(folder + path.sep)).map((f) => f.slice(folder.length + 1).split(path.sep)[0]))];
  }
}

const ROOT = path.join(path.sep, 'nowhere-on-disk', 'ws');
const at = (relative: string) => path.join(ROOT, ...relative.split('/'));
const monitor = (id: string, name: string) => `type: http\nid: ${id}\nname: ${name}\nschedule: "@every 1m"\nurls: ["https://${id}.example.com"]\nlocations: [us_east]\n`;

function workspaceOf(files: Record<string, string>) {
  const source = new MemorySource(new Map(Object.entries(files).map(([f, text]) => [at(f), text])));
  const workspace = createWorkspace(source);
  workspace.setFolders([ROOT]);
  for (const [file, text] of source.files) workspace.set(file, workspace.kindOf(file, settings())!, text, settings());
  const codes = (relative: string) => workspace.findings(at(relative)).map((f) => f.code);
  return { source, workspace, codes };
}

describe('the workspace over a source of files', () => {
  it('looks up the paths a kustomization names in the source', () => {
    const { source, workspace, codes } = workspaceOf({ 'k/kustomization.yaml': 'resources:\n  - monitors.yaml\n', 'k/monitors.yaml': 'kind: ConfigMap\nmetadata: {name: m}\ndata: {}\n' });
    assert.deepEqual(codes('k/kustomization.yaml'), []);
    source.files.delete(at('k/monitors.yaml'));
    workspace.remove(at('k/monitors.yaml'));
    assert.deepEqual(codes('k/kustomization.yaml'), ['kustomize-missing-file']);
  });

  it('builds an overlay from the source: an id its base has, added under a new key, is reported at both once settled', async () => {
    const { workspace, codes } = workspaceOf({
      'base/kustomization.yaml': 'configMapGenerator:\n  - name: http\n    files: [api.yml]\n',
      'base/api.yml': monitor('api', 'API'),
      'prod/kustomization.yaml': 'bases: [../base]\nconfigMapGenerator:\n  - name: http\n    behavior: merge\n    files: [api-v2.yml]\n',
      'prod/api-v2.yml': monitor('api', 'API v2'),
    });
    // Each folder is a build of its own: the index sees no clash, the overlay's build does.
    assert.deepEqual(codes('prod/api-v2.yml'), []);
    assert.deepEqual((await workspace.settle()).sort(), [at('base/api.yml'), at('prod/api-v2.yml')]);
    assert.deepEqual(codes('base/api.yml'), ['duplicate-id']);
    assert.deepEqual(codes('prod/api-v2.yml'), ['duplicate-id']);
    const [finding] = workspace.findings(at('prod/api-v2.yml'));
    assert.deepEqual(finding.related?.map((r) => r.file), [at('base/api.yml')]);

    // An edit above the finding moves its text: it is dropped until the next pass; one below keeps it.
    const text = workspace.get(at('prod/api-v2.yml'))!.text;
    workspace.set(at('prod/api-v2.yml'), 'yaml', text + '# a comment\n', settings());
    assert.deepEqual(codes('prod/api-v2.yml'), ['duplicate-id']);
    workspace.set(at('prod/api-v2.yml'), 'yaml', '# a comment\n' + text, settings());
    assert.deepEqual(codes('prod/api-v2.yml'), []);
    await workspace.settle();
    assert.deepEqual(codes('prod/api-v2.yml'), ['duplicate-id']);

    // Fixed in the source: the next pass clears both places.
    workspace.set(at('prod/api-v2.yml'), 'yaml', monitor('api-v2', 'API v2'), settings());
    assert.deepEqual((await workspace.settle()).sort(), [at('base/api.yml'), at('prod/api-v2.yml')]);
    assert.deepEqual([codes('base/api.yml'), codes('prod/api-v2.yml')], [[], []]);
  });

  it('names a file relative to its folder, and checks it against the Kibana version its folder\'s sync configuration names', () => {
    const { workspace } = workspaceOf({ 'sync/sync-config.yaml': 'kind: ConfigMap\nmetadata: {name: sync-config}\ndata:\n  sync-config.yaml: |\n    kibana:\n      url: https://kibana.example.com\n      version: "8.15.0"\n', 'm.yml': monitor('api', 'API') });
    assert.equal(workspace.display(at('sync/sync-config.yaml')), 'sync/sync-config.yaml');
    assert.equal(workspace.versionFor(workspace.get(at('m.yml'))!), '8.15.0');
    assert.equal(workspace.versionFor({ ...workspace.get(at('m.yml'))!, settings: settings({ 'kibana.version': '9.1.0' }) }), '9.1.0');
    assert.equal(workspace.remove(at('sync/sync-config.yaml')).versionChanged, true);
    assert.equal(workspace.versionFor(workspace.get(at('m.yml'))!), '9.6.0');
  });
});
