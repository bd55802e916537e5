// @elastic/synthetics and esbuild come from the journeys' project (the .vsix ships no node_modules),
// else from ours; never from the workspace in Restricted Mode. Fake packages in temporary projects
// tell which copy was found.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadEsbuild, resolveSynthetics } from '../../../server/src/node/projectModules';
import { RESTRICTED_ENV } from '../../../server/src/protocol/trust';

const repo = path.resolve(__dirname, '../../../..');

/** Writes a package (package.json, index.js exporting `{ origin }`) under `dir`. */
function fakePackage(dir: string, name: string, origin: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '0.0.0', main: 'index.js' }));
  writeFileSync(path.join(dir, 'index.js'), `module.exports = { origin: ${JSON.stringify(origin)} };\n`);
}

describe('modules of the journeys project', () => {
  let root: string;
  beforeEach(() => (root = realpathSync(mkdtempSync(path.join(tmpdir(), 'project-modules-')))));
  afterEach(() => {
    delete process.env[RESTRICTED_ENV];
    rmSync(root, { recursive: true, force: true });
  });

  it("finds the project's @elastic/synthetics from a folder below it, else ours", () => {
    const project = path.join(root, 'with');
    fakePackage(path.join(project, 'node_modules', '@elastic', 'synthetics'), '@elastic/synthetics', 'project');
    mkdirSync(path.join(project, 'journeys', 'deep'), { recursive: true });
    assert.deepEqual(resolveSynthetics(path.join(project, 'journeys', 'deep')), { dir: path.join(project, 'node_modules', '@elastic', 'synthetics'), fromProject: true });
    const ours = resolveSynthetics(path.join(root, 'without'));
    assert.equal(ours.fromProject, false);
    assert.equal(ours.dir, realpathSync(path.join(repo, 'node_modules', '@elastic', 'synthetics')));
  });

  it("loads the project's esbuild, hoisted or under its @elastic/synthetics, else ours", () => {
    const hoisted = path.join(root, 'hoisted');
    fakePackage(path.join(hoisted, 'node_modules', 'esbuild'), 'esbuild', 'hoisted');
    assert.equal((loadEsbuild(hoisted) as unknown as { origin: string }).origin, 'hoisted');

    const nested = path.join(root, 'nested');
    fakePackage(path.join(nested, 'node_modules', '@elastic', 'synthetics'), '@elastic/synthetics', 'synthetics');
    fakePackage(path.join(nested, 'node_modules', '@elastic', 'synthetics', 'node_modules', 'esbuild'), 'esbuild', 'nested');
    assert.equal((loadEsbuild(nested) as unknown as { origin: string }).origin, 'nested');

    assert.match(loadEsbuild(path.join(root, 'none')).version, /^\d+\.\d+\.\d+$/, 'our real esbuild');
  });

  it('loads nothing from the workspace in Restricted Mode', () => {
    const project = path.join(root, 'untrusted');
    fakePackage(path.join(project, 'node_modules', '@elastic', 'synthetics'), '@elastic/synthetics', 'project');
    fakePackage(path.join(project, 'node_modules', 'esbuild'), 'esbuild', 'project');
    process.env[RESTRICTED_ENV] = '1';
    assert.equal(resolveSynthetics(project).fromProject, false);
    assert.equal((loadEsbuild(project) as unknown as { origin?: string }).origin, undefined);
  });
});
