// Validation of the manifests around the monitors — kustomization references, the agent
// Deployment, the push hook Job, ArgoCD Applications — on real files, through the shipped CLI.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { JsonFinding } from '../../server/src/cli/output';
import { DiskSource } from '../../server/src/node/diskSource';
import { referenceFindings } from '../../server/src/node/references';
import { REPO, analyse } from '../helpers/core';

const CLI = path.join(REPO, 'dist', 'cli.js');

function validate(...paths: string[]): { code: number | null; findings: JsonFinding[] } {
  return validateIn(REPO, ...paths);
}

function validateIn(cwd: string, ...paths: string[]): { code: number | null; findings: JsonFinding[] } {
  const result = spawnSync(process.execPath, [CLI, 'validate', ...paths, '--format', 'json', '--private-locations', 'synthetic-monitor-default'], { cwd, encoding: 'utf8' });
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

  it('the did-you-mean fix keeps a generator key, quoted or not', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-kfix-'));
    try {
      fs.mkdirSync(path.join(root, 'monitors'));
      fs.writeFileSync(path.join(root, 'monitors', 'api.yml'), '');
      const text = 'configMapGenerator:\n  - name: http-monitors\n    files:\n      - plain=monitors/apy.yml\n      - "quoted=monitors/apy.yml"\n      - \'single=monitors/apy.yml\'\n';
      const file = path.join(root, 'kustomization.yaml');
      const fixed = referenceFindings({ file, analysis: analyse(text) }, new DiskSource()).map((f) => {
        const { span, newText } = f.fixes![0].edits[0];
        return text.slice(0, span.start) + newText + text.slice(span.end);
      });
      assert.deepEqual(
        fixed.map((t) => t.split('\n').slice(3, 6).join('\n')),
        [
          '      - plain=monitors/api.yml\n      - "quoted=monitors/apy.yml"\n      - \'single=monitors/apy.yml\'',
          '      - plain=monitors/apy.yml\n      - "quoted=monitors/api.yml"\n      - \'single=monitors/apy.yml\'',
          '      - plain=monitors/apy.yml\n      - "quoted=monitors/apy.yml"\n      - "single=monitors/api.yml"',
        ],
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
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

  it('overlay-aware: an id the overlay adds under a new key, which its base already has, is reported at both files', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-overlay-'));
    try {
      fs.cpSync(path.join(REPO, 'examples', 'kubelab'), root, { recursive: true });
      // prod adds a copy of the base's api-health under a new key: two entries, one id, once built.
      const prod = path.join(root, 'kustomize', 'elastic-synthetic-monitor', 'overlays', 'prod');
      fs.mkdirSync(path.join(prod, 'http-monitors'));
      fs.copyFileSync(path.join(prod, '..', '..', 'base', 'http-monitors', 'api-health.yml'), path.join(prod, 'http-monitors', 'api-health-v2.yml'));
      fs.appendFileSync(path.join(prod, 'kustomization.yaml'), 'generatorOptions:\n  disableNameSuffixHash: true\nconfigMapGenerator:\n  - name: http-monitors\n    behavior: merge\n    files:\n      - http-monitors/api-health-v2.yml\n');
      const { code, findings } = validateIn(root, '.');
      assert.equal(code, 1);
      assert.deepEqual(
        findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.code} ${f.related.map((r) => r.file).join(',')}`),
        [
          'kustomize/elastic-synthetic-monitor/base/http-monitors/api-health.yml:2:5 duplicate-id kustomize/elastic-synthetic-monitor/overlays/prod/http-monitors/api-health-v2.yml',
          'kustomize/elastic-synthetic-monitor/overlays/prod/http-monitors/api-health-v2.yml:2:5 duplicate-id kustomize/elastic-synthetic-monitor/base/http-monitors/api-health.yml',
        ],
      );
      assert.match(findings[0].message, /^Monitor id `api-health` is used 2 times in what the kustomization in `prod\/` renders: /);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('a kustomization that cannot be built — a missing generator file or patch, an empty generator, an alias bomb — is reported, not a crash', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-kbroken-'));
    try {
      const cases: [string, string[]][] = [
        ['configMapGenerator:\n  - name: http-monitors\n    files:\n      - http-monitors/apy.yml\n', ['4:9 kustomize-missing-file']],
        ['configMapGenerator:\n  -\n  - name: http-monitors\n    files: [http-monitors/api.yml]\npatchesStrategicMerge: [patch.yaml]\n', ['5:25 kustomize-missing-file']],
        ['a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nresources: []\n', []],
      ];
      fs.mkdirSync(path.join(root, 'http-monitors'));
      fs.writeFileSync(path.join(root, 'http-monitors', 'api.yml'), 'id: api\nname: API\ntype: http\nschedule: "@every 5m"\nurls: ["https://api.example.com"]\nprivate_locations: [synthetic-monitor-default]\n');
      for (const [text, expected] of cases) {
        fs.writeFileSync(path.join(root, 'kustomization.yaml'), text);
        const result = spawnSync(process.execPath, [CLI, 'validate', '.', '--format', 'json', '--private-locations', 'synthetic-monitor-default'], { cwd: root, encoding: 'utf8' });
        assert.equal(result.stderr, '', text);
        const reported = (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings.filter((f) => f.file === 'kustomization.yaml' && f.severity === 'error');
        assert.deepEqual(reported.map((f) => `${f.line}:${f.column} ${f.code}`), expected, text);
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('what render writes has none of these problems', () => {
    const clean = validate('examples/kubelab');
    assert.equal(clean.code, 0);
    assert.deepEqual(clean.findings, []);
  });
});
