// Points what Kibana does with a monitor at what the user wrote. Kibana's refusals name its own
// keys (the project monitor as sent, or the stored monitor after flattening and renaming) and its
// codec issues carry paths below them; here they are mapped back to the key or value written, with
// what to write instead and a quick fix where one is obvious. Shared by the rule that checks our
// formats and by the reading of Kibana's own request bodies.

import type { Code } from '../codes';
import { CodecIssue, formatIssue } from '../kibana/codec';
import { Refusal, RefusalPlace } from '../kibana/normalise';
import { Rewrite, reportedStoredValue } from '../kibana/rewrites';
import { Finding, Fix } from '../findings';
import { Span } from '../text/span';
import { Entry, MapNode, Node, entryOf, get, isMap, isSeq, stringValue } from '../tree';

/** How Kibana's keys were written in a format, where the names differ (stored keys, project-monitor keys). */
export interface WrittenNames {
  stored: Record<string, string>;
  payload: Record<string, string>;
  /** JSON needs quoted keys in fixes. */
  json: boolean;
}

/** The entry a flattened key (`check.response.status`) was written as: dotted, nested, or partly both. */
export function entryAtFlatKey(map: MapNode, key: string): Entry | undefined {
  const direct = entryOf(map, key);
  if (direct) return direct;
  for (let i = map.entries.length - 1; i >= 0; i--) {
    const e = map.entries[i];
    if (key.startsWith(`${e.key}.`) && isMap(e.value)) {
      const found = entryAtFlatKey(e.value, key.slice(e.key.length + 1));
      if (found) return found;
    }
  }
  return undefined;
}

interface Place {
  entry: Entry;
  /** The node reached along the issue's path, and its written path (`check.response.json[0]`). */
  node: Node;
  written: string;
  /** A key the path needs that the map reached lacks. */
  missing?: string;
}

/** Where a Kibana key, and the path below it, was written; undefined when it was not (a default). */
function placeOf(monitor: MapNode, key: string, below: CodecIssue['path'], names: Record<string, string>): Place | undefined {
  const name = names[key];
  const entry = (name !== undefined ? entryAtFlatKey(monitor, name) : undefined) ?? entryAtFlatKey(monitor, key);
  if (!entry) return undefined;
  const place: Place = { entry, node: entry.value, written: name !== undefined && entryAtFlatKey(monitor, name) ? name : key };
  for (const step of below) {
    if (typeof step === 'number' && isSeq(place.node) && place.node.items[step]) {
      place.node = place.node.items[step];
      place.written += `[${step}]`;
    } else if (typeof step === 'string' && isMap(place.node)) {
      const inner = entryOf(place.node, step);
      if (!inner) return { ...place, missing: step };
      place.node = inner.value;
      place.written += `.${step}`;
    } else break; // Kibana's stored value has a shape the written one lacks (a list from a string, …): point at what was written
  }
  return place;
}

function spanOf(place: Place): Span {
  if (place.missing) return isMap(place.node) && place.node.entries[0] ? place.node.entries[0].keySpan : place.node.span;
  return place.node.span;
}

function described(node: Node): string {
  if (node.kind === 'seq') return 'a list';
  if (node.kind === 'map') return 'a map';
  return node.value === null ? 'empty' : node.value === '' ? '`""`' : `\`${node.value}\``;
}

function scalarText(node: Node): string | undefined {
  return node.kind === 'scalar' && node.value !== null ? String(node.value) : undefined;
}

/** The obvious rewrite of a written value into what the codec expects: a scalar into a list of strings, a number into a string. */
function codecFix(issue: CodecIssue, place: Place): Fix | undefined {
  const text = scalarText(place.node);
  if (place.missing || text === undefined || place.node.kind !== 'scalar') return undefined;
  const newText = issue.expected.startsWith('a list of strings') ? JSON.stringify([text]) : /\ba string\b/.test(issue.expected) && typeof place.node.value !== 'string' ? JSON.stringify(text) : undefined;
  return newText ? { title: `Write \`${newText}\``, edits: [{ span: place.node.span, newText }], preferred: true } : undefined;
}

/** One codec issue at its written place: what is written, what Kibana expects, Kibana's reason and wording. */
function codecFinding(issue: CodecIssue, refusal: Refusal, monitor: MapNode, names: WrittenNames, anchor: Span): Finding {
  const [key, ...below] = issue.path as [string, ...CodecIssue['path']];
  const keyNames = refusal.at?.keys === 'payload' ? names.payload : names.stored;
  const place = placeOf(monitor, key, below, keyNames);
  const kibana = `("${refusal.reason}": ${formatIssue(issue)})`;
  if (!place) {
    return { code: 'kibana-refused', severity: 'error', message: `Kibana refuses this monitor ${kibana}: \`${key}\` must be ${issue.expected}.`, span: anchor };
  }
  const fix = codecFix(issue, place);
  const subject = place.missing
    ? `\`${place.written}\` has no \`${place.missing}\`, which Kibana requires (${issue.expected})`
    : `\`${place.written}\` is ${described(place.node)}, but Kibana expects ${issue.expected}`;
  const instead = fix ? ` Write \`${fix.edits[0].newText}\` instead.` : place.missing ? ` Add \`${place.missing}\`.` : '';
  return { code: 'kibana-refused', severity: 'error', message: `${subject}: it refuses the monitor ${kibana}.${instead}`, span: spanOf(place), fixes: fix && [fix] };
}

/** The codec issues of the refusals (the payload's and the stored monitor's), each at its written place. */
export function codecFindings(refusals: Refusal[], monitor: MapNode, names: WrittenNames, anchor: Span): Finding[] {
  return refusals.flatMap((refusal) =>
    (refusal.at?.issues ?? [])
      // Locations are checked by their own rules (validation cannot resolve them without Kibana).
      .filter((issue) => issue.path[0] !== 'locations')
      .map((issue) => codecFinding(issue, refusal, monitor, names, anchor)),
  );
}

/** Finding codes for refusals other than codec issues, by what they are about. */
const CODES: Record<string, Code> = {
  type: 'unknown-monitor-type',
  count: 'multiple-endpoints',
  url: 'url-invalid',
  unsupported: 'kibana-unsupported-key',
  namespace: 'namespace-invalid',
  locations: 'missing-required',
  schedule: 'schedule-invalid',
  duration: 'duration-invalid',
  script: 'missing-required',
};

/**
 * Every refusal of a Kibana request body at its written place: codec issues one by one, the other
 * checks at the keys they are about (each unsupported key at its own), with Kibana's reason.
 */
export function refusalFindings(refusals: Refusal[], monitor: MapNode, names: WrittenNames, anchor: Span): Finding[] {
  const findings = codecFindings(refusals, monitor, names, anchor);
  for (const refusal of refusals) {
    const at = refusal.at;
    if (at?.issues?.length && !at.fields?.length) continue;
    const keyNames = at?.keys === 'payload' ? names.payload : names.stored;
    const code = CODES[at?.kind ?? ''] ?? 'kibana-refused';
    // Their details name the Kibana version, unknown here, and say no more than the message does.
    const versioned = at?.kind === 'count' || at?.kind === 'url' || at?.kind === 'unsupported';
    const kibana = `("${refusal.reason}"${refusal.details && !versioned ? `: ${refusal.details}` : ''})`;
    const places = (at?.fields ?? []).map((field) => ({ field, entry: entryAtFlatKey(monitor, keyNames[field] ?? field) ?? entryAtFlatKey(monitor, field) }));
    const found = places.filter((p) => p.entry);
    if (!found.length) {
      findings.push({ code, severity: 'error', message: `Kibana refuses this monitor ${kibana}.`, span: anchor });
      continue;
    }
    const type = stringValue(get(monitor, 'type')) ?? 'browser';
    for (const { field, entry } of at?.kind === 'unsupported' ? found : found.slice(0, 1)) {
      findings.push({ code, severity: 'error', message: refusalMessage(at?.kind, field, kibana, type), span: at?.kind === 'unsupported' ? entry!.keySpan : entry!.value.span });
    }
  }
  // Kibana stops at the first stage that fails: of two stages refusing one value, the first is the one it says.
  return findings.filter((f, i) => findings.findIndex((other) => other.span.start === f.span.start) === i);
}

function refusalMessage(kind: RefusalPlace['kind'] | undefined, field: string, kibana: string, type: string): string {
  switch (kind) {
    case 'unsupported':
      return `\`${field}\` is not an option of Kibana's ${type} project monitors: it refuses the monitor ${kibana}. Remove it.`;
    case 'count':
      return `\`${field}\` must hold exactly one value: Kibana refuses the monitor ${kibana}. Keep one per monitor.`;
    case 'duration':
      return `\`${field}\` is not a string: Kibana fails on it ${kibana}. Write it as a string with a unit, such as \`"30s"\`.`;
    default:
      return `Kibana refuses this monitor ${kibana}.`;
  }
}

/** A field Kibana drops or stores otherwise, at its written key, naming the stored value; `fix` when the rewrite is obvious. */
export function rewriteFinding(rewrite: Rewrite, stored: unknown, monitor: MapNode, names: WrittenNames, retestKey: string): Finding | undefined {
  const entry = entryAtFlatKey(monitor, rewrite.written);
  if (!entry) return undefined;
  const shown = JSON.stringify(reportedStoredValue(rewrite.field, stored));
  const key = (name: string) => (names.json ? JSON.stringify(name) : name);
  let fix: Fix | undefined;
  if (rewrite.written === 'labels' && !entryOf(monitor, 'fields') && monitor.entries.includes(entry)) {
    fix = { title: 'Rename `labels` to `fields`', edits: [{ span: entry.keySpan, newText: key('fields') }], preferred: true };
  }
  const attempts = entry.value.kind === 'scalar' && typeof entry.value.value === 'number' ? entry.value.value : undefined;
  if (rewrite.written === 'max_attempts' && attempts !== undefined && !entryOf(monitor, retestKey) && monitor.entries.includes(entry)) {
    const newText = `${key(retestKey)}: ${attempts > 1}`;
    fix = { title: `Write \`${newText}\``, edits: [{ span: { start: entry.keySpan.start, end: entry.value.span.end }, newText }], preferred: true };
  }
  return {
    code: 'kibana-stores-otherwise',
    severity: 'warning',
    message: `${rewrite.what} (Kibana stores \`${rewrite.field}: ${shown}\`); ${rewrite.advice}.`,
    span: entry.keySpan,
    fixes: fix && [fix],
  };
}
