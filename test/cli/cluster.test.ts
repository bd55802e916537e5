// The examples' staging overlay as a cluster runs it: built by the real `kubectl kustomize`, its
// ConfigMaps mounted where the built hook Job and watcher Deployment mount them (the kubelet's
// layout), the Job's own command run against the Kibana sandbox, then the watcher's: the monitors
// arrive as the overlay changed them, Kibana matches git, and the probes the Deployment declares answer.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { Sandbox, startSandbox } from '../../server/src/sandbox/server';
import { events, runCli } from '../helpers/cli';
import { REPO } from '../helpers/core';
import { kustomize } from '../helpers/kubectl';
import { writeConfigMapVolume } from '../helpers/kubeletMount';
import { Watcher } from '../helpers/watcher';

const OVERLAY = path.join(REPO, 'examples', 'kubelab', 'kustomize', 'elastic-synthetic-monitor', 'overlays', 'staging');
const MOUNT_ROOT = '/monitors';

interface Container {
  args: string[];
  volumeMounts: { name: string; mountPath: string }[];
  livenessProbe?: { httpGet: { path: string } };
  readinessProbe?: { httpGet: { path: string } };
}
interface PodSpec {
  containers: Container[];
  volumes: { name: string; configMap?: { name: string } }[];
}
interface Manifest {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  spec?: { template?: { spec: PodSpec } };
}

/** `kubectl kustomize DIR`, parsed. */
function build(dir: string): Manifest[] {
  return parseAllDocuments(kustomize(dir)).map((d) => d.toJS() as Manifest);
}

function find(manifests: Manifest[], kind: string, name: string): Manifest {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  assert.ok(found, `${kind} ${name} in the built overlay`);
  return found;
}

/**
 * Mounts the ConfigMap volumes of the workload's container under `root` as the kubelet would, and
 * returns its container with paths under /monitors moved there.
 */
function mountFor(workload: Manifest, manifests: Manifest[], root: string): Container {
  const pod = workload.spec!.template!.spec;
  const [container] = pod.containers;
  for (const mount of container.volumeMounts) {
    const configMap = pod.volumes.find((v) => v.name === mount.name)?.configMap;
    if (configMap) writeConfigMapVolume(path.join(root, mount.mountPath), find(manifests, 'ConfigMap', configMap.name).data ?? {});
  }
  return { ...container, args: container.args.map((a) => (a.startsWith(MOUNT_ROOT) ? path.join(root, a) : a)) };
}

/** The value following `flag` in args. */
function flag(args: string[], name: string): string {
  const at = args.indexOf(name);
  assert.ok(at >= 0 && at + 1 < args.length, `${name} in ${args.join(' ')}`);
  return args[at + 1];
}

describe('The staging overlay, run as the cluster runs it, against the Kibana sandbox', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let root: string;
  let env: NodeJS.ProcessEnv;
  const manifests = build(OVERLAY);
  const monitorConfigMaps = ['http-monitors', 'tcp-monitors', 'icmp-monitors', 'browser-journey-configs'].map((name) => find(manifests, 'ConfigMap', name));
  /** What git says, as the overlay renders it: id → monitor. */
  const desired = new Map(monitorConfigMaps.flatMap((c) => Object.values(c.data ?? {}).map((text) => parse(text) as Record<string, unknown>)).map((m) => [String(m.id), m]));
  const space = (parse(find(manifests, 'ConfigMap', 'sync-config').data!['sync-config.yaml']) as { kibana: { space: string } }).kibana.space;
  let watcher: Watcher | undefined;

  before(async () => {
    sandbox = await startSandbox();
    sandbox.state.data.spaces.push(space);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-cluster-'));
    // The Secret's API key, and the sandbox instead of the overlay's Kibana.
    env = { ...process.env, KIBANA_URL: sandbox.url, KIBANA_API_KEY: 'sandbox-key', NO_COLOR: '1' };
    delete env.SYNTHETICS_PROJECT;
  });
  after(async () => {
    watcher?.stop();
    await sandbox.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('the PostSync hook Job pushes the overlay\'s monitors, as the overlay changed them', async () => {
    assert.equal(space, 'staging');
    assert.ok(desired.size >= 4, `${desired.size} monitors in the overlay`);
    const job = mountFor(find(manifests, 'Job', 'synthetics-gitops-push'), manifests, path.join(root, 'job'));
    const run = await runCli(job.args, { env, cwd: root });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const log = events(run.stdout);
    assert.deepEqual((log[0].summary as Record<string, number> | undefined)?.create, desired.size);
    assert.equal(log.at(-1)!.event, 'done');

    const stored = sandbox.state.monitorsIn(space).map((m) => m.attributes);
    assert.deepEqual(stored.map((m) => String(m.journey_id)).sort(), [...desired.keys()].sort());
    for (const monitor of stored) {
      // Staging runs every monitor at most every 10 minutes, tagged for its environment.
      const schedule = monitor.schedule as { number: string; unit: string };
      assert.ok(schedule.unit === 'm' ? Number(schedule.number) >= 10 : schedule.unit === 'h', `${monitor.journey_id}: every ${schedule.number}${schedule.unit}`);
      assert.ok((monitor.tags as string[]).includes('env:staging'), `${monitor.journey_id}: ${monitor.tags}`);
    }
  });

  it('the watcher Deployment then finds Kibana matching git, and answers its probes', async () => {
    const deployment = mountFor(find(manifests, 'Deployment', 'synthetics-gitops-watch'), manifests, path.join(root, 'watch'));
    assert.equal(flag(deployment.args, '--interval'), '5m');
    // Its own arguments, but a short interval, and a free loopback port instead of :8080 (the Watcher's).
    const args = deployment.args.slice(1).map((a, i, all) => (all[i - 1] === '--interval' ? '500ms' : a));
    const listen = args.indexOf('--listen');
    args.splice(listen, 2);
    watcher = new Watcher(args, env);
    const drift = await watcher.next((e) => e.event === 'drift', 'the first check');
    assert.deepEqual(drift.counts, { 'changed-in-git': 0, 'edited-outside-git': 0, 'missing-in-kibana': 0, orphaned: 0 });
    assert.equal(drift.inSync, desired.size);

    const url = await watcher.url();
    for (const probe of [deployment.livenessProbe, deployment.readinessProbe]) {
      assert.ok(probe, 'the Deployment declares its probes');
      const response = await fetch(url + probe.httpGet.path);
      assert.equal(response.status, 200, probe.httpGet.path);
    }
  });
});
