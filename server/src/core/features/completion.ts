// Completion of keys valid at the cursor for the monitor's type, of values (enums, schedule
// presets, locations, tags used elsewhere), and snippets for whole monitors and ConfigMap entries.
// Works in plain files and inside embedded entries alike, from the same schemas as validation;
// in journey files, inside `monitor.use({...})`.

import * as jsonc from 'jsonc-parser';
import { Settings } from '../../protocol/settings';
import { FileAnalysis } from '../fileAnalysis';
import { ALLOWED_MINUTES, PUBLIC_LOCATIONS } from '../kibana/facts';
import { journeyCursors } from '../journeys/load';
import { COMMON_SCHEMA, MONITOR_TYPES, MonitorType, Schema, branches, itemSchema, propertyNames, propertySchema, schemaAt, schemaFor } from '../schema/schemas';
import { Span, contains } from '../text/span';
import { Node, entryOf, isMap } from '../tree';
import { Located, locate } from './locate';
import { parentPath, siblingKeys, yamlCursor } from './yamlContext';

export interface CompletionEntry {
  label: string;
  kind: 'property' | 'value' | 'snippet';
  detail?: string;
  documentation?: string;
  insertText: string;
  snippet: boolean;
  /** What the insertion replaces, in the file's offsets. */
  span: Span;
  sortText: string;
  deprecated?: boolean;
}

export interface CompletionContext {
  settings: Settings;
  /** Tags used anywhere in the workspace. */
  tags: string[];
}

export function complete(analysis: FileAnalysis, text: string, offset: number, ctx: CompletionContext): CompletionEntry[] {
  if (analysis.journeys) return completeJourney(text, offset, ctx);
  const at = locate(analysis, text, offset);
  if (at?.unit.format === 'browser-json') return inBlock(completeJson(at, ctx), at);
  if (at?.unit.format === 'api-json' || at?.unit.format === 'push-json') return []; // Kibana's bodies: validated only
  if (at && at.unit.embedded?.exact !== false) {
    const items = completeYaml(at, ctx);
    if (items.length) return inBlock(items, at);
  }
  return configMapEntrySnippets(text, offset, ctx);
}

/** Text of several lines, written at the entry's column: each line break gets the block's indentation (the client inserts as is). */
function inBlock(items: CompletionEntry[], at: Located): CompletionEntry[] {
  const indent = at.unit.embedded?.indent;
  return indent ? items.map((i) => ({ ...i, insertText: i.insertText.replace(/\n/g, '\n' + indent) })) : items;
}

// ---------- YAML ----------

function completeYaml(at: Located, ctx: CompletionContext): CompletionEntry[] {
  const cursor = yamlCursor(at.text, at.offset);
  if (!cursor) return [];
  const relative = monitorRelative(cursor.path, at.unit.root);
  const replace: Span = { start: at.toOuter(at.offset - cursor.prefix.length), end: at.toOuter(at.offset) };
  const lineStart = at.text.lastIndexOf('\n', at.offset - 1) + 1;
  if (at.unit.format === 'sync-config') {
    const schema = schemaFor('sync-config')!;
    return cursor.kind === 'key'
      ? keyItems(schemaAt(schema, cursor.path, schema), schema, siblingKeys(at.text, lineStart, cursor.column), replace, cursor.column, undefined)
      : valueItems(schemaAt(schema, [...cursor.path, ...cursor.key.split('.')], schema), [cursor.key], replace, ctx, 'sync', cursor.inFlowList);
  }
  if (!relative) return [];
  const atMonitorRoot = relative.length === 0;
  const newItem = cursor.kind === 'key' && atMonitorRoot && cursor.listItem;
  // A new item of a monitor list is a monitor of its own: the one before it gives it no type.
  const type = newItem && !(at.monitor && contains(at.monitor.span, at.offset)) ? undefined : at.type;
  const schema = type ? at.schema! : COMMON_SCHEMA;
  if (cursor.kind === 'key') {
    if (cursor.listItem && relative.length > 0) {
      // `- |` under a list of scalars (tags, urls, locations): values, not keys.
      const list = schemaAt(schema, relative, schema);
      if (list && !propertyNames(itemSchema(list, schema), schema).length) return valueItems(list, relative, replace, ctx, type, true);
    }
    const existing = newItem ? new Set<string>() : siblingKeys(at.text, lineStart, cursor.column);
    const items = keyItems(schemaAt(schema, relative, schema), schema, existing, replace, cursor.column, at.unit.target);
    if (atMonitorRoot && (newItem || !type)) items.push(...monitorSnippets(cursor.column, replace, ctx));
    return items;
  }
  const keys = [...relative, ...cursor.key.split('.')];
  if (keys.length === 1 && keys[0] === 'type') return MONITOR_TYPES.map((t, i) => valueEntry(t, replace, `Monitor type ${t}`, i));
  return valueItems(schemaAt(schema, keys, schema), keys, replace, ctx, type, cursor.inFlowList);
}

/** The path below the monitor: drops the keys that hold the list of monitors. */
function monitorRelative(path: string[], root: Node): string[] | undefined {
  const holder = path.findIndex((p, i) => p === 'heartbeat.monitors' || (p === 'monitors' && path[i - 1] === 'heartbeat'));
  if (holder >= 0) return path.slice(holder + 1);
  return isMap(root) && (entryOf(root, 'heartbeat.monitors') || entryOf(root, 'heartbeat')) ? undefined : path;
}

const FIRST_KEYS = ['type', 'id', 'name', 'schedule', 'urls', 'hosts', 'source', 'locations', 'private_locations'];

function keyItems(
  schema: Schema | undefined,
  root: Schema,
  existing: Set<string>,
  replace: Span,
  column: number,
  target: Settings['target'] | undefined,
): CompletionEntry[] {
  const items: CompletionEntry[] = [];
  const object = schema && !propertyNames(schema, root).length ? itemSchema(schema, root) : schema;
  for (const key of propertyNames(object, root)) {
    if (existing.has(key)) continue;
    const property = propertySchema(object, key, root)!;
    const refused = target === 'kibana' && !!property['x-kibana'];
    const ignored = target === 'heartbeat' && property['x-target'] === 'kibana';
    const rank = refused || ignored ? 9 : FIRST_KEYS.includes(key) ? FIRST_KEYS.indexOf(key) : 5;
    items.push({
      label: key,
      kind: 'property',
      detail: refused ? 'not accepted by Kibana project monitors' : ignored ? 'read only by Kibana' : typeLabel(property, root),
      documentation: property.markdownDescription ?? property.description,
      insertText: keyInsert(key, property, root, column),
      snippet: true,
      span: replace,
      sortText: `${rank}${key}`,
      deprecated: refused || property.deprecated === true,
    });
  }
  return items;
}

function keyInsert(key: string, property: Schema, root: Schema, column: number): string {
  const types = branches(property, root).flatMap((b) => (Array.isArray(b.type) ? b.type : b.type ? [b.type] : []));
  const indent = ' '.repeat(column + 2);
  if (types.length === 1 && types[0] === 'object') return `${key}:\n${indent}$0`;
  if (property.enum?.length) return `${key}: \${1|${property.enum.map(String).join(',')}|}`;
  if (types.length === 1 && types[0] === 'boolean') return `${key}: \${1|true,false|}`;
  if (types.length === 1 && types[0] === 'array') return `${key}:\n${indent}- $0`;
  return `${key}: $0`;
}

function typeLabel(schema: Schema, root: Schema): string | undefined {
  const types = new Set(branches(schema, root).flatMap((b) => (Array.isArray(b.type) ? b.type : b.type ? [b.type] : [])));
  return types.size ? [...types].join(' | ') : undefined;
}

function valueItems(schema: Schema | undefined, keys: string[], replace: Span, ctx: CompletionContext, type: MonitorType | 'sync' | undefined, inList: boolean): CompletionEntry[] {
  const key = keys.join('.');
  const items: string[] = [];
  let detail: string | undefined;
  if (key === 'schedule' && type !== 'sync') {
    const seconds = type === 'browser' ? [] : ['@every 10s', '@every 30s'];
    items.push(...seconds, ...ALLOWED_MINUTES.map((m) => (m % 60 === 0 ? `@every ${m / 60}h` : `@every ${m}m`)));
    detail = 'a schedule Kibana runs as written';
  } else if (key === 'locations') {
    items.push(...Object.keys(PUBLIC_LOCATIONS), ...ctx.settings.locations);
    detail = 'Elastic-managed location';
  } else if (key === 'private_locations' || key === 'privateLocations') {
    items.push(...ctx.settings.privateLocations);
    detail = 'private location (from settings)';
  } else if (key === 'tags') {
    items.push(...ctx.tags);
    detail = 'tag used in this workspace';
  } else {
    const target = inList ? (itemSchema(schema, schema ?? {}) ?? schema) : schema;
    for (const b of branches(target, target ?? {})) {
      if (b.enum) items.push(...b.enum.map(String));
      if (b.const !== undefined) items.push(String(b.const));
      const types = Array.isArray(b.type) ? b.type : [b.type];
      if (types.includes('boolean')) items.push('true', 'false');
      for (const example of b.examples ?? []) if (typeof example !== 'object') items.push(String(example));
    }
  }
  return [...new Set(items)].map((v, i) => valueEntry(v, replace, detail, i));
}

function valueEntry(value: string, replace: Span, detail: string | undefined, index: number): CompletionEntry {
  return { label: value, kind: 'value', detail, insertText: value, snippet: false, span: replace, sortText: String(index).padStart(4, '0') };
}

// ---------- snippets ----------

const TEMPLATES: Record<MonitorType, string[]> = {
  http: ['type: http', 'id: ${1:api-health}', 'name: ${2:API health}', 'schedule: "@every ${3:1m}"', 'urls: ["${4:https://example.com/health}"]', '$LOCATIONS', 'check.response.status: [200]', 'tags: [${5:gitops-managed}]'],
  tcp: ['type: tcp', 'id: ${1:database-tcp}', 'name: ${2:Database connection}', 'schedule: "@every ${3:1m}"', 'hosts: ["${4:db.example.com:5432}"]', '$LOCATIONS', 'tags: [${5:gitops-managed}]'],
  icmp: ['type: icmp', 'id: ${1:host-icmp}', 'name: ${2:Host reachable}', 'schedule: "@every ${3:1m}"', 'hosts: ["${4:192.0.2.10}"]', 'wait: 1s', '$LOCATIONS', 'tags: [${5:gitops-managed}]'],
  browser: ['type: browser', 'id: ${1:journey}', 'name: ${2:User journey}', 'schedule: "@every ${3:10m}"', 'source:', '  inline:', '    script: |-', "      step('${4:open}', async () => { await page.goto('${5:https://example.com}'); });", '$LOCATIONS'],
};

function locationsLine(ctx: CompletionContext): string {
  const privateLabel = ctx.settings.privateLocations[0];
  return privateLabel ? `private_locations: ["${privateLabel}"]` : 'locations: ["${9:us_east}"]';
}

function monitorLines(type: MonitorType, ctx: CompletionContext): string[] {
  return TEMPLATES[type].map((l) => (l === '$LOCATIONS' ? locationsLine(ctx) : l));
}

function monitorSnippets(column: number, replace: Span, ctx: CompletionContext): CompletionEntry[] {
  const indent = ' '.repeat(column);
  return MONITOR_TYPES.map((type, i) => ({
    label: `${type} monitor`,
    kind: 'snippet' as const,
    detail: `a new ${type} monitor`,
    insertText: monitorLines(type, ctx).join(`\n${indent}`),
    snippet: true,
    span: replace,
    sortText: `0${i}`,
  }));
}

/** Whole ConfigMap entries, offered at the level of a ConfigMap's `data:` keys. */
function configMapEntrySnippets(text: string, offset: number, ctx: CompletionContext): CompletionEntry[] {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const prefix = text.slice(lineStart, offset);
  const typed = /^(\s*)([\w.\-]*)$/.exec(prefix);
  if (!typed || typed[1].length === 0) return [];
  const column = typed[1].length;
  const path = parentPath(text, lineStart, column, false);
  if (path.length !== 1 || path[0] !== 'data' || !/^kind:\s*ConfigMap\s*$/m.test(text)) return [];
  const indent = ' '.repeat(column + 2);
  const replace = { start: offset - typed[2].length, end: offset };
  // The entry's key and the monitor's id are one placeholder.
  const sameId = (lines: string[]) => lines.map((l) => l.replace(/\$\{1:[^}]*\}/, '${1}')).join(`\n${indent}`);
  const entries: CompletionEntry[] = MONITOR_TYPES.filter((t) => t !== 'browser').map((type, i) => ({
    label: `${type} monitor entry`,
    kind: 'snippet',
    detail: `ConfigMap entry holding a ${type} monitor`,
    insertText: `\${1:${type}-monitor}.yml: |\n${indent}` + sameId(monitorLines(type, ctx)),
    snippet: true,
    span: replace,
    sortText: `0${i}`,
  }));
  entries.push({
    label: 'browser monitor entry',
    kind: 'snippet',
    detail: 'ConfigMap entry holding a browser monitor config (JSON)',
    insertText: `\${1:journey}.json: |\n${indent}` + sameId(browserJsonLines(ctx)),
    snippet: true,
    span: replace,
    sortText: '03',
  });
  return entries;
}

/** A browser monitor config, as a JSON entry holds it. */
function browserJsonLines(ctx: CompletionContext): string[] {
  const locations = ctx.settings.privateLocations[0] ? `"private_locations": ["${ctx.settings.privateLocations[0]}"]` : '"locations": ["${4:us_east}"]';
  return [
    '{',
    '  "id": "${1:journey}",',
    '  "name": "${2:User journey}",',
    '  "type": "browser",',
    '  "schedule": { "number": "${3:10}", "unit": "m" },',
    `  ${locations},`,
    '  "source": { "inline": { "script": "step(\'${5:open}\', async () => { await page.goto(params.url); });" } },',
    '  "params": { "url": "${6:https://example.com}" },',
    '  "tags": ["gitops-managed"],',
    '  "enabled": true',
    '}',
  ];
}

// ---------- JSON (browser monitor configs) ----------

function completeJson(at: Located, ctx: CompletionContext): CompletionEntry[] {
  if (at.text.trim() === '') {
    const replace = { start: at.toOuter(at.offset), end: at.toOuter(at.offset) };
    return [{ label: 'browser monitor', kind: 'snippet', detail: 'a new browser monitor config', insertText: browserJsonLines(ctx).join('\n'), snippet: true, span: replace, sortText: '00' }];
  }
  const schema = schemaFor('browser-json')!;
  const location = jsonc.getLocation(at.text, at.offset);
  const node = location.previousNode;
  const replaceInner: Span = node && at.offset >= node.offset && at.offset <= node.offset + node.length ? { start: node.offset, end: node.offset + node.length } : { start: at.offset, end: at.offset };
  const replace = { start: at.toOuter(replaceInner.start), end: at.toOuter(replaceInner.end) };
  const path = location.path.filter((p): p is string => typeof p === 'string');
  if (location.isAtPropertyKey) {
    const parent = schemaAt(schema, path.slice(0, -1), schema);
    const root = jsonc.parseTree(at.text);
    const parentNode = root && jsonc.findNodeAtLocation(root, location.path.slice(0, -1));
    const existing = new Set<string>((parentNode?.children ?? []).map((p) => String(p.children?.[0]?.value)));
    return propertyNames(parent, schema)
      .filter((k) => !existing.has(k) || k === path[path.length - 1])
      .map((key, i) => {
        const property = propertySchema(parent, key, schema)!;
        return {
          label: key,
          kind: 'property' as const,
          detail: typeLabel(property, schema),
          documentation: property.description,
          insertText: `"${key}": `,
          snippet: false,
          span: replace,
          sortText: `${FIRST_KEYS.includes(key) ? FIRST_KEYS.indexOf(key) : 5}${String(i).padStart(3, '0')}`,
        };
      });
  }
  const keys = path;
  const values = valueItems(schemaAt(schema, keys, schema), keys, replace, ctx, 'browser', false);
  return values.map((v) => ({ ...v, insertText: v.label === 'true' || v.label === 'false' ? v.label : JSON.stringify(v.label) }));
}

// ---------- journeys (monitor.use options) ----------

const JOURNEY_FIRST_KEYS = ['id', 'name', 'schedule', 'locations', 'privateLocations', 'tags'];

function completeJourney(text: string, offset: number, ctx: CompletionContext): CompletionEntry[] {
  const cursor = journeyCursors().journeyCursor(text, offset);
  if (!cursor) return [];
  const schema = schemaFor('journey')!;
  // Strings are quoted as the file quotes them.
  const quote = text.includes("'") || !text.includes('"') ? "'" : '"';
  if (cursor.kind === 'key') {
    const object = schemaAt(schema, cursor.path, schema);
    return propertyNames(object, schema)
      .filter((key) => !cursor.existing.includes(key))
      .map((key) => {
        const property = propertySchema(object, key, schema)!;
        const rank = JOURNEY_FIRST_KEYS.includes(key) ? JOURNEY_FIRST_KEYS.indexOf(key) : 7;
        return {
          label: key,
          kind: 'property' as const,
          detail: typeLabel(property, schema),
          documentation: property.markdownDescription ?? property.description,
          insertText: cursor.hasColon ? key : journeyKeyInsert(key, property, schema, quote),
          snippet: !cursor.hasColon,
          span: cursor.replace,
          sortText: `${rank}${key}`,
          deprecated: property.deprecated === true,
        };
      });
  }
  const property = schemaAt(schema, cursor.path, schema);
  const minutes = allowedMinutes(property);
  const values = minutes
    ? minutes.map((m, i) => valueEntry(String(m), cursor.replace, 'minutes Kibana accepts', i))
    : valueItems(property, cursor.path, cursor.replace, ctx, 'browser', cursor.inList);
  const types = new Set(branches(cursor.inList ? itemSchema(property, schema) : property, schema).flatMap((b) => (Array.isArray(b.type) ? b.type : b.type ? [b.type] : [])));
  const bare = (label: string) =>
    cursor.inString ||
    ((label === 'true' || label === 'false') && types.has('boolean')) ||
    (/^-?\d+(\.\d+)?$/.test(label) && (types.has('number') || types.has('integer')));
  return values.map((v) => ({ ...v, insertText: bare(v.label) ? v.label : `${quote}${v.label}${quote}` }));
}

/** A key with its value's shape, as a TypeScript object member. */
function journeyKeyInsert(key: string, property: Schema, root: Schema, quote: string): string {
  const types = branches(property, root).flatMap((b) => (Array.isArray(b.type) ? b.type : b.type ? [b.type] : []));
  const minutes = allowedMinutes(property);
  if (minutes) return `${key}: \${1|${minutes.join(',')}|}`;
  if (property.enum?.length) return `${key}: ${quote}\${1|${property.enum.map(String).join(',')}|}${quote}`;
  if (types.length === 1 && types[0] === 'object') return `${key}: { $0 }`;
  if (types.length === 1 && types[0] === 'array') return `${key}: [$0]`;
  if (types.length === 1 && types[0] === 'boolean') return `${key}: \${1|true,false|}`;
  if (types.length === 1 && types[0] === 'string') return `${key}: ${quote}$0${quote}`;
  return `${key}: $0`;
}

function allowedMinutes(schema: Schema | undefined): number[] | undefined {
  const minutes = schema?.['x-allowed-minutes'];
  return Array.isArray(minutes) && schema?.type === 'integer' ? (minutes as number[]) : undefined;
}
