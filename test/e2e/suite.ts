// The extension in a real VS Code, through the public `vscode` API: run in code-server by
// test/e2e/run.ts and in VS Code desktop by test/e2e/electron.ts, in the example journeys repository
// plus test/fixtures/e2e-workspace (test/e2e/workspace.ts). The language server answers asynchronously,
// so every check polls until it holds or its deadline passes (never a fixed sleep).
// What needs the page (the rendered workbench, an input box answered as a user does) is
// asked of run.ts (askPage); under electron.ts there is no page side, and those tests are skipped.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { eventually } from '../helpers/eventually';
import { childrenOf, commandLine } from '../helpers/journeyProject';
import { setStatuses } from '../helpers/sandboxStatus';
import type { PageRequest } from './pageRequests';

const EXTENSION_ID = 'synthetics-gitops.synthetics-gitops';
const SOURCE = 'synthetics-gitops';
/** What the server reports on k8s/http-monitors.yaml for Kibana (the default target), as `line:code` (1-based). */
const KIBANA_FINDINGS = ['8:missing-required', '13:unknown-key', '15:kibana-unsupported-key'];

/** Where run.ts writes its answers; unset when no page side runs (VS Code desktop). */
const PAGE_DIR = process.env.E2E_PAGE_DIR;
let requests = 0;

/** Skips the running test when nothing can act on the page. */
function needsPage(test: Mocha.Context): void {
  if (!PAGE_DIR) test.skip();
}

/** Asks run.ts to look at or act on the workbench (pageRequests.ts), and waits for its answer. */
async function askPage<T>(request: Omit<PageRequest, 'id'>, timeoutMs = 40_000): Promise<T> {
  const id = `${++requests}`;
  const answerFile = path.join(PAGE_DIR!, `${id}.json`);
  console.log(`e2e:${JSON.stringify({ ...request, id })}`);
  const answer = await eventually(() => JSON.parse(fs.readFileSync(answerFile, 'utf8')) as T & { error?: string }, timeoutMs);
  if (answer.error) throw new Error(`the page could not ${request.request}: ${answer.error}`);
  return answer;
}

/** The CodeLens titled `title` in the file, once the server offers it. */
function lensTitled(uri: vscode.Uri, title: string): Promise<vscode.CodeLens & { command: vscode.Command }> {
  return eventually(async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const found = lenses.find((l) => l.command?.title === title);
    assert.ok(found?.command, `a "${title}" lens among ${lenses.map((l) => l.command?.title).join(', ')}`);
    return found as vscode.CodeLens & { command: vscode.Command };
  });
}

function file(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, relative);
}

async function open(relative: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(file(relative));
  await vscode.window.showTextDocument(document);
  return document;
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function codeOf(d: vscode.Diagnostic): string {
  return String(typeof d.code === 'object' ? d.code.value : d.code);
}

/** `line:code` for each of our diagnostics, sorted. */
function findings(uri: vscode.Uri): string[] {
  return ours(uri)
    .map((d) => `${d.range.start.line + 1}:${codeOf(d)}`)
    .sort((a, b) => parseInt(a) - parseInt(b) || a.localeCompare(b));
}

/** The example's lightweight monitors (examples/elastic-synthetic-monitor/lightweight/heartbeat.yml), as read from it. */
function exampleMonitors(): { text: string; ids: string[] } {
  const text = fs.readFileSync(file('lightweight/heartbeat.yml').fsPath, 'utf8');
  return { text, ids: [...text.matchAll(/^ {4}id: (\S+)$/gm)].map((m) => m[1]) };
}

describe('Synthetics GitOps in a real editor', () => {
  const monitors = file('k8s/http-monitors.yaml');

  it('activates when a YAML file is opened', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded from extensionDevelopmentPath`);
    await open('k8s/http-monitors.yaml');
    await eventually(() => assert.ok(extension.isActive, 'extension active'));
  });

  it('reports the embedded monitor\'s problems at their lines, and none on a non-monitor file', async () => {
    await open('k8s/http-monitors.yaml');
    await eventually(() => assert.deepEqual(findings(monitors), KIBANA_FINDINGS));
    const unknown = ours(monitors).find((d) => codeOf(d) === 'unknown-key')!;
    assert.equal(unknown.severity, vscode.DiagnosticSeverity.Error);
    assert.match(unknown.message, /Did you mean `check\.request\.method`/);

    const deployment = await open('deployment.yaml');
    // A round trip through the server after it was told of the open file; it has no outline for it either.
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', deployment.uri);
    assert.deepEqual(symbols ?? [], []);
    assert.deepEqual(findings(deployment.uri), []);
  });

  it('reports problems in a heartbeat file and in a journey file, on the exact text', async () => {
    // Written by the test: kept in the fixture, they would join the Kibana plan and the Test Explorer below.
    const heartbeat = file('lightweight/broken.yml');
    const journey = file('journeys/lint.journey.ts');
    fs.writeFileSync(heartbeat.fsPath, ['heartbeat.monitors:', '  - type: tcp', '    id: db-port', '    name: Database port', '    schedule: "@every 1m"', '    hosts: ["db.example.com:5432"]', '    timeout: 5x', '    private_locations: ["synthetic-monitor-default"]', ''].join('\n'));
    fs.writeFileSync(journey.fsPath, ["import { journey, step } from '@elastic/synthetics';", '', "step('loose step', async () => {});", '', "journey('no steps', () => {", '});', ''].join('\n'));
    /** `line severity code «text under the range»` for each of our diagnostics. */
    const marked = (document: vscode.TextDocument) =>
      ours(document.uri)
        .map((d) => `${d.range.start.line + 1} ${vscode.DiagnosticSeverity[d.severity]} ${codeOf(d)} «${document.getText(d.range)}»`)
        .sort();
    try {
      const yml = await open('lightweight/broken.yml');
      await eventually(() => assert.deepEqual(marked(yml), ['7 Error duration-invalid «5x»']));
      const ts = await open('journeys/lint.journey.ts');
      await eventually(() => assert.deepEqual(marked(ts), ["3 Warning step-outside-journey «'loose step'»", "5 Warning journey-no-steps «'no steps'»"]));
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(heartbeat.fsPath, { force: true });
      fs.rmSync(journey.fsPath, { force: true });
    }
  });

  it('completes keys inside the embedded entry', async () => {
    await open('k8s/http-monitors.yaml');
    // Inside `method`, on line 13: keys of an http monitor not yet written.
    const list = await eventually(async () => {
      const result = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', monitors, new vscode.Position(12, 7));
      const labels = result.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      assert.ok(labels.includes('check'), `check among ${labels.join(', ')}`);
      return labels;
    });
    assert.ok(list.includes('id'), 'the missing id is offered');
    assert.ok(!list.includes('schedule'), 'keys already written are not offered');
  });

  it('explains a key on hover', async () => {
    await open('k8s/http-monitors.yaml');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', monitors, new vscode.Position(13, 6));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /^\*\*`timeout`\*\* · http monitor/m);
    assert.match(text, /Kibana converts it to seconds/);
  });

  it('outlines the entry and its monitor', async () => {
    await open('k8s/http-monitors.yaml');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', monitors);
    assert.deepEqual(
      symbols.map((s) => [s.name, s.children.map((c) => `${c.name} (${c.detail})`)]),
      [['api-health.yml', ['API Health Check (http)']]],
    );
  });

  it('fixes the unknown key with its quick fix', async () => {
    const document = await open('k8s/http-monitors.yaml');
    const unknown = await eventually(() => {
      const found = ours(monitors).find((d) => codeOf(d) === 'unknown-key');
      assert.ok(found, 'unknown-key diagnostic');
      return found;
    });
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', monitors, unknown.range);
    const rename = actions.find((a) => a.title === 'Rename to `check.request.method`');
    assert.ok(rename?.edit, `rename among ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(rename.edit));
    assert.equal(document.lineAt(12).text, '    check.request.method: GET');
    await eventually(() => assert.deepEqual(findings(monitors), ['8:missing-required', '15:kibana-unsupported-key']));

    // Back to the file as on disk, for the tests that follow.
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await eventually(() => assert.deepEqual(findings(monitors), KIBANA_FINDINGS));
  });

  it('restarts the language server, which reports again', async () => {
    await open('k8s/http-monitors.yaml');
    await eventually(() => assert.deepEqual(findings(monitors), KIBANA_FINDINGS));
    // The old client's diagnostics go with it: seeing them cleared proves the ones after come from the new server.
    let cleared = false;
    const watch = vscode.languages.onDidChangeDiagnostics(() => (cleared ||= ours(monitors).length === 0));
    try {
      await vscode.commands.executeCommand('syntheticsGitops.restartServer');
      await eventually(() => {
        assert.ok(cleared, 'diagnostics cleared by the restart');
        assert.deepEqual(findings(monitors), KIBANA_FINDINGS);
      });
    } finally {
      watch.dispose();
    }
  });

  it('drops the Kibana-only errors when the target is heartbeat', async () => {
    await open('k8s/http-monitors.yaml');
    const clean = file('lightweight/heartbeat.yml');
    const ignoredByHeartbeat = exampleMonitors().text.split('\n').flatMap((line, i) => (line.includes('private_locations:') ? [`${i + 1}:heartbeat-ignores-key`] : []));
    assert.equal(ignoredByHeartbeat.length, exampleMonitors().ids.length);
    await eventually(() => assert.deepEqual(findings(monitors), KIBANA_FINDINGS));
    const config = vscode.workspace.getConfiguration('syntheticsGitops', monitors);
    await config.update('target', 'heartbeat', vscode.ConfigurationTarget.Workspace);
    try {
      await eventually(() => {
        assert.deepEqual(findings(monitors), ['12:heartbeat-ignores-key', '13:unknown-key']);
        // Heartbeat would only ignore the unknown key, so it is no longer an error.
        assert.equal(ours(monitors).find((d) => codeOf(d) === 'unknown-key')!.severity, vscode.DiagnosticSeverity.Warning);
        // The clean file, not open, is re-read as well: Heartbeat ignores each monitor's private_locations.
        assert.deepEqual(findings(clean), ignoredByHeartbeat);
      });
    } finally {
      await config.update('target', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await eventually(() => {
      assert.deepEqual(findings(monitors), KIBANA_FINDINGS);
      assert.deepEqual(findings(clean), []);
    });
  });

  it('shows the problems in the workbench: squiggles and Problems panel rows', async function () {
    needsPage(this);
    await open('k8s/http-monitors.yaml');
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await eventually(() => assert.deepEqual(findings(monitors), KIBANA_FINDINGS));
    const seen = await askPage<{ squiggles: number; problems: string[] }>({ request: 'check-workbench' });
    assert.ok(seen.squiggles >= KIBANA_FINDINGS.length, `${seen.squiggles} error squiggles`);
    const rows = seen.problems.join('\n');
    for (const code of ['missing-required', 'unknown-key', 'kibana-unsupported-key']) assert.ok(rows.includes(code), `Problems panel lists ${code}:\n${rows}`);
    assert.match(rows, /Unknown key `method` for an http monitor/);
  });
});

describe('Kibana: target, preview and push against the sandbox', () => {
  const sandboxUrl = process.env.E2E_SANDBOX_URL!;
  const heartbeat = file('lightweight/heartbeat.yml');
  const k8s = file('k8s/http-monitors.yaml');
  const settings = () => vscode.workspace.getConfiguration('syntheticsGitops', heartbeat);
  type Plan = { monitors: { id: string; action: string; before?: string; after?: string }[]; errors: { code: string }[] } | undefined;
  type Pushed = { created: string[]; updated: string[]; deleted: string[]; failed: { reason: string; uri: string; line: number }[]; blockers: { reason: string }[] } | undefined;

  /** The journey ids the sandbox holds for our project, read through Kibana's public API. */
  async function stored(): Promise<string[]> {
    const project = settings().get<string>('kibana.project')!;
    const response = await fetch(`${sandboxUrl}/api/synthetics/monitors?projects=${project}&internal=true&perPage=100`, {
      headers: { authorization: 'ApiKey e2e-check', 'elastic-api-version': '2023-10-31' },
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { monitors: { journey_id: string }[] };
    return body.monitors.map((m) => m.journey_id).sort();
  }

  /** The status bar as rendered, read by the runner (run.ts) on request. */
  function statusBar(): Promise<{ text: string; icons: string[] }[]> {
    return askPage({ request: 'check-statusbar' }, 10_000);
  }

  it('takes the target through Select Kibana Target, refusing a URL with credentials', async () => {
    const url = settings().get<string>('kibana.url')!;
    assert.equal(await vscode.commands.executeCommand('syntheticsGitops.selectKibanaTarget', { url: 'https://user:pw@kibana.example.com', space: 'default', project: 'x' }), undefined);
    assert.equal(settings().get('kibana.url'), url, 'an invalid target changes nothing');
    const chosen = await vscode.commands.executeCommand('syntheticsGitops.selectKibanaTarget', { url: `${url}/`, space: 'default', project: 'e2e-gitops' });
    assert.deepEqual(chosen, { url, space: 'default', project: 'e2e-gitops' });
  });

  it('keeps the API key typed into its password box in secret storage, and shows the target as reachable', async () => {
    await open('lightweight/heartbeat.yml');
    const host = new URL(sandboxUrl).host;
    /** The Kibana item, once the check of its target has painted it. */
    const kibanaItem = (icon: string) =>
      eventually(async () => {
        const item = (await statusBar()).find((i) => i.text.includes('Kibana:'));
        assert.ok(item, 'the Kibana item is shown');
        assert.ok(item.text.includes(`Kibana: ${host}/default/e2e-gitops`), item.text);
        assert.ok(item.icons.includes(icon), `${icon} among ${item.icons.join(' ')}`);
      });
    if (PAGE_DIR) {
      // Without a key the sandbox answers 401, as Kibana does.
      await kibanaItem('codicon-warning');
      // As a user does: the command asks, and the key is typed into its box.
      const saved = vscode.commands.executeCommand<boolean>('syntheticsGitops.setKibanaApiKey');
      const box = await askPage<{ password: boolean }>({ request: 'answer-input', title: 'Set Kibana API Key', text: 'e2e-typed-key' });
      assert.ok(box.password, 'the key is typed into a password box');
      assert.equal(await saved, true);
    } else {
      assert.equal(await vscode.commands.executeCommand('syntheticsGitops.setKibanaApiKey', 'e2e-api-key'), true);
    }
    assert.equal(settings().get('kibana.apiKey'), undefined, 'the key is no setting');
    // Under VS Code desktop, the plan of the next test proves the key reaches Kibana.
    if (PAGE_DIR) await kibanaItem('codicon-check');
  });

  it('previews the plan: a summary, and a lens per monitor opening its diff of normalised YAML', async () => {
    const plan = await vscode.commands.executeCommand<Plan>('syntheticsGitops.previewKibanaDiff');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.ok(plan);
    // The ConfigMap's monitor has no id, and keys Kibana refuses.
    assert.deepEqual(plan.monitors.map((m) => `${m.action} ${m.id}`), ['invalid ', ...exampleMonitors().ids.map((id) => `create ${id}`)]);
    assert.ok(plan.errors.some((e) => e.code === 'missing-required'), 'the unfixed fixture has errors');

    await open('lightweight/heartbeat.yml');
    const lens = (await lensTitled(heartbeat, 'Preview Kibana diff')).command;
    assert.equal(lens.arguments?.[0]?.line, exampleMonitors().text.split('\n').indexOf('  - type: http'), 'above the monitor, on its first line');
    await vscode.commands.executeCommand(lens.command, ...(lens.arguments ?? []));
    const input = await eventually(() => {
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      assert.ok(tab instanceof vscode.TabInputTextDiff, 'a diff editor is active');
      return tab;
    });
    assert.equal(input.original.scheme, 'synthetics-gitops-plan');
    const [kibana, git] = await Promise.all([vscode.workspace.openTextDocument(input.original), vscode.workspace.openTextDocument(input.modified)]);
    assert.equal(kibana.getText(), '', 'Kibana has no such monitor yet');
    assert.match(git.getText(), /^journey_id: api-health$/m);
    assert.match(git.getText(), /^name: API Health Check$/m);
    assert.match(git.getText(), /^schedule:\n {2}number: "1"\n {2}unit: m$/m);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('pushes what is valid while the folder has errors, holding back the monitor in error and every delete; then creates it, and deletes only as confirmed', async () => {
    const example = exampleMonitors().ids;
    const first = await vscode.commands.executeCommand<Pushed>('syntheticsGitops.pushToKibana');
    assert.ok(first, 'pushed');
    assert.deepEqual(first.created.sort(), [...example].sort());
    assert.deepEqual(first.failed.map((f) => [f.reason, path.basename(vscode.Uri.parse(f.uri).fsPath), f.line]), [['Not pushed: it has errors in git.', 'http-monitors.yaml', 7]]);
    assert.deepEqual(first.blockers.map((b) => b.reason), ['a monitor without a readable `id`'], 'a monitor without an id withholds every delete');
    assert.deepEqual(await stored(), [...example].sort());

    // The fixture's ConfigMap, fixed.
    const fixed = fs.readFileSync(k8s.fsPath, 'utf8').replace('    name: API Health Check\n', '    id: api-health-k8s\n    name: API Health Check (k8s)\n')
      .replace('    method: GET\n', '    check.request.method: GET\n')
      .replace(/ {4}processors:[\s\S]*$/, '');
    fs.writeFileSync(k8s.fsPath, fixed);
    const created = await vscode.commands.executeCommand<Pushed>('syntheticsGitops.pushToKibana');
    assert.ok(created, 'pushed');
    const all = [...example, 'api-health-k8s'].sort();
    assert.deepEqual([created.created, created.failed, created.blockers], [['api-health-k8s'], [], []]);
    assert.deepEqual(await stored(), all);
    const again = await vscode.commands.executeCommand<Plan>('syntheticsGitops.previewKibanaDiff');
    assert.deepEqual(again?.monitors.map((m) => m.action), all.map(() => 'unchanged'));

    fs.rmSync(k8s.fsPath);
    const kept = await vscode.commands.executeCommand<Pushed>('syntheticsGitops.pushToKibana', { deletes: 'keep' });
    assert.deepEqual(kept?.deleted, []);
    assert.deepEqual(await stored(), all);
    // The argument answers the modal: in extension-test mode the workbench refuses to show dialogs,
    // so the modal itself is answered in the UI tests (ui.ts).
    const pruned = await vscode.commands.executeCommand<Pushed>('syntheticsGitops.pushToKibana', { deletes: 'delete' });
    assert.deepEqual(pruned?.deleted, ['api-health-k8s']);
    assert.deepEqual(await stored(), example.sort());
  });

  it('previews unsaved edits, and pushes them only once saved, after asking', async () => {
    const document = await open('lightweight/heartbeat.yml');
    const original = document.getText();
    const rename = async (from: string, to: string) => {
      const at = document.getText().indexOf(from);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, new vscode.Range(document.positionAt(at), document.positionAt(at + from.length)), to);
      assert.ok(await vscode.workspace.applyEdit(edit));
    };
    await rename('name: API Health Check\n', 'name: API Health Check (edited)\n');
    assert.ok(document.isDirty);

    // The preview plans the buffer: the rename is an update, though the disk still has the old name.
    const plan = await vscode.commands.executeCommand<Plan>('syntheticsGitops.previewKibanaDiff');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    const updated = plan?.monitors.filter((m) => m.action === 'update');
    assert.deepEqual(updated?.map((m) => m.id), ['api-health']);
    assert.match(updated![0].after!, /^name: API Health Check \(edited\)$/m);

    // Push asks to save first; cancelled, nothing is saved or pushed.
    assert.equal(await vscode.commands.executeCommand<Pushed>('syntheticsGitops.pushToKibana', { save: 'cancel' }), undefined);
    assert.ok(document.isDirty, 'still unsaved');
    assert.doesNotMatch(fs.readFileSync(heartbeat.fsPath, 'utf8'), /\(edited\)/);
    // Saved, then pushed: git and Kibana agree.
    const pushed = await vscode.commands.executeCommand<Pushed>('syntheticsGitops.pushToKibana', { save: 'save' });
    assert.deepEqual(pushed?.updated, ['api-health']);
    assert.equal(document.isDirty, false);
    assert.match(fs.readFileSync(heartbeat.fsPath, 'utf8'), /^ {4}name: API Health Check \(edited\)$/m);
    assert.deepEqual((await vscode.commands.executeCommand<Plan>('syntheticsGitops.previewKibanaDiff'))?.monitors.map((m) => m.action), exampleMonitors().ids.map(() => 'unchanged'));
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');

    // As it was, in git and in Kibana.
    await rename('name: API Health Check (edited)\n', 'name: API Health Check\n');
    assert.equal(document.getText(), original);
    assert.deepEqual((await vscode.commands.executeCommand<Pushed>('syntheticsGitops.pushToKibana', { save: 'save' }))?.updated, ['api-health']);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('shows each pushed monitor\'s status in the sandbox in a lens above it, and the Synthetics Monitors view groups them', async () => {
    type Statuses = { monitors: { id: string; status: string; url?: string; lastError?: { message: string } }[] } | undefined;
    const [first, ...others] = exampleMonitors().ids;
    await setStatuses(sandboxUrl, [{ monitor: first, status: 'down', error: 'connect ECONNREFUSED 10.0.0.1:443' }, ...others.map((monitor) => ({ monitor, status: 'up' }))]);
    const result = await vscode.commands.executeCommand<Statuses>('syntheticsGitops.refreshMonitorStatus');
    assert.ok(result, 'the statuses came');
    assert.deepEqual(result.monitors.map((m) => `${m.status} ${m.id}`), [`down ${first}`, ...others.map((id) => `up ${id}`)]);
    assert.equal(result.monitors[0].lastError?.message, 'connect ECONNREFUSED 10.0.0.1:443');

    await open('lightweight/heartbeat.yml');
    const down = await eventually(async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', heartbeat);
      const found = lenses.filter((l) => /^[✖●]/.test(l.command?.title ?? ''));
      assert.equal(found.length, exampleMonitors().ids.length, lenses.map((l) => l.command?.title).join(', '));
      return found[0];
    });
    // Since the sandbox was told, today: the clock only.
    assert.match(down.command?.title ?? '', /^✖ down since \d\d:\d\d — connect ECONNREFUSED 10\.0\.0\.1:443$/);
    assert.equal(down.range.start.line, exampleMonitors().text.split('\n').indexOf('  - type: http'), 'above the monitor, on its first line');
    assert.equal(down.command?.command, 'syntheticsGitops.openMonitorInKibana');
    assert.equal(down.command?.arguments?.[0]?.url, result.monitors[0].url);
    assert.match(result.monitors[0].url!, new RegExp(`^${sandboxUrl}/app/synthetics/monitor/[\\w-]+$`));

    if (PAGE_DIR) {
      await vscode.commands.executeCommand('syntheticsGitops.showMonitorStatus');
      // Down first and open (its rows come once the view has asked for them); up folded.
      await eventually(async () => {
        const rows = await askPage<{ text: string; level: number }[]>({ request: 'check-view', title: 'Synthetics Monitors' }, 10_000);
        assert.deepEqual(rows.filter((r) => r.level === 1).map((r) => r.text), ['Down (1)', `Up (${others.length})`]);
        assert.ok(rows.some((r) => r.level === 2 && r.text.startsWith('API Health Check') && r.text.includes(first)), JSON.stringify(rows));
      });
    }
  });

  it('imports the project\'s monitors from Kibana into files it opens, which validate', async () => {
    type Imported = { uris: string[]; imported: number; parameters: string[]; summary: string } | undefined;
    // Outside the workspace: the same monitors twice in it would be duplicate ids.
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-import-'));
    try {
      const result = await vscode.commands.executeCommand<Imported>('syntheticsGitops.importFromKibana', { configIds: 'all', out, format: 'configmap' });
      assert.ok(result, 'imported');
      const example = exampleMonitors().ids;
      assert.equal(result.imported, example.length);
      const http = vscode.Uri.file(path.join(out, 'http-monitors.yaml'));
      assert.ok(result.uris.includes(http.toString()), result.uris.join());
      assert.ok(result.uris.some((u) => u.endsWith('/sync-config.yaml')), 'the sync configuration names the project');
      const written = result.uris.map((u) => fs.readFileSync(vscode.Uri.parse(u).fsPath, 'utf8')).join('\n');
      for (const id of example) assert.ok(written.includes(`\n  ${id}.yml: |\n`), `an entry for ${id}`);
      assert.match(written, /# Imported from Kibana \(space default\): project monitor ".+" of project e2e-gitops, config_id /);
      // Opened in editors, and read by the language server like any file (its outline lists the entries): no errors.
      await eventually(() => assert.ok(vscode.workspace.textDocuments.some((d) => d.uri.toString() === http.toString()), 'the ConfigMap is open'));
      await eventually(async () => {
        const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', http);
        assert.ok(symbols?.length, 'outlined');
      });
      assert.deepEqual(ours(http).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map(codeOf), []);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('starts one Kibana sandbox however quickly Start Kibana Sandbox is run twice, and stops it', async () => {
    const target = { url: settings().get<string>('kibana.url')!, space: settings().get<string>('kibana.space')!, project: settings().get<string>('kibana.project')! };
    // The sandbox runs as the shipped CLI's `sandbox` command, a child process of this one (the extension host).
    const sandboxes = () => childrenOf(process.pid).filter((pid) => commandLine(pid).includes('sandbox'));
    assert.deepEqual(sandboxes(), []);
    try {
      const [first, second] = await Promise.all([vscode.commands.executeCommand<string>('syntheticsGitops.startSandbox'), vscode.commands.executeCommand<string>('syntheticsGitops.startSandbox')]);
      assert.ok(first && first !== sandboxUrl, 'a sandbox of its own');
      assert.equal(second, first, 'the second run waits for the first sandbox');
      assert.equal(sandboxes().length, 1, 'one sandbox runs');
      assert.equal((await fetch(`${first}/api/stats`, { headers: { authorization: 'ApiKey e2e-check' } })).status, 200);
      assert.equal(settings().get('kibana.url'), first);
      await vscode.commands.executeCommand('syntheticsGitops.stopSandbox');
      await assert.rejects(fetch(`${first}/api/status`), 'stopped');
      assert.deepEqual(sandboxes(), [], 'none left running');
    } finally {
      await vscode.commands.executeCommand('syntheticsGitops.selectKibanaTarget', target);
    }
  });
});

describe('Journeys: Test Explorer, Run Journey and run lenses, in real Chromium', () => {
  const demo = file('journeys/demo.journey.ts');
  const failing = file('journeys/failing.journey.ts');
  const stepwise = file('journeys/stepwise.journey.ts');
  type ItemResult = { state: string; durationMs?: number; message?: string; file?: string; line?: number; screenshot?: string; trace?: string };
  type Api = { testController: vscode.TestController; results: ReadonlyMap<string, ItemResult>; discover(): Promise<void> };
  type Run = { journeys: { name: string; status: string; steps: { name: string; status: string; durationMs: number }[] }[] } | undefined;
  let api: Api;

  before(async () => {
    const extension = vscode.extensions.getExtension<Api>(EXTENSION_ID)!;
    api = extension.isActive ? extension.exports : await extension.activate();
  });

  const result = (id: string) => {
    const found = api.results.get(id);
    assert.ok(found, `a result for ${id} among ${[...api.results.keys()].join(', ')}`);
    return found;
  };

  it('discovers the journey files, with their journeys and steps at their lines', async () => {
    await api.discover();
    const journey = await eventually(() => {
      const files: string[] = [];
      api.testController.items.forEach((item) => files.push(item.label));
      assert.deepEqual(files.sort(), ['journeys/demo.journey.ts', 'journeys/example.journey.ts', 'journeys/failing.journey.ts', 'journeys/generate.journey.ts', 'journeys/stepwise.journey.ts']);
      const found = api.testController.items.get(demo.toString())?.children.get(`${demo}#e2e demo`);
      assert.ok(found, 'the journey item');
      return found;
    });
    assert.equal(journey.range?.start.line, 3);
    const steps: [string, number | undefined][] = [];
    journey.children.forEach((step) => steps.push([step.label, step.range?.start.line]));
    assert.deepEqual(steps, [['open the page', 4], ['greet', 8]]);
  });

  it('offers "▶ Run journey" above each journey', async () => {
    await open('journeys/demo.journey.ts');
    const lens = await lensTitled(demo, '▶ Run journey');
    assert.equal(lens.range.start.line, 3);
    assert.deepEqual(lens.command!.arguments, [demo.toString(), 'e2e demo']);
  });

  it('runs a journey (Run Journey command): its steps pass, with durations', async () => {
    const run = await vscode.commands.executeCommand<Run>('syntheticsGitops.runJourney', demo.toString(), 'e2e demo');
    assert.ok(run, 'a result');
    assert.deepEqual(run.journeys.map((j) => [j.name, j.status, j.steps.map((s) => s.status)]), [['e2e demo', 'succeeded', ['succeeded', 'succeeded']]]);
    for (const id of [`${demo}#e2e demo#1`, `${demo}#e2e demo#2`, `${demo}#e2e demo`]) {
      const item = result(id);
      assert.equal(item.state, 'passed', id);
      assert.ok(item.durationMs !== undefined && item.durationMs > 0, `${id}: ${item.durationMs} ms`);
    }
  });

  it('reports each step as it finishes, before the run ends', async () => {
    const first = `${stepwise}#e2e stepwise#1`;
    const second = `${stepwise}#e2e stepwise#2`;
    let ended = false;
    const running = vscode.commands.executeCommand<Run>('syntheticsGitops.runJourney', stepwise).then((run) => ((ended = true), run));
    const firstStep = await eventually(() => {
      const found = api.results.get(first);
      assert.ok(found, 'the first step is reported');
      return found;
    }, 30_000);
    assert.equal(ended, false, 'the run was still going when its first step was reported');
    assert.equal(firstStep.state, 'passed');
    assert.ok(firstStep.durationMs !== undefined && firstStep.durationMs > 0, `${firstStep.durationMs} ms`);
    assert.equal(api.results.get(second), undefined, 'the second step, still running, is not reported yet');
    const run = await running;
    assert.deepEqual(run?.journeys.map((j) => [j.name, j.status]), [['e2e stepwise', 'succeeded']]);
    assert.equal(result(second).state, 'passed');
    assert.ok((result(second).durationMs ?? 0) >= 4000, `${result(second).durationMs} ms`);
    assert.equal(result(`${stepwise}#e2e stepwise`).state, 'passed');
  });

  it('reports a failing step at its line in the journey file, with the failure screenshot', async () => {
    // Visible, so the failure's peek opens on it (and shows in the Test Explorer screenshot).
    await open('journeys/failing.journey.ts');
    const run = await vscode.commands.executeCommand<Run>('syntheticsGitops.runJourney', failing);
    assert.deepEqual(run?.journeys.map((j) => [j.name, j.status, j.steps.map((s) => s.status)]), [['e2e failing', 'failed', ['succeeded', 'failed']]]);
    const step = result(`${failing}#e2e failing#2`);
    assert.equal(step.state, 'failed');
    assert.match(step.message ?? '', /toHaveText/);
    assert.match(step.message ?? '', /Expected: "Goodbye"/);
    assert.equal(step.file, failing.fsPath);
    assert.equal(step.line, 8);
    assert.ok(step.screenshot && fs.readFileSync(step.screenshot).subarray(0, 2).equals(Buffer.from([0xff, 0xd8])), `a JPEG at ${step.screenshot}`);
    assert.equal(result(`${failing}#e2e failing`).state, 'failed');
    assert.equal(result(`${failing}#e2e failing#1`).state, 'passed');

    // The failure message's "Open Failure Screenshot" button runs this with the message's test item.
    const stepItem = api.testController.items.get(failing.toString())!.children.get(`${failing}#e2e failing`)!.children.get(`${failing}#e2e failing#2`)!;
    await vscode.commands.executeCommand('syntheticsGitops.openJourneyScreenshot', { test: stepItem });
    const opened = await eventually(() => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      assert.ok(input instanceof vscode.TabInputCustom, 'an image preview is active');
      return input;
    });
    assert.equal(opened.uri.fsPath, step.screenshot);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('keeps the failed journey\'s Playwright trace, and Show Trace serves it in the project\'s trace viewer', async () => {
    const step = result(`${failing}#e2e failing#2`);
    const journey = result(`${failing}#e2e failing`);
    assert.ok(step.trace, 'the failed step offers the trace');
    assert.equal(journey.trace, step.trace);
    assert.ok(fs.readFileSync(step.trace).subarray(0, 2).equals(Buffer.from('PK')), `a zip at ${step.trace}`);
    assert.equal(result(`${failing}#e2e failing#1`).trace, undefined, 'a step that passed offers none');

    // The failure message's "Show Trace" button runs this with the message's test item.
    const stepItem = api.testController.items.get(failing.toString())!.children.get(`${failing}#e2e failing`)!.children.get(`${failing}#e2e failing#2`)!;
    const url = await vscode.commands.executeCommand<string>('syntheticsGitops.showJourneyTrace', { test: stepItem });
    assert.match(url ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    // Playwright's viewer, pointed at this trace, which it serves from its folder.
    const viewer = await fetch(url!);
    assert.equal(viewer.status, 200);
    assert.match(viewer.url, /\/trace\/index\.html\?trace=/);
    assert.match(await viewer.text(), /<title>Playwright Trace Viewer<\/title>/);
    const zip = await fetch(`${url}/trace/file?path=${encodeURIComponent(step.trace)}`);
    assert.equal(zip.status, 200);
    assert.ok(Buffer.from(await zip.arrayBuffer()).equals(fs.readFileSync(step.trace)), 'the trace as kept');
  });

  it('shows the journeys and their results in the Test Explorer', async function () {
    needsPage(this);
    await open('journeys/failing.journey.ts');
    // The failure's peek in the editor, for the screenshot; the Problems panel (the TypeScript
    // extension's complaints about the workspace without node_modules) out of the way.
    await vscode.commands.executeCommand('testing.goToNextMessage').then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('workbench.view.testing.focus');
    // The runner (run.ts) expands the tree, reads its rows and takes the screenshot.
    const rows = await askPage<{ text: string; label: string }[]>({ request: 'check-testing' });
    const labels = rows.map((r) => r.label).join('\n');
    for (const name of ['e2e demo', 'greet', 'e2e failing', 'expect another title']) assert.ok(labels.includes(name), `${name} in the Test Explorer:\n${labels}`);
  });
});

describe('Journeys: Generate ConfigMap Entry and its lens', () => {
  const GENERATE = 'syntheticsGitops.generateConfigMapEntry';
  const journeyFile = file('journeys/generate.journey.ts');
  // Written by the test rather than kept in the fixture: a ConfigMap with a browser entry in the
  // workspace from the start would join the plan and the push of the Kibana tests above.
  const target = file('k8s/browser-monitors.yaml');
  const TARGET = [
    '# Browser monitors, one entry per journey: "Generate ConfigMap Entry" writes them here.',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: browser-journey-configs',
    '  labels:',
    '    managed-by: gitops     # kept as written, spacing included',
    'data:',
    '  # Written by hand: no journey behind it',
    '  status-page.json: |',
    '    {"name": "Status page", "id": "status-page", "type": "browser", "schedule": {"number": "5", "unit": "m"}, "private_locations": ["synthetic-monitor-default"], "source": {"inline": {"script": "step(\'open\', async () => { await page.goto(\'https://status.example.com\'); });"}}}',
    '# End of the browser monitors.',
    '',
  ].join('\n');
  /** The hand-written entry matches no journey: the one consistency warning the ConfigMap keeps. */
  const ORPHANED = ['10:journey-entry-orphaned'];
  type Generated = { entries: { key: string; status: string }[]; errors: { message: string }[]; warnings: { message: string }[] } | undefined;
  let lensArgs: { uri: string; line: number };

  /** The ConfigMap's text split into the entry `key` (its lines) and the rest of the file. */
  function splitEntry(text: string, key: string): { block: string; rest: string } {
    const lines = text.split(/(?<=\n)/);
    const start = lines.indexOf(`  ${key}: |\n`);
    assert.ok(start >= 0, `entry ${key} in:\n${text}`);
    let end = start + 1;
    while (end < lines.length && lines[end].startsWith('    ')) end++;
    return { block: lines.slice(start, end).join(''), rest: [...lines.slice(0, start), ...lines.slice(end)].join('') };
  }

  const unsaved = (uri: vscode.Uri) => vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString() && d.isDirty);

  it('offers "Generate ConfigMap entry" above a browser journey', async () => {
    await open('journeys/generate.journey.ts');
    const lens = await lensTitled(journeyFile, 'Generate ConfigMap entry');
    assert.equal(lens.range.start.line, 3);
    assert.equal(lens.command!.command, GENERATE);
    assert.deepEqual(lens.command!.arguments, [{ uri: journeyFile.toString(), line: 3 }]);
    lensArgs = lens.command!.arguments![0];
  });

  it('writes the journey\'s entry into the given ConfigMap, keeping the rest byte for byte, and the warnings settle', async () => {
    fs.writeFileSync(target.fsPath, TARGET);
    // Journeys and browser entries both in the workspace: the consistency pass compares them.
    await eventually(() => {
      assert.deepEqual(findings(journeyFile), ['4:journey-entry-missing']);
      assert.deepEqual(findings(target), ORPHANED);
    });

    // The lens's arguments, with the ConfigMap the file picker would have asked for.
    const result = await vscode.commands.executeCommand<Generated>(GENERATE, { ...lensArgs, configMapUri: target.toString() });
    assert.ok(result, 'a result');
    assert.deepEqual([result.entries.map((e) => `${e.key} ${e.status}`), result.errors, result.warnings], [['e2e-generate.json created'], [], []]);
    // Saved by the command: on disk, and no unsaved edit left in the editor.
    const written = fs.readFileSync(target.fsPath, 'utf8');
    assert.ok(!unsaved(target), 'saved');
    const { block, rest } = splitEntry(written, 'e2e-generate.json');
    assert.equal(rest, TARGET, 'the comments and the other entry are kept byte for byte');
    const entry = JSON.parse(block.split('\n').slice(1).map((l) => l.slice(4)).join('\n')) as Record<string, unknown> & { source?: { inline?: { script?: string } } };
    assert.deepEqual([entry.name, entry.id, entry.type, entry.private_locations], ['e2e generate', 'e2e-generate', 'browser', ['synthetic-monitor-default']]);
    // The project's synthetics.config.ts (the example's), as push applies it: its schedule, params and playwrightOptions.
    assert.deepEqual([entry.schedule, entry.params, entry.playwright_options], [{ number: '10', unit: 'm' }, { url: 'https://elastic.github.io/synthetics-demo/' }, { ignoreHTTPSErrors: false, headless: true }]);
    const script = entry.source?.inline?.script ?? '';
    assert.match(script, /^step\('open the page', async \(\) => \{\n {2}await page\.goto\(params\.url\);/);
    assert.ok(!script.includes('journey('), `no journey( in the inline script:\n${script}`);

    // The journey has its entry now; the new entry is not stale, the hand-written one still orphaned.
    await eventually(() => {
      assert.deepEqual(findings(journeyFile), []);
      assert.deepEqual(findings(target), ORPHANED);
    });
    // The pass that cleared the journey's warning published the ConfigMap's diagnostics with it: a
    // round trip to the server makes sure they have arrived before the last look.
    await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', target);
    assert.deepEqual(findings(target), ORPHANED);
    assert.deepEqual(ours(target).filter((d) => d.severity === vscode.DiagnosticSeverity.Error), []);
  });

  it('changes nothing when run again from the lens, on the remembered ConfigMap', async () => {
    const before = fs.readFileSync(target.fsPath, 'utf8');
    // The lens's own arguments name no ConfigMap: the one given last time is remembered, nothing is asked.
    // Were it asked (a quick pick), the command would wait for an answer: a deadline says why.
    let timer: NodeJS.Timeout | undefined;
    const asked = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('the ConfigMap was asked for again')), 20_000)));
    const result = await Promise.race([vscode.commands.executeCommand<Generated>(GENERATE, lensArgs), asked])
      .catch(async (error) => {
        await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
        throw error;
      })
      .finally(() => clearTimeout(timer));
    assert.deepEqual(result?.entries.map((e) => `${e.key} ${e.status}`), ['e2e-generate.json unchanged']);
    assert.equal(fs.readFileSync(target.fsPath, 'utf8'), before, 'the same bytes');
    assert.ok(!unsaved(target), 'no unsaved edit');
    assert.deepEqual(findings(target), ORPHANED);
  });
});

describe('Journeys: a standalone browser-monitor JSON file checked against its journey', () => {
  const standalone = file('browser-monitors/e2e-demo.json');
  after(() => fs.rmSync(path.dirname(standalone.fsPath), { recursive: true, force: true }));

  it('flags it stale where generating (with the project\'s synthetics.config.ts) differs, and its fix writes it anew', async () => {
    // Written by hand before the project had its defaults: its own schedule, no params.
    const stale = {
      name: 'e2e demo',
      id: 'e2e demo',
      type: 'browser',
      schedule: { number: '5', unit: 'm' },
      private_locations: ['synthetic-monitor-default'],
      source: { inline: { script: "step('open the page', async () => {\n  await page.goto(params.url);\n});\n" } },
      enabled: true,
    };
    fs.mkdirSync(path.dirname(standalone.fsPath), { recursive: true });
    fs.writeFileSync(standalone.fsPath, JSON.stringify(stale, null, 2) + '\n');
    const document = await open('browser-monitors/e2e-demo.json');
    const warning = await eventually(() => {
      assert.deepEqual(findings(standalone), ['3:journey-entry-stale']);
      return ours(standalone)[0];
    });
    assert.equal(document.getText(warning.range), '"e2e demo"', 'at its id');
    assert.match(warning.message, /^Browser monitor file `e2e-demo\.json` no longer matches journey "e2e demo" \(journeys\/demo\.journey\.ts:4\): .*`schedule`.*`params`.*Regenerate it\.$/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', standalone, warning.range);
    const fix = actions.find((a) => a.title === 'Regenerate from journeys/demo.journey.ts');
    assert.ok(fix?.edit, `the fix among ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const written = JSON.parse(document.getText()) as Record<string, unknown>;
    assert.deepEqual([written.schedule, written.params, written.playwright_options], [{ number: '10', unit: 'm' }, { url: 'https://elastic.github.io/synthetics-demo/' }, { ignoreHTTPSErrors: false, headless: true }]);
    await document.save();
    await eventually(() => assert.deepEqual(findings(standalone), []));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});

describe('Workspace-wide and cluster-manifest checks', () => {
  // Files written by the tests and removed after them: they would otherwise join the Kibana plan.
  const written: vscode.Uri[] = [];
  function write(relative: string, text: string): vscode.Uri {
    const uri = file(relative);
    fs.mkdirSync(path.dirname(uri.fsPath), { recursive: true });
    fs.writeFileSync(uri.fsPath, text);
    written.push(uri);
    return uri;
  }
  after(() => {
    for (const uri of written.splice(0)) fs.rmSync(uri.fsPath, { force: true });
  });

  it('reports an id used by two files at both, and clears both when one is renamed', async () => {
    const { ids } = exampleMonitors();
    const heartbeat = file('lightweight/heartbeat.yml');
    const copy = write(
      'lightweight/copy.yml',
      `heartbeat.monitors:\n  - type: http\n    id: ${ids[0]}\n    name: A copy\n    schedule: "@every 5m"\n    urls: ["https://copy.example.com"]\n    private_locations: [synthetic-monitor-default]\n`,
    );
    const document = await open('lightweight/copy.yml');
    await eventually(() => {
      assert.deepEqual(findings(copy), ['3:duplicate-id']);
      assert.ok(findings(heartbeat).some((f) => f.endsWith(':duplicate-id')), `the example's monitor is flagged too: ${findings(heartbeat)}`);
    });
    const duplicate = ours(copy)[0];
    assert.ok(duplicate.message.includes(ids[0]), duplicate.message);
    assert.equal(duplicate.relatedInformation?.[0]?.location.uri.toString(), heartbeat.toString(), 'it points at the other monitor');

    // Typed, not saved: the example file, closed, is re-checked against the open copy.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(copy, document.lineAt(2).range, '    id: api-health-copy');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await eventually(() => {
      assert.deepEqual(findings(copy), []);
      assert.deepEqual(findings(heartbeat), []);
    });
    await document.save();
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('flags a kustomization naming a missing file, and its did-you-mean fix repairs it', async () => {
    write('kustomize/base/http-monitors/api.yml', 'id: api\nname: API\ntype: http\nschedule: "@every 5m"\nurls: ["https://api.example.com"]\n');
    const kustomization = write(
      'kustomize/base/kustomization.yaml',
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nconfigMapGenerator:\n  - name: http-monitors\n    files:\n      - http-monitors/apy.yml\n',
    );
    const document = await open('kustomize/base/kustomization.yaml');
    const missing = await eventually(() => {
      assert.deepEqual(findings(kustomization), ['6:kustomize-missing-file']);
      return ours(kustomization)[0];
    });
    assert.equal(document.getText(missing.range), 'http-monitors/apy.yml');
    assert.match(missing.message, /Did you mean `http-monitors\/api\.yml`/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', kustomization, missing.range);
    const fix = actions.find((a) => a.edit && a.title.includes('http-monitors/api.yml'));
    assert.ok(fix?.edit, `a fix among ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await document.save();
    await eventually(() => assert.deepEqual(findings(kustomization), []));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
