// The desired state: heartbeat YAML translated as `@elastic/synthetics push` does (§6.2),
// browser configs with bundled inline steps, and the push's batching.

import assert from 'node:assert/strict';
import { unzipSync, strFromU8 } from 'fflate';
import { desiredMonitors } from '../../../server/src/core/kibana/desired';
import { bundleInlineScript } from '../../../server/src/gitops/bundle';
import { monitorHash } from '../../../server/src/gitops/hash';
import { batches } from '../../../server/src/gitops/push';
import { analyse, configMap, seedYamlBlocks } from '../../helpers/core';

const NO_DEFAULTS = { locations: [], privateLocations: [] };

describe('desired state', () => {
  it('translates heartbeat YAML as the agent does: schedules, locations, alert, fields, retest', () => {
    const text = configMap(
      '  api.yml: |\n    id: api\n    name: API\n    type: http\n    schedule: "@every 4m"\n    urls: [https://x.example]\n    locations: [us_east]\n' +
        '    private_locations: [dc-1]\n    retest_on_failure: false\n    alert.status.enabled: false\n    fields:\n      team: sre\n    check.response.status: [200]\n    params: {a: b}\n',
    );
    const { monitors } = desiredMonitors('k8s/http.yaml', analyse(text), { ...NO_DEFAULTS, params: { env: 'prod' } });
    assert.deepEqual(monitors[0].payload, {
      type: 'http',
      id: 'api',
      name: 'API',
      schedule: 5,
      urls: ['https://x.example'],
      'check.response.status': [200],
      locations: ['us-east4-a'],
      privateLocations: ['dc-1'],
      retestOnFailure: false,
      alert: { status: { enabled: false } },
      fields: { team: 'sre' },
      params: { env: 'prod' },
    });
    assert.equal(text.slice(monitors[0].span.start, monitors[0].span.start + 6), 'id: ap');
  });

  it('uses the project defaults for monitors that set no schedule or location, and seconds as Kibana takes them', () => {
    const text = 'heartbeat.monitors:\n- {id: a, name: A, type: tcp, hosts: "db:5432"}\n- {id: b, name: B, type: icmp, hosts: h, schedule: "@every 20s", locations: [japan]}\n';
    const { monitors } = desiredMonitors('hb.yml', analyse(text), { schedule: 10, locations: ['germany'], privateLocations: ['dc-1'] });
    assert.deepEqual(
      monitors.map((m) => [m.payload.schedule, m.payload.locations, m.payload.privateLocations]),
      [
        [10, ['europe-west3-a'], ['dc-1']],
        ['30s', ['asia-northeast1-a'], []],
      ],
    );
  });

  it('skips monitors for a standalone Heartbeat and browser monitors written in YAML', () => {
    const text = seedYamlBlocks()[0].replace('metadata:\n', 'metadata:\n  annotations:\n    synthetics-gitops/target: heartbeat\n');
    assert.deepEqual(desiredMonitors('icmp.yaml', analyse(text), NO_DEFAULTS).monitors, []);
    const browser = desiredMonitors('b.yml', analyse('heartbeat.monitors:\n- {id: b, name: B, type: browser, schedule: "@every 10m"}\n'), NO_DEFAULTS);
    assert.equal(browser.monitors.length, 0);
    assert.match(browser.skipped[0].reason, /not pushed/);
  });

  it("says it does not push Kibana's own bodies, which are read to be validated only", () => {
    const body = '{"project": "shop", "keep_stale": true, "monitors": [{"type": "http", "id": "a", "name": "A", "schedule": 5, "urls": "https://a"}]}';
    const api = '{"type": "http", "name": "A", "url": "https://a", "locations": ["us-east4-a"]}';
    for (const [text, reason] of [[body, /project push body are validated, not pushed/], [api, /public monitor API is validated, not pushed/]] as const) {
      const state = desiredMonitors('body.json', analyse(text, {}, 'browser-json'), NO_DEFAULTS);
      assert.deepEqual(state.monitors, []);
      assert.equal(state.skipped.length, 1);
      assert.match(state.skipped[0].reason, reason);
    }
  });

  it('takes browser JSON configs with their inline steps, renamed for the project API', () => {
    const { monitors } = desiredMonitors('browser.yaml', analyse(seedYamlBlocks()[2]), NO_DEFAULTS);
    assert.equal(monitors.length, 1);
    const [journey] = monitors;
    assert.deepEqual(
      { ...journey.payload },
      {
        type: 'browser',
        id: 'example-monitor',
        name: 'My Example Journey',
        schedule: 10,
        locations: ['synthetic-monitor-default'],
        privateLocations: [],
        filter: { match: 'My Example Journey' },
        enabled: true,
        tags: ['gitops-managed', 'user-journey', 'example'],
        params: { url: 'https://elastic.github.io/synthetics-demo/' },
      },
    );
    assert.match(journey.inlineScript!, /^step\('launch application'/);
  });

  it('bundles inline steps into a deterministic zip of a journey', async () => {
    const steps = "step('open', async () => { await page.goto(params.url); });";
    const content = await bundleInlineScript('Home page', steps, process.cwd());
    assert.equal(await bundleInlineScript('Home page', steps, process.cwd()), content, 'same steps, same bytes');
    const files = unzipSync(Buffer.from(content, 'base64'));
    const [name] = Object.keys(files);
    const code = strFromU8(files[name]);
    assert.equal(name, 'journeys/inline.journey.js');
    assert.match(code, /require\("@elastic\/synthetics"\)/);
    assert.match(code, /journey\)\("Home page"|journey\("Home page"/);
    await assert.rejects(bundleInlineScript('Broken', "step('a', async () => {});\nstep('x', async () => { await page.goto('/') ) });", process.cwd()), /^Error: line 2 of the inline script: Expected/);
  });

  it('hashes configurations independently of key order', () => {
    const a = { id: 'a', name: 'A', schedule: 5, type: 'http', urls: ['u'] };
    const b = { urls: ['u'], type: 'http', schedule: 5, name: 'A', id: 'a' };
    assert.equal(monitorHash(a), monitorHash(b));
    assert.notEqual(monitorHash(a), monitorHash({ ...a, schedule: 10 }));
  });

  it('batches at most 250 monitors and about 50 MB a request', () => {
    const small = Array.from({ length: 600 }, (_, i) => ({ id: `m${i}`, name: 'm', schedule: 5 as const }));
    assert.deepEqual(batches(small).map((b) => b.length), [250, 250, 100]);
    const big = Array.from({ length: 3 }, (_, i) => ({ id: `b${i}`, name: 'b', schedule: 10 as const, content: 'x'.repeat(30_000_000) }));
    assert.deepEqual(batches(big).map((b) => b.length), [1, 1, 1]);
  });
});
