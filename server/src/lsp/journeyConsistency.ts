// The workspace pass comparing journey files with the browser entries of its ConfigMaps and its
// standalone browser-monitor JSON files (journeys/check.ts), generated as the journeys' own
// synthetics.config.ts says (read as push reads it, or statically in Restricted Mode):
// journey-entry-missing on a journey's name, journey-entry-orphaned and journey-entry-stale (with
// its "Regenerate from <file>" fix) on an entry's key, journey-not-inlinable where generating stops. It runs only in a workspace holding both journeys
// and browser entries — a repository of journeys alone, or of ConfigMaps alone, is not checked
// against a half it does not have — and after changes settle, off the typing path.

import * as path from 'node:path';
import { Finding } from '../core';
import { toJS } from '../core/tree';
import { ConsistencyIssue, EntrySource, JourneySource, checkConsistency, entrySources } from '../journeys/check';
import { GenerateDefaults, ScriptCache, SyntheticsConfigs } from '../journeys/generate';
import { Files } from './files';
import { pathToUri, uriToPath } from './paths';

/** Edits come in bursts (typing, a checkout): one pass after they pause. */
const SETTLE_MS = 150;

export class JourneyConsistency {
  /** Findings by file, with the text they were computed on. */
  private byUri = new Map<string, { text: string; findings: Finding[] }>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private readonly cache = new ScriptCache();
  private readonly configs = new SyntheticsConfigs();

  /** `republish` sends a file's diagnostics anew (they include `findings(uri)`). */
  constructor(
    private readonly files: Files,
    private readonly folders: () => string[],
    private readonly republish: (uri: string) => void,
  ) {}

  /**
   * The last pass's findings for one file. While the file has changed since, only those whose text
   * is still at their offsets are kept (an edit below them), and a fix only if the lines it
   * replaces are unchanged too: the next pass, moments later, has the rest. So an edit elsewhere in
   * a ConfigMap does not make its findings blink.
   */
  findings(uri: string): Finding[] {
    const found = this.byUri.get(uri);
    const text = this.files.get(uri)?.text;
    if (!found || text === undefined) return [];
    if (found.text === text) return found.findings;
    const same = (sp: { start: number; end: number }) => text.slice(sp.start, sp.end) === found.text.slice(sp.start, sp.end);
    return found.findings
      .filter((f) => same(f.span))
      .map((f) => (f.fixes?.every((fix) => fix.edits.every((e) => same(e.span))) ? f : { ...f, fixes: undefined }));
  }

  /** Journey files or ConfigMaps may have changed: a pass runs once things settle. */
  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, SETTLE_MS);
  }

  /** Runs a pass now (and another after it if changes came meanwhile); resolves when findings are current. */
  async run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.pass();
      } while (this.again);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<void> {
    const { journeys, entries, defaults, uriOf, textOf } = this.inputs();
    let issues: ConsistencyIssue[] = [];
    if (journeys.length && entries.length) {
      try {
        issues = await checkConsistency(journeys, entries, { defaults, cache: this.cache, configs: this.configs, display: (f) => this.display(f) });
      } catch {
        issues = []; // a file that changed under the pass: the next pass has it
      }
    }
    const next = new Map<string, { text: string; findings: Finding[] }>();
    for (const issue of issues) {
      const uri = uriOf.get(issue.file);
      const text = uri && textOf.get(uri);
      if (!uri || text === undefined) continue;
      const found = next.get(uri) ?? { text, findings: [] };
      found.findings.push(toFinding(issue, uriOf));
      next.set(uri, found);
    }
    const before = this.byUri;
    this.byUri = next;
    for (const uri of new Set([...before.keys(), ...next.keys()])) {
      if (JSON.stringify(before.get(uri)) !== JSON.stringify(next.get(uri))) this.republish(uri);
    }
  }

  /** Journey files, ConfigMap browser entries and the workspace's sync configuration, from the server's files. */
  private inputs() {
    const journeys: JourneySource[] = [];
    const entries: EntrySource[] = [];
    const syncConfigs: unknown[] = [];
    const uriOf = new Map<string, string>();
    const textOf = new Map<string, string>();
    for (const uri of this.files.uris()) {
      const state = this.files.get(uri);
      const file = uriToPath(uri);
      if (!state || !file) continue;
      textOf.set(uri, state.text);
      if (state.analysis.journeys?.some((j) => j.kind === 'browser')) {
        journeys.push({ file, text: state.text, journeys: state.analysis.journeys });
        uriOf.set(file, uri);
      }
      for (const unit of state.analysis.units) if (unit.format === 'sync-config') syncConfigs.push(toJS(unit.root));
      const own = entrySources(file, state.text, state.analysis.units);
      entries.push(...own);
      if (own.length) uriOf.set(file, uri);
    }
    return { journeys, entries, defaults: defaultsOf(syncConfigs), uriOf, textOf };
  }

  private display(file: string): string {
    const folder = this.folders().find((f) => file.startsWith(f + path.sep));
    return (folder ? path.relative(folder, file) : path.basename(file)).split(path.sep).join('/');
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}

/** The workspace's one sync configuration's `monitors.default_*` (none when there are several: which would apply is unknown). */
export function defaultsOf(syncConfigs: unknown[]): GenerateDefaults {
  if (syncConfigs.length !== 1) return {};
  const monitors = ((syncConfigs[0] as Record<string, unknown> | undefined)?.monitors ?? {}) as Record<string, unknown>;
  const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : undefined);
  return {
    schedule: typeof monitors.default_schedule === 'number' ? monitors.default_schedule : undefined,
    locations: strings(monitors.default_locations),
    privateLocations: strings(monitors.default_private_locations),
  };
}

function toFinding(issue: ConsistencyIssue, uriOf: Map<string, string>): Finding {
  const related = issue.related && (uriOf.get(issue.related.file) ?? pathToUri(issue.related.file));
  return {
    code: issue.code,
    severity: 'warning',
    message: issue.message,
    span: issue.span,
    related: issue.related && related ? [{ file: related, span: issue.related.span, message: issue.related.message }] : undefined,
    fixes: issue.fix ? [{ title: issue.fix.title, edits: [{ span: issue.fix.span, newText: issue.fix.newText }], preferred: true }] : undefined,
  };
}
