// Completion, hover and outline, in plain files and inside embedded entries, with the cursor
// written into the text as |^|.

import assert from 'node:assert/strict';
import { complete, hover, outline } from '../../../../server/src/core';
import { analyse, caret, codes, configMap, settings } from '../../../helpers/core';

function completions(marked: string, overrides = {}, tags: string[] = []) {
  const { text, offset } = caret(marked);
  return complete(analyse(text, overrides), text, offset, { settings: settings(overrides), tags });
}

function labels(marked: string, overrides = {}, tags: string[] = []): string[] {
  return completions(marked, overrides, tags).map((c) => c.label);
}


describe('completion', () => {
  it('offers the keys of the monitor\'s type inside an embedded entry, without those already there', () => {
    const items = labels(configMap('  api.yml: |\n    id: api\n    type: http\n    sch|^|\n    urls: [https://x.example]\n'));
    assert.ok(items.includes('schedule'));
    assert.ok(items.includes('check'));
    assert.ok(items.includes('max_redirects'), 'http keys');
    assert.ok(!items.includes('wait'), 'icmp-only keys are not offered for http');
    assert.ok(!items.includes('urls') && !items.includes('id'), 'keys already written are not offered');
  });

  it('offers nested keys below a mapping', () => {
    const items = labels('heartbeat.monitors:\n- type: http\n  check:\n    response:\n      |^|\n');
    assert.deepEqual(items.sort(), ['body', 'headers', 'json', 'status']);
  });

  it('marks keys Kibana refuses and keeps them last', () => {
    const items = completions('- type: tcp\n  |^|\n');
    const ports = items.find((i) => i.label === 'ports')!;
    assert.equal(ports.deprecated, true);
    assert.ok(items.filter((i) => !i.deprecated).every((i) => i.sortText < ports.sortText));
  });

  it('completes values: schedule presets Kibana runs as written, locations, enums, tags of the workspace', () => {
    const base = configMap('  api.yml: |\n    type: http\n    ');
    assert.deepEqual(labels(base + 'schedule: |^|\n').slice(0, 4), ['@every 10s', '@every 30s', '@every 1m', '@every 2m']);
    assert.ok(labels(base + 'locations: [|^|]\n').includes('us_east'));
    assert.deepEqual(labels(base + 'private_locations: ["|^|"]\n', { privateLocations: ['dc-1'] }), ['dc-1']);
    assert.deepEqual(labels(base + 'mode: |^|\n'), ['any', 'all']);
    assert.deepEqual(labels(base + 'tags: [infra, |^|\n', {}, ['infra', 'team-a']), ['infra', 'team-a']);
    assert.deepEqual(labels(base + 'check.request.method: P|^|\n').filter((l) => l.startsWith('P')), ['POST', 'PUT']);
  });

  it('completes the type of a new monitor, and offers whole monitors as snippets', () => {
    assert.deepEqual(labels('heartbeat.monitors:\n- type: |^|\n'), ['http', 'tcp', 'icmp', 'browser']);
    const snippet = completions('heartbeat.monitors:\n- |^|\n').find((c) => c.label === 'tcp monitor')!;
    assert.ok(snippet.insertText.startsWith('type: tcp\n  id: ${1:database-tcp}'), snippet.insertText);
  });

  it('offers whole ConfigMap entries at the data level, indented for the block', () => {
    const items = completions(configMap('  api.yml: |\n    type: http\n  |^|\n'));
    const http = items.find((i) => i.label === 'http monitor entry')!;
    assert.ok(http, items.map((i) => i.label).join());
    assert.ok(http.insertText.startsWith('${1:http-monitor}.yml: |\n    type: http\n    id: ${1}\n'), http.insertText);
    const browser = items.find((i) => i.label === 'browser monitor entry')!;
    assert.ok(browser.insertText.includes('\n    {\n      "id": "${1}",'), browser.insertText);
    // Inserted and filled, the snippet is a valid monitor.
    const { text, offset } = caret(configMap('  api.yml: |\n    type: http\n    id: a\n    name: A\n    schedule: "@every 1m"\n    urls: [https://x.example]\n    locations: [us_east]\n  |^|\n'));
    const filled = http.insertText.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\{1\}/g, 'http-monitor').replace(/\$\d/g, '');
    const result = analyse(text.slice(0, offset) + filled + '\n');
    assert.deepEqual(result.findings.map((f) => f.code), []);
    assert.equal(result.monitors.length, 2);
  });

  it('completes keys and values in browser JSON configs', () => {
    const json = configMap('  j.json: |\n    {\n      "type": "browser",\n      "scr|^|"\n    }\n');
    assert.ok(labels(json).includes('screenshots'));
    const value = configMap('  j.json: |\n    {\n      "type": "browser",\n      "screenshots": |^|\n    }\n');
    assert.deepEqual(completions(value).map((c) => c.insertText), ['"on"', '"off"', '"only-on-failure"']);
  });
});

describe('hover', () => {
  it('explains a key inside an embedded entry from the schema', () => {
    const { text, offset } = caret(configMap('  api.yml: |\n    type: http\n    check.response.sta|^|tus: [200]\n'));
    const result = hover(analyse(text), text, offset)!;
    assert.match(result.markdown, /^\*\*`check\.response\.status`\*\* · http monitor/);
    assert.equal(text.slice(result.span.start, result.span.end), 'check.response.status');
  });

  it('says what Kibana does with a value and what it refuses', () => {
    const schedule = caret('- type: http\n  schedule: "@every 4|^|m"\n');
    assert.match(hover(analyse(schedule.text), schedule.text, schedule.offset)!.markdown, /Kibana runs this `@every 5m`/);
    const processors = caret('- type: http\n  proc|^|essors: []\n');
    assert.match(hover(analyse(processors.text), processors.text, processors.offset)!.markdown, /Not accepted by Kibana project monitors/);
  });
});

describe('outline', () => {
  it('lists each entry with its monitors by name and type', () => {
    const text = configMap('  a.yml: |\n    - {id: a, name: A, type: http}\n    - {id: b, name: B, type: tcp}\n  j.json: |\n    {"id": "j", "name": "J", "type": "browser"}\n');
    const symbols = outline(analyse(text));
    assert.deepEqual(
      symbols.map((s) => [s.name, s.children.map((c) => `${c.name} (${c.detail})`)]),
      [
        ['a.yml', ['A (http · a)', 'B (tcp · b)']],
        ['j.json', ['J (browser · j)']],
      ],
    );
    for (const s of symbols) for (const c of s.children) assert.ok(c.span.start >= s.span.start && c.span.end <= s.span.end, 'children lie inside their entry');
  });
});

describe('completion where the next line is typed', () => {
  it('offers keys on a blank line after the last one of an entry', () => {
    const items = labels(configMap('  api.yml: |\n    id: api\n    type: http\n    |^|\n  other.yml: |\n    type: tcp\n'));
    assert.ok(items.includes('schedule') && !items.includes('id'), items.join());
    const stripped = labels(configMap('  api.yml: |-\n    type: tcp\n    |^|\n'));
    assert.ok(stripped.includes('hosts') && !stripped.includes('urls'), stripped.join());
  });

  it('offers monitor snippets in an entry still empty', () => {
    const items = labels(configMap('  api.yml: |\n    type: http\n    urls: [https://x.example]\n  new.yml: |\n    |^|\n'));
    assert.ok(items.includes('http monitor') && items.includes('type'), items.join());
  });

  it('offers nothing in the indentation of the parent', () => {
    const items = completions(configMap('  api.yml: |\n    type: http\n |^|\n'));
    assert.deepEqual(items.filter((i) => i.kind === 'property'), []);
  });
});

describe('completion and hover before an entry is a monitor', () => {
  // `configMap` holds only the entries given: with no monitor, nothing in it is validated.
  /** The labels in the order an editor shows them. */
  const ranked = (items: ReturnType<typeof completions>) => [...items].sort((a, b) => a.sortText.localeCompare(b.sortText)).map((i) => i.label);

  it('offers the keys every type has, and whole monitors, on the first line of a new entry', () => {
    const marked = configMap('  http-api.yml: |\n    |^|\n');
    const items = completions(marked);
    const keys = items.filter((i) => i.kind === 'property').map((i) => i.label);
    for (const key of ['type', 'id', 'name', 'schedule', 'locations', 'tags']) assert.ok(keys.includes(key), key);
    assert.ok(!keys.includes('urls') && !keys.includes('hosts') && !keys.includes('check'), 'no type-specific key before the type');
    assert.deepEqual(ranked(items).slice(0, 5), ['http monitor', 'tcp monitor', 'icmp monitor', 'browser monitor', 'type']);
    // Accepted and filled, the snippet is a valid monitor at the entry's indentation (the client inserts it as is).
    const { text, offset } = caret(marked);
    assert.deepEqual(analyse(text).findings, []);
    const http = items.find((i) => i.label === 'http monitor')!;
    assert.ok(http.insertText.startsWith('type: http\n    id: ${1:api-health}\n    name: '), http.insertText);
    const filled = http.insertText.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d/g, '');
    const result = analyse(text.slice(0, http.span.start) + filled + text.slice(http.span.end));
    assert.deepEqual(codes(result.findings), []);
    assert.deepEqual(result.monitors.map((m) => [m.id, m.type, m.container?.key]), [['api-health', 'http', 'http-api.yml']]);
    assert.equal(http.span.start, offset);
  });

  it('completes `type: ` with the four types, ranked, in a ConfigMap without monitors and in a list item being written', () => {
    assert.deepEqual(ranked(completions(configMap('  http-api.yml: |\n    type: |^|\n'))), ['http', 'tcp', 'icmp', 'browser']);
    assert.deepEqual(ranked(completions(configMap('  checks.yml: |\n    - type: |^|\n'))), ['http', 'tcp', 'icmp', 'browser']);
    assert.deepEqual(ranked(completions('heartbeat.monitors:\n- type: http\n  id: a\n- type: |^|\n')), ['http', 'tcp', 'icmp', 'browser']);
  });

  it('completes a partial type, replacing what is typed', () => {
    const marked = configMap('  http-api.yml: |\n    type: ht|^|\n');
    const { text } = caret(marked);
    const items = completions(marked);
    const http = items.find((i) => i.label === 'http')!;
    assert.equal(text.slice(http.span.start, http.span.end), 'ht');
    // What the client keeps of them: those that start with the typed word.
    assert.deepEqual(ranked(items).filter((l) => l.startsWith('ht')), ['http']);
  });

  it('completes a half-written key before `type`, without the keys already there', () => {
    const marked = configMap('  http-api.yml: |\n    id: api\n    sch|^|\n');
    const items = completions(marked);
    const schedule = items.find((i) => i.label === 'schedule')!;
    const { text } = caret(marked);
    assert.equal(text.slice(schedule.span.start, schedule.span.end), 'sch');
    assert.ok(!items.some((i) => i.label === 'id' || i.label === 'urls'), items.map((i) => i.label).join());
    // The line is not valid YAML yet; the ConfigMap holds no monitor, so nothing is reported while it is typed.
    assert.deepEqual(analyse(text).findings, []);
    assert.ok(labels(configMap('  http-api.yml: |\n    sch|^|\n')).includes('schedule'), 'as the first line too');
  });

  it('offers the keys of the type just written, not those of the monitor before', () => {
    const inEntry = labels(configMap('  http-api.yml: |\n    type: http\n    urls: [https://x.example]\n  db.yml: |\n    type: tcp\n    |^|\n'));
    assert.ok(inEntry.includes('hosts') && !inEntry.includes('urls') && !inEntry.includes('max_redirects'), inEntry.join());
    const inList = labels('heartbeat.monitors:\n- type: http\n  id: a\n- type: tcp\n  |^|\n');
    assert.ok(inList.includes('hosts') && !inList.includes('urls'), inList.join());
    const newItem = labels('heartbeat.monitors:\n- type: http\n  id: a\n- |^|\n');
    assert.ok(newItem.includes('http monitor') && newItem.includes('schedule'), newItem.join());
    assert.ok(!newItem.includes('urls') && !newItem.includes('max_redirects'), 'a new item has no type yet: ' + newItem.join());
  });

  it('completes enum values of a monitor that is not complete yet', () => {
    assert.deepEqual(labels(configMap('  http-api.yml: |\n    type: http\n    check.request.method: |^|\n')).slice(0, 4), ['GET', 'HEAD', 'POST', 'PUT']);
    assert.deepEqual(labels(configMap('  http-api.yml: |\n    id: api\n    enabled: |^|\n')), ['true', 'false']);
  });

  it('writes the block\'s indentation into keys whose value goes below them', () => {
    const check = completions(configMap('  http-api.yml: |\n    type: http\n    |^|\n')).find((i) => i.label === 'check')!;
    assert.equal(check.insertText, 'check:\n      $0');
  });

  it('explains the keys of an entry that is not a monitor yet', () => {
    const untyped = caret(configMap('  http-api.yml: |\n    id: api\n    sche|^|dule: "@every 4m"\n'));
    const result = hover(analyse(untyped.text), untyped.text, untyped.offset)!;
    assert.match(result.markdown, /^\*\*`schedule`\*\*\n/);
    assert.equal(untyped.text.slice(result.span.start, result.span.end), 'schedule');
    const typed = caret(configMap('  http-api.yml: |\n    type: tcp\n    ho|^|sts: [db:5432]\n'));
    assert.match(hover(analyse(typed.text), typed.text, typed.offset)!.markdown, /^\*\*`hosts`\*\* · tcp monitor/);
  });

  it('completes a browser JSON entry from its first character', () => {
    const marked = configMap('  journey.json: |\n    |^|\n');
    const empty = completions(marked);
    assert.deepEqual(empty.map((i) => i.label), ['browser monitor']);
    assert.ok(empty[0].insertText.startsWith('{\n      "id": "${1:journey}",\n      "name"'), empty[0].insertText);
    const { text } = caret(marked);
    const filled = empty[0].insertText.replace(/\$\{\d+:([^}]*)\}/g, '$1');
    const result = analyse(text.slice(0, empty[0].span.start) + filled + text.slice(empty[0].span.end));
    assert.deepEqual(codes(result.findings), []);
    assert.deepEqual(result.monitors.map((m) => [m.id, m.type]), [['journey', 'browser']]);
    const type = completions(configMap('  journey.json: |\n    {\n      "type": "|^|"\n    }\n'));
    assert.deepEqual(type.map((i) => i.insertText), ['"browser"']);
    const keys = labels(configMap('  journey.json: |\n    {\n      "type": "browser",\n      "|^|"\n    }\n'));
    assert.ok(keys.includes('schedule') && keys.includes('source') && !keys.includes('type'), keys.join());
  });

  it('completes a standalone heartbeat file\'s new list item', () => {
    const items = completions('heartbeat.monitors:\n- |^|\n');
    assert.deepEqual(ranked(items).slice(0, 4), ['http monitor', 'tcp monitor', 'icmp monitor', 'browser monitor']);
    assert.ok(items.some((i) => i.label === 'schedule') && !items.some((i) => i.label === 'urls'));
  });

  it('leaves other YAML and JSON of a ConfigMap alone', () => {
    assert.deepEqual(labels(configMap('  app.yml: |\n    server:\n      port: 80\n    |^|\n')), []);
    assert.deepEqual(labels(configMap('  package.json: |\n    {"name": "web", "version": "1.0.0",\n     "|^|"}\n')), []);
    const named = caret(configMap('  app.yml: |\n    server: web\n    na|^|me: web\n'));
    assert.equal(hover(analyse(named.text), named.text, named.offset), undefined);
  });
});
