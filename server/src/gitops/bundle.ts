// Browser configs with inline steps become project monitors the way `@elastic/synthetics push`
// makes them from journeys (reference §3.6): the steps are wrapped in a journey, bundled with
// esbuild (`@elastic/synthetics` left external), zipped with a fixed date so the same script
// always gives the same bytes, and sent base64-encoded as `content`.

import type * as esbuild from 'esbuild';
import { zipSync, strToU8 } from 'fflate';
import { loadEsbuild } from '../node/projectModules';

/** The zip entry; the runner loads every journey file in the archive. */
const ENTRY = 'journeys/inline.journey.js';
/** 1980-01-01, the earliest date a zip can hold: a fixed date keeps the archive deterministic. */
const FIXED_DATE = new Date(1980, 0, 1);

/** Lines wrapInlineScript puts before the steps: errors are reported at the steps' own lines. */
const WRAPPER_LINES = 3;

/** The journey source for inline steps, as Kibana's own inline monitors run them. */
export function wrapInlineScript(name: string, steps: string): string {
  return [
    "import { journey, step, expect } from '@elastic/synthetics';",
    '',
    `journey(${JSON.stringify(name)}, ({ page, context, browser, params, request }) => {`,
    steps,
    '});',
    '',
  ].join('\n');
}

/** Bundles inline steps into the base64 zip the project API takes as `content`; `dir` is the folder of the file holding them (esbuild comes from its project, else ours). */
export async function bundleInlineScript(name: string, steps: string, dir: string): Promise<string> {
  const result = await loadEsbuild(dir)
    .build({
    stdin: { contents: wrapInlineScript(name, steps), loader: 'ts', resolveDir: dir, sourcefile: 'inline.journey.ts' },
    bundle: true,
    external: ['@elastic/synthetics'],
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    minifyWhitespace: true,
    write: false,
    logLevel: 'silent',
    })
    .catch((failure: esbuild.BuildFailure) => {
      const [first] = failure.errors ?? [];
      const line = first?.location ? Math.max(1, first.location.line - WRAPPER_LINES) : undefined;
      throw new Error(first ? `${line ? `line ${line} of the inline script: ` : ''}${first.text}` : String(failure));
    });
  const zip = zipSync({ [ENTRY]: [strToU8(result.outputFiles[0].text), { mtime: FIXED_DATE, level: 9 }] });
  return Buffer.from(zip).toString('base64');
}
