// A finding is the core's diagnostic: a stable code, a message naming the field, the bad value
// and what is allowed, and a span in the file's own text. LSP and CLI convert it at the edge.

import type { Code } from './codes';
import type { VersionGate } from './kibana/versions';
import { Span } from './text/span';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface TextEdit {
  span: Span;
  newText: string;
}

/** A quick fix, computed with the finding so every client gets the same edits. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  preferred?: boolean;
}

export interface Related {
  /** File of the related place; undefined means the finding's own file. */
  file?: string;
  span: Span;
  message: string;
}

export interface Finding {
  code: Code;
  severity: Severity;
  message: string;
  span: Span;
  related?: Related[];
  fixes?: Fix[];
  /** Holds only on one side of a change between Kibana versions (kibana/versions.ts). */
  versionGate?: VersionGate;
  /**
   * The input here cannot be read as monitors (a syntax error, an alias bomb, an untyped monitor):
   * monitors may hide in it, so plan, push and watch delete nothing while it stands.
   */
  hidesMonitors?: boolean;
}
