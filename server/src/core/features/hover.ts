// Hover: a field's description, allowed values and default, straight from the schema, plus
// what the target makes of it (Kibana's refusals, Kibana's schedule rounding).

import { Target } from '../../protocol/settings';
import { FileAnalysis } from '../analyse';
import { formatSchedule, kibanaSchedule } from '../kibana/facts';
import { PUBLIC_LOCATIONS } from '../kibana/facts';
import { Schema, propertySchema, schemaAt } from '../schema/schemas';
import { listValues } from '../suggest';
import { Span } from '../text/span';
import { pathAt } from '../tree';
import { locate } from './locate';

export interface HoverResult {
  markdown: string;
  span: Span;
}

export function hover(analysis: FileAnalysis, text: string, offset: number): HoverResult | undefined {
  const at = locate(analysis.units, text, offset);
  if (!at?.schema) return undefined;
  const root = at.monitor ?? at.unit.root;
  if (root.kind !== 'map') return undefined;
  const found = pathAt(root, at.offset);
  if (!found.entry || found.path.length === 0) return undefined;
  // Dotted keys read as nested ones: `check.response.status` is three levels of the schema.
  const keys = found.path.filter((p): p is string => typeof p === 'string').flatMap((k) => splitKey(k, at.schema!));
  const schema = schemaAt(at.schema, keys);
  if (!schema) return undefined;
  const lines = [`**\`${keys.join('.')}\`**${at.type ? ` · ${at.type} monitor` : ''}`, ''];
  const description = schema.markdownDescription ?? schema.description;
  if (description) lines.push(description, '');
  if (schema.enum) lines.push(`Allowed: ${listValues(schema.enum)}`);
  if (schema.default !== undefined) lines.push(`Default: \`${JSON.stringify(schema.default)}\``);
  const notes = targetNotes(schema, at.unit.target);
  if (notes) lines.push('', notes);
  const valueNote = found.onKey ? undefined : valueNotes(keys, found.node.kind === 'scalar' ? found.node.value : undefined, at.unit.target);
  if (valueNote) lines.push('', valueNote);
  const span = found.onKey ? found.entry.keySpan : found.node.span;
  return { markdown: lines.join('\n').trim(), span: { start: at.toOuter(span.start), end: at.toOuter(span.end) } };
}

function splitKey(key: string, root: Schema): string[] {
  return key.includes('.') && !propertySchema(root, key, root) ? key.split('.') : [key];
}

function targetNotes(schema: Schema, target: Target): string | undefined {
  if (target === 'kibana' && schema['x-kibana']) return `⚠ Not accepted by Kibana project monitors: ${schema['x-kibana']}`;
  if (target === 'heartbeat' && schema['x-target'] === 'kibana') return 'Read only by Kibana; a standalone Heartbeat ignores it.';
  return undefined;
}

function valueNotes(keys: string[], value: unknown, target: Target): string | undefined {
  const key = keys.join('.');
  if (key === 'schedule' && typeof value === 'string' && target === 'kibana') {
    const converted = kibanaSchedule(value);
    return converted ? `Kibana runs this \`${formatSchedule(converted)}\`.` : undefined;
  }
  if (key === 'locations' || keys[0] === 'locations') {
    const id = typeof value === 'string' ? PUBLIC_LOCATIONS[value] : undefined;
    return id ? `Elastic-managed location \`${id}\`.` : undefined;
  }
  return undefined;
}
