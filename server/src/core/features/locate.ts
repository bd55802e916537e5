// Finds what lies under a cursor: the document (a whole file or a ConfigMap entry), the offset
// inside it, the monitor there and its schema. Shared by hover and completion.

import { Unit } from '../extract';
import { MonitorType, Schema, isMonitorType, schemaFor } from '../schema/schemas';
import { MapNode, get, stringValue } from '../tree';

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

export function locate(units: Unit[], fileText: string, offset: number): Located | undefined {
  let best: Located | undefined;
  for (const unit of units) {
    const e = unit.embedded;
    const inner = e ? (offset > unit.container!.keySpan.end ? e.toInner(offset) : undefined) : offset;
    if (inner === undefined) continue;
    // A plain file's document reaches to the next one: trailing blank lines where the user types belong to it.
    if (!e && offset < unit.root.span.start) continue;
    const text = e ? e.editText : fileText;
    const located: Located = { unit, text, offset: inner, toOuter: e ? e.toOuter : (o) => o };
    const monitor = monitorAt(unit.monitors, inner);
    if (monitor) {
      located.monitor = monitor;
      const type = unit.format === 'browser-json' ? 'browser' : stringValue(get(monitor, 'type'));
      if (isMonitorType(type)) {
        located.type = type;
        located.schema = schemaFor(unit.format, type);
      }
    } else if (unit.format === 'sync-config') located.schema = schemaFor('sync-config');
    // Several documents can claim the offset (nested ones); the innermost starts last.
    if (!best || unit.root.span.start >= best.unit.root.span.start || e) best = located;
  }
  return best;
}

function monitorAt(monitors: MapNode[], offset: number): MapNode | undefined {
  let candidate: MapNode | undefined;
  for (const m of monitors) {
    if (offset >= m.span.start && offset <= m.span.end) return m;
    if (m.span.start <= offset) candidate = m;
  }
  return candidate;
}
