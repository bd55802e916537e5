// The CLI's npm package as the container image installs it (Dockerfile): `npm pack`, then an
// install of the tarball in a clean folder (dependencies from the registry or npm's cache, no
// browser download), and its `synthetics-gitops` bin run from there. The Dockerfile itself cannot
// be built here (no container engine): its user (the rendered pods') and entrypoint are read.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RUN_AS } from '../../server/src/kustomize/manifests';
import { REPO } from '../helpers/core';

function npm(args: string[], cwd: string) {
  const result = spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', npm_config_update_notifier: 'false' } });
  assert.equal(result.status, 0, `npm ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

describe('the CLI npm package (npm pack)', function () {
  this.timeout(600_000);
  let dir: string;
  let packed: { filename: string; version: string; files: { path: string }[] };
  let bin: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-pack-'));
    [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', dir], REPO));
    const consumer = path.join(dir, 'consumer');
    fs.mkdirSync(consumer);
    fs.writeFileSync(path.join(consumer, 'package.json'), '{ "name": "consumer", "private": true }\n');
    npm(['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(dir, packed.filename)], consumer);
    bin = path.join(consumer, 'node_modules', '.bin', 'synthetics-gitops');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('holds the CLI and server bundles, the schemas, README, CHANGELOG and LICENSE only', () => {
    const files = packed.files.map((f) => f.path).sort();
    assert.deepEqual(
      files.filter((f) => !/^schemas\/[\w-]+\.schema\.json$/.test(f)),
      ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/cli.js', 'dist/server.js', 'package.json'],
    );
    assert.deepEqual(fs.readdirSync(path.join(REPO, 'schemas')).filter((s) => !files.includes(`schemas/${s}`)), []);
  });

  it('installs a `synthetics-gitops` bin that runs from a clean folder', () => {
    const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout.trim(), packed.version);

    const clean = spawnSync(bin, ['validate', path.join(REPO, 'examples', 'kubelab', 'kustomize', 'elastic-synthetic-monitor', 'base')], { cwd: dir, encoding: 'utf8' });
    assert.equal(clean.status, 0, clean.stderr + clean.stdout);
    assert.match(clean.stdout, /10 files checked: 0 errors, 0 warnings\./);

    const refused = spawnSync(bin, ['validate', path.join(REPO, 'test', 'fixtures', 'seed-configmaps'), '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    assert.equal(refused.status, 1, refused.stderr);
    assert.ok(JSON.parse(refused.stdout).summary.errors > 0, refused.stdout);
  });
});

describe('Dockerfile', () => {
  const text = fs.readFileSync(path.join(REPO, 'Dockerfile'), 'utf8');
  // Instructions of the last stage (the image), continuation lines joined.
  const stages = text.replace(/\\\n/g, ' ').split('\n').filter((l) => l.trim() && !l.trim().startsWith('#')).join('\n').split(/^(?=FROM )/m);
  const image = stages[stages.length - 1].split('\n').filter(Boolean);
  const instruction = (name: string) => image.filter((l) => l.startsWith(`${name} `)).map((l) => l.slice(name.length + 1).trim());

  it('builds the image from a small Node base, installing the packed CLI', () => {
    assert.match(stages[stages.length - 1], /^FROM node:20-(alpine|slim)\s/);
    assert.ok(instruction('RUN').some((r) => /npm install --global .*synthetics-gitops-\*\.tgz/.test(r)), image.join('\n'));
    assert.ok(stages.slice(0, -1).some((s) => /npm pack/.test(s)), 'an earlier stage packs the CLI');
  });

  it('runs as a user without privileges, with the CLI as entrypoint', () => {
    const users = instruction('USER');
    assert.ok(users.length, 'a USER instruction');
    assert.ok(!['root', '0'].includes(users[users.length - 1].split(':')[0]), users.join());
    // Numeric (Kubernetes' runAsNonRoot cannot check a name), and the user the rendered pods force.
    assert.equal(users[users.length - 1], `${RUN_AS}:${RUN_AS}`);
    assert.deepEqual(JSON.parse(instruction('ENTRYPOINT').at(-1)!), ['synthetics-gitops']);
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    assert.ok(pkg.bin['synthetics-gitops'], 'the entrypoint is the package bin');
  });
});
