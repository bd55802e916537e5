// What was meant as a monitor but cannot be read as one: an error at its place, saying what was
// expected, and marked as hiding monitors (so that no prune takes it as removed from git). Where
// nothing says monitors are meant, nothing new is reported.

import assert from 'node:assert/strict';
import { desiredMonitors } from '../../../server/src/core/kibana/desired';
import { analyse, configMap, covered } from '../../helpers/core';

const ENTRY_A = '  a.yml: |\n    id: a\n    name: A\n    type: http\n    schedule: "@every 5m"\n    urls: [https://a.example]\n    locations: [us_east]\n';
/** A ConfigMap holding monitor `a` and the entry `b.yml` written as `lines`. */
const withEntry = (lines: string) => configMap(ENTRY_A + '  b.yml: |\n' + lines.replace(/^/gm, '    ') + '\n');
const B = 'id: b\nname: B\nschedule: "@every 5m"\nurls: [https://b.example]\nlocations: [us_east]';

/** The errors that hide monitors, as `code: covered text`. */
function hiding(text: string, kind: 'yaml' | 'browser-json' = 'yaml', named = false): string[] {
  return analyse(text, {}, kind, named)
    .findings.filter((f) => f.hidesMonitors)
    .map((f) => {
      assert.equal(f.severity, 'error', `${f.code} is an error`);
      return `${f.code}: ${covered(text, f)}`;
    });
}

const LEVELS = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
for (let i = 1; i < 10; i++) LEVELS.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
const BOMB = LEVELS.join('\n');

describe('monitors that cannot be read', () => {
  describe('in a ConfigMap that holds monitors', () => {
    it('reports an entry whose `type` is missing, at its first key', () => {
      const text = withEntry(B);
      const result = analyse(text);
      const error = result.findings.find((f) => f.hidesMonitors)!;
      assert.deepEqual([error.code, covered(text, error)], ['missing-required', 'id']);
      assert.match(error.message, /A monitor needs a `type`: `http`, `tcp`, `icmp` or `browser`\./);
      assert.deepEqual(result.monitors.map((m) => m.id), ['a', 'b'], 'still an outline entry, and a monitor of the desired state');
    });

    it('names a misspelt `type` key and offers the rename', () => {
      for (const key of ['Type', 'tpye', 'TYPE', 'typ']) {
        const text = withEntry(`${key}: http\n${B}`);
        const error = analyse(text).findings.find((f) => f.hidesMonitors)!;
        assert.equal(covered(text, error), key);
        assert.match(error.message, new RegExp(`\`${key}\` is not it .*write \`type\``));
        assert.deepEqual(error.fixes?.[0].edits.map((e) => [covered(text, { ...error, span: e.span }), e.newText]), [[key, 'type']]);
      }
    });

    it('names a wrong type value and suggests the one meant', () => {
      for (const [value, meant] of [['htp', 'http'], ['HTTP', 'http'], ['tcpp', 'tcp']]) {
        const text = withEntry(`type: ${value}\n${B}`);
        assert.deepEqual(hiding(text), [`unknown-monitor-type: ${value}`]);
        assert.match(analyse(text).findings.find((f) => f.hidesMonitors)!.message, new RegExp(`Did you mean \`${meant}\``));
      }
    });

    it('reports a browser JSON entry whose type is misspelt, or whose key is', () => {
      const json = (type: string) => configMap(ENTRY_A + `  b.json: |\n    {"id": "b", "name": "B", ${type}, "schedule": {"number": "10", "unit": "m"}, "source": {"inline": {"script": "step('x', () => {})"}}}\n`);
      assert.deepEqual(hiding(json('"type": "brwser"')), ['unknown-monitor-type: "brwser"']);
      assert.deepEqual(hiding(json('"Type": "browser"')), ['missing-required: "Type"']);
    });

    it('reports an entry that holds a single value, or a list item that is not a mapping', () => {
      assert.deepEqual(hiding(withEntry('just some text')), ['invalid-type: just some text']);
      assert.deepEqual(hiding('heartbeat.monitors:\n- id: a\n  type: http\n  urls: [https://a.example]\n- type:http\n'), ['invalid-type: type:http']);
      assert.deepEqual(hiding('heartbeat.monitors:\n  id: a\n  type: http\n'), ['invalid-type: id: a\n  type: http\n']);
    });

    it('reports an alias bomb and nesting too deep as errors, in an entry or a heartbeat file', () => {
      assert.deepEqual(hiding(withEntry(`type: http\n${B}\n${BOMB}`)).map((h) => h.split(':')[0]), ['yaml-too-large']);
      assert.deepEqual(hiding(withEntry(BOMB)).map((h) => h.split(':')[0]), ['missing-required', 'yaml-too-large'], 'the bomb left no type to read');
      const deep = `heartbeat.monitors:\n- type: http\n  id: a\n  x: ${'['.repeat(300)}${']'.repeat(300)}\n`;
      assert.deepEqual(hiding(deep).map((h) => h.split(':')[0]), ['yaml-too-large']);
      assert.deepEqual(hiding(`{"type": "browser", "id": "b", "x": ${'['.repeat(300)}${']'.repeat(300)}}`, 'browser-json').map((h) => h.split(':')[0]), ['json-too-large']);
    });

    it('reports entries of a ConfigMap marked ours even when it holds no readable monitor', () => {
      const marked = (meta: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m\n${meta}data:\n  b.yml: |\n${B.replace(/^/gm, '    ')}\n`;
      assert.deepEqual(hiding(marked('  annotations:\n    synthetics-gitops/target: kibana\n')), ['missing-required: id']);
      assert.deepEqual(hiding(marked('  labels:\n    app.kubernetes.io/part-of: synthetics-gitops\n')), ['missing-required: id']);
      assert.deepEqual(hiding(marked('  labels:\n    app: web\n')), [], 'nothing marks it: not ours');
      const typo = configMap(ENTRY_A).replace('metadata:\n', 'metadata:\n  annotations:\n    synthetics-gitops/target: kibanna\n');
      assert.deepEqual(hiding(typo), ['invalid-value: kibanna'], 'whose monitors they are is unknown');
    });
  });

  describe('where nothing says monitors are meant', () => {
    it('leaves ConfigMaps and YAML without monitors alone', () => {
      const app = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  app.yml: |\n    server:\n      port: 8080\n  b.yml: |\n' + B.replace(/^/gm, '    ') + '\n  c.json: |\n    {"a": 1}\n';
      assert.deepEqual(analyse(app).findings, []);
      assert.deepEqual(analyse('- id: b\n  name: B\n  urls: [https://b.example]\n').findings, [], 'a list in some YAML file');
      assert.deepEqual(analyse('spec:\n  type: ClusterIP\n  ports: [{port: 80}]\n').findings, []);
      assert.deepEqual(analyse(`${BOMB}\n`).findings, [], 'an alias bomb in a file that is not ours');
    });

    it('leaves a standalone Heartbeat configuration entry beside the monitors alone', () => {
      assert.deepEqual(hiding(withEntry('heartbeat.config.monitors:\n  path: /etc/monitors.d/*.yml\noutput.elasticsearch:\n  hosts: [es:9200]')), []);
    });

    it('reads a browser JSON file matched by the globs when it looks like a config, and leaves a package.json alone', () => {
      assert.deepEqual(hiding('{"id": "b", "name": "B", "type": "brwser", "schedule": 10}', 'browser-json'), ['unknown-monitor-type: "brwser"']);
      assert.deepEqual(analyse('{"name": "journeys", "version": "1.0.0", "dependencies": {}}', {}, 'browser-json').findings, []);
    });
  });

  describe('in a file named on the command line or mounted', () => {
    it('takes any mapping or list of mappings as monitors', () => {
      assert.deepEqual(hiding(`${B}\n`, 'yaml', true), ['missing-required: id']);
      assert.deepEqual(hiding(`- ${B.replace(/\n/g, '\n  ')}\n`, 'yaml', true), ['missing-required: id']);
      assert.deepEqual(hiding('{"name": "x"}', 'browser-json', true), [], 'untyped JSON is a browser config: its missing id is the problem');
      assert.deepEqual(hiding('"hello"', 'browser-json', true), ['invalid-type: "hello"']);
      assert.deepEqual(hiding('hello\n', 'yaml', true), ['invalid-type: hello']);
    });

    it('leaves Kubernetes objects, Kustomizations and sync configurations alone', () => {
      for (const text of ['apiVersion: v1\nkind: Service\nmetadata: {name: x}\n', 'resources: [a.yaml]\n', 'kibana:\n  url: https://k.example\nmonitors:\n  project_id: p\n']) {
        assert.deepEqual(analyse(text, {}, 'yaml', true).findings, [], text);
      }
    });

    it('reports its syntax errors and alias bombs whatever it holds', () => {
      const broken = 'urls: [https://b.example\nschedule: "@every 5m"\n';
      assert.ok(hiding(broken, 'yaml', true).some((h) => h.startsWith('yaml-syntax')));
      assert.deepEqual(hiding(broken), [], 'found in a folder, it is not recognisably ours');
      assert.ok(hiding(`${BOMB}\n`, 'yaml', true).some((h) => h.startsWith('yaml-too-large')));
    });
  });

  describe('the desired state', () => {
    it('keeps a monitor with errors, with its errors, and lists what hides monitors as blockers', () => {
      const text = withEntry(`tpye: http\n${B}`) + '  c.yml: |\n    name: no id\n    type: http\n    urls: [https://c.example]\n';
      const state = desiredMonitors('k8s/m.yaml', analyse(text), { locations: [], privateLocations: [] });
      assert.deepEqual(state.monitors.map((m) => [m.payload.id, m.errors?.map((e) => e.code) ?? []]), [['a', []], ['b', ['missing-required']], ['', ['missing-required']]]);
      assert.deepEqual(
        state.blockers.map((b) => [covered(text, { code: 'missing-required', severity: 'error', message: '', span: b.span }).split('\n')[0], b.reason.split(':')[0]]),
        [['tpye', 'missing-required'], ['name: no id', 'a monitor without a readable `id`']],
      );
    });
  });
});
