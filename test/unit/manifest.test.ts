// package.json is the extension manifest: its settings must be those of server/src/protocol/settings.ts,
// and what VS Code and vsce read must hold together; the .vsix is built and looked into.

import { unzipSync } from 'fflate';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { JOURNEY_FILE, JOURNEY_GLOB } from '../../server/src/protocol/journeyFiles';

const root = path.resolve(__dirname, '../../..');

describe('extension manifest', () => {
  it('contributes the configuration generated from SETTINGS (run `npm run generate:manifest` if not)', async () => {
    const generator = (await import(pathToFileURL(path.join(root, 'scripts/generate-manifest.mjs')).href)) as {
      configuration(): unknown;
    };
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    assert.deepEqual(manifest.contributes.configuration, generator.configuration());
  });
});

describe('extension manifest: what VS Code reads', () => {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const commands: string[] = manifest.contributes.commands.map((c: { command: string }) => c.command);

  it('activates lazily: on YAML and JSON, on workspaces holding monitors or journeys, and (implicitly) on its commands', () => {
    assert.deepEqual(manifest.activationEvents, ['onLanguage:yaml', 'onLanguage:json', 'workspaceContains:**/*.{yml,yaml}', `workspaceContains:${JOURNEY_GLOB}`]);
    // onCommand events are generated from contributes.commands since VS Code 1.74: the engine must admit no older.
    assert.match(manifest.engines.vscode, /^\^1\.(\d+)\.\d+$/);
    assert.ok(Number(/^\^1\.(\d+)/.exec(manifest.engines.vscode)![1]) >= 74);
  });

  it('names journey files as the server does (protocol/journeyFiles.ts) wherever its menus match a file name', () => {
    const clauses = JSON.stringify(manifest.contributes.menus).match(/resourceFilename =~ \/(.*?)\/(?=")/g) ?? [];
    assert.ok(clauses.length >= 2, clauses.join('\n'));
    for (const clause of clauses) assert.equal(clause.replace(/^resourceFilename =~ /, '').replace(/\\\\/g, '\\'), String(JOURNEY_FILE));
  });

  it('admits the VS Code of the tests (1.139), with @types/vscode no newer than its minimum', () => {
    const minimum = /^\^(\d+)\.(\d+)\.\d+$/.exec(manifest.engines.vscode)!.slice(1).map(Number);
    assert.ok(minimum[0] === 1 && minimum[1] <= 139, manifest.engines.vscode);
    const types = /^(\d+)\.(\d+)/.exec(manifest.devDependencies['@types/vscode'])!.slice(1).map(Number);
    assert.ok(types[0] === 1 && types[1] <= minimum[1], `@types/vscode ${manifest.devDependencies['@types/vscode']} is newer than ${manifest.engines.vscode}`);
  });

  it('gives every command a `when` in the palette, and hides what runs code or reads secrets in untrusted workspaces', () => {
    const palette = new Map<string, string>(manifest.contributes.menus.commandPalette.map((m: { command: string; when: string }) => [m.command, m.when]));
    assert.deepEqual(commands.filter((c) => !palette.get(c)?.trim()), []);
    assert.deepEqual([...palette.keys()].filter((c) => !commands.includes(c)), [], 'palette entries of commands that do not exist');
    for (const command of ['previewKibanaDiff', 'pushToKibana', 'importFromKibana', 'runJourney', 'generateConfigMapEntry']) {
      assert.match(palette.get(`syntheticsGitops.${command}`)!, /(^|&& )isWorkspaceTrusted( &&|$)/, command);
    }
  });

  it("uses in `when` clauses and completion events only context keys the extension sets", () => {
    const clauses = [
      ...Object.values(manifest.contributes.menus).flatMap((items) => (items as { when?: string }[]).map((i) => i.when ?? '')),
      ...manifest.contributes.walkthroughs.flatMap((w: { steps: { when?: string; completionEvents: string[] }[] }) => w.steps.flatMap((st) => [st.when ?? '', ...st.completionEvents])),
    ];
    const keys = new Set(clauses.flatMap((clause) => [...clause.matchAll(/\bsyntheticsGitops\.[a-zA-Z]+\b(?!\.)/g)].map((m) => m[0])).filter((k) => !commands.includes(k)));
    const client = readdirSync(path.join(root, 'client', 'src'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(path.join(root, 'client', 'src', f), 'utf8'))
      .join('\n');
    assert.ok(keys.size >= 3, [...keys].join());
    for (const key of keys) assert.match(client, new RegExp(`'${escape(key)}'`), `${key} is never set`);
    assert.match(client, /executeCommand\('setContext'/);
  });

  it('declares limited support for untrusted workspaces, restricting settings that exist', () => {
    const trust = manifest.capabilities.untrustedWorkspaces;
    assert.equal(trust.supported, 'limited');
    assert.ok(trust.description.length > 40);
    const settings = Object.keys(manifest.contributes.configuration.properties);
    assert.deepEqual(trust.restrictedConfigurations.filter((s: string) => !settings.includes(s)), []);
    assert.ok(trust.restrictedConfigurations.includes('syntheticsGitops.journeys.chromiumPath'), 'a setting naming a program to run');
    assert.ok(trust.restrictedConfigurations.includes('syntheticsGitops.kibana.url'), 'a setting naming where the API key goes');
  });

  it('has a walkthrough whose media exist and whose steps complete on real commands', () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    const ids = walkthrough.steps.map((s: { id: string }) => s.id);
    assert.deepEqual(ids, ['trust', 'monitors', 'validation', 'kibana', 'preview', 'push', 'journey']);
    for (const step of walkthrough.steps) {
      assert.ok(existsSync(path.join(root, step.media.markdown)), step.media.markdown);
      assert.ok(step.completionEvents.length, `${step.id} never completes`);
      for (const event of step.completionEvents as string[]) {
        assert.match(event, /^on(Command|Context|View):\S+$/, event);
        const ours = /^onCommand:(syntheticsGitops\.\w+)$/.exec(event)?.[1];
        if (ours) assert.ok(commands.includes(ours), `${step.id}: ${event} is not a contributed command`);
      }
      // Buttons of the description: command links to contributed commands (or VS Code's own).
      for (const [, command] of (step.description as string).matchAll(/\(command:([\w.]+)\)/g)) {
        assert.ok(!command.startsWith('syntheticsGitops.') || commands.includes(command), `${step.id}: ${command}`);
      }
    }
  });

  it('points at an icon, CHANGELOG and LICENSE that exist, with categories and keywords', () => {
    assert.ok(existsSync(path.join(root, manifest.icon)));
    const png = readFileSync(path.join(root, manifest.icon));
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128], 'a 128×128 PNG');
    for (const file of ['CHANGELOG.md', 'LICENSE']) assert.ok(existsSync(path.join(root, file)), file);
    assert.match(readFileSync(path.join(root, 'LICENSE'), 'utf8'), /^MIT License/);
    assert.equal(manifest.license, 'MIT');
    assert.ok(manifest.categories.length && manifest.keywords.length >= 5 && manifest.keywords.length <= 30);
  });
});

describe('the .vsix (vsce package)', function () {
  this.timeout(120_000);
  let dir: string;
  let files: string[];
  let unpacked: string;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vsix-'));
    const vsix = path.join(dir, 'synthetics-gitops.vsix');
    // What `npm run package` runs after its production build; here on the build the tests use.
    execFileSync(process.execPath, [require.resolve('@vscode/vsce/vsce'), 'package', ...VSCE_FLAGS, '--out', vsix], { cwd: root, stdio: 'pipe' });
    const entries = unzipSync(readFileSync(vsix));
    files = Object.keys(entries).filter((f) => !f.endsWith('/')).sort();
    unpacked = path.join(dir, 'unpacked');
    for (const [name, bytes] of Object.entries(entries)) {
      if (name.endsWith('/')) continue;
      mkdirSync(path.dirname(path.join(unpacked, name)), { recursive: true });
      writeFileSync(path.join(unpacked, name), bytes);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is built by `npm run package` with the same flags', () => {
    const script: string = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.package;
    assert.match(script, /node esbuild\.mjs --production && vsce package (.*)$/);
    assert.equal(/vsce package (.*)$/.exec(script)![1], VSCE_FLAGS.join(' '));
  });

  it('holds the bundles, schemas, grammar, icon, walkthrough and docs, and nothing else', () => {
    const inside = files.filter((f) => f.startsWith('extension/')).map((f) => f.slice('extension/'.length));
    assert.deepEqual(
      inside.filter((f) => !/^(schemas\/[\w-]+\.schema\.json|syntaxes\/[\w.-]+\.json|media\/walkthrough\/[\w-]+\.(md|yaml)|docs\/[\w-]+\.(md|png))$/.test(f)),
      ['CONTRIBUTING.md', 'LICENSE.txt', 'changelog.md', 'dist/cli.js', 'dist/extension.js', 'dist/server.js', 'dist/tracePreload.js', 'dist/typescript.js', 'media/icon.png', 'package.json', 'readme.md'].sort(),
    );
    for (const schema of readdirSync(path.join(root, 'schemas'))) assert.ok(inside.includes(`schemas/${schema}`), schema);
    for (const media of readdirSync(path.join(root, 'media', 'walkthrough'))) assert.ok(inside.includes(`media/walkthrough/${media}`), media);
    // The pages the README links to, with their screenshots, so its links work in the extension's details.
    for (const page of readdirSync(path.join(root, 'docs'))) assert.ok(inside.includes(`docs/${page}`), page);
    assert.deepEqual(files.filter((f) => /node_modules|\.map$|\.ts$|(^|\/)(test|client|server|bench|examples)\//.test(f)), []);
  });

  it('runs on its own: the packaged CLI validates the packaged sample with no node_modules around', () => {
    const ext = path.join(unpacked, 'extension');
    const result = spawnSync(process.execPath, [path.join(ext, 'dist', 'cli.js'), 'validate', path.join(ext, 'media', 'walkthrough', 'sample-monitors.yaml'), '--private-locations', 'synthetic-monitor-default'], {
      cwd: dir,
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr + result.stdout);
    assert.match(result.stdout, /1 file checked: 0 errors, 0 warnings/);
  });

  it('says which project needs @elastic/synthetics when a journey project has none', () => {
    const project = path.join(dir, 'project');
    mkdirSync(path.join(project, 'journeys'), { recursive: true });
    writeFileSync(path.join(project, 'package.json'), '{"name":"journeys","private":true}\n');
    writeFileSync(
      path.join(project, 'journeys', 'home.journey.ts'),
      "import { journey, step, monitor } from '@elastic/synthetics';\njourney('Home', ({ page }) => {\n  monitor.use({ id: 'home' });\n  step('open', async () => { await page.goto('http://127.0.0.1:9/'); });\n});\n",
    );
    const cli = path.join(unpacked, 'extension', 'dist', 'cli.js');
    const generated = spawnSync(process.execPath, [cli, 'generate', 'journeys', '--configmap', 'k8s/browser.yaml'], { cwd: project, encoding: 'utf8' });
    assert.equal(generated.status, 1);
    assert.match(
      generated.stdout + generated.stderr,
      new RegExp(`journeys/home\\.journey\\.ts:2:\\d+: error: esbuild \\(a dependency of @elastic/synthetics\\) is not installed in ${escape(project)} .*run "npm install --save-dev @elastic/synthetics" in ${escape(project)}`),
    );
  });
});

const VSCE_FLAGS = ['--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links'];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
