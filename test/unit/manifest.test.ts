// package.json is the extension manifest: its settings must be those of server/src/protocol/settings.ts.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SETTINGS } from '../../server/src/protocol/settings';

const root = path.resolve(__dirname, '../../..');

describe('extension manifest', () => {
  it('contributes the configuration generated from SETTINGS (run `npm run generate:manifest` if not)', async () => {
    const generator = (await import(pathToFileURL(path.join(root, 'scripts/generate-manifest.mjs')).href)) as {
      configuration(): unknown;
    };
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    assert.deepEqual(manifest.contributes.configuration, generator.configuration());
  });
});

describe('README', () => {
  it('documents every setting in its table', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const rows = new Set([...readme.matchAll(/^\| `syntheticsGitops\.([\w.]+)` \|/gm)].map((m) => m[1]));
    assert.deepEqual(Object.keys(SETTINGS).filter((key) => !rows.has(key)), []);
  });
});
