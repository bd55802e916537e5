// Hover: a field's description, allowed values and default, straight from the schema, plus
// what the target makes of it (Kibana's refusals, Kibana's schedule rounding). In journey files:
// the `monitor.use({...})` options, and each journey's monitor id.

import { Target } from '../../protocol/settings';
import { FileAnalysis } from '../fileAnalysis';
import type { AnalysedJourney } from '../journeys/analyse';
import { formatSchedule, kibanaSchedule } from '../kibana/facts';
import { PUBLIC_LOCATIONS } from '../kibana/facts';
import { KIBANA_CHANGES } from '../kibana/versions';
import { COMMON_SCHEMA, Schema, propertySchema, schemaAt, schemaFor } from '../schema/schemas';
import { listValues } from '../suggest';
import { Span, contains } from '../text/span';
import { Node, pathAt } from '../tree';
import { locate } from './locate';

export interface HoverResult {
  markdown: string;
  span: Span;
}

export function hover(analysis: FileAnalysis, text: string, offset: number): HoverResult | undefined {
  if (analysis.journeys) return hoverJourney(analysis.journeys, offset);
  const at = locate(analysis, text, offset);
  // Before its type is written, a monitor has the keys every type has.
  const monitorSchema = at?.schema ?? (at?.monitor && at.unit.format === 'heartbeat' ? COMMON_SCHEMA : undefined);
  if (!at || !monitorSchema) return undefined;
  const root = at.monitor ?? at.unit.root;
  if (root.kind !== 'map') return undefined;
  const found = pathAt(root, at.offset);
  if (!found.entry || found.path.length === 0) return undefined;
  // Dotted keys read as nested ones: `check.response.status` is three levels of the schema.
  const keys = found.path.filter((p): p is string => typeof p === 'string').flatMap((k) => splitKey(k, monitorSchema));
  const schema = schemaAt(monitorSchema, keys);
  if (!schema) return undefined;
  const markdown = fieldMarkdown(keys, schema, at.type && `${at.type} monitor`, at.unit.target, found.onKey ? undefined : found.node);
  const span = found.onKey ? found.entry.keySpan : found.node.span;
  return { markdown, span: { start: at.toOuter(span.start), end: at.toOuter(span.end) } };
}

/** A field's title, description, allowed values, default, and what the target does with it and its value. */
function fieldMarkdown(keys: string[], schema: Schema, subject: string | undefined, target: Target, value: Node | undefined): string {
  const lines = [`**\`${keys.join('.')}\`**${subject ? ` · ${subject}` : ''}`, ''];
  const description = schema.markdownDescription ?? schema.description;
  if (description) lines.push(description, '');
  if (schema.enum) lines.push(`Allowed: ${listValues(schema.enum)}`);
  if (schema.default !== undefined) lines.push(`Default: \`${JSON.stringify(schema.default)}\``);
  const notes = targetNotes(schema, target);
  if (notes) lines.push('', notes);
  const valueNote = value ? valueNotes(keys, value.kind === 'scalar' ? value.value : undefined, target) : undefined;
  if (valueNote) lines.push('', valueNote);
  return lines.join('\n').trim();
}

/** Inside `monitor.use({...})`: the option under the cursor. On a journey's name: its monitor id. */
function hoverJourney(journeys: AnalysedJourney[], offset: number): HoverResult | undefined {
  for (const journey of journeys) {
    if (contains(journey.nameSpan, offset)) {
      const derived = journey.idSpan.start === journey.nameSpan.start;
      const id = journey.id === undefined ? 'set by an expression' : `\`${journey.id}\`${derived ? ', from the journey\'s name' : ''}`;
      const lines = [`**${journey.kind} journey** "${journey.name}"`, '', `Monitor id: ${id}. Steps: ${journey.steps.length}.`];
      if (derived) lines.push('', 'Renaming the journey changes the id, and the push then creates a new monitor: set `monitor.use({ id })` to keep it stable.');
      return { markdown: lines.join('\n'), span: journey.nameSpan };
    }
    const config = journey.config;
    if (!config || !contains(config.span, offset)) continue;
    const found = pathAt(config, offset);
    const keys = found.path.filter((p): p is string => typeof p === 'string');
    // On a key, a value, or an item of a list (`locations: ['germany']`).
    const schema = keys.length ? schemaAt(schemaFor('journey')!, keys) : undefined;
    if (!schema || (!found.entry && found.node.kind !== 'scalar')) return undefined;
    const markdown = fieldMarkdown(keys, schema, 'journey monitor', 'kibana', found.onKey ? undefined : found.node);
    return { markdown, span: found.onKey && found.entry ? found.entry.keySpan : found.node.span };
  }
  return undefined;
}

function splitKey(key: string, root: Schema): string[] {
  return key.includes('.') && !propertySchema(root, key, root) ? key.split('.') : [key];
}

function targetNotes(schema: Schema, target: Target): string | undefined {
  if (target === 'kibana' && schema['x-kibana']) return `⚠ Not accepted by Kibana project monitors: ${schema['x-kibana']}`;
  const since = schema['x-kibana-since'];
  if (target === 'kibana' && since) return `Accepted by Kibana ${KIBANA_CHANGES[since].since} and later; older versions refuse it ("Unsupported Heartbeat option").`;
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
