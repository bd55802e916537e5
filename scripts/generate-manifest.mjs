// Rewrites `contributes.configuration` in package.json from SETTINGS in server/src/protocol/settings.ts,
// so every setting is declared once. Reads the `tsc -b` output: run it as `npm run generate:manifest`.
// test/unit/manifest.test.ts imports configuration() and fails when package.json is stale.

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { SETTINGS, SETTINGS_SECTION } = require('../out/server/src/protocol/settings.js');
const MANIFEST = fileURLToPath(new URL('../package.json', import.meta.url));

/** The `contributes.configuration` that SETTINGS describes. */
export function configuration() {
  const properties = {};
  Object.entries(SETTINGS).forEach(([key, { description, ...schema }], order) => {
    // Descriptions use `code` spans, which only markdownDescription renders.
    properties[`${SETTINGS_SECTION}.${key}`] = { ...schema, markdownDescription: description, scope: 'resource', order };
  });
  // Read by vscode-languageclient, whose client id is SETTINGS_SECTION. One client serves every folder, hence `window`.
  properties[`${SETTINGS_SECTION}.trace.server`] = {
    type: 'string',
    enum: ['off', 'messages', 'verbose'],
    default: 'off',
    markdownDescription: 'Traces the messages between VS Code and the language server in the "Synthetics GitOps" output.',
    scope: 'window',
    order: Object.keys(properties).length,
  };
  return { title: 'Synthetics GitOps', properties };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  manifest.contributes.configuration = configuration();
  writeFileSync(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
}
