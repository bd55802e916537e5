// What is known across the files of a workspace folder: every monitor with its id and tags, so
// duplicate ids are reported at every place (each pointing at the others) and tags completed.

import { MonitorInfo } from './analyse';
import { Finding } from './findings';

export class WorkspaceIndex {
  private readonly files = new Map<string, MonitorInfo[]>();

  /** Records a file's monitors; returns whether the set of ids changed (others may need re-checking). */
  update(file: string, monitors: MonitorInfo[]): boolean {
    const before = idsOf(this.files.get(file));
    this.files.set(file, monitors);
    return before !== idsOf(monitors);
  }

  remove(file: string): void {
    this.files.delete(file);
  }

  /** Files whose monitors share an id with another monitor. */
  filesWithDuplicates(): string[] {
    const files = new Set<string>();
    for (const places of this.byId().values()) if (clash(places.map((p) => p.monitor))) for (const p of places) files.add(p.file);
    return [...files];
  }

  /** `duplicate-id` findings for one file, each with related places in this and other files. */
  duplicateIds(file: string): Finding[] {
    const findings: Finding[] = [];
    for (const [id, places] of this.byId()) {
      if (!clash(places.map((p) => p.monitor))) continue;
      for (const place of places) {
        if (place.file !== file || !place.monitor.idSpan) continue;
        const others = places.filter((p) => p !== place);
        findings.push({
          code: 'duplicate-id',
          severity: 'error',
          message: `Monitor id \`${id}\` is used ${places.length} times in this workspace: ids must be unique, or one monitor overwrites the other when pushed.`,
          span: place.monitor.idSpan,
          related: others.map((o) => ({
            file: o.file === file ? undefined : o.file,
            span: o.monitor.idSpan ?? o.monitor.selectionSpan,
            message: `\`${id}\` is also the id of ${o.monitor.name ? `"${o.monitor.name}"` : 'this monitor'}`,
          })),
        });
      }
    }
    return findings;
  }

  tags(): string[] {
    const tags = new Set<string>();
    for (const monitors of this.files.values()) for (const m of monitors) for (const t of m.tags) tags.add(t);
    return [...tags].sort();
  }

  private byId(): Map<string, { file: string; monitor: MonitorInfo }[]> {
    const byId = new Map<string, { file: string; monitor: MonitorInfo }[]>();
    for (const [file, monitors] of this.files) {
      for (const monitor of monitors) {
        if (!monitor.id) continue;
        const list = byId.get(monitor.id) ?? [];
        list.push({ file, monitor });
        byId.set(monitor.id, list);
      }
    }
    return byId;
  }
}

/**
 * Whether monitors sharing an id clash. A journey and the browser-config entry generated from it
 * are one monitor in two repositories (the consistency check compares them): together they are no
 * clash; two journeys, two entries, or anything else sharing the id are.
 */
function clash(monitors: MonitorInfo[]): boolean {
  const journeys = monitors.filter((m) => m.format === 'journey').length;
  const entries = monitors.filter((m) => m.format === 'browser-json').length;
  return monitors.length > 1 && !(journeys === 1 && entries === 1 && monitors.length === 2);
}

function idsOf(monitors: MonitorInfo[] | undefined): string {
  return (monitors ?? []).map((m) => m.id ?? '').filter(Boolean).sort().join('\n');
}
