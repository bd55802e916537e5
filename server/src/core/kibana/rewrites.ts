// Fields Kibana drops or rewrites, silently, when it stores a project monitor (reference §11):
// labels come only from `fields` and `max_attempts` only from `retestOnFailure`
// (normalizers/common_fields.ts), an object `check.request.body` is stored JSON-encoded
// (normalizers/http_monitor.ts, getRequestBodyField), and the browser normaliser reads none of
// `synthetics_args`, `filter_journeys` or `service` (normalizers/browser_monitor.ts). `validate`
// warns at each; the plan shows the value Kibana stores instead.

import { isRecord } from './codec';
import { DEFAULT_KEYS, SECRET_KEYS } from './defaults';
import { flattenMonitor } from './normalise';
import { isMonitorType } from '../schema/schemas';

export interface Rewrite {
  /** Kibana's stored key whose value is not the one written. */
  field: string;
  /** The key as written, dotted as Kibana flattens it. */
  written: string;
  /** What Kibana does with it. */
  what: string;
  /** What to write instead. */
  advice: string;
}

type Format = 'heartbeat' | 'browser-json' | 'push-json';

interface Rule {
  written: string;
  field: string;
  /** Whether the rule applies to a monitor of this type in this format, given the written value (and the monitor, flattened). */
  applies(type: string, format: Format, value: unknown, flat: Record<string, unknown>): boolean;
  what: string | ((format: Format) => string);
  advice(format: Format): string;
}

const browserOnly = (type: string, format: Format) => type === 'browser' && format !== 'heartbeat';
const retestKey = (format: Format) => (format === 'push-json' ? 'retestOnFailure' : 'retest_on_failure');

const RULES: Rule[] = [
  {
    written: 'labels',
    field: 'labels',
    applies: (_type, format) => format !== 'browser-json',
    what: 'Kibana stores labels only from `fields`: this `labels` is dropped',
    advice: () => 'write `fields:` instead',
  },
  {
    written: 'max_attempts',
    field: 'max_attempts',
    applies: (_type, format) => format !== 'browser-json',
    what: 'Kibana derives `max_attempts` from retesting on failure (2 attempts, or 1 without retest): this value is ignored',
    advice: (format) => `write \`${retestKey(format)}: false\` for a single attempt`,
  },
  {
    written: 'check.request.body',
    field: 'check.request.body',
    applies: (type, format, value) => type === 'http' && format !== 'browser-json' && value !== null && typeof value === 'object',
    what: 'Kibana stores a body that is not a string JSON-encoded, with type `json`',
    advice: () => 'write the body as a string to send it as text',
  },
  {
    written: 'synthetics_args',
    field: 'synthetics_args',
    applies: browserOnly,
    what: 'the project API has no `synthetics_args`: Kibana never stores them for a project monitor',
    advice: () => 'remove it',
  },
  {
    // A browser config's bundle (`source.project.content`) keeps its match: its journeys may be named
    // otherwise than the monitor (core/kibana/desired.ts); inline steps become a journey of the monitor's name.
    written: 'filter_journeys.match',
    field: 'filter_journeys.match',
    applies: (type, format, _value, flat) => browserOnly(type, format) && (format === 'push-json' || 'source.inline.script' in flat),
    what: (format) =>
      format === 'push-json'
        ? "Kibana stores `filter_journeys.match` from the push's `filter.match`: this value is ignored"
        : "the push wraps the inline steps in a journey named after the monitor and selects it by that name: this value is ignored",
    advice: (format) => (format === 'push-json' ? 'write `filter: {match: …}` instead' : 'remove it'),
  },
  {
    written: 'filter_journeys.tags',
    field: 'filter_journeys.tags',
    applies: browserOnly,
    what: 'Kibana never stores `filter_journeys.tags` for a project monitor',
    advice: () => 'remove it',
  },
  {
    written: 'service.name',
    field: 'service.name',
    applies: browserOnly,
    what: 'Kibana never stores `service.name` for a browser project monitor',
    advice: () => 'remove it',
  },
];

/** The written fields of one monitor (heartbeat YAML, our browser JSON, or a push body's monitor) that Kibana stores otherwise. */
export function rewritesOf(raw: Record<string, unknown>, format: Format): Rewrite[] {
  const type = format === 'browser-json' ? 'browser' : raw.type === undefined && format === 'push-json' ? 'browser' : String(raw.type);
  if (!isMonitorType(type)) return [];
  let flat: Record<string, unknown>;
  try {
    flat = flattenMonitor(raw, DEFAULT_KEYS[type]);
  } catch {
    return []; // Kibana fails this monitor outright; nothing is stored
  }
  return RULES.filter((r) => r.written in flat && r.applies(type, format, flat[r.written], flat)).map((r) => ({
    field: r.field,
    written: r.written,
    what: typeof r.what === 'string' ? r.what : r.what(format),
    advice: r.advice(format),
  }));
}

/** A stored value as a report may show it: secrets masked, though a request body keeps its type. */
export function reportedStoredValue(field: string, value: unknown): unknown {
  if (!SECRET_KEYS.includes(field) || (Array.isArray(value) && value.length === 0)) return value ?? null;
  return isRecord(value) && 'type' in value ? { ...value, value: '(secret)' } : '(secret)';
}
