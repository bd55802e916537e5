// The only place core spans and findings become LSP ranges and diagnostics.

import { CodeAction, CodeActionKind, Diagnostic, DiagnosticSeverity, DiagnosticTag, DocumentSymbol, Range, SymbolKind, TextEdit } from 'vscode-languageserver/node';
import { Finding, LineIndex, OutlineSymbol, Span } from '../core';

export const SOURCE = 'synthetics-gitops';

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toRange(lines: LineIndex, span: Span): Range {
  return { start: lines.positionAt(span.start), end: lines.positionAt(span.end) };
}

/** Another file a finding points into: its URI and line index, when the workspace has it. */
export type OtherFile = (file: string) => { uri: string; lines: LineIndex } | undefined;

/** `related` may point into other files (named as the workspace names them): `other` gives their URI and lines. */
export function toDiagnostic(finding: Finding, lines: LineIndex, uri: string, other: OtherFile): Diagnostic {
  const related = (finding.related ?? []).flatMap((r) => {
    const target = r.file ? other(r.file) : { uri, lines };
    return target ? [{ location: { uri: target.uri, range: toRange(target.lines, r.span) }, message: r.message }] : [];
  });
  return {
    range: toRange(lines, finding.span),
    severity: SEVERITY[finding.severity],
    code: finding.code,
    source: SOURCE,
    message: finding.message,
    relatedInformation: related.length ? related : undefined,
    tags: finding.code === 'heartbeat-ignores-key' ? [DiagnosticTag.Unnecessary] : undefined,
  };
}

/** Quick fixes of the findings that overlap `range`. */
export function toCodeActions(findings: Finding[], lines: LineIndex, uri: string, range: Range, other: OtherFile): CodeAction[] {
  const start = lines.offsetAt(range.start);
  const end = lines.offsetAt(range.end);
  const actions: CodeAction[] = [];
  for (const finding of findings) {
    if (!finding.fixes || finding.span.end < start || finding.span.start > end) continue;
    for (const fix of finding.fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        isPreferred: fix.preferred,
        diagnostics: [toDiagnostic(finding, lines, uri, other)],
        edit: { changes: { [uri]: fix.edits.map((e): TextEdit => ({ range: toRange(lines, e.span), newText: e.newText })) } },
      });
    }
  }
  return actions;
}

const SYMBOL_KIND: Record<OutlineSymbol['kind'], SymbolKind> = {
  entry: SymbolKind.File,
  monitor: SymbolKind.Object,
  config: SymbolKind.Module,
  journey: SymbolKind.Class,
  step: SymbolKind.Method,
};

export function toDocumentSymbol(symbol: OutlineSymbol, lines: LineIndex): DocumentSymbol {
  return {
    name: symbol.name,
    detail: symbol.detail,
    kind: SYMBOL_KIND[symbol.kind],
    range: toRange(lines, symbol.span),
    selectionRange: toRange(lines, symbol.selectionSpan),
    children: symbol.children.map((c) => toDocumentSymbol(c, lines)),
  };
}
