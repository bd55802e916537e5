// The CLI's npm package as a user installs it: `npm pack`, then `npm install --global` of the
// tarball into a temporary prefix (its one dependency, esbuild, from the registry or npm's cache;
// no browser download), and its `synthetics-gitops` run from there, away from the repository:
// validate, then plan and push the examples to the package's own sandbox. The Dockerfile installs
// the same tarball; it cannot be built here (no container engine): its user (the rendered pods')
// and entrypoint are read.

import assert from 'node:assert/strict';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RUN_AS } from '../../server/src/kustomize/manifests';
import { REPO } from '../helpers/core';

/** npm without the variables of the `npm test` running us (they would point it at this project). */
function npm(args: string[], cwd: string) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  const result = spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...env, npm_config_update_notifier: 'false' } });
  assert.equal(result.status, 0, `npm ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

describe('the CLI npm package (npm pack, npm install --global)', function () {
  this.timeout(600_000);
  let dir: string;
  let packed: { filename: string; version: string; files: { path: string }[] };
  let bin: string;
  let sandbox: ChildProcess | undefined;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-pack-'));
    [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', dir], REPO));
    const prefix = path.join(dir, 'prefix');
    npm(['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', path.join(dir, packed.filename)], dir);
    bin = path.join(prefix, 'bin', 'synthetics-gitops');
  });
  after(() => {
    sandbox?.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The installed CLI in a folder outside the repository. */
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(bin, args, { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });

  it('is publishable: not private, with its licence, engines, bin, and only what the CLI needs at run time', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    assert.equal(pkg.private, undefined);
    assert.equal(pkg.license, 'MIT');
    assert.match(pkg.engines.node, /^>=20/);
    assert.equal(pkg.bin['synthetics-gitops'], './dist/cli.js');
    // Everything else is bundled into dist/; @elastic/synthetics is the journeys project's own (optional peer).
    assert.deepEqual(Object.keys(pkg.dependencies), ['esbuild']);
    assert.deepEqual(pkg.peerDependenciesMeta, { '@elastic/synthetics': { optional: true } });
    const files = packed.files.map((f) => f.path).sort();
    assert.deepEqual(
      files.filter((f) => !/^(schemas\/[\w-]+\.schema\.json|docs\/[\w-]+\.md)$/.test(f)),
      ['CHANGELOG.md', 'CONTRIBUTING.md', 'LICENSE', 'README.md', 'dist/cli.js', 'dist/server.js', 'dist/tracePreload.js', 'dist/typescript.js', 'package.json'],
    );
    assert.deepEqual(fs.readdirSync(path.join(REPO, 'schemas')).filter((s) => !files.includes(`schemas/${s}`)), []);
    // The pages the README links to (the CLI reference among them); not the screenshots.
    assert.deepEqual(fs.readdirSync(path.join(REPO, 'docs')).filter((d) => d.endsWith('.md') !== files.includes(`docs/${d}`)), []);
  });

  it('installs globally without the repository or a browser download, and validates', () => {
    const installed = fs.readdirSync(path.join(dir, 'prefix', 'lib', 'node_modules'));
    assert.deepEqual(installed.sort(), ['synthetics-gitops']);
    assert.ok(!fs.existsSync(path.join(dir, 'prefix', 'lib', 'node_modules', 'synthetics-gitops', 'node_modules', 'playwright-chromium')));
    const version = run(['--version']);
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout.trim(), packed.version);

    const clean = run(['validate', path.join(REPO, 'examples', 'kubelab', 'kustomize', 'elastic-synthetic-monitor', 'base')]);
    assert.equal(clean.status, 0, clean.stderr + clean.stdout);
    assert.match(clean.stdout, /10 files checked: 0 errors, 0 warnings\./);

    const refused = run(['validate', path.join(REPO, 'test', 'fixtures', 'seed-configmaps'), '--format', 'json']);
    assert.equal(refused.status, 1, refused.stderr);
    assert.ok(JSON.parse(refused.stdout).summary.errors > 0, refused.stdout);
  });

  it('plans and pushes to its own sandbox (the browser config\'s inline script bundled by its esbuild), then plans no changes', async () => {
    sandbox = spawn(bin, ['sandbox', '--port', '0'], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
    const url = await new Promise<string>((resolve, reject) => {
      sandbox!.stdout!.on('data', (chunk) => {
        const found = /http:\/\/127\.0\.0\.1:\d+/.exec(String(chunk));
        if (found) resolve(found[0]);
      });
      sandbox!.once('exit', (code) => reject(new Error(`the sandbox exited (${code})`)));
    });
    const base = path.join(dir, 'base');
    fs.cpSync(path.join(REPO, 'examples', 'kubelab', 'kustomize', 'elastic-synthetic-monitor', 'base'), base, { recursive: true });
    const env = { KIBANA_URL: url, KIBANA_API_KEY: 'pack-test-key' };

    const plan = run(['plan', base, '--detailed-exitcode'], env);
    assert.equal(plan.status, 3, plan.stderr + plan.stdout);
    assert.match(plan.stdout, /\+ create/);
    const push = run(['push', base], env);
    assert.equal(push.status, 0, push.stderr + push.stdout);
    assert.match(push.stdout, /Pushed to .*: \d+ created, 0 updated, 0 deleted\./);
    const again = run(['plan', base, '--detailed-exitcode'], env);
    assert.equal(again.status, 0, again.stderr + again.stdout);
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
