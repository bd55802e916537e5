// Validation of the manifests around the monitors — kustomization references, the agent
// Deployment, the push hook Job, ArgoCD Applications — on real files, through the shipped CLI.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO } from '../helpers/core';

const CLI = path.join(REPO, 'dist', 'cli.js');

interface Reported {
  file: string;
  line: number;
  column: number;
  severity: string;
  code: string;
  message: string;
  fixes: string[];
  related: { file: string; line: number }[];
}

function validate(...paths: string[]): { code: number | null; findings: Reported[] } {
  const result = spawnSync(process.execPath, [CLI, 'validate', ...paths, '--format', 'json', '--private-locations', 'synthetic-monitor-default'], { cwd: REPO, encoding: 'utf8' });
  return { code: result.status, findings: JSON.parse(result.stdout).findings };
}

describe('manifest validation', function () {
  this.timeout(30_000);
  const { code, findings } = validate('test/fixtures/manifests');
  const at = (c: string) => findings.filter((f) => f.code === c).map((f) => `${f.file.replace('test/fixtures/manifests/', '')}:${f.line}:${f.column}`);

  it('reports each problem once, located, and nothing on manifests that are not ours', () => {
    assert.equal(code, 1);
    assert.deepEqual(
      findings.map((f) => `${f.file.replace('test/fixtures/manifests/', '')}:${f.line}:${f.column} ${f.severity} ${f.code}`),
      [
        'argocd/app.yaml:10:11 error application-path-missing',
        'argocd/app.yaml:14:5 warning application-no-retry',
        'kustomize/app/base/agent.yaml:7:13 warning agent-replicas',
        'kustomize/app/base/agent.yaml:12:18 warning agent-image-no-browser',
        'kustomize/app/base/agent.yaml:15:26 warning agent-monitors-d-fleet',
        'kustomize/app/base/kustomization.yaml:5:5 error kustomize-missing-file',
        'kustomize/app/base/kustomization.yaml:10:14 error kustomize-missing-file',
        'kustomize/app/base/push-jobs.yaml:5:9 warning hook-annotation-missing',
        'kustomize/app/base/push-jobs.yaml:22:1 warning hook-no-deadline',
        'kustomize/app/base/push-jobs.yaml:23:3 warning hook-ttl',
        'kustomize/app/overlays/prod/kustomization.yaml:4:5 error kustomize-missing-file',
      ],
    );
  });

  it('kustomization references: missing files, with a did-you-mean fix, the path after a generator key', () => {
    const [base] = findings.filter((f) => f.code === 'kustomize-missing-file' && f.file.endsWith('overlays/prod/kustomization.yaml'));
    assert.match(base.message, /^`\.\.\/\.\.\/bases` \(in `bases`\) does not exist next to this kustomization: .* Did you mean `\.\.\/\.\.\/base`\?$/);
    assert.deepEqual(base.fixes, ['Change to `../../base`']);
    const generator = findings.find((f) => f.line === 10 && f.code === 'kustomize-missing-file')!;
    assert.match(generator.message, /^`http-monitors\/meta-monitor\.yml` \(in `configMapGenerator http-monitors`\)/);
  });

  it('the agent: replicas, the image without Chromium while a browser monitor exists, monitors.d on a Fleet agent', () => {
    const image = findings.find((f) => f.code === 'agent-image-no-browser')!;
    assert.deepEqual(image.fixes, ['Use elastic-agent-complete']);
    assert.deepEqual(image.related.map((r) => `${r.file}:${r.line}`), ['test/fixtures/manifests/kustomize/app/base/browser-journeys/example.json:2']);
    assert.match(findings.find((f) => f.code === 'agent-monitors-d-fleet')!.message, /never reads monitors\.d/);
    assert.deepEqual(findings.find((f) => f.code === 'agent-replicas')!.fixes, ['Set `replicas: 1`']);
  });

  it('the Application path: a did-you-mean inside the repository; another repository\'s path is left alone', () => {
    const missing = findings.find((f) => f.code === 'application-path-missing')!;
    assert.match(missing.message, /Did you mean `kustomize\/app\/overlays\/prod`\?$/);
    assert.deepEqual(at('application-no-retry'), ['argocd/app.yaml:14:5']);
  });

  it('what render writes has none of these problems', () => {
    const clean = validate('examples/kubelab');
    assert.equal(clean.code, 0);
    assert.deepEqual(clean.findings, []);
  });
});
