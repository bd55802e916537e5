// Journey files over the wire: the bundled server (`node dist/server.js --stdio`) publishes a
// journey's diagnostics when it is opened and after an edit, answers completion, hover and
// symbols inside it, reports an id shared with a ConfigMap monitor found on disk, and says where
// Show Trace finds the journeys' Playwright.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CompletionItem, Diagnostic, DocumentSymbol, Hover } from 'vscode-languageserver-protocol';
import { TraceViewerRequest } from '../../server/src/protocol/messages';
import { REPO } from '../helpers/core';
import { LspClient } from '../helpers/lspClient';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'journeys');
const PROBLEMS = fs.readFileSync(path.join(FIXTURES, 'problems.journey.ts'), 'utf8');
const EXAMPLE = fs.readFileSync(path.join(FIXTURES, 'example.journey.ts'), 'utf8');
const summary = (d: Diagnostic) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`;

describe('journey files over stdio', () => {
  let client: LspClient;
  afterEach(async () => {
    if (client && client.process.exitCode === null) await client.stop();
  });

  async function start(init: Record<string, unknown> = {}) {
    client = new LspClient({ configuration: (section) => (section === 'syntheticsGitops' ? { privateLocations: ['synthetic-monitor-default'] } : null) });
    await client.initialize({ capabilities: { workspace: { configuration: true } }, ...init });
  }

  it('publishes the diagnostics of an opened journey file, and follows edits', async () => {
    await start();
    const uri = 'file:///tmp/not-on-disk/journeys/problems.journey.ts';
    client.open(uri, PROBLEMS, 'typescript');
    const published = await client.diagnosticsFor(uri);
    assert.deepEqual(published.diagnostics.map(summary), [
      '4:6 step-outside-journey',
      '15:15 schedule-invalid',
      '16:17 invalid-value',
      '17:5 unknown-key',
      '18:17 location-unknown',
      '19:24 private-location-unknown',
      '20:16 namespace-invalid',
      '21:33 invalid-type',
      '29:9 journey-no-steps',
    ]);
    assert.ok(published.diagnostics.every((d) => d.source === 'synthetics-gitops'));
    // `schedule: 7` → `schedule: 5` (line 15, 0-based 14).
    client.change(uri, 2, [{ range: { start: { line: 14, character: 14 }, end: { line: 14, character: 15 } }, text: '5' }]);
    const edited = await client.diagnosticsFor(uri, (p) => p.version === 2);
    assert.ok(!edited.diagnostics.some((d) => d.code === 'schedule-invalid'));
    assert.equal(edited.diagnostics.length, 8);
  });

  it('answers completion, hover and symbols in a journey file', async () => {
    await start();
    const uri = 'file:///tmp/not-on-disk/journeys/example.journey.ts';
    client.open(uri, EXAMPLE, 'typescript');
    assert.deepEqual((await client.diagnosticsFor(uri)).diagnostics, []);
    const textDocument = { uri };
    // Line 8 (0-based 7) is `    schedule: 10,`: after `schedule: ` come the minutes.
    const values = await client.request<CompletionItem[]>('textDocument/completion', { textDocument, position: { line: 7, character: 14 } });
    assert.deepEqual(values.map((i) => i.label), ['1', '2', '3', '5', '10', '15', '20', '30', '60', '120', '240']);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument, position: { line: 7, character: 6 } });
    assert.match((hover.contents as { value: string }).value, /^\*\*`schedule`\*\* · journey monitor/);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument });
    assert.deepEqual(symbols.map((s) => [s.name, s.kind, s.children?.map((c) => `${c.name} ${c.kind}`)]), [['My Example Journey', 5, ['launch application 6', 'assert title 6']]]);
  });

  it('reads journey files on disk with the workspace, and reports an id they share with a lightweight monitor', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-journeys-'));
    try {
      fs.mkdirSync(path.join(root, 'journeys'));
      fs.writeFileSync(path.join(root, 'journeys', 'example.journey.ts'), EXAMPLE);
      fs.writeFileSync(path.join(root, 'journeys', 'advanced-example-helpers.ts'), 'export const x = ;\n');
      // A journey and its own browser entry share their id by design; an http monitor may not.
      fs.writeFileSync(path.join(root, 'http-monitors.yaml'), 'heartbeat.monitors:\n- {id: example-monitor, name: X, type: http, schedule: "@every 1m", urls: [https://x.example], locations: [us_east]}\n');
      await start({ rootUri: `file://${root}`, workspaceFolders: [{ uri: `file://${root}`, name: 'ws' }] });
      const journey = await client.diagnosticsFor(`file://${root}/journeys/example.journey.ts`, (p) => p.diagnostics.some((d) => d.code === 'duplicate-id'));
      assert.deepEqual(journey.diagnostics.map(summary), ['7:9 duplicate-id']);
      // Other TypeScript files are not ours.
      assert.ok(!client.log.some((m) => /helpers/.test(JSON.stringify(m.params))));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("names the journeys' project and its Playwright for Show Trace, or what to install", async () => {
    await start();
    const inRepo = await client.request<TraceViewerRequest.Result>(TraceViewerRequest.method, { uri: `file://${path.join(FIXTURES, 'example.journey.ts')}` });
    assert.equal(inRepo.projectFolder, REPO);
    // The playwright-core the repository's @elastic/synthetics depends on (its own copy), whose cli.js serves traces.
    assert.match(inRepo.playwrightCore, /node_modules\/@elastic\/synthetics\/node_modules\/playwright-core$/);
    assert.ok(fs.existsSync(path.join(inRepo.playwrightCore, 'cli.js')));
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-trace-'));
    try {
      fs.writeFileSync(path.join(root, 'package.json'), '{}');
      await assert.rejects(client.request(TraceViewerRequest.method, { uri: `file://${root}/a.journey.ts` }), /playwright-core \(a dependency of @elastic\/synthetics\) is not installed in .*sgo-trace-.* or a folder above it: run "npm install --save-dev @elastic\/synthetics"/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
