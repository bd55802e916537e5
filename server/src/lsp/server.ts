// Wires the LSP: capabilities, documents, diagnostics, completion, hover, code actions, symbols.
// The files, their analyses and every cross-file check live in the workspace (core/workspace,
// gitops/workspace.ts), over the editor's documents on top of the disk (documentSource.ts): the
// same model `validate` and plan read. Here: which files to read and when, what to publish after a
// change (only the files it affects), and the conversions to LSP.

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
  WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Finding, Recorded, WorkspaceFile, complete, fileKind, hover, outline } from '../core';
import { createWorkspace } from '../gitops/workspace';
import { filesUnder } from '../node/diskSource';
import { JOURNEY_GLOB, isJourneyFile } from '../protocol/journeyFiles';
import { Settings } from '../protocol/settings';
import { OtherFile, SOURCE, toCodeActions, toDiagnostic, toDocumentSymbol, toRange } from './convert';
import { DocumentSource } from './documentSource';
import { registerGenerateEntryRequest } from './generateEntryRequest';
import { checkedDocumentEvents } from './guard';
import { registerJourneyRequests } from './journeyRequests';
import { FolderFiles, registerKibanaRequests } from './kibanaRequests';
import { pathToUri, uriToPath } from './paths';
import { SettingsStore } from './settings';

/** Files larger than this are not read from disk in the background scan (open ones are still checked; a plan reads them). */
const SCAN_SIZE_LIMIT = 5 * 1024 * 1024;
const SCAN_FILE_LIMIT = 20_000;
/** Edits come in bursts (typing, a checkout): the checks across many files run once they pause. */
const SETTLE_MS = 150;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const source = new DocumentSource(documents);
  // Journeys against their entries: synthetics.config.ts is run only in a trusted workspace (RESTRICTED_ENV).
  const workspace = createWorkspace(source, { journeys: {} });
  let settings: SettingsStore;
  let folders: string[] = [];
  let watchFiles = false;
  let folderChanges = false;
  const pending = new Set<string>();
  let flushing: Promise<void> | undefined;
  /** Each folder's scan, by folder. */
  const scans = new Map<string, Promise<void>>();
  let settleTimer: NodeJS.Timeout | undefined;
  let settleDue = false;

  /** The workspace names a file by its path; a document without one (untitled) by its URI. */
  const fileOf = (uri: string) => uriToPath(uri) ?? uri;
  const uriOf = (file: string) => (path.isAbsolute(file) ? pathToUri(file) : file);
  const other: OtherFile = (file) => {
    const state = workspace.get(file);
    return state && { uri: uriOf(file), lines: state.lines };
  };
  const inFolders = (file: string) => folders.some((f) => file.startsWith(f + path.sep));

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    settings = new SettingsStore(connection, !!caps.workspace?.configuration, params.initializationOptions);
    watchFiles = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    folderChanges = !!caps.workspace?.workspaceFolders;
    setFolders(pathsOf(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : [])));
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: [':', ' ', '"', '[', ',', '-', '.'] },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        documentSymbolProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: SOURCE },
    };
  });

  connection.onInitialized(() => {
    if (watchFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yml,yaml,json}' }, { globPattern: JOURNEY_GLOB }] });
    }
    if (folderChanges) connection.workspace.onDidChangeWorkspaceFolders((change) => void changeFolders(pathsOf(change.added), pathsOf(change.removed)));
    void scan(folders);
  });

  const setFolders = (next: string[]) => {
    folders = next;
    workspace.setFolders(next);
  };

  /** By path, relative to its folder; a document without one (untitled) by its language. */
  const kindOf = (uri: string, s: Settings) => workspace.kindOf(fileOf(uri), s) ?? (documents.get(uri)?.languageId === 'yaml' ? 'yaml' : undefined);

  /** Validation is queued and coalesced: several edits in a row cost one analysis of the newest text. */
  const schedule = (uri: string) => {
    pending.add(uri);
    flushing ??= new Promise((resolve) => setImmediate(resolve)).then(flush).finally(() => (flushing = undefined));
  };

  const flush = async () => {
    while (pending.size) {
      const [uri] = pending;
      pending.delete(uri);
      await validate(uri);
      // Let requests (completion, hover) in between files.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  const validate = async (uri: string) => {
    const document = documents.get(uri);
    const s = await settings.get(uri);
    const kind = kindOf(uri, s);
    if (!kind || !document) return;
    const version = document.version;
    // A large file is analysed in slices, so requests are answered meanwhile; a newer edit stops it.
    const recorded = await workspace.setAsync(fileOf(uri), kind, document.getText(), s, version, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return documents.get(uri)?.version === version;
    });
    if (recorded) changed(recorded);
  };

  /** After a file is recorded: it, and the files whose findings changed with it, are published; the settled checks follow. */
  const changed = (recorded: Recorded, batch = false) => {
    const file = recorded.state.file;
    publish(file);
    if (recorded.versionChanged) for (const f of workspace.files(workspace.folderOf(file))) publish(f.file);
    if (batch) return;
    if (recorded.idsChanged) publishIndexChanges(file);
    scheduleSettle();
  };

  /** Files whose last published diagnostics were not empty. */
  const withDiagnostics = new Set<string>();
  /** The findings last published per file, reused by code actions (VS Code asks on every cursor move). */
  const published = new Map<string, { state: WorkspaceFile; findings: Finding[] }>();

  const publish = (file: string) => {
    const state = workspace.get(file);
    if (!state) return;
    const findings = workspace.findings(file);
    published.set(file, { state, findings });
    // A workspace scan reads thousands of clean files: only open ones and changes are worth a message.
    if (!findings.length && !withDiagnostics.has(file) && state.version === undefined) return;
    if (findings.length) withDiagnostics.add(file);
    else withDiagnostics.delete(file);
    const uri = uriOf(file);
    void connection.sendDiagnostics({ uri, version: state.version, diagnostics: findings.map((f) => toDiagnostic(f, state.lines, uri, other)) });
  };

  /** Drops a file from the workspace and clears its diagnostics. */
  const drop = (file: string) => {
    if (workspace.remove(file).versionChanged) for (const f of workspace.files(workspace.folderOf(file))) publish(f.file);
    published.delete(file);
    if (withDiagnostics.delete(file)) void connection.sendDiagnostics({ uri: uriOf(file), diagnostics: [] });
  };

  /** Duplicate ids are reported at every place: files that gain or lose one are republished. */
  const publishIndexChanges = (except = '') => {
    for (const file of workspace.indexChanges()) if (file !== except) publish(file);
  };

  const scheduleSettle = () => {
    settleDue = true;
    if (settleTimer) clearTimeout(settleTimer);
    settleTimer = setTimeout(() => {
      settleTimer = undefined;
      void settle();
    }, SETTLE_MS);
  };

  /** Runs the checks across files (overlays, journeys against entries) and republishes what they changed. */
  const settle = async () => {
    settleDue = false;
    try {
      for (const file of await workspace.settle()) publish(file);
    } catch (error) {
      connection.console.error(`Checks across files failed: ${(error as Error).message}`);
    }
  };

  /** Reads a file that is not open from disk; `batch`: part of a scan, whose end publishes the rest. */
  const readFromDisk = async (file: string, batch = false) => {
    const uri = pathToUri(file);
    if (source.open(file)) return;
    const s = await settings.get(uri);
    const kind = workspace.kindOf(file, s);
    if (!kind) return;
    try {
      const stat = await fs.stat(file);
      if (stat.size > SCAN_SIZE_LIMIT) return;
      const text = await fs.readFile(file, 'utf8');
      // Opened meanwhile: the editor's text is the file's now.
      if (!source.open(file)) changed(workspace.set(file, kind, text, s), batch);
    } catch {
      // Gone or unreadable: it is simply not part of the workspace any more.
      drop(file);
    }
  };

  /** Reads the folders' files, then publishes what depends on all of them. */
  const scan = async (roots: string[]) => {
    const candidate = (relative: string) => /\.(ya?ml|json)$/i.test(relative) || isJourneyFile(relative);
    for (const root of roots) {
      const done = (async () => {
        let count = 0;
        for await (const file of filesUnder(root, candidate)) {
          if (!inFolders(file) || count++ >= SCAN_FILE_LIMIT) break;
          await readFromDisk(file, true);
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      scans.set(root, done);
      await done;
    }
    publishIndexChanges();
    scheduleSettle();
  };

  /** Folders added to or removed from a multi-root workspace: added ones are read and checked, removed ones dropped with their diagnostics. */
  const changeFolders = async (added: string[], removed: string[]) => {
    setFolders([...folders.filter((f) => !removed.includes(f)), ...added.filter((f) => !folders.includes(f))]);
    for (const folder of removed) scans.delete(folder);
    for (const state of workspace.files()) {
      if (inFolders(state.file) || !removed.some((folder) => state.file.startsWith(folder + path.sep))) continue;
      if (documents.get(uriOf(state.file))) schedule(uriOf(state.file));
      else drop(state.file);
    }
    // Open documents of an added folder are now read relative to it (the browser-config globs are).
    for (const document of documents.all()) if (added.some((folder) => fileOf(document.uri).startsWith(folder + path.sep))) schedule(document.uri);
    await scan(added);
  };

  documents.onDidChangeContent((e) => schedule(e.document.uri));
  documents.onDidClose((e) => {
    settings.forget(e.document.uri);
    const file = fileOf(e.document.uri);
    // A closed file stays part of the workspace as it is on disk.
    if (inFolders(file)) {
      void readFromDisk(file, true).then(() => {
        publishIndexChanges();
        scheduleSettle();
      });
    } else {
      drop(file);
      publishIndexChanges(file);
      scheduleSettle();
    }
  });

  connection.onDidChangeConfiguration(async (change) => {
    settings.changed(change.settings);
    const onDisk: Promise<void>[] = [];
    for (const state of workspace.files()) {
      const uri = uriOf(state.file);
      if (documents.get(uri)) schedule(uri);
      else onDisk.push(readFromDisk(state.file, true));
    }
    await Promise.all(onDisk);
    publishIndexChanges();
    scheduleSettle();
  });

  connection.onDidChangeWatchedFiles(async (change) => {
    for (const event of change.changes) {
      const file = uriToPath(event.uri);
      // An open document is the editor's text, unless its file was deleted (documentSource.ts).
      if (!file || source.open(file)) continue;
      if (event.type === FileChangeType.Deleted) drop(file);
      else await readFromDisk(file, true);
    }
    // A file a kustomization or an Application names may have appeared or gone.
    if (change.changes.some((event) => event.type !== FileChangeType.Changed)) for (const file of workspace.withReferences()) publish(file);
    publishIndexChanges();
    scheduleSettle();
  });

  /** The state of a document as it is now, analysed on demand when a request outruns validation. */
  const current = async (uri: string): Promise<WorkspaceFile | undefined> => {
    const document = documents.get(uri);
    const state = workspace.get(fileOf(uri));
    if (!document) return state;
    if (state && state.version === document.version) return state;
    const s = await settings.get(uri);
    const kind = kindOf(uri, s);
    if (!kind) return undefined;
    const recorded = workspace.set(fileOf(uri), kind, document.getText(), s, { version: document.version });
    if (recorded.idsChanged) publishIndexChanges(recorded.state.file);
    return recorded.state;
  };

  /**
   * The folder as a plan reads it: every edit analysed, the documents as the editor shows them,
   * every other file as the disk holds it now (past the scan's limits, and whether or not the
   * editor reports changes to files: a plan that missed a file would delete its monitors), and the
   * checks across files run. Unchanged files keep their analysis.
   */
  const folderFiles: FolderFiles = {
    async checked(folder, s, unsaved) {
      await scans.get(folder);
      while (flushing) await flushing;
      const kinds = new Map<string, ReturnType<typeof fileKind>>();
      const wanted = (relative: string) => {
        kinds.set(relative, fileKind(relative, s));
        return !!kinds.get(relative);
      };
      const onDisk = new Set<string>();
      const editorUnsaved = unsaved && new Set(unsaved.map(uriToPath));
      for await (const file of filesUnder(folder, wanted, true)) {
        onDisk.add(file);
        // The editor's text where it holds unsaved edits (any open document, when it does not say
        // which), as it is now: recorded anew if need be (its file came back on disk unannounced).
        if (source.open(file) && (!editorUnsaved || editorUnsaved.has(file))) {
          await current(pathToUri(file));
          continue;
        }
        const kind = kinds.get(path.relative(folder, file).split(path.sep).join('/'))!;
        const text = await fs.readFile(file, 'utf8');
        // Another open document is the editor's when it has the disk's text; if not, the editor has
        // not reloaded it yet, and its file as saved is read.
        if (source.open(file)?.getText() === text) {
          await current(pathToUri(file));
          continue;
        }
        const before = workspace.get(file);
        const recorded = workspace.set(file, kind, text, before?.settings ?? s);
        if (recorded.state !== before) {
          changed(recorded, true);
          settleDue = true;
        }
      }
      for (const state of workspace.files(folder)) {
        if (onDisk.has(state.file)) continue;
        drop(state.file);
        settleDue = true;
      }
      publishIndexChanges();
      if (settleDue || settleTimer) {
        if (settleTimer) clearTimeout(settleTimer);
        settleTimer = undefined;
        await settle();
      }
      return workspace.checked(folder);
    },
    unsaved: (folder, unsaved) => source.unsaved(folder, unsaved),
  };

  connection.onCompletion(async (params) => {
    const state = await current(params.textDocument.uri);
    if (!state) return [];
    const offset = state.lines.offsetAt(params.position);
    const entries = complete(state.analysis, state.text, offset, { settings: state.settings, tags: workspace.index.tags() });
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
    const last = published.get(state.file);
    // The published list, unless the request outran validation and the state is newer.
    const findings = last?.state === state ? last.findings : workspace.findings(state.file);
    return toCodeActions(findings, state.lines, params.textDocument.uri, params.range, other);
  });

  connection.onDocumentSymbol(async (params) => {
    const state = await current(params.textDocument.uri);
    return state ? outline(state.analysis).map((s) => toDocumentSymbol(s, state.lines)) : [];
  });

  registerKibanaRequests(connection, (uri) => settings.get(uri), folderFiles);
  registerJourneyRequests(connection, documents);
  registerGenerateEntryRequest(connection, documents, workspace);
  documents.listen(checkedDocumentEvents(connection));
  connection.listen();
}

function pathsOf(folders: WorkspaceFolder[]): string[] {
  return folders.map((f) => uriToPath(f.uri)).filter((f): f is string => !!f);
}
