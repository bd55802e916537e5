// `synthetics-gitops render` and the examples it writes: the committed examples are exactly its
// output, every overlay builds with the real `kubectl kustomize`, and what it builds validates clean.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { buildConfigMaps } from '../../server/src/kustomize/build';
import { DiskSource } from '../../server/src/node/diskSource';
import { REPO } from '../helpers/core';
import { kustomize } from '../helpers/kubectl';

const CLI = path.join(REPO, 'dist', 'cli.js');
const KUBELAB = path.join(REPO, 'examples', 'kubelab');
const OUT = path.join(KUBELAB, 'kustomize', 'elastic-synthetic-monitor');
const FLAGS = [
  '--kibana-url', 'https://kibana.local.jazziro.com',
  '--project', 'elastic-synthetic-monitor',
  '--repo-url', 'https://github.com/codesenju/kubelab.git',
  '--fleet-url', 'https://elastic-fleet.local.jazziro.com:443',
];

function run(args: string[], cwd = REPO) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('synthetics-gitops render', function () {
  this.timeout(60_000);

  it('reproduces the examples byte for byte from the journeys repository', () => {
    const { code, stdout } = run(['render', '../elastic-synthetic-monitor', ...FLAGS, '--check'], KUBELAB);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^Up to date: 28 files\.\n$/);
  });

  it('writes a changed monitor into the base and every overlay, and removes the files of a removed one', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-render-'));
    try {
      fs.cpSync(path.join(REPO, 'examples', 'elastic-synthetic-monitor'), path.join(root, 'journeys-repo'), { recursive: true });
      // An npm project, as the example is inside this repository: its synthetics.config.ts applies (as for push).
      fs.writeFileSync(path.join(root, 'journeys-repo', 'package.json'), '{ "private": true }\n');
      fs.cpSync(KUBELAB, path.join(root, 'kubelab'), { recursive: true });
      const heartbeat = path.join(root, 'journeys-repo', 'lightweight', 'heartbeat.yml');
      const text = fs.readFileSync(heartbeat, 'utf8');
      // api-health runs every 15 minutes; the TCP monitor (the last but one) is removed.
      fs.writeFileSync(heartbeat, text.replace('schedule: "@every 1m"', 'schedule: "@every 15m"').replace(/ {2}- type: tcp[\s\S]*?\n\n/, ''));
      const cwd = path.join(root, 'kubelab');
      const check = run(['render', '../journeys-repo', ...FLAGS, '--check'], cwd);
      assert.equal(check.code, 1);
      assert.ok(check.stdout.includes('kustomize/elastic-synthetic-monitor/base/http-monitors/api-health.yml: differs from what render writes\n'), check.stdout);
      assert.ok(check.stdout.includes('kustomize/elastic-synthetic-monitor/base/tcp-monitors/database-connection.yml: no monitor renders it any more\n'), check.stdout);
      const written = run(['render', '../journeys-repo', ...FLAGS], cwd);
      assert.equal(written.code, 0, written.stdout);
      assert.equal(written.stdout, 'kustomize/elastic-synthetic-monitor: 25 files, 7 written, 3 removed.\n');
      const out = path.join(cwd, 'kustomize', 'elastic-synthetic-monitor');
      assert.match(fs.readFileSync(path.join(out, 'base/http-monitors/api-health.yml'), 'utf8'), /^schedule: "@every 15m"$/m);
      // Staging relaxes to 10 minutes at least, so 15 stays; development to 60.
      assert.match(fs.readFileSync(path.join(out, 'overlays/staging/http-monitors/api-health.yml'), 'utf8'), /^schedule: "@every 15m"$/m);
      assert.match(fs.readFileSync(path.join(out, 'overlays/dev/http-monitors/api-health.yml'), 'utf8'), /^schedule: "@every 60m"$/m);
      assert.ok(!fs.existsSync(path.join(out, 'overlays/dev/tcp-monitors/database-connection.yml')));
      assert.doesNotMatch(fs.readFileSync(path.join(out, 'base/kustomization.yaml'), 'utf8'), /tcp-monitors/);
      assert.equal(run(['render', '../journeys-repo', ...FLAGS, '--check'], cwd).code, 0);
      // What it wrote still builds, and its ConfigMaps no longer hold the TCP monitor.
      assert.doesNotMatch(kustomize(path.join(out, 'overlays', 'dev')), /database-connection/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses to render monitors that have errors, listing them', () => {
    const { code, stdout } = run(['render', 'test/fixtures/seed-configmaps', ...FLAGS, '--out', path.join(os.tmpdir(), 'sgo-never-written')]);
    assert.equal(code, 1);
    assert.match(stdout, /^test\/fixtures\/seed-configmaps\/http-monitors\.yaml:15:5: error unknown-key: /m);
    assert.match(stdout, /render writes nothing while the monitors have errors\.\n$/);
    assert.ok(!fs.existsSync(path.join(os.tmpdir(), 'sgo-never-written')));
  });

  it('refuses ids that would share a file name, naming both, and writes nothing', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-render-clash-'));
    try {
      const monitor = (id: string, host: string) => `  - type: http\n    id: ${id}\n    name: ${host}\n    schedule: "@every 5m"\n    urls: ["https://${host}.example.com"]\n    private_locations: [synthetic-monitor-default]\n`;
      fs.writeFileSync(path.join(root, 'heartbeat.yml'), `heartbeat.monitors:\n${monitor('a/b', 'slash')}${monitor('a-b', 'dash')}`);
      const { code, stdout } = run(['render', 'heartbeat.yml', ...FLAGS, '--out', 'out'], root);
      assert.equal(code, 1);
      const file = path.join(root, 'heartbeat.yml');
      assert.equal(stdout, `Monitor ids \`a-b\` (${file}:9) and \`a/b\` (${file}:3) would both be written to http-monitors/a-b.yml: rename one of them.\n`);
      assert.ok(!fs.existsSync(path.join(root, 'out')));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('writes flag values with quotes, `#` or `: ` as YAML strings that read back as given', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-render-flags-'));
    try {
      const odd = {
        kibanaUrl: 'https://kibana.example.com/s/x#frag: "y"',
        project: 'team "a" #1: b',
        repoUrl: 'https://git.example.com/r.git #c',
        fleetUrl: 'https://fleet.example.com: "8220"',
      };
      const flags = ['--kibana-url', odd.kibanaUrl, '--project', odd.project, '--repo-url', odd.repoUrl, '--fleet-url', odd.fleetUrl, '--overlay', 'prod'];
      const { code, stdout } = run(['render', path.join(REPO, 'examples', 'elastic-synthetic-monitor'), ...flags, '--out', 'out weird #dir'], root);
      assert.equal(code, 0, stdout);
      const read = (file: string) => parseAllDocuments(fs.readFileSync(path.join(root, 'out weird #dir', file), 'utf8')).map((d) => {
        assert.deepEqual(d.errors, [], file);
        return d.toJS();
      });
      const sync = read('base/sync-config.yaml')[0].data['sync-config.yaml'];
      const config = parseAllDocuments(sync)[0].toJS();
      assert.equal(config.kibana.url, odd.kibanaUrl);
      assert.equal(config.monitors.project_id, odd.project);
      const [agent] = read('base/elastic-synthetic-monitor.yaml');
      assert.deepEqual(agent.spec.template.spec.containers[0].env[1], { name: 'FLEET_URL', value: odd.fleetUrl });
      const [application] = read('argocd/prod.yaml');
      assert.deepEqual([application.spec.source.repoURL, application.spec.source.path], [odd.repoUrl, 'out weird #dir/overlays/prod']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses an --agent-version that is no image tag', () => {
    const { code, stderr } = run(['render', 'examples/elastic-synthetic-monitor', ...FLAGS, '--agent-version', '8.15.0 # latest']);
    assert.equal(code, 2);
    assert.match(stderr, /^synthetics-gitops: --agent-version is an image tag .*, not "8\.15\.0 # latest"\n/);
  });

  it('says which flag is missing', () => {
    const { code, stderr } = run(['render', 'examples/elastic-synthetic-monitor', '--kibana-url', 'https://k']);
    assert.equal(code, 2);
    assert.match(stderr, /^synthetics-gitops: render needs --project\n/);
  });
});

describe('the examples overlays, built by kubectl kustomize', function () {
  this.timeout(60_000);

  for (const overlay of ['prod', 'staging', 'dev']) {
    it(`${overlay}: builds, and the built manifests validate clean`, () => {
      const built = kustomize(path.join(OUT, 'overlays', overlay));
      const docs = parseAllDocuments(built).map((d) => d.toJS() as { kind: string; metadata: { name: string; namespace: string }; data?: Record<string, string> });
      const configMaps = docs.filter((d) => d.kind === 'ConfigMap').map((d) => d.metadata.name).sort();
      assert.deepEqual(configMaps, ['browser-journey-configs', 'http-monitors', 'icmp-monitors', 'sync-config', 'tcp-monitors']);
      assert.deepEqual(docs.filter((d) => d.kind !== 'ConfigMap').map((d) => `${d.kind}/${d.metadata.name}`).sort(), [
        'Deployment/elastic-synthetic-monitor',
        'Deployment/synthetics-gitops-watch',
        'Job/synthetics-gitops-push',
        'Service/synthetics-gitops-watch',
        'ServiceAccount/synthetics-gitops',
      ]);
      // Our own reproduction of the overlay (what overlay-aware validation uses) renders the same ConfigMap data.
      const ours = Object.fromEntries([...buildConfigMaps(new DiskSource(), path.join(OUT, 'overlays', overlay))].map(([name, cm]) => [name, Object.fromEntries([...cm.data].map(([k, e]) => [k, e.value]))]));
      const theirs = Object.fromEntries(docs.filter((d) => d.kind === 'ConfigMap').map((d) => [d.metadata.name, d.data]));
      assert.deepEqual(ours, theirs);
      const space = /space: "([^"]+)"/.exec(docs.find((d) => d.metadata.name === 'sync-config')!.data!['sync-config.yaml'])![1];
      assert.equal(space, { prod: 'default', staging: 'staging', dev: 'development' }[overlay]);
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-built-')), `${overlay}.yaml`);
      try {
        fs.writeFileSync(file, built);
        const { code, stdout } = run(['validate', file, '--private-locations', 'synthetic-monitor-default']);
        assert.equal(code, 0, stdout);
        assert.equal(stdout, '1 file checked: 0 errors, 0 warnings.\n');
      } finally {
        fs.rmSync(path.dirname(file), { recursive: true, force: true });
      }
    });
  }

  it('the examples validate clean as files too, base and overlays together', () => {
    const { code, stdout } = run(['validate', 'examples/kubelab', 'examples/elastic-synthetic-monitor', '--private-locations', 'synthetic-monitor-default']);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^\d+ files checked: 0 errors, 0 warnings\.\n$/);
  });
});
