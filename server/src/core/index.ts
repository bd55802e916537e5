// The core's public face for the language server and the CLI. No editor or I/O here.

export { createAnalyser } from './analyse';
export type { Analyser, FileAnalysis, FileKind, MonitorInfo } from './analyse';
export type { Finding, Fix, Related, Severity, TextEdit } from './findings';
export { fileKind, SKIPPED_DIRECTORIES } from './fileKind';
export type { AnalysedJourney } from './journeys/analyse';
export { WorkspaceIndex } from './workspace/monitorIndex';
export { Workspace } from './workspace/workspace';
export type { CheckContext, CheckedFile, Recorded, WorkspaceChecks, WorkspaceFile } from './workspace/workspace';
export type { FileSource } from './workspace/source';
export { complete } from './features/completion';
export type { CompletionEntry } from './features/completion';
export { hover } from './features/hover';
export { outline } from './features/symbols';
export type { OutlineSymbol } from './features/symbols';
export { LineIndex } from './text/lineIndex';
export type { Span } from './text/span';
