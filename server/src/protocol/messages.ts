// Custom requests between the extension and the language server, one namespace each, shared by
// both sides. Only types and method names live here: no handler, no vscode import.
// Lines are 0-based, as in LSP positions. The API key travels only inside these requests' params,
// never in settings, a notification or a reply.

import { RequestType } from 'vscode-languageserver-protocol';
import type { WorkspaceEdit } from 'vscode-languageserver-protocol';
import type { MonitorStatus } from './monitorStatus';

/** Which workspace folder a request is about, and the key from the editor's secret storage. */
export interface FolderParams {
  /** A workspace folder's URI: its files are the desired state, its settings name the target. */
  folderUri: string;
  /** Kibana API key; without it, KIBANA_API_KEY (or basic auth) from the environment. */
  apiKey?: string;
  /**
   * Origins (`https://host:port`) the user vouches for: hosts confirmed once, and the host of their
   * own (user-level) `kibana.url` setting. Credentials go to a URL of the workspace's settings or
   * sync configuration only when its origin is listed; otherwise the request fails with
   * `UnconfirmedHostData` (KIBANA_URL, the user's environment, needs no confirmation).
   */
  confirmedHosts?: string[];
  /**
   * The URIs of the documents the editor holds with unsaved edits (VS Code's `isDirty`). Given, any
   * other open document is read as its file on disk has it (the editor reloads it from there, maybe
   * not yet); not given, an open document is unsaved when its text is not the disk's.
   */
  unsaved?: string[];
}

/** The `data` of a request failing because the workspace's Kibana URL points to a host the user has not confirmed. */
export interface UnconfirmedHostData {
  unconfirmedHost: string;
}

/** A validation error (the Problems panel shows the same): the monitor it is in is not pushed. */
export interface PlanError {
  uri: string;
  line: number;
  code: string;
  message: string;
}

/** An input that cannot be read and may hold monitors: while there is one, no push deletes anything. */
export interface PlanBlocker {
  uri: string;
  line: number;
  reason: string;
}

/** One monitor of the plan, with both sides as YAML for a diff editor. */
export interface PlanMonitor {
  id: string;
  /** `replace` only when asked for (the CLI's --replace). */
  action: 'create' | 'update' | 'replace' | 'delete' | 'unchanged' | 'invalid';
  name?: string;
  type?: string;
  /** Where git defines it (not for deletes). */
  uri?: string;
  line?: number;
  /** As Kibana holds it now, in its comparable form (secrets masked); absent for a create. */
  before?: string;
  /** As Kibana will hold it after a push; absent for a delete. */
  after?: string;
  /** How many fields change (for a create: how many it sets). */
  fields: number;
  /** Kibana holds an edit made outside git since the last push, which a push overwrites (or deletes). */
  editedOutsideGit: boolean;
  /** Why Kibana would refuse it (invalid). */
  failures: { reason: string; details: string }[];
  /** Our own errors on it (invalid): it is not pushed. */
  errors: { code: string; message: string; line: number }[];
  /** How to get past the refusal (a type change). */
  fix?: string;
  /** A delete held back while an input cannot be read (PlanRequest.Result.blockers). */
  withheld: boolean;
}

/**
 * `syntheticsGitops/plan`: what a push of the folder would change in Kibana, the folder read as the
 * editor shows it (open documents with their unsaved edits, the other files as on disk). The target
 * comes from the folder's `syntheticsGitops.kibana.*` settings, else the environment or the sync
 * configuration, as for the CLI. Fails with the Kibana error's message (it names what to fix, never a secret).
 */
export namespace PlanRequest {
  export const method = 'syntheticsGitops/plan' as const;
  export type Params = FolderParams;
  export interface Result {
    /** The plan as `synthetics-gitops plan` prints it (no colour). */
    text: string;
    /** The plan as `synthetics-gitops plan --format json` prints it (version 1). */
    plan: unknown;
    /** Every monitor of the plan, in the plan's order. */
    monitors: PlanMonitor[];
    /** Validation errors in the folder: the monitors they are in are not pushed. */
    errors: PlanError[];
    /** Inputs that cannot be read: every delete is withheld while there are any. */
    blockers: PlanBlocker[];
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/** A monitor Kibana (or our own check) refused. */
export interface PushFailure {
  id?: string;
  uri?: string;
  line?: number;
  reason: string;
  details: string;
}

/**
 * `syntheticsGitops/push`: plans again and carries the plan out. Fails, pushing nothing, while an open
 * document of the folder is not saved: a push sends what git has. The desired state a plan of the
 * same files prepared is reused (only Kibana is asked again). Deletes happen only with `prune`,
 * and only when `confirmedDeletes` equals the plan's deletes at push time (withheld ones aside);
 * otherwise nothing is pushed and the request fails saying the plan changed. Monitors with
 * validation errors are not pushed (reported in `failed`); while an input cannot be read, no
 * delete is made (`withheld`).
 */
export namespace PushRequest {
  export const method = 'syntheticsGitops/push' as const;
  export interface Params extends FolderParams {
    prune: boolean;
    /** The journey ids the user agreed to delete: exactly the plan's deletes that are not withheld. */
    confirmedDeletes: string[];
  }
  export interface Result {
    created: string[];
    updated: string[];
    deleted: string[];
    failed: PushFailure[];
    /** Deletes left undone because a write failed (a push after the fix does them). */
    deletesSkipped: boolean;
    /** Deletes held back while these inputs cannot be read (a push after the fix does them). */
    withheld: string[];
    blockers: PlanBlocker[];
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/**
 * `syntheticsGitops/checkConnection`: whether the folder's Kibana target answers with these
 * credentials (one try, 10 s at most). A problem is reported in `message`; the request fails only
 * when `folderUri` is not a folder on disk.
 */
export namespace CheckConnectionRequest {
  export const method = 'syntheticsGitops/checkConnection' as const;
  export type Params = FolderParams;
  export interface Result {
    ok: boolean;
    /** Kibana's version, when it answered. */
    version?: string;
    /** `<host>/<space>/<project>` as resolved (`?` for an unknown part); empty when no Kibana URL is known at all. */
    target: string;
    /** Why it is not ok (with a hint), or nothing. */
    message?: string;
    /** The host to confirm before the credentials go there (no request was sent). */
    unconfirmedHost?: string;
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/** A range in a file, 0-based as LSP positions. */
export interface LineRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/**
 * `syntheticsGitops/journeys`: the journeys of one journey file (`*.journey.ts` / `*.journey.js`)
 * and their steps, with ranges, read from its syntax tree (the open document's text, else the
 * file on disk; the code is not run). What the Test Explorer and the run lenses show.
 */
export namespace JourneysRequest {
  export const method = 'syntheticsGitops/journeys' as const;
  export interface Params {
    uri: string;
  }
  export interface Step {
    name: string;
    /** The whole `step(...)` call. */
    range: LineRange;
  }
  export interface Journey {
    name: string;
    kind: 'browser' | 'api';
    /** The whole `journey(...)` call, and its name. */
    range: LineRange;
    nameRange: LineRange;
    steps: Step[];
  }
  export interface Result {
    /** Empty when the file cannot be read or holds no journey. */
    journeys: Journey[];
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/**
 * `syntheticsGitops/traceViewer`: where *Show Trace* runs Playwright's trace viewer for a journey
 * file: the folder its journeys run in (the project's), and the `playwright-core` package folder its
 * @elastic/synthetics recorded with. Fails, saying what to install, when the project has none.
 */
export namespace TraceViewerRequest {
  export const method = 'syntheticsGitops/traceViewer' as const;
  export interface Params {
    /** The journey file's URI. */
    uri: string;
  }
  export interface Result {
    projectFolder: string;
    playwrightCore: string;
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/** One journey's entry, as `syntheticsGitops/generateEntry` wrote it (or left it). */
export interface GeneratedEntry {
  /** The journey's name and the entry's monitor id. */
  journey: string;
  id: string;
  /** The ConfigMap data key, e.g. `example-monitor.json`. */
  key: string;
  status: 'created' | 'updated' | 'unchanged';
}

/**
 * `syntheticsGitops/generateEntry`: the browser-journey-configs entries of a journey file's
 * journeys (the one at `line`, else all), generated into the ConfigMap file `configMapUri` (the
 * open document's text, else the file on disk; created when missing). Returns the edit to apply,
 * touching only the entries written; the server changes no file itself. Journeys that cannot be
 * generated are listed in `errors`; the others are still in the edit. Fails only when the
 * ConfigMap file cannot be written into (not YAML, several ConfigMaps, …).
 */
export namespace GenerateEntryRequest {
  export const method = 'syntheticsGitops/generateEntry' as const;
  export interface Params {
    journeyUri: string;
    /** A 0-based line inside the journey's call; absent: every journey of the file. */
    line?: number;
    configMapUri: string;
  }
  export interface Result {
    entries: GeneratedEntry[];
    /** Why journeys were not generated, at their 0-based line in the journey file. */
    errors: { journey: string; line: number; message: string }[];
    /** Settings not carried into an entry (the browser-config format has no such field); `journey` empty: the project's synthetics.config.ts's, placed in the message. */
    warnings: { journey: string; line: number; message: string }[];
    /** Absent when nothing changes. Creates the file (documentChanges) when it did not exist. */
    edit?: WorkspaceEdit;
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/** A monitor Kibana holds, as the import picker lists it. */
export interface KibanaMonitorSummary {
  /** Its saved-object id. */
  configId: string;
  name: string;
  type: string;
  /** Pushed as a project monitor, or made in Kibana's UI (or its public API). */
  origin: 'project' | 'ui';
  project?: string;
}

/**
 * `syntheticsGitops/listKibanaMonitors`: what *Import Monitors from Kibana…* can import from the
 * folder's Kibana target: the monitors of its project and those made in the UI (without a project,
 * every monitor of the space). Read without their secrets.
 */
export namespace ListKibanaMonitorsRequest {
  export const method = 'syntheticsGitops/listKibanaMonitors' as const;
  export type Params = FolderParams;
  export interface Result {
    space: string;
    /** The folder's project, when one is set. */
    project?: string;
    monitors: KibanaMonitorSummary[];
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/**
 * `syntheticsGitops/importMonitors`: writes the chosen monitors as files into `out` (a folder,
 * relative to the workspace folder or absolute), as `synthetics-gitops import` does: secrets as
 * `${param}` placeholders (never in plain text from the editor), a sync configuration when the
 * folder has a project. Fails, writing nothing, when a file to write exists already.
 */
export namespace ImportMonitorsRequest {
  export const method = 'syntheticsGitops/importMonitors' as const;
  export interface Params extends FolderParams {
    /** Saved-object ids of the monitors to import. */
    configIds: string[];
    out: string;
    format: 'configmap' | 'heartbeat';
  }
  export interface Result {
    /** The files written, in order. */
    uris: string[];
    imported: number;
    /** The Kibana global parameters the placeholders need. */
    parameters: string[];
    /** What `synthetics-gitops import` prints: what was written and what to do before a push. */
    summary: string;
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/** A monitor's status, and where git defines it (0-based line): each ConfigMap entry, heartbeat file or journey naming its id. */
export interface MonitorStatusItem extends MonitorStatus {
  places: { uri: string; line: number }[];
}

/**
 * `syntheticsGitops/monitorStatus`: the live status in Kibana of each monitor the folder defines (for
 * Kibana), and of each journey whose id Kibana's project holds, from Kibana's overview status route
 * (`synthetics-gitops status` reads the same). Fails with the Kibana error's message, as a plan does,
 * and when the Kibana reports no status per monitor (before 8.7).
 */
export namespace MonitorStatusRequest {
  export const method = 'syntheticsGitops/monitorStatus' as const;
  export type Params = FolderParams;
  export interface Result {
    /** `<host>/<space>/<project>`. */
    target: string;
    kibanaVersion: string;
    /** Most urgent first (STATE_ORDER), then in file order. */
    monitors: MonitorStatusItem[];
  }
  export const type = new RequestType<Params, Result, void>(method);
}
