// One workspace model for the editor and the CLI: the bundled language server over stdio and the
// real `validate` report the same findings — place, severity, code, message and related places —
// on the examples and on a workspace that trips every check across files; and the language server
// follows the folders of a multi-root workspace.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { JsonFinding } from '../../server/src/cli/output';
import { runCli } from '../helpers/cli';
import { REPO } from '../helpers/core';
import { eventually } from '../helpers/eventually';
import { LspClient } from '../helpers/lspClient';

const SETTINGS = { privateLocations: ['synthetic-monitor-default'] };
type Settings = typeof SETTINGS;
const SEVERITY = ['', 'error', 'warning', 'information', 'hint'];

/** `file:line:col severity code: message`, then each related place, as both sides name them (relative to the folder). */
const cliLine = (f: JsonFinding) => [`${f.file}:${f.line}:${f.column} ${f.severity} ${f.code}: ${f.message}`, ...f.related.map((r) => `  ${r.file}:${r.line}:${r.column} ${r.message}`)].join('\n');

function editorLine(root: string, uri: string, d: Diagnostic): string {
  const place = (u: string, at: { line: number; character: number }) => `${path.relative(root, URI.parse(u).fsPath)}:${at.line + 1}:${at.character + 1}`;
  const related = (d.relatedInformation ?? []).map((r) => `  ${place(r.location.uri, r.location.range.start)} ${r.message}`);
  return [`${place(uri, d.range.start)} ${SEVERITY[d.severity!]} ${d.code}: ${d.message}`, ...related].join('\n');
}

/** What `validate` reports on the folder, run in it. */
async function validate(root: string, settings: Settings): Promise<string[]> {
  const result = await runCli(['validate', '.', '--format', 'json', '--private-locations', settings.privateLocations.join(',')], { cwd: root });
  assert.notEqual(result.code, 2, result.stderr);
  return (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings.map(cliLine).sort();
}

describe('one workspace: the editor and validate agree', function () {
  this.timeout(90_000);
  let client: LspClient | undefined;
  let temp: string | undefined;
  afterEach(async () => {
    if (client && client.process.exitCode === null) await client.stop();
    client = undefined;
    if (temp) fs.rmSync(temp, { recursive: true, force: true });
    temp = undefined;
  });

  async function start(folders: string[], capabilities: Record<string, unknown> = {}, settings = SETTINGS) {
    client = new LspClient({ configuration: (section) => (section === 'syntheticsGitops' ? settings : null) });
    const workspaceFolders = folders.map((f) => ({ uri: URI.file(f).toString(), name: path.basename(f) }));
    await client.initialize({ rootUri: workspaceFolders[0].uri, workspaceFolders, capabilities: { workspace: { configuration: true, ...capabilities } } });
    return client;
  }

  /** The newest diagnostics the server published for each file, as lines. */
  function published(root: string): string[] {
    const latest = new Map<string, PublishDiagnosticsParams>();
    for (const m of client!.log) if (m.method === 'textDocument/publishDiagnostics') latest.set((m.params as PublishDiagnosticsParams).uri, m.params as PublishDiagnosticsParams);
    return [...latest.values()].flatMap((p) => p.diagnostics.map((d) => editorLine(root, p.uri, d))).sort();
  }

  /** Waits for the editor to report what validate reports (the checks across files come once changes settle); fails with the difference. */
  async function sameAsValidate(root: string, settings = SETTINGS): Promise<string[]> {
    const expected = await validate(root, settings);
    await start([root], {}, settings);
    await eventually(() => assert.deepEqual(published(root), expected), 30_000, 200);
    return expected;
  }

  it('on the examples: both repositories in one folder, checked against a private location they do not use', async () => {
    // The examples are clean (a test of render says so): with another private location, each monitor has an error to agree on.
    const findings = await sameAsValidate(path.join(REPO, 'examples'), { privateLocations: ['elsewhere'] });
    assert.equal(findings.length, 20, findings.join('\n'));
    assert.ok(findings.every((f) => / error private-location-unknown: /.test(f)), findings.join('\n'));
    assert.equal(new Set(findings.map((f) => f.split(':')[0])).size, 17, 'in the journeys, the lightweight monitors, the base and the overlays');
  });

  it('on a workspace that trips every check across files', async () => {
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-workspace-'));
    fs.cpSync(path.join(REPO, 'test', 'fixtures', 'workspace'), temp, { recursive: true });
    const findings = await sameAsValidate(temp);
    assert.deepEqual(
      findings.map((f) => f.split(': ')[0]),
      [
        'argocd/app.yaml:10:11 error application-path-missing',
        'journeys/cart.journey.ts:3:9 warning journey-entry-missing',
        'journeys/npm.journey.ts:2:23 warning journey-not-inlinable',
        'journeys/npm.journey.ts:4:9 warning journey-entry-missing',
        'kustomize/extra/kustomization.yaml:4:5 error kustomize-missing-file',
        'kustomize/shop/base/agent.yaml:15:18 warning agent-image-no-browser',
        'kustomize/shop/base/browser-journeys/gone.json:3:9 warning journey-entry-orphaned',
        'kustomize/shop/base/browser-journeys/shop.json:3:9 warning journey-entry-stale',
        'kustomize/shop/base/http-monitors.yaml:8:9 error duplicate-id',
        'kustomize/shop/overlays/prod/http-monitors/api-v2.yml:2:5 error duplicate-id',
        'lightweight/ping-again.yml:3:9 error duplicate-id',
        'lightweight/ping.yml:3:9 error duplicate-id',
      ],
    );
    // Related places cross files: the overlay's duplicate at the base's, the stale entry at its journey.
    assert.ok(findings.some((f) => f.startsWith('kustomize/shop/base/http-monitors.yaml') && f.includes('\n  kustomize/shop/overlays/prod/http-monitors/api-v2.yml:2:5 ')), findings.join('\n'));
    assert.ok(findings.some((f) => f.startsWith('kustomize/shop/base/browser-journeys/shop.json') && f.includes('\n  journeys/shop.journey.ts:3:9 journey "Shop"')), findings.join('\n'));
    // The overlay's shop.json runs less often than the journey says on purpose: the environment's variant, not stale.
    assert.ok(!findings.some((f) => f.startsWith('kustomize/shop/overlays/prod/browser-journeys/shop.json')), findings.join('\n'));
  });

  it('follows the folders of a multi-root workspace: an added one is checked, a removed one dropped with its diagnostics', async () => {
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-roots-'));
    const [first, second] = ['first', 'second'].map((name) => path.join(temp!, name));
    for (const folder of [first, second]) fs.mkdirSync(folder);
    const ping = fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'workspace', 'lightweight', 'ping.yml'), 'utf8');
    fs.writeFileSync(path.join(first, 'ping.yml'), ping);
    // In the second folder: the same id twice, an error at each.
    fs.writeFileSync(path.join(second, 'a.yml'), ping.replace('id: ping', 'id: twice'));
    fs.writeFileSync(path.join(second, 'b.yml'), ping.replace('id: ping', 'id: twice'));
    const lsp = await start([first], { workspaceFolders: true });
    const uri = (folder: string, name: string) => URI.file(path.join(folder, name)).toString();
    assert.ok(!client!.log.some((m) => JSON.stringify(m.params).includes('second')), 'the second folder is not read before it is added');

    await lsp.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: URI.file(second).toString(), name: 'second' }], removed: [] } });
    const a = await lsp.diagnosticsFor(uri(second, 'a.yml'), (p) => p.diagnostics.length > 0);
    assert.deepEqual(a.diagnostics.map((d) => d.code), ['duplicate-id']);
    assert.equal(a.diagnostics[0].relatedInformation?.[0].location.uri, uri(second, 'b.yml'));

    const cleared = lsp.diagnosticsFor(uri(second, 'a.yml'), (p) => p.diagnostics.length === 0);
    const clearedToo = lsp.diagnosticsFor(uri(second, 'b.yml'), (p) => p.diagnostics.length === 0);
    await lsp.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: URI.file(second).toString(), name: 'second' }] } });
    await Promise.all([cleared, clearedToo]);
    // The first folder is still checked: a duplicate written there now is reported.
    fs.writeFileSync(path.join(first, 'again.yml'), ping);
    await lsp.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(first, 'again.yml'), type: 1 }] });
    assert.deepEqual((await lsp.diagnosticsFor(uri(first, 'again.yml'), (p) => p.diagnostics.length > 0)).diagnostics.map((d) => d.code), ['duplicate-id']);
    // Files of the removed folder are gone from the workspace: b.yml no longer clashes with anything, and nothing of it comes back.
    const after = client!.log.length;
    await lsp.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(first, 'ping.yml'), type: 2 }] });
    await lsp.diagnosticsFor(uri(first, 'again.yml'));
    assert.ok(!client!.log.slice(after).some((m) => JSON.stringify(m.params).includes('/second/')), 'nothing of the removed folder is published');
  });
});
