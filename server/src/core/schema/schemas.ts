// The JSON Schemas in `schemas/` are the one source of truth for validation, completion and
// hover. This module loads them and walks them by path; it understands the subset of JSON Schema
// the files use (properties, items, $ref, anyOf/oneOf, type, enum, default, description).

import heartbeatMonitor from '../../../../schemas/heartbeat-monitor.schema.json';
import browserMonitor from '../../../../schemas/browser-monitor.schema.json';
import journeyMonitor from '../../../../schemas/journey-monitor.schema.json';
import syncConfig from '../../../../schemas/sync-config.schema.json';
import type { KibanaChange } from '../kibana/versions';

export interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  default?: unknown;
  examples?: unknown[];
  description?: string;
  markdownDescription?: string;
  deprecated?: boolean;
  definitions?: Record<string, Schema>;
  /** Kibana refuses this key for project monitors; the message says what to write instead. */
  'x-kibana'?: string;
  /** Only Kibana reads this key; a standalone Heartbeat ignores it. */
  'x-target'?: 'kibana';
  /** Kibana refuses this key for project monitors before the version of this change (kibana/versions.ts). */
  'x-kibana-since'?: KibanaChange;
  [keyword: string]: unknown;
}

/**
 * `journey`: the `monitor.use({...})` options of a journey in a `*.journey.ts` file. `api-json`: a
 * monitor as Kibana's public monitor API takes it (what its UI saves); `push-json`: a project push body
 * (`{project, keep_stale, monitors}`). Those two are validated against Kibana's own rules, not pushed.
 */
export type Format = 'heartbeat' | 'browser-json' | 'api-json' | 'push-json' | 'sync-config' | 'journey';

/** Formats read only to be validated: Kibana's own request bodies. */
export const KIBANA_BODY_FORMATS: readonly Format[] = ['api-json', 'push-json'];

export const MONITOR_TYPES = ['http', 'tcp', 'icmp', 'browser'] as const;
export type MonitorType = (typeof MONITOR_TYPES)[number];

export function isMonitorType(value: unknown): value is MonitorType {
  return typeof value === 'string' && (MONITOR_TYPES as readonly string[]).includes(value);
}

const heartbeatRoot = heartbeatMonitor as unknown as Schema;
const typeSchemas = new Map<MonitorType, Schema>();

/** The closed schema of one heartbeat monitor type: common keys and the type's own keys. */
export function heartbeatSchema(type: MonitorType): Schema {
  let schema = typeSchemas.get(type);
  if (!schema) {
    const common = heartbeatRoot.definitions!.common;
    const own = heartbeatRoot.definitions![type];
    schema = {
      type: 'object',
      properties: { ...common.properties, ...own.properties },
      required: [...(common.required ?? []), ...(own.required ?? [])],
      additionalProperties: false,
      definitions: heartbeatRoot.definitions,
    };
    typeSchemas.set(type, schema);
  }
  return schema;
}

/** Keys every monitor type has: what completion offers before `type` is written. */
export const COMMON_SCHEMA: Schema = { ...heartbeatRoot.definitions!.common, definitions: heartbeatRoot.definitions };

/** The schema of a whole document of the given format (for heartbeat: of the monitor's type). */
export function schemaFor(format: Format, type?: MonitorType): Schema | undefined {
  if (format === 'browser-json') return browserMonitor as unknown as Schema;
  if (format === 'sync-config') return syncConfig as unknown as Schema;
  if (format === 'journey') return journeyMonitor as unknown as Schema;
  return type && format === 'heartbeat' ? heartbeatSchema(type) : undefined;
}

/** Every schema a document is validated against, by a name (validators.ts compiles each). */
export const VALIDATED_SCHEMAS: Record<string, Schema> = {
  ...Object.fromEntries(MONITOR_TYPES.map((type) => [type, heartbeatSchema(type)])),
  browserJson: schemaFor('browser-json')!,
  syncConfig: schemaFor('sync-config')!,
  journey: schemaFor('journey')!,
};

/** The heartbeat schema file itself, for clients that take a standalone JSON Schema. */
export const HEARTBEAT_SCHEMA_FILE = heartbeatRoot;

/** Follows `$ref`s (local `#/definitions/...` only) against the document's root. */
export function deref(schema: Schema | undefined, root: Schema): Schema | undefined {
  let current = schema;
  for (let hops = 0; current?.$ref && hops < 20; hops++) {
    const path = current.$ref.replace(/^#\//, '').split('/');
    let target: unknown = root;
    for (const part of path) target = (target as Record<string, unknown> | undefined)?.[part];
    current = target as Schema | undefined;
  }
  return current;
}

/** The alternatives a schema allows (itself, or each branch of anyOf/oneOf), dereferenced. */
export function branches(schema: Schema | undefined, root: Schema): Schema[] {
  const s = deref(schema, root);
  if (!s) return [];
  const alternatives = s.anyOf ?? s.oneOf;
  return alternatives ? alternatives.flatMap((b) => branches(b, root)) : [s];
}

/** propertySchema's answers, by schema, root and key: asked for every key of every monitor, always of the same few schemas. */
const properties = new WeakMap<Schema, WeakMap<Schema, Map<string, Schema | undefined>>>();

/** The schema of a map member `key`, looking through alternatives. */
export function propertySchema(schema: Schema | undefined, key: string, root: Schema): Schema | undefined {
  if (!schema) return undefined;
  let byRoot = properties.get(schema);
  if (!byRoot) properties.set(schema, (byRoot = new WeakMap()));
  let byKey = byRoot.get(root);
  if (!byKey) byRoot.set(root, (byKey = new Map()));
  if (!byKey.has(key)) byKey.set(key, findProperty(schema, key, root));
  return byKey.get(key);
}

function findProperty(schema: Schema, key: string, root: Schema): Schema | undefined {
  for (const b of branches(schema, root)) {
    const p = b.properties?.[key];
    if (p) return deref(p, root);
  }
  for (const b of branches(schema, root)) {
    if (typeof b.additionalProperties === 'object') return deref(b.additionalProperties, root);
  }
  return undefined;
}

/** The schema of a list item. */
export function itemSchema(schema: Schema | undefined, root: Schema): Schema | undefined {
  for (const b of branches(schema, root)) if (b.items) return deref(b.items, root);
  return undefined;
}

/**
 * The schema at a path of keys and list indices (numbers or numeric strings, as in JSON pointers).
 * A key below a list of mappings is a key of its items, so `monitors.type` works without an index.
 */
export function schemaAt(schema: Schema, path: (string | number)[], root: Schema = schema): Schema | undefined {
  let current: Schema | undefined = schema;
  for (const part of path) {
    const items = itemSchema(current, root);
    if (typeof part === 'number' || (/^\d+$/.test(part) && items)) current = items;
    else current = propertySchema(propertyNames(current, root).length || !items ? current : items, part, root);
    if (!current) return undefined;
  }
  return current;
}

/** The known member names of an object schema (through alternatives). */
export function propertyNames(schema: Schema | undefined, root: Schema): string[] {
  const names = new Set<string>();
  for (const b of branches(schema, root)) for (const k of Object.keys(b.properties ?? {})) names.add(k);
  return [...names];
}

/** Whether `key` is declared by the object schema itself (not only allowed by additionalProperties). */
export function declares(schema: Schema | undefined, key: string, root: Schema): boolean {
  return branches(schema, root).some((b) => b.properties?.[key] !== undefined);
}

/** Whether the schema describes a closed object (unknown members are reported). */
export function isClosedObject(schema: Schema | undefined, root: Schema): boolean {
  const all = branches(schema, root).filter((b) => b.properties);
  return all.length > 0 && all.every((b) => b.additionalProperties === false);
}
