// The bundled server (`node dist/server.js --stdio`) driven over the wire as any LSP client would.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, CompletionItem, Diagnostic, DocumentSymbol, Hover, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lspClient';
import { seedYamlBlocks } from '../helpers/core';

const [ICMP, HTTP] = seedYamlBlocks();
const summary = (d: Diagnostic) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`;

describe('language server over stdio', () => {
  let client: LspClient;
  afterEach(async () => {
    if (client && client.process.exitCode === null) await client.stop();
  });

  async function start(configuration: Record<string, unknown> | undefined, init: Record<string, unknown> = {}) {
    client = new LspClient({ configuration: configuration && ((section) => (section === 'syntheticsGitops' ? configuration : null)) });
    return client.initialize({ capabilities: { workspace: { configuration: configuration !== undefined }, textDocument: { completion: { completionItem: { snippetSupport: true } } } }, ...init });
  }

  it('pulls settings through workspace/configuration and publishes located diagnostics with our source', async () => {
    const init = (await start({ privateLocations: ['synthetic-monitor-default'] })) as { capabilities: Record<string, unknown> };
    assert.ok(init.capabilities.completionProvider && init.capabilities.hoverProvider && init.capabilities.codeActionProvider);
    const uri = 'file:///tmp/not-on-disk/http-monitors.yaml';
    client.open(uri, HTTP);
    const published = await client.diagnosticsFor(uri);
    assert.deepEqual(published.diagnostics.map(summary), ['10:5 missing-required', '14:17 location-unknown', '15:5 unknown-key', '26:5 kibana-unsupported-key']);
    assert.ok(published.diagnostics.every((d) => d.source === 'synthetics-gitops'));
    assert.match(String(published.diagnostics[1].message), /is a private location/);
  });

  it('falls back to initializationOptions for clients without workspace/configuration', async () => {
    await start(undefined, { initializationOptions: { syntheticsGitops: { target: 'heartbeat' } } });
    const uri = 'file:///tmp/not-on-disk/icmp-monitors.yaml';
    client.open(uri, ICMP);
    const published = await client.diagnosticsFor(uri);
    assert.deepEqual(published.diagnostics.map(summary), ['14:5 heartbeat-ignores-key']);
  });

  it('uses the defaults with neither', async () => {
    await start(undefined);
    const uri = 'file:///tmp/not-on-disk/icmp-monitors.yaml';
    client.open(uri, ICMP);
    assert.deepEqual((await client.diagnosticsFor(uri)).diagnostics.map(summary), ['10:5 missing-required', '14:17 location-unknown', '29:5 kibana-unsupported-key']);
  });

  it('answers completion, hover, code actions and symbols inside embedded entries', async () => {
    await start({});
    const uri = 'file:///tmp/not-on-disk/http-monitors.yaml';
    client.open(uri, HTTP);
    await client.diagnosticsFor(uri);
    const textDocument = { uri };
    // Line 12 (0-based 11) is `    schedule: "@every 1m"`; the cursor goes after `schedule: `.
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument, position: { line: 11, character: 14 } });
    assert.ok(items.some((i) => i.label === '@every 5m'));
    const keys = await client.request<CompletionItem[]>('textDocument/completion', { textDocument, position: { line: 15, character: 4 } });
    assert.ok(keys.some((i) => i.label === 'max_redirects') && !keys.some((i) => i.label === 'urls'));
    const hover = await client.request<Hover>('textDocument/hover', { textDocument, position: { line: 11, character: 6 } });
    assert.deepEqual(hover.range, { start: { line: 11, character: 4 }, end: { line: 11, character: 12 } });
    assert.match((hover.contents as { value: string }).value, /^\*\*`schedule`\*\* · http monitor/);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument,
      range: { start: { line: 14, character: 4 }, end: { line: 14, character: 4 } },
      context: { diagnostics: [] },
    });
    assert.deepEqual(actions.map((a) => a.title), ['Rename to `check.request.method`']);
    assert.deepEqual(actions[0].edit?.changes?.[uri], [{ range: { start: { line: 14, character: 4 }, end: { line: 14, character: 10 } }, newText: 'check.request.method' }]);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument });
    assert.deepEqual(symbols.map((s) => [s.name, s.children?.map((c) => `${c.name} ${c.detail}`)]), [['api-health.yml', ['API Health Check http']]]);
  });

  it('completes a new entry as it is typed, before it is a monitor, and reports nothing until it is one', async () => {
    await start({});
    const uri = 'file:///tmp/not-on-disk/new-monitors.yaml';
    // A ConfigMap with no monitor yet, and a new entry whose first line (line 6) the cursor is on.
    client.open(uri, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: checks\ndata:\n  http-api.yml: |\n    \n');
    const textDocument = { uri };
    const at = (character: number) => ({ textDocument, position: { line: 6, character } });
    const ranked = (items: CompletionItem[]) => [...items].sort((a, b) => a.sortText!.localeCompare(b.sortText!)).map((i) => i.label);
    const first = await client.request<CompletionItem[]>('textDocument/completion', at(4));
    assert.ok(first.some((i) => i.label === 'schedule') && !first.some((i) => i.label === 'urls'), ranked(first).join());
    const snippet = first.find((i) => i.label === 'http monitor')!;
    assert.match((snippet.textEdit as { newText: string }).newText, /^type: http\n {4}id: \$\{1:api-health\}\n {4}name: /);

    client.change(uri, 2, [{ range: { start: { line: 6, character: 4 }, end: { line: 6, character: 4 } }, text: 'type: ' }]);
    // Right after the colon (a trigger character) there is nothing yet: an incomplete answer, so the editor asks again at the space.
    assert.deepEqual(await client.request('textDocument/completion', at(9)), { isIncomplete: true, items: [] });
    assert.deepEqual(ranked(await client.request<CompletionItem[]>('textDocument/completion', at(10))), ['http', 'tcp', 'icmp', 'browser']);
    client.change(uri, 3, [{ range: { start: { line: 6, character: 10 }, end: { line: 6, character: 10 } }, text: 'ht' }]);
    const partial = await client.request<CompletionItem[]>('textDocument/completion', at(12));
    const http = partial.find((i) => i.label === 'http')!;
    assert.deepEqual((http.textEdit as { range: unknown }).range, { start: { line: 6, character: 10 }, end: { line: 6, character: 12 } });
    const hover = await client.request<Hover>('textDocument/hover', at(5));
    assert.match((hover.contents as { value: string }).value, /^\*\*`type`\*\*\n/);

    // Accepted: the entry is an http monitor, and what validate says of it is published.
    client.change(uri, 4, [{ range: { start: { line: 6, character: 10 }, end: { line: 6, character: 12 } }, text: 'http\n    ' }]);
    const published = await client.diagnosticsFor(uri, (p) => p.version === 4);
    assert.deepEqual(published.diagnostics.map(summary), ['7:5 missing-required', '7:5 missing-required', '7:5 missing-required', '7:5 locations-missing']);
    const keys = await client.request<CompletionItem[]>('textDocument/completion', { textDocument, position: { line: 7, character: 4 } });
    assert.ok(keys.some((i) => i.label === 'urls') && !keys.some((i) => i.label === 'type' || i.label === 'wait'), ranked(keys).join());
    // While the entry was not a monitor, nothing was reported for it.
    const earlier = client.log.filter((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as PublishDiagnosticsParams).uri === uri && (m.params as PublishDiagnosticsParams).version! < 4);
    assert.ok(earlier.every((m) => (m.params as PublishDiagnosticsParams).diagnostics.length === 0), JSON.stringify(earlier));
  });

  it('reports duplicate ids at every place across files, and clears them when fixed', async () => {
    await start({});
    const monitor = (id: string) => `heartbeat.monitors:\n- id: ${id}\n  name: ${id}\n  type: http\n  schedule: "@every 1m"\n  urls: [https://x.example]\n  locations: [us_east]\n`;
    const a = 'file:///tmp/not-on-disk/a.yml';
    const b = 'file:///tmp/not-on-disk/b.yml';
    client.open(a, monitor('shared'));
    await client.diagnosticsFor(a);
    const bothA = client.diagnosticsFor(a, (p) => p.diagnostics.length === 1);
    client.open(b, monitor('shared'));
    const onB = await client.diagnosticsFor(b, (p) => p.diagnostics.length === 1);
    const onA = await bothA;
    for (const [published, other] of [[onB, a], [onA, b]] as [PublishDiagnosticsParams, string][]) {
      const [d] = published.diagnostics;
      assert.equal(d.code, 'duplicate-id');
      assert.equal(d.relatedInformation?.[0].location.uri, other);
      assert.deepEqual(d.relatedInformation?.[0].location.range.start, { line: 1, character: 6 });
    }
    const clearedA = client.diagnosticsFor(a, (p) => p.diagnostics.length === 0);
    client.change(b, 2, [{ range: { start: { line: 1, character: 6 }, end: { line: 1, character: 12 } }, text: 'unique' }]);
    assert.deepEqual((await client.diagnosticsFor(b, (p) => p.version === 2)).diagnostics, []);
    await clearedA;
  });

  it('checks the workspace on disk, files it has not opened included', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-ws-'));
    try {
      fs.mkdirSync(path.join(root, 'overlays'));
      fs.mkdirSync(path.join(root, 'node_modules'));
      fs.writeFileSync(path.join(root, 'overlays', 'http-monitors.yaml'), HTTP);
      fs.writeFileSync(path.join(root, 'node_modules', 'skipped.yaml'), HTTP);
      fs.writeFileSync(path.join(root, 'overlays', 'deployment.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n');
      await start({}, { rootUri: `file://${root}`, workspaceFolders: [{ uri: `file://${root}`, name: 'ws' }] });
      const published = await client.diagnosticsFor(`file://${root}/overlays/http-monitors.yaml`);
      assert.equal(published.diagnostics.length, 4);
      // Files that are not ours, or clean, cost no message; node_modules is not read at all.
      assert.ok(!client.log.some((m) => /node_modules|deployment\.yaml/.test(JSON.stringify(m.params))));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('checks against the Kibana version of the setting, else of the folder\'s sync configuration, and follows its edits', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-ws-'));
    const folder = { rootUri: `file://${root}`, workspaceFolders: [{ uri: `file://${root}`, name: 'ws' }] };
    const kerberos = 'heartbeat.monitors:\n- id: k\n  name: K\n  type: http\n  schedule: "@every 5m"\n  urls: [https://x.example]\n  locations: [us_east]\n  kerberos: {enabled: true}\n';
    const syncConfig = (version: string) =>
      `kind: ConfigMap\napiVersion: v1\nmetadata: {name: sync-config}\ndata:\n  sync-config.yaml: |\n    kibana:\n      url: https://kibana.example.com\n      version: "${version}"\n      auth: {type: api_key, api_key_secret: key}\n`;
    const monitorUri = `file://${root}/kerberos.yml`;
    const refused = (p: PublishDiagnosticsParams) => p.diagnostics.map(summary).includes('8:3 kibana-unsupported-key');
    try {
      fs.writeFileSync(path.join(root, 'kerberos.yml'), kerberos);
      await start({ kibana: { version: '9.1.0' } }, folder);
      await client.diagnosticsFor(monitorUri, refused);
      await client.stop();

      fs.writeFileSync(path.join(root, 'sync-config.yaml'), syncConfig('9.1.0'));
      await start({}, folder);
      await client.diagnosticsFor(monitorUri, refused);
      client.open(`file://${root}/sync-config.yaml`, syncConfig('9.6.0'));
      await client.diagnosticsFor(monitorUri, (p) => p.diagnostics.length === 0);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('checks the manifests of the workspace: missing kustomization files with a fix, the agent against browser monitors elsewhere', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-ws-'));
    try {
      fs.cpSync(path.join(__dirname, '../../../test/fixtures/manifests'), root, { recursive: true });
      await start({}, { rootUri: `file://${root}`, workspaceFolders: [{ uri: `file://${root}`, name: 'ws' }] });
      const overlay = `file://${root}/kustomize/app/overlays/prod/kustomization.yaml`;
      // The agent file sorts before the browser monitor: it is republished once that is read.
      const agent = client.diagnosticsFor(`file://${root}/kustomize/app/base/agent.yaml`, (p) => p.diagnostics.map(summary).includes('12:18 agent-image-no-browser'));
      const published = await client.diagnosticsFor(overlay);
      assert.deepEqual(published.diagnostics.map(summary), ['4:5 kustomize-missing-file']);
      client.open(overlay, fs.readFileSync(path.join(root, 'kustomize/app/overlays/prod/kustomization.yaml'), 'utf8'));
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: overlay }, range: published.diagnostics[0].range, context: { diagnostics: published.diagnostics } });
      assert.deepEqual(actions.map((a) => a.title), ['Change to `../../base`']);
      await agent;
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('follows files changed and deleted on disk', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-ws-'));
    const monitor = (id: string) => `heartbeat.monitors:\n- id: ${id}\n  name: ${id}\n  type: http\n  schedule: "@every 1m"\n  urls: [https://x.example]\n  locations: [us_east]\n`;
    try {
      const onDisk = path.join(root, 'on-disk.yml');
      fs.writeFileSync(onDisk, monitor('shared'));
      await start({}, { rootUri: `file://${root}`, capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } } });
      const diskUri = `file://${onDisk}`;
      const open = `file://${root}/open.yml`;
      const flagged = client.diagnosticsFor(diskUri, (p) => p.diagnostics.some((d) => d.code === 'duplicate-id'));
      client.open(open, monitor('shared'));
      assert.equal((await client.diagnosticsFor(open, (p) => p.diagnostics.length === 1)).diagnostics[0].code, 'duplicate-id');
      await flagged;
      // Someone renames the id on disk (a git pull, another editor): the open file's duplicate goes away.
      fs.writeFileSync(onDisk, monitor('renamed'));
      const cleared = client.diagnosticsFor(open, (p) => p.diagnostics.length === 0);
      void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: diskUri, type: 2 }] });
      await cleared;
      // Back to the shared id, then deleted: its diagnostics are withdrawn, and the duplicate with it.
      fs.writeFileSync(onDisk, monitor('shared'));
      void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: diskUri, type: 2 }] });
      await client.diagnosticsFor(open, (p) => p.diagnostics.length === 1);
      fs.rmSync(onDisk);
      const withdrawn = client.diagnosticsFor(diskUri, (p) => p.diagnostics.length === 0);
      const alone = client.diagnosticsFor(open, (p) => p.diagnostics.length === 0);
      void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: diskUri, type: 3 }] });
      await Promise.all([withdrawn, alone]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('rechecks the paths a kustomization names when files are created or deleted on disk', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-ws-'));
    try {
      fs.writeFileSync(path.join(root, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - monitors.yaml\n');
      const kustomization = `file://${root}/kustomization.yaml`;
      const missing = (p: PublishDiagnosticsParams) => p.diagnostics.map(summary).join() === '4:5 kustomize-missing-file';
      await start({}, { rootUri: `file://${root}`, capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } } });
      await client.diagnosticsFor(kustomization, missing);
      // The file is created (a git pull, a terminal): the kustomization is fine now, without an edit.
      const monitors = path.join(root, 'monitors.yaml');
      fs.writeFileSync(monitors, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: monitors}\n');
      const cleared = client.diagnosticsFor(kustomization, (p) => p.diagnostics.length === 0);
      void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: `file://${monitors}`, type: 1 }] });
      await cleared;
      // And deleted again: the error is back.
      fs.rmSync(monitors);
      const back = client.diagnosticsFor(kustomization, missing);
      void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: `file://${monitors}`, type: 3 }] });
      await back;
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('keeps answering while it checks a large file, and drops stale work on new edits', async () => {
    await start({});
    const entries = Array.from({ length: 5000 }, (_, i) => `  m-${i}.yml: |\n    id: m-${i}\n    name: M ${i}\n    type: http\n    schedule: "@every 5m"\n    urls: ["https://s${i}.example"]\n    locations: [us_east]`);
    const big = `kind: ConfigMap\ndata:\n${entries.join('\n')}\n`;
    const bigUri = 'file:///tmp/not-on-disk/big.yaml';
    const small = 'file:///tmp/not-on-disk/small.yaml';
    client.open(small, HTTP);
    await client.diagnosticsFor(small);
    client.open(bigUri, big, 'yaml', 1);
    client.change(bigUri, 2, [{ text: big.replace('@every 5m', '@every 7m') }]);
    // Answered before the big file's diagnostics arrive: the server is not stuck in the analysis.
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: small }, position: { line: 11, character: 6 } });
    assert.ok(hover);
    const bigDiagnostics = client.log.filter((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as PublishDiagnosticsParams).uri === bigUri);
    assert.equal(bigDiagnostics.length, 0, 'hover answered before the large file was done');
    const published = await client.diagnosticsFor(bigUri, (p) => p.version === 2);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['schedule-adjusted']);
    // Version 1 was overtaken by version 2 before it finished: it was never published.
    assert.ok(!client.log.some((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as PublishDiagnosticsParams).uri === bigUri && (m.params as PublishDiagnosticsParams).version === 1));
  });

  it('stays up whatever the params: malformed notifications are logged and dropped, malformed requests answered with an error', async () => {
    await start({});
    const uri = 'file:///tmp/not-on-disk/http-monitors.yaml';
    const document = (fields: Record<string, unknown>) => ({ textDocument: { uri, languageId: 'yaml', version: 1, text: HTTP, ...fields } });
    const malformed: [string, unknown, RegExp][] = [
      ['textDocument/didOpen', document({ text: 42 }), /textDocument\.text must be a string/],
      ['textDocument/didOpen', document({ uri: 42 }), /textDocument\.uri must be a string/],
      ['textDocument/didOpen', document({ version: '1' }), /textDocument\.version must be an integer/],
      ['textDocument/didOpen', null, /textDocument must be an object/],
      ['textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 5 }] }, /contentChanges must be a list/],
      ['textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: '', range: { start: 0 } }] }, /contentChanges must be a list/],
      ['textDocument/didClose', { textDocument: 'x' }, /textDocument must be an object/],
    ];
    for (const [method, params, logged] of malformed) {
      const log = client.waitFor<{ message: string }>('window/logMessage', (m) => logged.test(m.message));
      void client.connection.sendNotification(method, params);
      assert.match((await log).message, /^Ignored a malformed notification/);
    }
    await assert.rejects(client.request('syntheticsGitops/plan', { folderUri: 42 }), (err: { code: number; message: string }) => err.code === -32602 && /folderUri must be a string/.test(err.message));
    await assert.rejects(client.request('syntheticsGitops/push', null), (err: { code: number }) => err.code === -32602);
    await assert.rejects(client.request('syntheticsGitops/checkConnection', { folderUri: 'file:///tmp', apiKey: 7 }), /apiKey must be a string/);
    await assert.rejects(client.request('textDocument/codeAction', {}));
    // Still up, and a well-formed document is checked as ever.
    client.open(uri, HTTP);
    assert.deepEqual((await client.diagnosticsFor(uri)).diagnostics.map(summary), ['10:5 missing-required', '14:17 location-unknown', '15:5 unknown-key', '26:5 kibana-unsupported-key']);
    assert.equal(client.process.exitCode, null);
  });

  it('ends on shutdown and exit', async () => {
    await start({});
    assert.equal(await client.stop(), 0);
  });
});
