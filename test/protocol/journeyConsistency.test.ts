// Journeys against ConfigMap entries in the language server (`node dist/server.js --stdio`):
// the workspace pass's diagnostics, the "Regenerate" quick fix, and `syntheticsGitops/generateEntry`.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { GenerateEntryRequest } from '../../server/src/protocol/messages';
import { REPO } from '../helpers/core';
import { LspClient } from '../helpers/lspClient';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'generate');
const OURS = /^journey-(entry-|not-)/;
const summary = (d: Diagnostic) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`;

function applyTextEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)).reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

describe('journeys against ConfigMaps over stdio', function () {
  this.timeout(30_000);
  let client: LspClient;
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-consistency-'));
    for (const dir of ['journeys', 'configmaps']) {
      fs.mkdirSync(path.join(root, dir));
      for (const name of fs.readdirSync(path.join(FIXTURES, dir))) fs.copyFileSync(path.join(FIXTURES, dir, name), path.join(root, dir, name));
    }
  });
  afterEach(async () => {
    if (client && client.process.exitCode === null) await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  async function start() {
    client = new LspClient({ configuration: (section) => (section === 'syntheticsGitops' ? { privateLocations: ['synthetic-monitor-default'] } : null) });
    await client.initialize({ rootUri: `file://${root}`, workspaceFolders: [{ uri: `file://${root}`, name: 'ws' }], capabilities: { workspace: { configuration: true } } });
  }

  it('reports missing, orphaned, stale and not-inlinable across the workspace, and regenerates a stale entry', async () => {
    await start();
    const configMapUri = `file://${root}/configmaps/browser-monitors.yaml`;
    const configMap = await client.diagnosticsFor(configMapUri, (p) => p.diagnostics.some((d) => d.code === 'journey-entry-stale'));
    assert.deepEqual(configMap.diagnostics.filter((d) => OURS.test(String(d.code))).map(summary), ['16:3 journey-entry-stale', '39:3 journey-entry-orphaned']);
    const stale = configMap.diagnostics.find((d) => d.code === 'journey-entry-stale')!;
    assert.equal(stale.severity, 2);
    assert.deepEqual(stale.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line]), [[`file://${root}/journeys/example.journey.ts`, 2]]);
    const npm = await client.diagnosticsFor(`file://${root}/journeys/npm.journey.ts`, (p) => p.diagnostics.some((d) => OURS.test(String(d.code))));
    assert.deepEqual(npm.diagnostics.filter((d) => OURS.test(String(d.code))).map(summary), ['2:23 journey-not-inlinable', '4:9 journey-entry-missing']);

    // The quick fix, on the opened ConfigMap.
    const text = fs.readFileSync(path.join(root, 'configmaps', 'browser-monitors.yaml'), 'utf8');
    client.open(configMapUri, text);
    await client.diagnosticsFor(configMapUri, (p) => p.version === 1 && p.diagnostics.some((d) => d.code === 'journey-entry-stale'));
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: configMapUri }, range: stale.range, context: { diagnostics: [stale] } });
    const regenerate = actions.find((a) => a.title === 'Regenerate from journeys/example.journey.ts')!;
    assert.ok(regenerate, JSON.stringify(actions.map((a) => a.title)));
    const fixed = applyTextEdits(text, regenerate.edit!.changes![configMapUri]);
    assert.match(fixed, /"script": "step\('launch application', async \(\) => \{\\n {2}await page\.goto\(params\.url\);/);
    client.change(configMapUri, 2, [{ text: fixed }]);
    const after = await client.diagnosticsFor(configMapUri, (p) => p.version === 2 && !p.diagnostics.some((d) => d.code === 'journey-entry-stale') && p.diagnostics.some((d) => d.code === 'journey-entry-orphaned'));
    assert.deepEqual(after.diagnostics.filter((d) => OURS.test(String(d.code))).map(summary), ['39:3 journey-entry-orphaned']);
  });

  it('answers syntheticsGitops/generateEntry with the edit for one journey, or a new file', async () => {
    await start();
    const journeyUri = `file://${root}/journeys/todo.journey.ts`;
    const configMapUri = `file://${root}/configmaps/browser-monitors.yaml`;
    const result = await client.request<GenerateEntryRequest.Result>(GenerateEntryRequest.method, { journeyUri, line: 8, configMapUri });
    assert.deepEqual(result.entries, [{ journey: 'Greeting journey', id: 'greeting-journey', key: 'greeting-journey.json', status: 'created' }]);
    assert.deepEqual(result.errors, []);
    const edits = result.edit!.changes![configMapUri];
    assert.equal(edits.length, 1);
    const written = applyTextEdits(fs.readFileSync(path.join(root, 'configmaps', 'browser-monitors.yaml'), 'utf8'), edits);
    // Defaults from the ConfigMap's own sync-config.yaml: what the CLI writes.
    const golden = fs.readFileSync(path.join(FIXTURES, 'expected', 'browser-monitors.yaml'), 'utf8');
    assert.equal(written.slice(written.indexOf('  greeting-journey.json')), golden.slice(golden.indexOf('  greeting-journey.json')));

    const newUri = `file://${root}/k8s/browser-monitors.yaml`;
    const created = await client.request<GenerateEntryRequest.Result>(GenerateEntryRequest.method, { journeyUri: `file://${root}/journeys/example.journey.ts`, configMapUri: newUri });
    assert.deepEqual(created.entries.map((e) => e.status), ['created']);
    const [create, insert] = created.edit!.documentChanges! as [{ kind: string; uri: string }, { edits: TextEdit[] }];
    assert.deepEqual([create.kind, create.uri], ['create', newUri]);
    assert.match(insert.edits[0].newText, /^apiVersion: v1\nkind: ConfigMap\n/);

    const refused = await client.request<GenerateEntryRequest.Result>(GenerateEntryRequest.method, { journeyUri: `file://${root}/journeys/npm.journey.ts`, configMapUri });
    assert.equal(refused.edit, undefined);
    assert.deepEqual(refused.errors.map((e) => [e.journey, e.line]), [['Random name', 1]]);
  });
});
