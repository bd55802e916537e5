// Every file the server knows: open documents (the editor's text wins) and the workspace's files
// read from disk, each with its latest analysis. Also keeps the workspace index current.

import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analyser, FileAnalysis, FileKind, LineIndex, WorkspaceIndex } from '../core';
import { Settings } from '../protocol/settings';

export interface FileState {
  uri: string;
  kind: FileKind;
  text: string;
  /** The editor's version when open; undefined for a file read from disk. */
  version?: number;
  lines: LineIndex;
  analysis: FileAnalysis;
  settings: Settings;
}

export class Files {
  private readonly states = new Map<string, FileState>();
  readonly index = new WorkspaceIndex();

  constructor(private readonly analyser: Analyser) {}

  get(uri: string): FileState | undefined {
    return this.states.get(uri);
  }

  uris(): string[] {
    return [...this.states.keys()];
  }

  /** Analyses a text and records it; returns the state and whether monitor ids changed. */
  update(uri: string, kind: FileKind, text: string, version: number | undefined, settings: Settings): { state: FileState; idsChanged: boolean } {
    const current = this.unchanged(uri, kind, text, version, settings);
    return current ? { state: current, idsChanged: false } : this.record(uri, kind, text, version, settings, this.analyser.analyse(text, kind, settings));
  }

  /** The same, pausing between slices of work; undefined when `pause` gave up (the text changed). */
  async updateAsync(document: TextDocument, kind: FileKind, settings: Settings, pause: () => Promise<boolean>) {
    const text = document.getText();
    const current = this.unchanged(document.uri, kind, text, document.version, settings);
    if (current) return { state: current, idsChanged: false };
    const analysis = await this.analyser.analyseAsync(text, kind, settings, pause);
    return analysis && this.record(document.uri, kind, text, document.version, settings, analysis);
  }

  updateDocument(document: TextDocument, kind: FileKind, settings: Settings) {
    return this.update(document.uri, kind, document.getText(), document.version, settings);
  }

  private unchanged(uri: string, kind: FileKind, text: string, version: number | undefined, settings: Settings): FileState | undefined {
    const current = this.states.get(uri);
    return current && current.text === text && current.kind === kind && current.version === version && current.settings === settings ? current : undefined;
  }

  private record(uri: string, kind: FileKind, text: string, version: number | undefined, settings: Settings, analysis: FileAnalysis) {
    const state: FileState = { uri, kind, text, version, lines: new LineIndex(text), analysis, settings };
    this.states.set(uri, state);
    return { state, idsChanged: this.index.update(uri, analysis.monitors, analysis.manifests) };
  }

  remove(uri: string): void {
    this.states.delete(uri);
    this.index.remove(uri);
  }
}
