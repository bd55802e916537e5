// Finds what lies under a cursor: the document (a whole file or a ConfigMap entry), the offset
// inside it, the monitor there and its schema. Shared by hover and completion.

import { FileAnalysis } from '../analyse';
import { Unit } from '../extract';
import { MONITOR_TYPES, MonitorType, Schema, heartbeatSchema, isMonitorType, propertyNames, schemaFor } from '../schema/schemas';
import { Span, contains } from '../text/span';
import { MapNode, Node, get, isMap, isSeq, stringValue } from '../tree';

export interface Located {
  unit: Unit;
  /** The document's text and the cursor in it. */
  text: string;
  offset: number;
  /** The monitor at the cursor (or the last one before it), if the document holds monitors. */
  monitor?: MapNode;
  type?: MonitorType;
  schema?: Schema;
  /** Maps an offset of `text` back to the file. */
  toOuter(offset: number): number;
}

export function locate(analysis: Pick<FileAnalysis, 'units' | 'drafts'>, fileText: string, offset: number): Located | undefined {
  let best: Located | undefined;
  for (const unit of analysis.units) {
    const located = claim(unit, fileText, offset);
    // Several documents can claim the offset (nested ones); the innermost starts last.
    if (located && (!best || unit.root.span.start >= best.unit.root.span.start || unit.embedded)) best = located;
  }
  if (best?.unit.embedded) return best;
  // An entry not (yet) read as monitors, while what is written in it could be the start of one.
  for (const draft of analysis.drafts ?? []) {
    const located = claim(draft, fileText, offset);
    if (located) return startsLikeMonitor(located) ? located : best;
  }
  return best;
}

/** The unit's view of the offset, if the offset lies in it. */
function claim(unit: Unit, fileText: string, offset: number): Located | undefined {
  const e = unit.embedded;
  const inner = e ? (offset > unit.container!.keySpan.end ? e.toInner(offset) : undefined) : offset;
  if (inner === undefined) return undefined;
  // A plain file's document reaches to the next one: trailing blank lines where the user types belong to it.
  if (!e && offset < unit.root.span.start) return undefined;
  const located: Located = { unit, text: e ? e.editText : fileText, offset: inner, toOuter: e ? e.toOuter : (o) => o };
  const monitor = monitorAt(unit.monitors, inner);
  if (monitor) {
    located.monitor = monitor;
    const type = unit.format === 'browser-json' ? 'browser' : stringValue(get(monitor, 'type'));
    if (isMonitorType(type)) {
      located.type = type;
      located.schema = schemaFor(unit.format, type);
    }
  } else if (unit.format === 'sync-config') located.schema = schemaFor('sync-config');
  return located;
}

function monitorAt(monitors: MapNode[], offset: number): MapNode | undefined {
  let candidate: MapNode | undefined;
  for (const m of monitors) {
    if (offset >= m.span.start && offset <= m.span.end) return m;
    if (m.span.start <= offset) candidate = m;
  }
  return candidate;
}

const rootKeys = new Map<'heartbeat' | 'browser-json', Set<string>>();

/**
 * Whether a draft holds nothing but the start of a monitor: monitor keys (a dotted key by its first
 * part), and at the cursor the word being typed. Other YAML or JSON (an app's settings in a
 * ConfigMap) is someone else's, and gets no monitor keys.
 */
function startsLikeMonitor(at: Located): boolean {
  const typing = (s: Span) => contains(s, at.offset);
  const keys = keysOf(at.unit.format === 'browser-json' ? 'browser-json' : 'heartbeat');
  const started = (node: Node): boolean =>
    isMap(node)
      ? node.entries.every((e) => keys.has(e.key.split('.')[0]) || typing(e.keySpan))
      : node.kind === 'scalar' && (node.value === null || typing(node.span));
  return isSeq(at.unit.root) ? at.unit.root.items.every(started) : started(at.unit.root);
}

/** The keys a monitor of the format may have at its root, whatever its type. */
function keysOf(format: 'heartbeat' | 'browser-json'): Set<string> {
  let keys = rootKeys.get(format);
  if (!keys) {
    const schemas = format === 'browser-json' ? [schemaFor('browser-json')!] : MONITOR_TYPES.map(heartbeatSchema);
    rootKeys.set(format, (keys = new Set(schemas.flatMap((schema) => propertyNames(schema, schema)))));
  }
  return keys;
}
