// The mount reader on real ConfigMap volumes written as the kubelet writes them: keys read through
// their links, the kubelet's own entries skipped, a swap seen whole, and the guards of a prune.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DesiredMonitor } from '../../../server/src/core/kibana/desired';
import { planChanges } from '../../../server/src/core/kibana/plan';
import { readMount } from '../../../server/src/gitops/mount';
import { allowedDeletions, parseDeletionLimit, pruneCounts, pruneRefusal } from '../../../server/src/gitops/pruneGuard';
import { writeConfigMapVolume } from '../../helpers/kubeletMount';

const HTTP = 'name: API\ntype: http\nid: api\nschedule: "@every 1m"\nurls: ["https://api.example.com/health"]\n';

describe('gitops/mount: ConfigMap volumes', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sgo-mount-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads one folder per ConfigMap through the key links, skipping the kubelet entries', async () => {
    writeConfigMapVolume(path.join(dir, 'http-monitors'), { 'api-health.yml': HTTP, 'README.txt': 'notes' });
    writeConfigMapVolume(path.join(dir, 'browser-journey-configs'), { 'example-journey.json': '{}' });
    writeConfigMapVolume(path.join(dir, 'sync-config'), { 'sync-config.yaml': 'monitors:\n  project_id: p\n' });
    assert.ok(fs.readdirSync(path.join(dir, 'http-monitors')).some((n) => n.startsWith('..2')), 'the timestamped directory exists');
    const mount = await readMount(dir);
    assert.deepEqual(
      mount.files.map((f) => path.relative(dir, f)),
      ['browser-journey-configs/example-journey.json', 'http-monitors/api-health.yml'],
    );
    assert.deepEqual(mount.syncConfigs.map((f) => path.relative(dir, f)), ['sync-config/sync-config.yaml']);
    assert.deepEqual(mount.ignored, ['http-monitors/README.txt']);
  });

  it('reads a folder that is itself one ConfigMap volume', async () => {
    writeConfigMapVolume(dir, { 'api-health.yml': HTTP });
    assert.deepEqual((await readMount(dir)).files, [path.join(dir, 'api-health.yml')]);
  });

  it('sees a swap: new keys, removed keys, changed content, a new fingerprint', async () => {
    const volume = path.join(dir, 'http-monitors');
    writeConfigMapVolume(volume, { 'a.yml': HTTP, 'b.yml': HTTP });
    const before = await readMount(dir);
    writeConfigMapVolume(volume, { 'b.yml': HTTP.replace('1m', '5m'), 'c.yml': HTTP });
    const after = await readMount(dir);
    assert.deepEqual(after.files.map((f) => path.basename(f)), ['b.yml', 'c.yml']);
    assert.notEqual(after.fingerprint, before.fingerprint);
    assert.match(fs.readFileSync(after.files[0], 'utf8'), /@every 5m/);
    assert.equal(fs.readdirSync(volume).filter((n) => n.startsWith('..2')).length, 1, 'the old directory is gone');
    assert.equal((await readMount(dir)).fingerprint, after.fingerprint, 'stable while nothing changes');
  });

  it('lists every sync configuration mounted (--sync-config picks one), and refuses a mount that is not there', async () => {
    writeConfigMapVolume(path.join(dir, 'a'), { 'sync-config.yaml': 'x: 1\n' });
    writeConfigMapVolume(path.join(dir, 'b'), { 'prod-sync-config.yml': 'x: 1\n' });
    assert.deepEqual((await readMount(dir)).syncConfigs.map((f) => path.relative(dir, f)), ['a/sync-config.yaml', 'b/prod-sync-config.yml']);
    await assert.rejects(readMount(path.join(dir, 'missing')), /cannot read the mount .*missing: no such directory/);
  });
});

describe('gitops/pruneGuard', () => {
  const ctx = { project: 'p', space: 'default', kibanaVersion: '9.1.0', locations: [] };
  /** A plan of `desired` (default none: deleting them all) against `existing` stored monitors m0, m1, …. */
  const plan = (existing: number, desired: DesiredMonitor[] = []) =>
    planChanges(desired, Array.from({ length: existing }, (_, i) => ({ journey_id: `m${i}`, hash: 'h', name: `m${i}`, type: 'http' })), ctx);

  it('reads N and N%, and nothing else', () => {
    assert.deepEqual(parseDeletionLimit('5'), { count: 5 });
    assert.deepEqual(parseDeletionLimit('12.5%'), { percent: 12.5 });
    for (const bad of ['', '-1', '5.5', '101%', 'ten', '10 %x']) assert.equal(parseDeletionLimit(bad), undefined, bad);
  });

  it('allows a percentage of the existing monitors, never fewer than one', () => {
    assert.equal(allowedDeletions({ percent: 10 }, 2000), 200);
    assert.equal(allowedDeletions({ percent: 10 }, 3), 1);
    assert.equal(allowedDeletions({ percent: 0 }, 3), 0);
    assert.equal(allowedDeletions({ count: 7 }, 3), 7);
  });

  it('refuses an empty desired state, and too many deletes, saying what to pass', () => {
    const all = plan(20);
    const guard = { limit: { percent: 10 }, limitText: '10%', allowEmpty: false };
    assert.match(pruneRefusal(pruneCounts(all, 0, true), guard)!, /no monitor was read, so all 20 monitor\(s\) of project "p" would be deleted.*--allow-empty --max-deletions 100%/);
    assert.match(pruneRefusal(pruneCounts(all, 0, true), { ...guard, allowEmpty: true })!, /20 of the project's 20 monitor\(s\) in Kibana would be deleted, more than --max-deletions 10% allows \(2\).*--max-deletions 20/);
    assert.equal(pruneRefusal(pruneCounts(all, 0, true), { limit: { percent: 100 }, limitText: '100%', allowEmpty: true }), undefined);
    assert.equal(pruneRefusal(pruneCounts(plan(0), 0, true), guard), undefined, 'nothing to delete: nothing to refuse');
  });

  it('counts every monitor Kibana listed, one invalid in git included', () => {
    // m0 twice in git: a duplicate id, invalid, so the plan leaves it alone; it is one of the 10 all the same.
    const m0 = { payload: { id: 'm0', name: 'm0', type: 'http', schedule: 5 }, file: 'a.yml', span: { start: 0, end: 0 } };
    const counts = pruneCounts(plan(10, [m0, m0]), 2, true);
    assert.deepEqual(counts, { project: 'p', deletes: 9, existing: 10, desired: 2 });
    assert.match(pruneRefusal(counts, { limit: { percent: 10 }, limitText: '10%', allowEmpty: false })!, /9 of the project's 10 monitor\(s\) in Kibana would be deleted/);
  });
});
