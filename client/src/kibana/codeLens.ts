// A "Preview Kibana diff" lens above each monitor of a YAML or JSON file in a folder with a Kibana
// target. Monitors are found through the document symbols our server returns (kind Object).

import { CancellationToken, CodeLens, CodeLensProvider, Disposable, DocumentSymbol, EventEmitter, SymbolKind, TextDocument, commands, languages, workspace } from 'vscode';
import { LANGUAGES } from '../client';
import { KibanaSession } from './session';

/** What the lens passes to the Preview command: the monitor whose plan line lies within these lines of `uri`. */
export interface MonitorAt {
  uri: string;
  line: number;
  endLine: number;
}

/**
 * Our monitor symbols' detail starts with the monitor's type (`http · api-health`); other
 * extensions' Object symbols (the Red Hat YAML outline) do not, so they get no lens.
 */
const MONITOR_DETAIL = /^(http|tcp|icmp|browser|monitor)\b/;

export class MonitorLenses implements CodeLensProvider {
  private readonly changed = new EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly session: KibanaSession,
    private readonly command: string,
  ) {}

  /** Lenses appear once the folder's target is known, and go when it is not. */
  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: TextDocument, token: CancellationToken): Promise<CodeLens[]> {
    const folder = workspace.getWorkspaceFolder(document.uri);
    if (!folder || !this.session.lastCheck(folder)?.target) return [];
    const symbols = (await commands.executeCommand<DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', document.uri)) ?? [];
    if (token.isCancellationRequested) return [];
    return monitors(symbols).map((symbol) => {
      const at: MonitorAt = { uri: document.uri.toString(), line: symbol.range.start.line, endLine: symbol.range.end.line };
      return new CodeLens(symbol.range, { title: 'Preview Kibana diff', tooltip: 'Compare this monitor in Kibana with git, as a push would change it', command: this.command, arguments: [at] });
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function monitors(symbols: DocumentSymbol[]): DocumentSymbol[] {
  // Symbol providers may answer SymbolInformation (no children, no detail): only DocumentSymbols count.
  return symbols.flatMap((s) => [
    ...(s.kind === SymbolKind.Object && MONITOR_DETAIL.test(s.detail ?? '') ? [s] : []),
    ...monitors(Array.isArray(s.children) ? s.children : []),
  ]);
}

export function registerMonitorLenses(lenses: MonitorLenses): Disposable {
  const selector = LANGUAGES.map((language) => ({ language, scheme: 'file' }));
  return Disposable.from(lenses, languages.registerCodeLensProvider(selector, lenses));
}
