// Findings inside ConfigMap entries point at the exact line and column of the outer file,
// whatever the block style; where a style cannot be mapped, at the entry's key with a note.

import assert from 'node:assert/strict';
import { analyse, codes, configMap, covered, located } from '../../../helpers/core';


describe('positions inside embedded entries', () => {
  for (const header of ['|', '|-', '|+', '|2', '|-2', '|2-']) {
    it(`maps a literal block \`${header}\` line by line`, () => {
      const text = configMap(`  api.yml: ${header}\n    id: api\n    name: API\n    type: http\n    schedule: "@every 7m"\n    urls: ["https://example.com"]\n    locations: [us_east]\n\n`);
      const { findings } = analyse(text);
      assert.deepEqual(located(text, findings), ['10:15-10:26 schedule-adjusted']);
      assert.equal(covered(text, findings[0]), '"@every 7m"');
    });
  }

  it('maps JSON inside a literal block, keys and values alike', () => {
    const text = configMap(
      '  journey.json: |\n' +
        '    {\n' +
        '      "id": "j", "name": "J", "type": "browser",\n' +
        '      "schedule": { "number": "7", "unit": "m" },\n' +
        '      "locations": ["us_east"],\n' +
        '      "source": { "inline": { "script": "journey(\'x\', () => {})" } },\n' +
        '      "screenshotz": "on"\n' +
        '    }\n',
    );
    const { findings } = analyse(text);
    assert.deepEqual(located(text, findings), [
      '9:31-9:34 schedule-invalid',
      '11:41-11:65 browser-script-invalid',
      '11:41-11:65 browser-script-invalid',
      '12:7-12:20 unknown-key',
    ]);
    assert.equal(covered(text, findings[0]), '"7"');
    assert.equal(covered(text, findings[1]), '"journey(\'x\', () => {})"');
    assert.equal(covered(text, findings[3]), '"screenshotz"');
    assert.equal(findings[0].fixes?.[0].edits[0].newText, '"5"');
    assert.match(findings[3].message, /Did you mean `screenshots`\?/);
  });

  it('maps a folded block of plain lines', () => {
    const text = configMap('  api.yml: >\n    {"id": "api", "name": "API", "type": "http",\n    "schedule": "@every 7m", "urls": ["https://example.com"], "locations": ["us_east"]}\n');
    const { findings } = analyse(text);
    assert.deepEqual(located(text, findings), ['8:17-8:28 schedule-adjusted']);
    assert.equal(covered(text, findings[0]), '"@every 7m"');
  });

  it('maps a one-line quoted entry without escapes', () => {
    const text = configMap('  api.yml: "{id: api, name: API, type: http, schedule: \'@every 7m\', urls: [https://example.com], locations: [us_east]}"\n');
    const { findings } = analyse(text);
    assert.deepEqual(located(text, findings), ['6:56-6:67 schedule-adjusted']);
    assert.equal(covered(text, findings[0]), "'@every 7m'");
  });

  it('reports at the entry key, with a note, when the string has escapes', () => {
    const text = configMap('  api.yml: "id: api\\nname: API\\ntype: http\\nschedule: \'@every 7m\'\\nurls: [https://example.com]\\nlocations: [us_east]"\n');
    const { findings } = analyse(text);
    assert.deepEqual(located(text, findings), ['6:3-6:10 schedule-adjusted']);
    assert.match(findings[0].message, /position approximate/);
    assert.equal(findings[0].fixes, undefined, 'no edit can be placed without an exact mapping');
  });

  it('locates syntax errors of the outer file and of each embedded document', () => {
    const text = configMap('  api.yml: |\n    id: api\n    type: http\n    urls: [https://example.com\n  j.json: |\n    {"type": "browser", "id": "x",}\n');
    const { findings } = analyse(text);
    const syntax = findings.filter((f) => f.code.endsWith('-syntax'));
    // The YAML entry's unclosed flow list (line 9), the JSON entry's trailing comma (line 11).
    assert.deepEqual([...new Set(located(text, syntax).map((l) => `${l.split(':')[0]} ${l.split(' ')[1]}`))], ['9 yaml-syntax', '11 json-syntax']);
    const outer = configMap('  a.yml: |\n    type: http\n bad: [\n');
    assert.deepEqual([...new Set(codes(analyse(outer).findings).filter((c) => c.endsWith('-syntax')))], ['yaml-syntax']);
  });

  it('inserts fixes with the block\'s indentation', () => {
    const text = configMap('  api-health.yml: |\n    name: API\n    type: http\n    schedule: "@every 1m"\n    urls: ["https://example.com"]\n    locations: [us_east]\n');
    const missingId = analyse(text).findings.find((f) => f.code === 'missing-required')!;
    const edit = missingId.fixes![0].edits[0];
    const fixed = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
    assert.ok(fixed.includes('  api-health.yml: |\n    id: "api-health"\n    name: API\n'), fixed);
    assert.deepEqual(codes(analyse(fixed).findings), []);
  });
});

