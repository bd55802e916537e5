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

/** `related` may point into other files: `linesOf` gives their line index (and URI). */
export function toDiagnostic(finding: Finding, lines: LineIndex, uri: string, linesOf: (file: string) => LineIndex | undefined): Diagnostic {
  const related = (finding.related ?? []).flatMap((r) => {
    const target = r.file ? linesOf(r.file) : lines;
    return target ? [{ location: { uri: r.file ?? uri, range: toRange(target, r.span) }, message: r.message }] : [];
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
export function toCodeActions(findings: Finding[], lines: LineIndex, uri: string, range: Range, linesOf: (file: string) => LineIndex | undefined): CodeAction[] {
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
        diagnostics: [toDiagnostic(finding, lines, uri, linesOf)],
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
