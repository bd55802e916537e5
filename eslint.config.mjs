// `npm run lint`: typescript-eslint's recommended rules, and the layers of the code as rules
// (README, Development): the core is pure, the extension talks to the server only through the
// protocol, the server never imports the extension, and no module imports itself through others.

import { builtinModules } from 'node:module';
import { defineConfig } from 'eslint/config';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * The server's Node-side folders, lowest first, all above the core and the protocol: a folder
 * imports only folders of lower layers (and npm packages), so no two folders import each other,
 * in types either.
 */
const LAYERS = [['node'], ['kibana', 'journeys', 'sandbox'], ['kustomize'], ['gitops'], ['lsp', 'cli']];

const ZONES = [
  ...LAYERS.flatMap((layer, level) =>
    layer.map((folder) => {
      const above = LAYERS.slice(level).flat().filter((other) => other !== folder);
      return {
        target: `./server/src/${folder}`,
        from: above.map((other) => `./server/src/${other}`),
        message: `server/src/${folder} is below ${above.join(', ')} (LAYERS in eslint.config.mjs): move what both need down a layer.`,
      };
    }),
  ),
  {
    target: './server/src/core',
    from: './',
    except: ['./server/src/core', './server/src/protocol', './schemas', './node_modules'],
    message: 'The core imports only the core and the protocol: the CLI, the language server and the tests share it, free of I/O.',
  },
  { target: './server/src/protocol', from: './', except: ['./server/src/protocol', './node_modules'], message: 'The protocol holds only what the server, the CLI and the extension share.' },
  { target: './client/src', from: './', except: ['./client/src', './server/src/protocol', './node_modules'], message: 'The extension talks to the language server through the protocol (server/src/protocol) only.' },
  { target: './server', from: './client', message: 'The server never imports the extension.' },
];

/** ESLint's own rules that find bugs tsc lets through (its recommended set without those about style or what tsc checks). */
const BUG_RULES = [
  'no-async-promise-executor',
  'no-case-declarations',
  'no-cond-assign',
  'no-constant-binary-expression',
  'no-constant-condition',
  'no-control-regex',
  'no-debugger',
  'no-dupe-else-if',
  'no-empty-character-class',
  'no-empty-pattern',
  'no-ex-assign',
  'no-invalid-regexp',
  'no-loss-of-precision',
  'no-misleading-character-class',
  'no-self-assign',
  'no-self-compare',
  'no-sparse-arrays',
  'no-unsafe-finally',
  'no-unsafe-optional-chaining',
  'no-useless-backreference',
  'require-yield',
  'use-isnan',
];

/** Node's modules, by every name an import may use. */
const NODE = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default defineConfig(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.cache/**', 'test/fixtures/**', 'examples/**', '**/*.d.ts'] },
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })] },
    rules: {
      // Modules that import each other load half-initialised, and make every layer depend on the rest.
      'import-x/no-cycle': ['error', { ignoreExternal: true, commonjs: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-restricted-paths': ['error', { zones: ZONES }],
      // Real problems only: an unused name is tsc's (noUnusedLocals), the `_` prefix marks one on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      ...Object.fromEntries(BUG_RULES.map((rule) => [rule, 'error'])),
    },
  },
  {
    // Tests read JSON replies deep down.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The LSP's own convention for a request: a namespace holding its method, params, result and type.
    files: ['server/src/protocol/messages.ts'],
    rules: { '@typescript-eslint/no-namespace': 'off' },
  },
  {
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...NODE, 'vscode', 'vscode-languageserver', 'vscode-languageserver/node'].map((name) => ({ name, message: 'The core is pure: no Node I/O, no editor.' })),
        },
      ],
    },
  },
  {
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!vscode$|vscode-languageclient(/node)?$|vscode-languageserver-protocol$|node:|\\.)',
              message: 'The extension imports vscode, vscode-languageclient, Node and its own modules; everything else goes through the language server.',
            },
          ],
        },
      ],
    },
  },
);
