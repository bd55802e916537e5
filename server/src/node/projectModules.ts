// The npm modules that journeys need, resolved from the project that holds them: @elastic/synthetics
// (the runner) and esbuild (bundling inline scripts; a dependency of @elastic/synthetics). The
// installed .vsix ships no node_modules, so the editor uses the project's own copies, as
// Playwright's VS Code extension uses the project's Playwright. The CLI, installed from npm with
// esbuild as its dependency (@elastic/synthetics is an optional peer), falls back to its own esbuild,
// and so does a development checkout, which has both.

import type * as Esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { RESTRICTED_ENV } from '../protocol/trust';

export const SYNTHETICS_PACKAGE = '@elastic/synthetics';
/** What to run in a project without @elastic/synthetics. */
export const INSTALL_SYNTHETICS = `npm install --save-dev ${SYNTHETICS_PACKAGE}`;


/** The module would come from an untrusted workspace: not an error of the files, so not reported at them. */
export class RestrictedModeError extends Error {
  constructor(readonly moduleName: string) {
    super(`the workspace is not trusted, so its ${moduleName} is not loaded: trust the workspace to use it`);
  }
}

function restricted(): boolean {
  return process.env[RESTRICTED_ENV] === '1';
}

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

/**
 * The folder the runner works in for a journey file: the nearest one above it holding a
 * synthetics.config.ts/js, else a package.json (the runner needs an npm project and finds its
 * config by walking up from there). Undefined when there is no package.json at all.
 */
export function projectFolder(file: string): string | undefined {
  let withPackage: string | undefined;
  for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
    if (['synthetics.config.ts', 'synthetics.config.js'].some((name) => existsSync(path.join(dir, name)))) return hasPackageAbove(dir) ? dir : undefined;
    if (!withPackage && existsSync(path.join(dir, 'package.json'))) withPackage = dir;
    if (path.dirname(dir) === dir) return withPackage;
  }
}

function hasPackageAbove(dir: string): boolean {
  for (let d = dir; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, 'package.json'))) return true;
    if (path.dirname(d) === d) return false;
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
  const own = restricted() ? undefined : resolveFrom(projectDir, `${SYNTHETICS_PACKAGE}/package.json`);
  if (own) return { dir: path.dirname(own), fromProject: true };
  const ours = resolveFrom(__dirname, `${SYNTHETICS_PACKAGE}/package.json`);
  if (ours) return { dir: path.dirname(ours), fromProject: false };
  if (restricted()) throw new RestrictedModeError(SYNTHETICS_PACKAGE);
  throw new MissingProjectModuleError(SYNTHETICS_PACKAGE, projectDir);
}

/**
 * The Playwright a project's @elastic/synthetics records with (its `playwright-core` package
 * folder): its trace viewer opens the traces that version wrote. The project's own only (nothing
 * of ours runs its traces); throws MissingProjectModuleError, or RestrictedModeError.
 */
export function resolvePlaywrightCore(projectDir: string): string {
  if (restricted()) throw new RestrictedModeError('playwright-core');
  const synthetics = resolveFrom(projectDir, `${SYNTHETICS_PACKAGE}/package.json`);
  const found = (synthetics && resolveFrom(path.dirname(synthetics), 'playwright-core/package.json')) ?? resolveFrom(projectDir, 'playwright-core/package.json');
  if (!found) throw new MissingProjectModuleError('playwright-core', projectDir);
  return path.dirname(found);
}

/**
 * How a child process runs @elastic/synthetics for a project folder: the package folder (the
 * project's, else ours), and for ours the folder NODE_PATH needs so that the project's
 * `import '@elastic/synthetics'` finds that same copy — a second copy would register journeys
 * where the runner never looks. Throws MissingProjectModuleError (RestrictedModeError).
 */
export function syntheticsForChild(projectDir: string): { dir: string; nodePath?: string } {
  const { dir, fromProject } = resolveSynthetics(projectDir);
  return { dir, nodePath: fromProject ? undefined : path.resolve(dir, '..', '..') };
}

const loaded = new Map<string, typeof Esbuild>();

/**
 * esbuild for files in `dir`: the project's (hoisted, else the one its @elastic/synthetics
 * depends on), so the editor and the project's CI bundle with the same version; else this
 * program's. `folder` names the project in the error.
 */
export function loadEsbuild(dir: string, folder = dir): typeof Esbuild {
  const synthetics = restricted() ? undefined : resolveFrom(dir, `${SYNTHETICS_PACKAGE}/package.json`);
  const projects = restricted() ? undefined : (resolveFrom(dir, 'esbuild') ?? (synthetics && resolveFrom(path.dirname(synthetics), 'esbuild')));
  const entry = projects ?? resolveFrom(__dirname, 'esbuild');
  if (!entry && restricted()) throw new RestrictedModeError('esbuild');
  if (!entry) throw new MissingProjectModuleError('esbuild', folder);
  let module = loaded.get(entry);
  if (!module) loaded.set(entry, (module = createRequire(entry)(entry) as typeof Esbuild));
  return module;
}
