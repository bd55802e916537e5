// A lens with the monitor's live status in Kibana above each monitor of a ConfigMap entry, a
// heartbeat file or a browser config, and above each journey: found, as they stand in the editor,
// through the document symbols our server returns (monitors: kind Object, detail `type · id`;
// journeys: kind Class, detail `browser` or `browser · id`), and matched to the statuses by id.
// A click opens the monitor in Kibana.

import { CancellationToken, CodeLens, CodeLensProvider, Disposable, DocumentSymbol, Range, SymbolKind, TextDocument, commands, languages, workspace } from 'vscode';
import type { MonitorStatusItem } from '../../../server/src/protocol/messages';
import { StatusPoller } from './statusPoller';
import { lensTitle, statusDetails } from './statusText';

const MONITOR_DETAIL = /^(?:http|tcp|icmp|browser|monitor)(?: · (.+))?$/;
const JOURNEY_DETAIL = /^(?:browser|api)(?: · (.+))?$/;

/** Each monitor or journey symbol with the id it stands for: the detail's, else its name (a monitor without a name, a journey whose id is its name). */
export function symbolIds(symbols: readonly DocumentSymbol[]): { symbol: DocumentSymbol; id: string }[] {
  return symbols.flatMap((s) => {
    const pattern = s.kind === SymbolKind.Object ? MONITOR_DETAIL : s.kind === SymbolKind.Class ? JOURNEY_DETAIL : undefined;
    const match = pattern?.exec(s.detail ?? '');
    const own = match ? [{ symbol: s, id: match[1] ?? s.name }] : [];
    return [...own, ...symbolIds(Array.isArray(s.children) ? s.children : [])];
  });
}

export class StatusLenses implements CodeLensProvider {
  readonly onDidChangeCodeLenses;

  constructor(
    private readonly poller: StatusPoller,
    private readonly openCommand: string,
  ) {
    this.onDidChangeCodeLenses = poller.onDidChange;
  }

  async provideCodeLenses(document: TextDocument, token: CancellationToken): Promise<CodeLens[]> {
    const folder = workspace.getWorkspaceFolder(document.uri);
    const result = folder && this.poller.statusOf(folder)?.result;
    if (!result?.monitors.length) return [];
    const byId = new Map<string, MonitorStatusItem>(result.monitors.map((m) => [m.id, m]));
    const symbols = (await commands.executeCommand<DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', document.uri)) ?? [];
    if (token.isCancellationRequested) return [];
    return symbolIds(symbols).flatMap(({ symbol, id }) => {
      const monitor = byId.get(id);
      if (!monitor) return [];
      const line = symbol.range.start.line;
      const tooltip = [...statusDetails(monitor, result.target), monitor.url ? 'Click to open it in Kibana.' : ''].filter(Boolean).join('\n');
      // Not in Kibana: nothing to open, the lens only says so.
      const command = monitor.url ? this.openCommand : '';
      return [new CodeLens(new Range(line, 0, line, 0), { title: lensTitle(monitor), tooltip, command, arguments: [{ url: monitor.url, id: monitor.id }] })];
    });
  }
}

export function registerStatusLenses(lenses: StatusLenses): Disposable {
  const selector = [
    { language: 'yaml', scheme: 'file' },
    { language: 'json', scheme: 'file' },
    { language: 'typescript', scheme: 'file', pattern: '**/*.journey.{ts,mts,cts}' },
    { language: 'javascript', scheme: 'file', pattern: '**/*.journey.{js,mjs,cjs}' },
  ];
  return languages.registerCodeLensProvider(selector, lenses);
}
