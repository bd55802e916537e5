// Wires the LSP: capabilities, documents, diagnostics, completion, hover, code actions, symbols.
// Handlers look up the file, call the core and convert; the work itself lives in the core.

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  CompletionItem,
  CompletionItemKind,
  CompletionItemTag,
  Connection,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  InitializeParams,
  InitializeResult,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Finding, JOURNEY_FILE, SKIPPED_DIRECTORIES, complete, createAnalyser, fileKind, hover, outline } from '../core';
import { findingsForVersion } from '../core/kibana/versions';
import { referenceFindings } from '../node/references';
import { Settings } from '../protocol/settings';
import { SOURCE, toCodeActions, toDiagnostic, toDocumentSymbol, toRange } from './convert';
import { FileState, Files } from './files';
import { registerGenerateEntryRequest } from './generateEntryRequest';
import { checkedDocumentEvents } from './guard';
import { JourneyConsistency } from './journeyConsistency';
import { KibanaVersions } from './kibanaVersion';
import { registerJourneyRequests } from './journeyRequests';
import { registerKibanaRequests } from './kibanaRequests';
import { pathToUri, relativeTo, uriToPath } from './paths';
import { SettingsStore } from './settings';

/** Files larger than this are not read from disk in the background scan (open ones are still checked). */
const SCAN_SIZE_LIMIT = 5 * 1024 * 1024;
const SCAN_FILE_LIMIT = 20_000;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const files = new Files(createAnalyser());
  let settings: SettingsStore;
  let folders: string[] = [];
  let watchFiles = false;
  const pending = new Set<string>();
  let flushing = false;
  let withDuplicates = new Set<string>();
  const consistency = new JourneyConsistency(files, () => folders, (uri) => publish(uri));
  const versions = new KibanaVersions((uri) => {
    const file = uriToPath(uri);
    return file === undefined ? undefined : folders.find((f) => file.startsWith(f + path.sep));
  });

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    settings = new SettingsStore(connection, !!caps.workspace?.configuration, params.initializationOptions);
    watchFiles = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    folders = (params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []))
      .map((f) => uriToPath(f.uri))
      .filter((f): f is string => !!f);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: [':', ' ', '"', '[', ',', '-', '.'] },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        documentSymbolProvider: true,
      },
      serverInfo: { name: SOURCE },
    };
  });

  connection.onInitialized(() => {
    if (watchFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yml,yaml,json}' }, { globPattern: '**/*.journey.{ts,js,mts,mjs,cts,cjs}' }] });
    }
    void scanWorkspace();
  });

  /** By path; a document without one (untitled) by its language. */
  const kindOf = (uri: string, s: Settings) => {
    const file = uriToPath(uri);
    return fileKind(file ? relativeTo(folders, file) : uri, s) ?? (documents.get(uri)?.languageId === 'yaml' ? 'yaml' : undefined);
  };

  /** Validation is queued and coalesced: several edits in a row cost one analysis of the newest text. */
  const schedule = (uri: string) => {
    pending.add(uri);
    if (!flushing) {
      flushing = true;
      setImmediate(flush);
    }
  };

  const flush = async () => {
    while (pending.size) {
      const [uri] = pending;
      pending.delete(uri);
      await validate(uri);
      // Let requests (completion, hover) in between files.
      await new Promise((resolve) => setImmediate(resolve));
    }
    flushing = false;
  };

  const validate = async (uri: string) => {
    const document = documents.get(uri);
    const s = await settings.get(uri);
    const kind = kindOf(uri, s);
    if (!kind || !document) return;
    const version = document.version;
    // A large file is analysed in slices, so requests are answered meanwhile; a newer edit stops it.
    const updated = await files.updateAsync(document, kind, s, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return documents.get(uri)?.version === version;
    });
    if (!updated) return;
    noteSyncConfig(uri);
    publish(uri);
    if (updated.idsChanged) republishDuplicates(uri);
    consistency.schedule();
  };

  /** Files whose last published diagnostics were not empty. */
  const withDiagnostics = new Set<string>();

  /** Paths a manifest names that are not on disk (read when published: a handful of stat calls). */
  const references = (state: FileState): Finding[] => {
    const file = uriToPath(state.uri);
    return file && state.analysis.manifests ? referenceFindings(file, state.analysis.manifests.references) : [];
  };

  /** Everything reported at a file: its own findings (for its Kibana version), the workspace's, the disk's and the journeys'. */
  const findingsOf = (state: FileState): Finding[] => [
    ...findingsForVersion(state.analysis.findings, state.analysis.versionGated, versions.versionFor(state.uri, state.settings)),
    ...files.index.workspaceFindings(state.uri),
    ...references(state),
    ...consistency.findings(state.uri),
  ];

  /** A sync configuration naming another Kibana version changes what its folder's files are checked against. */
  const noteSyncConfig = (uri: string) => {
    if (versions.record(uri, files.get(uri)?.analysis)) for (const other of files.uris()) publish(other);
  };

  /** The findings last published per file, reused by code actions (VS Code asks on every cursor move). */
  const published = new Map<string, { state: FileState; findings: Finding[] }>();
  /** Files naming paths on disk: republished when files are created or deleted. */
  const withReferences = new Set<string>();

  const publish = (uri: string) => {
    const state = files.get(uri);
    if (!state) return;
    const findings = findingsOf(state);
    published.set(uri, { state, findings });
    if (state.analysis.manifests?.references.length) withReferences.add(uri);
    else withReferences.delete(uri);
    // A workspace scan reads thousands of clean files: only open ones and changes are worth a message.
    if (!findings.length && !withDiagnostics.has(uri) && state.version === undefined) return;
    if (findings.length) withDiagnostics.add(uri);
    else withDiagnostics.delete(uri);
    const diagnostics = findings.map((f) => toDiagnostic(f, state.lines, uri, (other) => files.get(other)?.lines));
    void connection.sendDiagnostics({ uri, version: state.version, diagnostics });
  };

  const withdraw = (uri: string) => {
    noteSyncConfig(uri);
    published.delete(uri);
    withReferences.delete(uri);
    if (withDiagnostics.delete(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
  };

  /** Duplicate ids are reported at every place: files that gain or lose one are republished. */
  const republishDuplicates = (except: string) => {
    const now = new Set(files.index.filesWithDuplicates());
    for (const uri of new Set([...withDuplicates, ...now])) if (uri !== except) publish(uri);
    withDuplicates = now;
    consistency.schedule();
  };

  const readFromDisk = async (file: string) => {
    const uri = pathToUri(file);
    if (documents.get(uri)) return;
    const s = await settings.get(uri);
    const kind = fileKind(relativeTo(folders, file), s);
    if (!kind) return;
    try {
      const stat = await fs.stat(file);
      if (stat.size > SCAN_SIZE_LIMIT) return;
      const text = await fs.readFile(file, 'utf8');
      files.update(uri, kind, text, undefined, s);
      noteSyncConfig(uri);
      publish(uri);
    } catch {
      // Gone or unreadable: it is simply not part of the workspace any more.
      files.remove(uri);
      withdraw(uri);
    }
  };

  const scanWorkspace = async () => {
    let count = 0;
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        if (count >= SCAN_FILE_LIMIT) return;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name)) await walk(full);
        else if (entry.isFile() && (/\.(ya?ml|json)$/i.test(entry.name) || JOURNEY_FILE.test(entry.name))) {
          count++;
          await readFromDisk(full);
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    };
    for (const folder of folders) await walk(folder);
    republishDuplicates('');
  };

  documents.onDidChangeContent((e) => schedule(e.document.uri));
  documents.onDidClose((e) => {
    settings.forget(e.document.uri);
    const file = uriToPath(e.document.uri);
    // A closed file stays part of the workspace as it is on disk.
    if (file && folders.some((f) => file.startsWith(f + path.sep))) void readFromDisk(file).then(() => republishDuplicates(''));
    else {
      files.remove(e.document.uri);
      withdraw(e.document.uri);
      republishDuplicates(e.document.uri);
    }
  });

  connection.onDidChangeConfiguration((change) => {
    settings.changed(change.settings);
    for (const uri of files.uris()) {
      if (documents.get(uri)) schedule(uri);
      else {
        const file = uriToPath(uri);
        if (file) void readFromDisk(file);
      }
    }
  });

  connection.onDidChangeWatchedFiles(async (change) => {
    for (const event of change.changes) {
      const file = uriToPath(event.uri);
      if (!file || documents.get(event.uri)) continue;
      if (event.type === FileChangeType.Deleted) {
        files.remove(event.uri);
        withdraw(event.uri);
      } else await readFromDisk(file);
    }
    // A file a kustomization or an Application names may have appeared or gone.
    if (change.changes.some((event) => event.type !== FileChangeType.Changed)) for (const uri of withReferences) publish(uri);
    republishDuplicates('');
  });

  /** The state of a document as it is now, analysed on demand when a request outruns validation. */
  const current = async (uri: string): Promise<FileState | undefined> => {
    const document = documents.get(uri);
    const state = files.get(uri);
    if (!document) return state;
    if (state && state.version === document.version) return state;
    const s = await settings.get(uri);
    const kind = kindOf(uri, s);
    return kind ? files.updateDocument(document, kind, s).state : undefined;
  };

  connection.onCompletion(async (params) => {
    const state = await current(params.textDocument.uri);
    if (!state) return [];
    const offset = state.lines.offsetAt(params.position);
    const entries = complete(state.analysis, state.text, offset, { settings: state.settings, tags: files.index.tags() });
    // Nothing yet (`type:` just typed): incomplete, so the editor asks again at the next keystroke
    // (the space after it) rather than keeping the empty answer for the word being typed.
    const items = entries.map(
      (e): CompletionItem => ({
        label: e.label,
        kind: e.kind === 'property' ? CompletionItemKind.Property : e.kind === 'snippet' ? CompletionItemKind.Snippet : CompletionItemKind.Value,
        detail: e.detail,
        documentation: e.documentation ? { kind: MarkupKind.Markdown, value: e.documentation } : undefined,
        textEdit: { range: toRange(state.lines, e.span), newText: e.insertText },
        insertTextFormat: e.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        // Our snippets carry their own indentation, computed for the exact column.
        insertTextMode: InsertTextMode.asIs,
        sortText: e.sortText,
        filterText: e.label,
        tags: e.deprecated ? [CompletionItemTag.Deprecated] : undefined,
      }),
    );
    return items.length ? items : { isIncomplete: true, items };
  });

  connection.onHover(async (params) => {
    const state = await current(params.textDocument.uri);
    if (!state) return null;
    const result = hover(state.analysis, state.text, state.lines.offsetAt(params.position));
    return result ? { contents: { kind: MarkupKind.Markdown, value: result.markdown }, range: toRange(state.lines, result.span) } : null;
  });

  connection.onCodeAction(async (params) => {
    const state = await current(params.textDocument.uri);
    if (!state) return [];
    const last = published.get(state.uri);
    // The published list, unless the request outran validation and the state is newer.
    const findings = last?.state === state ? last.findings : findingsOf(state);
    return toCodeActions(findings, state.lines, state.uri, params.range, (other) => files.get(other)?.lines);
  });

  connection.onDocumentSymbol(async (params) => {
    const state = await current(params.textDocument.uri);
    return state ? outline(state.analysis).map((s) => toDocumentSymbol(s, state.lines)) : [];
  });

  registerKibanaRequests(connection, (uri) => settings.get(uri));
  registerJourneyRequests(connection, documents);
  registerGenerateEntryRequest(connection, documents, files);
  documents.listen(checkedDocumentEvents(connection));
  connection.listen();
}
