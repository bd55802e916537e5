// The extension in a real VS Code (code-server), through the public `vscode` API: run by
// test/e2e/run.ts in a copy of test/fixtures/e2e-workspace. The language server answers
// asynchronously, so every check polls until it holds or its deadline passes (never a fixed sleep).

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';

const EXTENSION_ID = 'synthetics-gitops.synthetics-gitops';
const SOURCE = 'synthetics-gitops';
/** What the server reports on k8s/http-monitors.yaml for Kibana (the default target), as `line:code` (1-based). */
const KIBANA_FINDINGS = ['8:missing-required', '13:unknown-key', '15:kibana-unsupported-key'];

/** Retries `check` until it stops throwing; past the deadline, rethrows its last error. */
async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
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
    await eventually(() => assert.deepEqual(findings(monitors), KIBANA_FINDINGS));
    const config = vscode.workspace.getConfiguration('syntheticsGitops', monitors);
    await config.update('target', 'heartbeat', vscode.ConfigurationTarget.Workspace);
    try {
      await eventually(() => {
        assert.deepEqual(findings(monitors), ['12:heartbeat-ignores-key', '13:unknown-key']);
        // Heartbeat would only ignore the unknown key, so it is no longer an error.
        assert.equal(ours(monitors).find((d) => codeOf(d) === 'unknown-key')!.severity, vscode.DiagnosticSeverity.Warning);
        // The clean file, not open, is re-read as well.
        assert.deepEqual(findings(clean), ['8:heartbeat-ignores-key']);
      });
    } finally {
      await config.update('target', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await eventually(() => {
      assert.deepEqual(findings(monitors), KIBANA_FINDINGS);
      assert.deepEqual(findings(clean), []);
    });
  });

  it('shows the problems in the workbench: squiggles and Problems panel rows', async () => {
    await open('k8s/http-monitors.yaml');
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await eventually(() => assert.deepEqual(findings(monitors), KIBANA_FINDINGS));
    // The runner (run.ts) reads the rendered page when it sees this line, and writes what it saw.
    const resultFile = process.env.E2E_WORKBENCH_RESULT!;
    console.log('e2e:check-workbench');
    const seen = await eventually(() => JSON.parse(fs.readFileSync(resultFile, 'utf8')) as { squiggles: number; problems: string[] });
    assert.ok(seen.squiggles >= KIBANA_FINDINGS.length, `${seen.squiggles} error squiggles`);
    const rows = seen.problems.join('\n');
    for (const code of ['missing-required', 'unknown-key', 'kibana-unsupported-key']) assert.ok(rows.includes(code), `Problems panel lists ${code}:\n${rows}`);
    assert.match(rows, /Unknown key `method` for an http monitor/);
  });
});
