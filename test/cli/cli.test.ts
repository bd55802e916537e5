// The shipped `dist/cli.js`: output formats and exit codes, on the bundled examples and on
// workspaces written to a temporary folder.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, seedYamlBlocks } from '../helpers/core';

const CLI = path.join(REPO, 'dist', 'cli.js');

function run(args: string[], cwd = REPO) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A temporary folder holding `files` (path → content). */
function workspace(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-cli-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

const monitor = (id: string) => `heartbeat.monitors:\n- id: ${id}\n  name: ${id}\n  type: http\n  schedule: "@every 1m"\n  urls: [https://x.example]\n  locations: [us_east]\n`;

describe('synthetics-gitops validate', () => {
  it('prints file:line:col: severity code: message for the examples and exits 1 on errors', () => {
    const { code, stdout } = run(['validate', 'test/fixtures/seed-configmaps', '--private-locations', 'synthetic-monitor-default']);
    assert.equal(code, 1);
    const lines = stdout.trim().split('\n');
    assert.equal(lines[lines.length - 1], '5 files checked: 13 errors, 0 warnings.');
    assert.ok(lines.includes('test/fixtures/seed-configmaps/http-monitors.yaml:15:5: error unknown-key: Unknown key `method` for an http monitor. Did you mean `check.request.method`? Kibana refuses unknown keys in project monitors ("Unsupported Heartbeat option").'), stdout);
    // The seed's kustomization names a base and a patch it does not show.
    assert.ok(lines.includes('test/fixtures/seed-configmaps/kustomization.yaml:14:5: error kustomize-missing-file: `deployment-patch.yaml` (in `patchesStrategicMerge`) does not exist next to this kustomization: `kubectl kustomize` fails on it, and ArgoCD cannot sync. Create it, or remove the line.'), stdout);
    for (const line of lines.slice(0, -1)) assert.match(line, /^test\/fixtures\/seed-configmaps\/([a-z]+-monitors|kustomization)\.yaml:\d+:\d+: error [a-z-]+: /);
  });

  it('exits 0 when there are no errors', () => {
    const { code, stdout } = run(['validate', 'examples/elastic-synthetic-monitor', 'examples/standalone-heartbeat', '--private-locations', 'synthetic-monitor-default']);
    assert.equal(code, 0, stdout);
    assert.equal(stdout, '3 files checked: 0 errors, 0 warnings.\n');
  });

  it('walks folders, skipping node_modules and .git, and finds duplicate ids across files', () => {
    const root = workspace({ 'a/one.yml': monitor('same'), 'b/two.yaml': monitor('same'), 'node_modules/x/three.yml': monitor('same'), '.git/four.yml': monitor('same'), 'notes.txt': 'type: http' });
    try {
      const { code, stdout } = run(['validate', '--format', 'json'], root);
      assert.equal(code, 1);
      const report = JSON.parse(stdout);
      assert.deepEqual(report.summary, { files: 2, errors: 2, warnings: 0 });
      assert.deepEqual(
        report.findings.map((f: { file: string; line: number; column: number; code: string; related: { file: string; line: number }[] }) => [f.file, f.line, f.column, f.code, f.related.map((r) => `${r.file}:${r.line}`)]),
        [
          ['a/one.yml', 2, 7, 'duplicate-id', ['b/two.yaml:2']],
          ['b/two.yaml', 2, 7, 'duplicate-id', ['a/one.yml:2']],
        ],
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('reads browser-monitor JSON files in the configured folders only', () => {
    const config = '{"id": "j", "name": "J", "type": "browser", "schedule": {"number": "7", "unit": "m"}, "locations": ["us_east"], "source": {"inline": {"script": "step(\'a\', () => {})"}}}';
    const root = workspace({ 'browser-journeys/j.json': config, 'other/j.json': config, 'custom/k.json': config });
    try {
      assert.deepEqual(run(['validate'], root).stdout.split('\n')[0], 'browser-journeys/j.json:1:68: error schedule-invalid: `schedule` is 7 minutes; Kibana accepts `1`, `2`, `3`, `5`, `10`, `15`, `20`, `30`, `60`, `120` or `240` minutes. The nearest is 5.');
      const custom = run(['validate', '--browser-globs', 'custom/*.json', '--format', 'json'], root);
      assert.deepEqual(JSON.parse(custom.stdout).findings.map((f: { file: string }) => f.file), ['custom/k.json']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('writes SARIF 2.1.0 with rules, levels and regions', () => {
    const { code, stdout } = run(['validate', 'test/fixtures/seed-configmaps/http-monitors.yaml', '--format', 'sarif']);
    assert.equal(code, 1);
    const sarif = JSON.parse(stdout);
    assert.equal(sarif.version, '2.1.0');
    const run0 = sarif.runs[0];
    assert.deepEqual(run0.tool.driver.rules.map((r: { id: string }) => r.id), ['kibana-unsupported-key', 'location-unknown', 'missing-required', 'unknown-key']);
    const method = run0.results.find((r: { ruleId: string }) => r.ruleId === 'unknown-key');
    assert.equal(method.level, 'error');
    assert.deepEqual(method.locations[0].physicalLocation, {
      artifactLocation: { uri: 'test/fixtures/seed-configmaps/http-monitors.yaml' },
      region: { startLine: 15, startColumn: 5, endLine: 15, endColumn: 11 },
    });
    assert.equal(run0.tool.driver.rules[method.ruleIndex].id, 'unknown-key');
  });

  it('applies the target given on the command line', () => {
    const root = workspace({ 'icmp.yaml': seedYamlBlocks()[0] });
    try {
      assert.equal(run(['validate', '.', '--target', 'heartbeat'], root).code, 0);
      assert.equal(run(['validate', '.'], root).code, 1);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('loads the TypeScript compiler (dist/typescript.js) only to read a journey', () => {
    // The CLI alone, without the file beside it: YAML validates; a journey needs it.
    const lone = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-cli-lone-'));
    fs.copyFileSync(CLI, path.join(lone, 'cli.js'));
    const root = workspace({ 'monitors.yml': monitor('lone'), 'journeys/home.journey.ts': "import { journey } from '@elastic/synthetics';\njourney('Home', () => {});\n" });
    const lonely = (file: string) => spawnSync(process.execPath, [path.join(lone, 'cli.js'), 'validate', file], { cwd: root, encoding: 'utf8' });
    const yaml = lonely('monitors.yml');
    assert.equal(yaml.status, 0, yaml.stderr);
    assert.match(yaml.stdout, /1 file checked: 0 errors, 0 warnings\./);
    const journey = lonely('journeys/home.journey.ts');
    assert.equal(journey.status, 2);
    assert.match(journey.stderr, /Cannot find module '\.\/typescript\.js'/);
    // Beside it, as shipped, the journey is read.
    assert.equal(run(['validate', 'journeys/home.journey.ts'], root).code, 0);
  });

  it('exits 2 on usage and I/O errors, with a clear message', () => {
    const missing = run(['validate', 'no/such/dir']);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'synthetics-gitops: cannot read no/such/dir: no such file or directory\n');
    const format = run(['validate', '--format', 'xml']);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /--format must be text, json or sarif, not "xml"/);
    assert.equal(run(['frobnicate']).code, 2);
    assert.equal(run([]).code, 2);
    const help = run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: synthetics-gitops <command>/);
    assert.match(run(['validate', '--help']).stdout, /^Usage: synthetics-gitops validate \[paths\.\.\.\] \[options\]\n[\s\S]*--format text\|json\|sarif/);
    assert.match(run(['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
  });
});
