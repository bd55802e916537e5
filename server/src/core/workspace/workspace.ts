// One model of a workspace, for the language server, the CLI and plan/push alike: its files as a
// FileSource gives them (the disk; the editor's documents over the disk), each file's analysis,
// the index of monitors across files, and every finding that looks beyond one file: duplicate ids
// and agent images (the index), the paths manifests name (references), and the checks that read
// many files and take a while (Kustomize overlays, journeys against their ConfigMap entries),
// which run when changes settle. So the same files give the same findings wherever they are read.
// Files are absolute paths (or, for a document without one, its URI), with `/` or `\`; folders
// are the roots files are named relative to (the editor's workspace folders, the CLI's directory).
// The checks that need Node (the disk, esbuild) are given by the caller (gitops/workspace.ts).

import { Settings } from '../../protocol/settings';
import { Analyser, createAnalyser } from '../analyse';
import { FileAnalysis, FileKind } from '../fileAnalysis';
import { fileKind } from '../fileKind';
import { Finding } from '../findings';
import { inside, nearestFolder } from '../k8s/kustomization';
import { NEWEST_MODELLED, findingsForVersion, syncConfigKibanaVersion } from '../kibana/versions';
import { LineIndex } from '../text/lineIndex';
import { toJS } from '../tree';
import { WorkspaceIndex } from './monitorIndex';
import { FileSource } from './source';

export interface WorkspaceFile {
  file: string;
  kind: FileKind;
  text: string;
  /** The editor's version of an open document; undefined for a file as the source read it. */
  version?: number;
  /** New each time the file is recorded anew (its text, kind or settings changed): what a plan prepared from it is keyed by. */
  revision: number;
  lines: LineIndex;
  analysis: FileAnalysis;
  settings: Settings;
}

/** A file with every finding reported at it. */
export interface CheckedFile extends WorkspaceFile {
  findings: Finding[];
}

/** What a check across files is given besides the files. */
export interface CheckContext {
  source: FileSource;
  /** A file as messages name it: relative to its folder, with `/`. */
  display(file: string): string;
}

export interface WorkspaceChecks {
  /** One file's findings that look at the source (the paths its manifests name that are not there): quick, run whenever they are asked for. */
  references?(file: WorkspaceFile, source: FileSource): Finding[];
  /** Checks that read many files and take a while, run by settle(): findings by file. */
  settled?: ((files: WorkspaceFile[], context: CheckContext) => Promise<Map<string, Finding[]>>)[];
}

export interface Recorded {
  state: WorkspaceFile;
  /** Its monitor ids or Kustomize folders changed: others' duplicate ids may have too (indexChanges). */
  idsChanged: boolean;
  /** The Kibana version its folder is checked against changed (a sync configuration's): every file of the folder has new findings. */
  versionChanged: boolean;
}

export class Workspace {
  readonly index = new WorkspaceIndex();
  private readonly states = new Map<string, WorkspaceFile>();
  private readonly analyser: Analyser;
  private folders: string[] = [];
  private revisions = 0;
  /** Files whose findings had index findings since indexChanges last looked: what was reported of them may be stale. */
  private indexed = new Set<string>();
  /** The Kibana version each sync configuration names, by file. */
  private readonly syncVersions = new Map<string, string>();
  /** The last settled pass's findings by file, with the text they were computed on. */
  private settledFindings = new Map<string, { text: string; findings: Finding[] }>();
  private settling: Promise<string[]> | undefined;
  private again = false;

  constructor(
    readonly source: FileSource,
    private readonly checks: WorkspaceChecks = {},
    analyser?: Analyser,
  ) {
    this.analyser = analyser ?? createAnalyser();
  }

  // ---- Files ---------------------------------------------------------------------------------

  get(file: string): WorkspaceFile | undefined {
    return this.states.get(file);
  }

  /** Every file, or those of one folder. */
  files(folder?: string): WorkspaceFile[] {
    const all = [...this.states.values()];
    return folder === undefined ? all : all.filter((f) => inside(f.file, folder));
  }

  /** Analyses a text and records it (unless it is recorded as it is already). `named`: meant to hold monitors (a file named on the command line). */
  set(file: string, kind: FileKind, text: string, settings: Settings, options: { version?: number; named?: boolean } = {}): Recorded {
    const current = this.unchanged(file, kind, text, options.version, settings);
    return current ? same(current) : this.record(file, kind, text, options.version, settings, this.analyser.analyse(text, kind, settings, options.named, this.states.get(file)));
  }

  /** The same, in slices: `pause` lets other work run, and gives up (undefined) when it returns false. */
  async setAsync(file: string, kind: FileKind, text: string, settings: Settings, version: number | undefined, pause: () => Promise<boolean>): Promise<Recorded | undefined> {
    const current = this.unchanged(file, kind, text, version, settings);
    if (current) return same(current);
    const analysis = await this.analyser.analyseAsync(text, kind, settings, pause, this.states.get(file));
    return analysis && this.record(file, kind, text, version, settings, analysis);
  }

  /** Drops a file; whether its folder's Kibana version changed. */
  remove(file: string): { versionChanged: boolean } {
    if (!this.states.delete(file)) return { versionChanged: false };
    this.index.remove(file);
    return { versionChanged: this.noteSyncConfig(file, undefined) };
  }

  private unchanged(file: string, kind: FileKind, text: string, version: number | undefined, settings: Settings): WorkspaceFile | undefined {
    const current = this.states.get(file);
    return current && current.text === text && current.kind === kind && current.version === version && current.settings === settings ? current : undefined;
  }

  private record(file: string, kind: FileKind, text: string, version: number | undefined, settings: Settings, analysis: FileAnalysis): Recorded {
    const state: WorkspaceFile = { file, kind, text, version, revision: ++this.revisions, lines: new LineIndex(text, this.states.get(file)?.lines), analysis, settings };
    this.states.set(file, state);
    const idsChanged = this.index.update(file, analysis.monitors, analysis.manifests);
    return { state, idsChanged, versionChanged: this.noteSyncConfig(file, analysis) };
  }

  /**
   * Files whose index findings (duplicate ids, agent images) may have changed since the last call:
   * those that have some now, and those whose findings had some when asked for since (a file read
   * before its folder's kustomization clashed with ids outside that folder meanwhile). Asked once
   * after a batch of changes, not per file.
   */
  indexChanges(): string[] {
    const now = new Set(this.index.filesWithDuplicates());
    const changed = [...new Set([...this.indexed, ...now])];
    this.indexed = now;
    return changed;
  }

  // ---- Folders -------------------------------------------------------------------------------

  setFolders(folders: string[]): void {
    this.folders = [...folders];
  }

  /** The folder holding the file (the innermost, when folders nest). */
  folderOf(file: string): string | undefined {
    return nearestFolder(file, this.folders) || undefined;
  }

  /** A file as messages and globs name it: relative to its folder, with `/` (outside every folder: its name). */
  display(file: string): string {
    const folder = this.folderOf(file);
    return (folder ? file.slice(folder.length + 1) : file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1)).replace(/\\/g, '/');
  }

  /** What kind of file it is by its name, relative to its folder (the browser-config globs are). */
  kindOf(file: string, settings: Settings): FileKind | undefined {
    return fileKind(this.display(file), settings);
  }

  // ---- Findings ------------------------------------------------------------------------------

  /**
   * The Kibana version a file is checked against where Kibana's rules changed: the `kibana.version`
   * setting, else that of the sync configurations in its folder (when they agree), else the newest modelled.
   */
  versionFor(file: WorkspaceFile): string {
    return file.settings['kibana.version'] || this.folderVersion(this.folderOf(file.file)) || NEWEST_MODELLED;
  }

  /** Every finding at a file: its own (for its Kibana version, or the one given), the index's, its references' and the last settled pass's; in text order. */
  findings(file: string, kibanaVersion?: string): Finding[] {
    const state = this.states.get(file);
    if (!state) return [];
    const indexed = this.index.workspaceFindings(file);
    if (indexed.length) this.indexed.add(file);
    return [
      ...findingsForVersion(state.analysis.findings, state.analysis.versionGated, kibanaVersion ?? this.versionFor(state)),
      ...indexed,
      ...(this.checks.references?.(state, this.source) ?? []),
      ...this.settledOf(state),
    ].sort((a, b) => a.span.start - b.span.start);
  }

  /** The files with their findings (of one folder, when given), for a report or a plan. */
  /** Every file with its findings, by name: what a plan reads, in the same order however the files came. */
  checked(folder?: string, kibanaVersion?: string): CheckedFile[] {
    const byName = this.files(folder).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    return byName.map((f) => ({ ...f, findings: this.findings(f.file, kibanaVersion) }));
  }

  /** Files holding a manifest that names paths: their findings change when files appear or go. */
  withReferences(): string[] {
    return this.files()
      .filter((f) => f.analysis.manifests?.references.length)
      .map((f) => f.file);
  }

  /**
   * Runs the settled checks on the files as they are (again, when called meanwhile); resolves with
   * the files whose settled findings changed.
   */
  settle(): Promise<string[]> {
    if (this.settling) {
      this.again = true;
      return this.settling;
    }
    this.settling = (async () => {
      const changed = new Set<string>();
      do {
        this.again = false;
        for (const file of await this.pass()) changed.add(file);
      } while (this.again);
      return [...changed];
    })().finally(() => (this.settling = undefined));
    return this.settling;
  }

  private async pass(): Promise<string[]> {
    const files = this.files();
    const textOf = new Map(files.map((f) => [f.file, f.text]));
    const next = new Map<string, { text: string; findings: Finding[] }>();
    for (const check of this.checks.settled ?? []) {
      for (const [file, findings] of await check(files, { source: this.source, display: (f) => this.display(f) })) {
        const text = textOf.get(file);
        if (text === undefined || !findings.length) continue;
        const found = next.get(file) ?? { text, findings: [] };
        found.findings.push(...findings);
        next.set(file, found);
      }
    }
    const before = this.settledFindings;
    this.settledFindings = next;
    return [...new Set([...before.keys(), ...next.keys()])].filter((file) => JSON.stringify(before.get(file)) !== JSON.stringify(next.get(file)));
  }

  /**
   * The last settled pass's findings for a file. While it has changed since, only those whose text
   * is still at their offsets are kept (an edit elsewhere), and a fix only if the text it replaces
   * is unchanged too: the next pass, moments later, has the rest, and findings do not blink meanwhile.
   */
  private settledOf(state: WorkspaceFile): Finding[] {
    const found = this.settledFindings.get(state.file);
    if (!found) return [];
    if (found.text === state.text) return found.findings;
    const same = (sp: { start: number; end: number }) => state.text.slice(sp.start, sp.end) === found.text.slice(sp.start, sp.end);
    return found.findings.filter((f) => same(f.span)).map((f) => (f.fixes?.every((fix) => fix.edits.every((e) => same(e.span))) ? f : { ...f, fixes: undefined }));
  }

  // ---- Kibana versions -----------------------------------------------------------------------

  /** Notes the version a file's sync configuration names (none when removed); whether its folder's version changed. */
  private noteSyncConfig(file: string, analysis: FileAnalysis | undefined): boolean {
    const folder = this.folderOf(file);
    const before = this.folderVersion(folder);
    const version = analysis?.units.map((u) => (u.format === 'sync-config' ? syncConfigKibanaVersion(toJS(u.root)) : undefined)).find(Boolean);
    if (version) this.syncVersions.set(file, version);
    else this.syncVersions.delete(file);
    return this.folderVersion(folder) !== before;
  }

  private folderVersion(folder: string | undefined): string | undefined {
    const versions = new Set([...this.syncVersions].filter(([file]) => this.folderOf(file) === folder).map(([, version]) => version));
    return versions.size === 1 ? [...versions][0] : undefined;
  }
}

function same(state: WorkspaceFile): Recorded {
  return { state, idsChanged: false, versionChanged: false };
}
