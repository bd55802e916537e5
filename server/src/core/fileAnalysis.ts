// What the analysis of one file says: its kind, its monitors and its findings. A module of its own,
// so that the parts the analysis uses (journey analysis, the desired state, the features) can name
// these types without importing the analysis itself.

import type { Unit } from './extract';
import type { Finding } from './findings';
import type { Journey } from './journeys/parse';
import type { ManifestInfo } from './k8s/manifests';
import type { Embedded, EntryDocument } from './parse/embedded';
import type { JsonParse } from './parse/jsonTree';
import type { YamlParse } from './parse/yamlTree';
import type { Span } from './text/span';
import type { Node } from './tree';

export type FileKind = 'yaml' | 'browser-json' | 'journey';

/** A journey, with the monitor id it is pushed as. */
export interface AnalysedJourney extends Journey {
  /**
   * The monitor id the push uses, as @elastic/synthetics derives it: `monitor.use`'s `id`, else
   * the journey's `id` option, else its name. Undefined when an expression decides it.
   */
  id?: string;
  /** Where the id is written (the journey's name when derived from it). */
  idSpan: Span;
}

export interface MonitorInfo {
  id?: string;
  idSpan?: Span;
  name?: string;
  type?: string;
  tags: string[];
  /** The whole monitor, and the part to select (its name, or its first key). */
  span: Span;
  selectionSpan: Span;
  format: Unit['format'];
  target: Unit['target'];
  container?: Unit['container'];
}

export interface FileAnalysis {
  /** For the Kibana version of the settings (`kibana.version`, else the newest modelled). */
  findings: Finding[];
  /** Every finding that holds only before or since a Kibana version, to pick anew for another one (findingsForVersion). */
  versionGated: Finding[];
  monitors: MonitorInfo[];
  units: Unit[];
  /** What may become monitors as it is written (Extraction.drafts): for completion and hover, never validated. */
  drafts?: Unit[];
  /** Journey files only (their units are empty): the journeys, for outline, completion and hover. */
  journeys?: AnalysedJourney[];
  /** Kustomizations, agent Deployments, push Jobs, Applications: what needs the disk or the workspace to check. */
  manifests?: ManifestInfo;
  /** What the analysis of an edit of the file starts from (analyse.ts). */
  reuse?: Reuse;
}

/** A YAML file's parse (which parse/reparse.ts re-reads in part), its entries' parses by their text, and their documents by their value's node. */
export interface Reuse {
  parse?: YamlParse;
  yaml: Map<string, YamlParse>;
  json: Map<string, JsonParse>;
  embedded: Map<Node, PlacedEntry>;
}

export interface PlacedEntry {
  document: EntryDocument;
  embedded: Embedded;
}
