// The npm modules that journeys need, resolved from the project that holds them: @elastic/synthetics
// (the runner) and esbuild (bundling inline scripts; a dependency of @elastic/synthetics). The
// installed .vsix ships no node_modules, so the editor uses the project's own copies, as
// Playwright's VS Code extension uses the project's Playwright. The CLI, installed from npm with
// both as dependencies (and a development checkout), falls back to its own.

import type * as Esbuild from 'esbuild';
import { createRequire } from 'node:module';
import * as path from 'node:path';

export const SYNTHETICS_PACKAGE = '@elastic/synthetics';
/** What to run in a project without @elastic/synthetics. */
export const INSTALL_SYNTHETICS = `npm install --save-dev ${SYNTHETICS_PACKAGE}`;

/** Neither the project nor this program has the module: says which folder and what to install there. */
export class MissingProjectModuleError extends Error {
  constructor(
    readonly moduleName: string,
    readonly folder: string,
  ) {
    const what = moduleName === SYNTHETICS_PACKAGE ? moduleName : `${moduleName} (a dependency of ${SYNTHETICS_PACKAGE})`;
    super(`${what} is not installed in ${folder} or a folder above it: run "${INSTALL_SYNTHETICS}" in ${folder}`);
  }
}

/** Node's own resolution of `request` from `dir`: up through every node_modules above it. */
function resolveFrom(dir: string, request: string): string | undefined {
  try {
    // createRequire wants a file name; the file need not exist.
    return createRequire(path.join(path.resolve(dir), 'package.json')).resolve(request);
  } catch {
    return undefined;
  }
}

export interface ResolvedSynthetics {
  /** The package's folder. */
  dir: string;
  /** True when it is the project's own (its journeys' `import` finds that same copy). */
  fromProject: boolean;
}

/** @elastic/synthetics for a project folder: the project's, else this program's; throws MissingProjectModuleError. */
export function resolveSynthetics(projectDir: string): ResolvedSynthetics {
  const own = resolveFrom(projectDir, `${SYNTHETICS_PACKAGE}/package.json`);
  if (own) return { dir: path.dirname(own), fromProject: true };
  const ours = resolveFrom(__dirname, `${SYNTHETICS_PACKAGE}/package.json`);
  if (ours) return { dir: path.dirname(ours), fromProject: false };
  throw new MissingProjectModuleError(SYNTHETICS_PACKAGE, projectDir);
}

const loaded = new Map<string, typeof Esbuild>();

/**
 * esbuild for files in `dir`: the project's (hoisted, else the one its @elastic/synthetics
 * depends on), so the editor and the project's CI bundle with the same version; else this
 * program's. `folder` names the project in the error.
 */
export function loadEsbuild(dir: string, folder = dir): typeof Esbuild {
  const synthetics = resolveFrom(dir, `${SYNTHETICS_PACKAGE}/package.json`);
  const entry =
    resolveFrom(dir, 'esbuild') ?? (synthetics && resolveFrom(path.dirname(synthetics), 'esbuild')) ?? resolveFrom(__dirname, 'esbuild');
  if (!entry) throw new MissingProjectModuleError('esbuild', folder);
  let module = loaded.get(entry);
  if (!module) loaded.set(entry, (module = createRequire(entry)(entry) as typeof Esbuild));
  return module;
}
