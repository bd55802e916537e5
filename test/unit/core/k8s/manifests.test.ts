// The core's reading of the manifests around the monitors: what it recognises, the paths it hands
// to the edge for lookup, and what it leaves alone.

import assert from 'node:assert/strict';
import { WorkspaceIndex } from '../../../../server/src/core';
import { analyse, covered, located } from '../../../helpers/core';

const refs = (text: string) => (analyse(text).manifests?.references ?? []).map((r) => `${r.field}: ${text.slice(r.span.start, r.span.end)} → ${r.path}`);

describe('manifests', () => {
  it('reads a kustomization without `kind`, skipping remote bases and inline patches, the path after a generator key', () => {
    const text = [
      'resources:',
      '  - github.com/example/base?ref=v1',
      '  - https://example.com/manifest.yaml',
      '  - ../base',
      'configMapGenerator:',
      '  - name: http-monitors',
      '    files:',
      '      - health.yml=monitors/api-health.yml',
      '      - "quoted=monitors/q.yml"',
      '    envs: [env.txt]',
      'patchesStrategicMerge:',
      '  - |',
      '    kind: ConfigMap',
      '  - patch.yaml',
      'patches:',
      '  - path: json-patch.yaml',
      '    target: { kind: Deployment }',
      '',
    ].join('\n');
    assert.deepEqual(refs(text), [
      'resources: ../base → ../base',
      'patchesStrategicMerge: patch.yaml → patch.yaml',
      'patches: json-patch.yaml → json-patch.yaml',
      'configMapGenerator http-monitors: monitors/api-health.yml → monitors/api-health.yml',
      // Quoted: the span cannot be narrowed exactly, so it covers the whole value.
      'configMapGenerator http-monitors: "quoted=monitors/q.yml" → monitors/q.yml',
      'configMapGenerator http-monitors: env.txt → env.txt',
    ]);
    // The whole-value span carries its key, for a fix to write it again; a narrowed one needs none.
    assert.deepEqual(analyse(text).manifests!.references.map((r) => r.key), [undefined, undefined, undefined, undefined, 'quoted', undefined]);
  });

  it('leaves alone YAML that merely has a `resources` mapping, and Deployments without an agent', () => {
    assert.equal(analyse('resources:\n  limits: { cpu: 1 }\n').manifests, undefined);
    assert.equal(analyse('apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers: [{ name: web, image: nginx }]\n').manifests, undefined);
  });

  it('a standalone agent (no Fleet enrollment) may mount monitors.d; several replicas are still reported', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'spec:',
      '  replicas: 3',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: agent',
      '          image: docker.elastic.co/elastic-agent/elastic-agent-complete:8.15.0',
      '          env: [{ name: FLEET_ENROLL, value: "0" }]',
      '          volumeMounts: [{ name: m, mountPath: /usr/share/elastic-agent/monitors.d }]',
      '',
    ].join('\n');
    const analysis = analyse(text);
    assert.deepEqual(located(text, analysis.findings), ['4:13-4:14 agent-replicas']);
    assert.deepEqual(analysis.manifests!.agents.map((a) => covered(text, { span: a.span } as never)), ['docker.elastic.co/elastic-agent/elastic-agent-complete:8.15.0']);
    assert.deepEqual(analysis.manifests!.agents.map((a) => a.runsBrowser), [true]);
  });

  it('an agent without Chromium is judged by the browser monitors of its own Kustomize tree, not of a folder its name begins', () => {
    const agent = analyse('apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers: [{ name: a, image: docker.elastic.co/elastic-agent/elastic-agent:8.15.0 }]\n');
    const browser = analyse('{ "id": "b", "name": "B", "type": "browser", "schedule": { "number": "10", "unit": "m" } }\n', {}, 'browser-json');
    const index = new WorkspaceIndex();
    index.update('/x/app/base/kustomization.yaml', [], analyse('resources: [agent.yaml]\n').manifests);
    index.update('/x/app/base/agent.yaml', agent.monitors, agent.manifests);
    index.update('/x/app2/browser-journeys/b.json', browser.monitors);
    assert.deepEqual(index.workspaceFindings('/x/app/base/agent.yaml'), []);
    index.update('/x/app/overlays/prod/b.json', browser.monitors);
    assert.deepEqual(index.workspaceFindings('/x/app/base/agent.yaml').map((f) => `${f.code} ${f.related!.map((r) => r.file).join()}`), ['agent-image-no-browser /x/app/overlays/prod/b.json']);
  });

  it('an Application: every source path (multi-source too) is handed over, `.` and absolute paths are not', () => {
    const text = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Application',
      'spec:',
      '  sources:',
      '    - { repoURL: https://x, path: kustomize/overlays/prod }',
      '    - { repoURL: https://y, path: . }',
      '  syncPolicy:',
      '    automated: {}',
      '    retry: { limit: 2 }',
      '',
    ].join('\n');
    assert.deepEqual(refs(text), ['spec.source.path: kustomize/overlays/prod → kustomize/overlays/prod']);
    assert.deepEqual(analyse(text).findings, []);
  });

  it('a `kind: Application` of another API group is not ArgoCD’s', () => {
    assert.equal(analyse('apiVersion: app.k8s.io/v1beta1\nkind: Application\nspec:\n  source: { path: nowhere }\n').manifests, undefined);
  });
});
