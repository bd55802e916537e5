// Custom requests between the extension and the language server, one namespace each, shared by
// both sides. Only types and method names live here: no handler, no vscode import.
// Lines are 0-based, as in LSP positions. The API key travels only inside these requests' params,
// never in settings, a notification or a reply.

import { RequestType } from 'vscode-languageserver-protocol';
import type { WorkspaceEdit } from 'vscode-languageserver-protocol';

/** Which workspace folder a request is about, and the key from the editor's secret storage. */
export interface FolderParams {
  /** A workspace folder's URI: its files are the desired state, its settings name the target. */
  folderUri: string;
  /** Kibana API key; without it, KIBANA_API_KEY (or basic auth) from the environment, else the sync configuration's `kibana.auth`. */
  apiKey?: string;
}

/** A validation error that stops a push (the Problems panel shows the same). */
export interface PlanError {
  uri: string;
  line: number;
  code: string;
  message: string;
}

/** One monitor of the plan, with both sides as YAML for a diff editor. */
export interface PlanMonitor {
  id: string;
  action: 'create' | 'update' | 'delete' | 'unchanged' | 'invalid';
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
}

/**
 * `syntheticsGitops/plan`: what a push of the folder would change in Kibana. The target comes from
 * the folder's `syntheticsGitops.kibana.*` settings, else the environment or the sync configuration,
 * as for the CLI. Fails with the Kibana error's message (it names what to fix, never a secret).
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
    /** Validation errors in the folder: a push refuses while there are any. */
    errors: PlanError[];
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
 * `syntheticsGitops/push`: plans again and carries the plan out. Deletes happen only with `prune`,
 * and only when `confirmedDeletes` equals the plan's deletes at push time; otherwise nothing is
 * pushed and the request fails saying the plan changed. Also fails, pushing nothing, while the
 * folder has validation errors.
 */
export namespace PushRequest {
  export const method = 'syntheticsGitops/push' as const;
  export interface Params extends FolderParams {
    prune: boolean;
    /** The journey ids the user agreed to delete: exactly the plan's deletes. */
    confirmedDeletes: string[];
  }
  export interface Result {
    created: string[];
    updated: string[];
    deleted: string[];
    failed: PushFailure[];
    /** Deletes left undone because a write failed (a push after the fix does them). */
    deletesSkipped: boolean;
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
