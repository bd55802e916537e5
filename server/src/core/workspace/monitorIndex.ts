// What is known across the files of a workspace folder: every monitor with its id and tags, so
// duplicate ids are reported at every place (each pointing at the others) and tags completed.
// Each Kustomize directory (one holding a kustomization file) is a build of its own: an overlay's
// entry replaces its base's, and environments deploy the same monitor, so ids are unique per
// directory — across a base and its overlays the same id is expected.

import { MonitorInfo } from '../fileAnalysis';
import { Finding } from '../findings';
import { isKustomization, inside, nearestFolder } from '../k8s/kustomization';
import { AgentImage, ManifestInfo } from '../k8s/manifests';

interface Place {
  file: string;
  monitor: MonitorInfo;
}

export class WorkspaceIndex {
  private readonly files = new Map<string, MonitorInfo[]>();
  /** Each file's monitors by id, and the files holding each id: kept as files change, so finding a file's duplicates reads no other file. */
  private readonly idsByFile = new Map<string, Map<string, MonitorInfo[]>>();
  private readonly filesById = new Map<string, Set<string>>();
  private readonly agents = new Map<string, AgentImage[]>();
  /** Folders (paths or URIs, as the files are named) holding a kustomization file. */
  private readonly kustomizations = new Set<string>();

  /** Records a file's monitors; returns whether the set of ids changed (others may need re-checking). */
  update(file: string, monitors: MonitorInfo[], manifests?: ManifestInfo): boolean {
    this.files.set(file, monitors);
    const idsChanged = this.noteIds(file, byId(monitors));
    if (manifests?.agents.length) this.agents.set(file, manifests.agents);
    else this.agents.delete(file);
    const kustomization = isKustomization(file) && !this.kustomizations.has(folderOf(file));
    if (kustomization) this.kustomizations.add(folderOf(file));
    return kustomization || idsChanged;
  }

  remove(file: string): void {
    this.files.delete(file);
    this.noteIds(file, new Map());
    this.agents.delete(file);
    if (isKustomization(file)) this.kustomizations.delete(folderOf(file));
  }

  /** Records a file's monitors by id; whether its ids (or how often each is used) changed. */
  private noteIds(file: string, ids: Map<string, MonitorInfo[]>): boolean {
    const before = this.idsByFile.get(file) ?? new Map<string, MonitorInfo[]>();
    if (ids.size) this.idsByFile.set(file, ids);
    else this.idsByFile.delete(file);
    let changed = before.size !== ids.size;
    for (const [id, monitors] of before) {
      if (ids.get(id)?.length === monitors.length) continue;
      changed = true;
      if (ids.has(id)) continue;
      const holders = this.filesById.get(id)!;
      holders.delete(file);
      if (!holders.size) this.filesById.delete(id);
    }
    for (const id of ids.keys()) {
      if (before.has(id)) continue;
      changed = true;
      const holders = this.filesById.get(id) ?? new Set<string>();
      this.filesById.set(id, holders.add(file));
    }
    return changed;
  }

  /**
   * Files whose workspace findings may change when others do: monitors sharing an id with another
   * of their Kustomize directory, and agents whose image cannot run browser monitors (which may
   * appear in any file).
   */
  filesWithDuplicates(): string[] {
    const files = new Set<string>();
    for (const [file, agents] of this.agents) if (agents.some((a) => !a.runsBrowser)) files.add(file);
    for (const [id, holders] of this.filesById) {
      if (this.single(id, holders)) continue;
      const all = this.placesOf(id);
      for (const place of all) {
        const places = all.filter((p) => this.scopeOf(p.file) === this.scopeOf(place.file));
        if (clash(places.map((p) => p.monitor))) files.add(place.file);
      }
    }
    return [...files];
  }

  /** The nearest folder above the file holding a kustomization file ('' when none). */
  private scopeOf(file: string): string {
    return nearestFolder(file, this.kustomizations);
  }

  /** Findings of one file that depend on the others: duplicate ids, an agent image that cannot run the browser monitors. */
  workspaceFindings(file: string): Finding[] {
    return [...this.duplicateIds(file), ...this.agentImages(file)];
  }

  /** `agent-image-no-browser`: the plain elastic-agent image has no Chromium, while browser monitors exist in its Kustomize directory's tree. */
  private agentImages(file: string): Finding[] {
    const images = (this.agents.get(file) ?? []).filter((a) => !a.runsBrowser);
    if (!images.length) return [];
    const root = this.scopeOf(file).replace(/[\\/](base|overlays[\\/][^\\/]+)$/, '');
    const browser = [...this.files].flatMap(([f, ms]) => (inside(f, root) ? ms.filter((m) => m.type === 'browser').map((m) => ({ file: f, monitor: m })) : []));
    if (!browser.length) return [];
    return images.map((a) => ({
      code: 'agent-image-no-browser',
      severity: 'warning' as const,
      message: `\`${a.image}\` has no Chromium, so the ${browser.length} browser monitor(s) on this private location fail to run. Use the same version of \`docker.elastic.co/elastic-agent/elastic-agent-complete\`.`,
      span: a.span,
      related: browser.slice(0, 5).map((b) => ({ file: b.file === file ? undefined : b.file, span: b.monitor.selectionSpan, message: `browser monitor ${b.monitor.id ?? b.monitor.name ?? ''}` })),
      fixes: [{ title: 'Use elastic-agent-complete', edits: [{ span: a.span, newText: a.image.replace(/(^|\/)elastic-agent(?=:|@|$)/, '$1elastic-agent-complete').replace('/beats/', '/elastic-agent/') }], preferred: true }],
    }));
  }

  /** `duplicate-id` findings for one file, each with related places in this and other files. */
  duplicateIds(file: string): Finding[] {
    const findings: Finding[] = [];
    for (const id of this.idsByFile.get(file)?.keys() ?? []) {
      if (this.single(id, this.filesById.get(id)!)) continue;
      const all = this.placesOf(id);
      for (const place of all) {
        if (place.file !== file || !place.monitor.idSpan) continue;
        const places = all.filter((p) => this.scopeOf(p.file) === this.scopeOf(file));
        if (!clash(places.map((p) => p.monitor))) continue;
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

  /** Whether only one monitor has this id (most): nothing to gather. */
  private single(id: string, holders: Set<string>): boolean {
    if (holders.size > 1) return false;
    const [file] = holders;
    return this.idsByFile.get(file)!.get(id)!.length === 1;
  }

  /** Every monitor with this id, in the order files were first recorded. */
  private placesOf(id: string): Place[] {
    const holders = this.filesById.get(id);
    if (!holders) return [];
    const files = holders.size > 1 ? [...this.files.keys()].filter((f) => holders.has(f)) : [...holders];
    return files.flatMap((file) => this.idsByFile.get(file)!.get(id)!.map((monitor) => ({ file, monitor })));
  }
}

function byId(monitors: MonitorInfo[]): Map<string, MonitorInfo[]> {
  const ids = new Map<string, MonitorInfo[]>();
  for (const monitor of monitors) {
    if (!monitor.id) continue;
    const list = ids.get(monitor.id);
    if (list) list.push(monitor);
    else ids.set(monitor.id, [monitor]);
  }
  return ids;
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

function folderOf(file: string): string {
  return file.replace(/[\\/][^\\/]*$/, '');
}

