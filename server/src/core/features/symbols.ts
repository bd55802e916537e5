// The outline: each ConfigMap entry with the monitors it holds, each monitor as "name (type)";
// in journey files, each journey with its steps.

import { FileAnalysis, MonitorInfo } from '../fileAnalysis';
import type { AnalysedJourney } from '../journeys/analyse';
import { Span } from '../text/span';

export type SymbolKind = 'entry' | 'monitor' | 'config' | 'journey' | 'step';

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  span: Span;
  selectionSpan: Span;
  children: OutlineSymbol[];
}

export function outline(analysis: FileAnalysis): OutlineSymbol[] {
  if (analysis.journeys) return analysis.journeys.map(journeySymbol);
  const symbols: OutlineSymbol[] = [];
  const entries = new Map<string, OutlineSymbol>();
  for (const unit of analysis.units) {
    if (unit.format !== 'sync-config' || !unit.container) continue;
    const key = unit.container.keySpan;
    entries.set(`${key.start}`, { name: unit.container.key, detail: 'sync configuration', kind: 'config', span: entrySpan(unit), selectionSpan: key, children: [] });
  }
  for (const monitor of analysis.monitors) {
    const symbol = monitorSymbol(monitor);
    const container = monitor.container;
    if (!container) {
      symbols.push(symbol);
      continue;
    }
    const id = `${container.keySpan.start}`;
    let entry = entries.get(id);
    if (!entry) {
      entry = { name: container.key, detail: container.configMap, kind: 'entry', span: { ...container.keySpan }, selectionSpan: container.keySpan, children: [] };
      entries.set(id, entry);
    }
    entry.children.push(symbol);
    entry.span = { start: Math.min(entry.span.start, symbol.span.start), end: Math.max(entry.span.end, symbol.span.end) };
  }
  symbols.push(...entries.values());
  return symbols.sort((a, b) => a.span.start - b.span.start);
}

function monitorSymbol(monitor: MonitorInfo): OutlineSymbol {
  const span = { start: Math.min(monitor.span.start, monitor.selectionSpan.start), end: Math.max(monitor.span.end, monitor.selectionSpan.end) };
  return {
    name: monitor.name ?? monitor.id ?? '(unnamed monitor)',
    detail: [monitor.type ?? 'monitor', monitor.id && monitor.name ? monitor.id : undefined].filter(Boolean).join(' · '),
    kind: 'monitor',
    span,
    selectionSpan: monitor.selectionSpan,
    children: [],
  };
}

function entrySpan(unit: FileAnalysis['units'][number]): Span {
  const key = unit.container!.keySpan;
  const end = unit.embedded?.exact ? unit.embedded.toOuter(unit.embedded.text.length) : key.end;
  return { start: key.start, end: Math.max(end, key.end) };
}

function journeySymbol(journey: AnalysedJourney): OutlineSymbol {
  return {
    name: journey.name,
    detail: [journey.kind, journey.id !== undefined && journey.id !== journey.name ? journey.id : undefined].filter(Boolean).join(' · '),
    kind: 'journey',
    span: journey.span,
    selectionSpan: journey.nameSpan,
    children: journey.steps.map((step, i) => ({ name: step.name, detail: `step ${i + 1}`, kind: 'step' as const, span: step.span, selectionSpan: step.nameSpan, children: [] })),
  };
}
