// Builds the shipped bundles: dist/extension.js (VS Code client), dist/server.js (language
// server), dist/cli.js (command line), dist/tracePreload.js (preloaded into the journeys' runner
// when traces are kept; found beside the CLI) and dist/typescript.js (the TypeScript compiler, which
// the server and the CLI load the first time they read a journey). `--watch` rebuilds on change;
// `--production` minifies.

import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // jsonc-parser's UMD build requires its modules dynamically; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  // No `external`: esbuild and @elastic/synthetics are not imported but resolved at run time from
  // the journeys' project (server/src/node/projectModules.ts), since the .vsix ships no node_modules.
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { PACKAGE_VERSION: JSON.stringify(version) },
};

// TypeScript is 70% of a bundle that holds it (3.6 of 5 MB minified), and Node compiles all of a
// file it loads: kept in its own file, it costs nothing to a run that reads no journey. `import ts
// from 'typescript'` gets a stand-in that loads dist/typescript.js on its first property read.
const typescriptOnFirstUse = {
  name: 'typescript-on-first-use',
  setup(build) {
    build.onResolve({ filter: /^typescript$/ }, () => ({ path: 'typescript', namespace: 'typescript-on-first-use' }));
    build.onResolve({ filter: /^\.\/typescript\.js$/ }, () => ({ path: './typescript.js', external: true }));
    build.onLoad({ filter: /.*/, namespace: 'typescript-on-first-use' }, () => ({
      contents: 'let ts; export default new Proxy({}, { get: (_, key) => (ts ??= require("./typescript.js"))[key] });',
      loader: 'js',
    }));
  },
};

// server/src/core/schema/validators.ts compiles its validators on first use (~0.1 s for the http
// schema alone); the bundles get the same validators compiled now, as Ajv's standalone code.
const SCHEMA_DIR = 'server/src/core/schema';
const precompiledValidators = {
  name: 'precompiled-validators',
  setup(build) {
    build.onLoad({ filter: /[\\/]server[\\/]src[\\/]core[\\/]schema[\\/]validators\.ts$/ }, async () => {
      const { outputFiles } = await esbuild.build({
        // Ajv's code generator from the same copy of Ajv that compiles: it recognises its own code objects.
        stdin: { contents: "export { createAjv } from './validators'; export { VALIDATED_SCHEMAS } from './schemas'; export { default as standaloneCode } from 'ajv/dist/standalone';", resolveDir: SCHEMA_DIR, loader: 'ts' },
        bundle: true,
        write: false,
        platform: 'node',
        format: 'cjs',
      });
      const module = { exports: {} };
      new Function('module', 'exports', 'require', outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
      const { createAjv, VALIDATED_SCHEMAS, standaloneCode } = module.exports;
      const ajv = createAjv({ source: true, esm: true });
      const names = Object.keys(VALIDATED_SCHEMAS);
      for (const name of names) ajv.addSchema(VALIDATED_SCHEMAS[name], name);
      const contents = `${standaloneCode(ajv, Object.fromEntries(names.map((n) => [n, n])))}
import { VALIDATED_SCHEMAS } from './schemas';
const byName = { ${names.join(', ')} };
const bySchema = new Map(Object.entries(VALIDATED_SCHEMAS).map(([name, schema]) => [schema, byName[name]]));
export function validatorFor(schema) {
  const validate = bySchema.get(schema);
  if (!validate) throw new Error('No validator was compiled for this schema: add it to VALIDATED_SCHEMAS');
  return validate;
}`;
      return { contents, loader: 'js', resolveDir: SCHEMA_DIR };
    });
  },
};

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js', plugins: [typescriptOnFirstUse, precompiledValidators] },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [typescriptOnFirstUse, precompiledValidators] },
  { entryPoints: ['server/src/journeys/tracePreload.ts'], outfile: 'dist/tracePreload.js' },
  { entryPoints: ['node_modules/typescript/lib/typescript.js'], outfile: 'dist/typescript.js', sourcemap: false },
];

const contexts = await Promise.all(entries.map((entry) => esbuild.context({ ...common, ...entry })));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[watch] build started');
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
