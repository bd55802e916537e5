// Runs ajv over a value tree and turns its errors into located findings: unknown keys with a
// did-you-mean, wrong types, values outside an enum (with a fix to the nearest), missing keys.

import type { ErrorObject } from 'ajv';
import { Finding, Fix } from '../findings';
import { closest, listValues } from '../suggest';
import { span } from '../text/span';
import { MapNode, Node, resolvePath, toJS } from '../tree';
import { Schema, branches, propertyNames, schemaAt } from './schemas';
import { validatorFor } from './validators';

/** Keys people write that live elsewhere in the schema: the rename puts them in the right place. */
const MOVED_KEYS: Record<string, string> = {
  method: 'check.request.method',
  headers: 'check.request.headers',
  body: 'check.request.body',
  status: 'check.response.status',
  expected_status: 'check.response.status',
  url: 'urls',
  host: 'hosts',
  privateLocations: 'private_locations',
  retestOnFailure: 'retest_on_failure',
};

export interface ValidationOptions {
  /** Severity of keys the schema does not know: Kibana refuses them in lightweight project monitors. */
  unknownKeySeverity: 'error' | 'warning';
  /** Sentence appended to unknown-key messages, e.g. why Kibana refuses them. */
  unknownKeyNote?: string;
  /** Noun for messages: "http monitor", "browser monitor config", "sync configuration". */
  subject: string;
  /** A value that is one `${...}` reference stands for any value (a standalone Heartbeat substitutes it before reading). */
  placeholders?: boolean;
  /** Top-level keys people write that the schema spells differently; default: the heartbeat/browser-config ones. */
  movedKeys?: Record<string, string>;
}

/** `value`: the tree's value (toJS), when the caller has it already. */
export function validateTree(root: Node, schema: Schema, options: ValidationOptions, value = toJS(root)): Finding[] {
  const validate = validatorFor(schema);
  if (validate(value)) return [];
  return convertAll(validate.errors ?? [], root, schema, options);
}

const isCompound = (e: ErrorObject) => e.keyword === 'anyOf' || e.keyword === 'oneOf';

/**
 * Converts ajv's errors. The errors of anyOf/oneOf branches are not reported one by one: for
 * alternatives of required keys we say which keys would do; when the value fits some branch's
 * type we report the errors of the branch it comes closest to; otherwise the types allowed.
 */
function convertAll(errors: ErrorObject[], root: Node, schema: Schema, options: ValidationOptions): Finding[] {
  const compounds = errors.filter(isCompound);
  const inBranch = (e: ErrorObject, c: ErrorObject) => e !== c && e.schemaPath.startsWith(c.schemaPath + '/');
  const findings: Finding[] = [];
  for (const error of errors) {
    if (error.keyword === 'if' || compounds.some((c) => inBranch(error, c))) continue;
    if (!isCompound(error)) {
      const finding = convert(error, root, schema, options);
      if (finding) findings.push(finding);
      continue;
    }
    const branches = new Map<string, ErrorObject[]>();
    for (const e of errors.filter((e) => inBranch(e, error))) {
      const branch = e.schemaPath.slice(error.schemaPath.length + 1).split('/')[0];
      branches.set(branch, [...(branches.get(branch) ?? []), e]);
    }
    const all = [...branches.values()];
    if (all.length && all.every((b) => b.every((e) => e.keyword === 'required'))) {
      findings.push(missingOneOf(error, all.flat().map((e) => (e.params as { missingProperty: string }).missingProperty), root, options));
      continue;
    }
    const fitting = all.filter((b) => !b.some((e) => e.keyword === 'type' && e.instancePath === error.instancePath));
    const closest = fitting.sort((a, b) => a.length - b.length)[0];
    findings.push(...(closest ? convertAll(closest, root, schema, options) : [convert(error, root, schema, options)].filter((f): f is Finding => !!f)));
  }
  return findings;
}

function missingOneOf(error: ErrorObject, keys: string[], root: Node, options: ValidationOptions): Finding {
  const path = segments(error.instancePath);
  const map = resolvePath(root, path)?.node;
  const where = path.length ? `\`${path.join('.')}\`` : `The ${options.subject}`;
  return {
    code: 'missing-required',
    severity: 'error',
    message: `${where} needs one of ${listValues([...new Set(keys)])}.`,
    span: map?.kind === 'map' && map.entries[0] ? map.entries[0].keySpan : (map?.span ?? root.span),
  };
}

function segments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function convert(error: ErrorObject, root: Node, schema: Schema, options: ValidationOptions): Finding | undefined {
  const path = segments(error.instancePath);
  const target = resolvePath(root, path);
  if (!target) return undefined;
  if (options.placeholders && target.node.kind === 'scalar' && typeof target.node.value === 'string' && /^\$\{[^}]*\}$/.test(target.node.value.trim())) return undefined;
  const name = path.length ? `\`${path.filter((p) => !/^\d+$/.test(p)).join('.')}\`` : `The ${options.subject}`;
  const at = target.node.span;
  switch (error.keyword) {
    case 'additionalProperties':
      return unknownKey(target.node as MapNode, (error.params as { additionalProperty: string }).additionalProperty, path, schema, options);
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      const map = target.node as MapNode;
      const first = map.entries[0];
      return {
        code: 'missing-required',
        severity: 'error',
        message: `${path.length ? name : `The ${options.subject}`} is missing the required key \`${missing}\`.`,
        span: first ? first.keySpan : span(at.start, at.start),
      };
    }
    case 'enum':
    case 'const': {
      const allowed = error.keyword === 'enum' ? (error.params as { allowedValues: unknown[] }).allowedValues : [(error.params as { allowedValue: unknown }).allowedValue];
      const written = target.node.kind === 'scalar' ? target.node.source || String(target.node.value) : '';
      const nearest = closest(written, allowed.map(String));
      const fixes: Fix[] = allowed.slice(0, 8).map((v) => ({
        title: `Change to \`${String(v)}\``,
        edits: [{ span: at, newText: String(v) }],
        preferred: String(v) === nearest,
      }));
      return {
        code: 'invalid-value',
        severity: 'error',
        message: `${name} is \`${written}\`; allowed: ${listValues(allowed)}.${nearest ? ` Did you mean \`${nearest}\`?` : ''}`,
        span: at,
        fixes: target.node.kind === 'scalar' ? fixes : undefined,
      };
    }
    case 'type':
    case 'anyOf':
    case 'oneOf': {
      const expected = expectedTypes(schemaAt(schema, path), schema);
      return {
        code: 'invalid-type',
        severity: 'error',
        message: `${name} must be ${expected}, not ${describeNode(target.node)}.`,
        span: at,
      };
    }
    default:
      return { code: 'invalid-value', severity: 'error', message: `${name} ${error.message ?? 'is not valid'}.`, span: at };
  }
}

function unknownKey(map: MapNode, key: string, path: string[], schema: Schema, options: ValidationOptions): Finding | undefined {
  const entry = map.entries.find((e) => e.key === key);
  if (!entry) return undefined;
  const known = propertyNames(schemaAt(schema, path), schema);
  const moved = path.length === 0 ? (options.movedKeys ?? MOVED_KEYS)[key] : undefined;
  const suggestion = moved ?? closest(key, known);
  const where = path.length ? ` in \`${path.join('.')}\`` : '';
  return {
    code: 'unknown-key',
    severity: options.unknownKeySeverity,
    message:
      `Unknown key \`${key}\`${where} for ${article(options.subject)} ${options.subject}.` +
      (suggestion ? ` Did you mean \`${suggestion}\`?` : '') +
      (options.unknownKeyNote ? ` ${options.unknownKeyNote}` : ''),
    span: entry.keySpan,
    fixes: suggestion ? [{ title: `Rename to \`${suggestion}\``, edits: [{ span: entry.keySpan, newText: suggestion }], preferred: true }] : undefined,
  };
}

function expectedTypes(schema: Schema | undefined, root: Schema): string {
  const names = new Set<string>();
  for (const b of branches(schema, root)) {
    const types = b.type === undefined ? [] : Array.isArray(b.type) ? b.type : [b.type];
    for (const t of types) names.add(TYPE_NAMES[t] ?? t);
  }
  return names.size ? [...names].join(' or ') : 'a different kind of value';
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: '`true` or `false`',
  array: 'a list',
  object: 'a mapping',
  null: 'empty',
};

export function describeNode(node: Node): string {
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  if (node.value === null) return 'empty';
  return `${typeof node.value === 'string' ? 'the string' : typeof node.value === 'number' ? 'the number' : 'the boolean'} \`${node.source || String(node.value)}\``;
}

/** "an http monitor", "a tcp monitor", "a browser monitor config". */
function article(noun: string): string {
  return /^(http|icmp|[aeiou])/i.test(noun) ? 'an' : 'a';
}
