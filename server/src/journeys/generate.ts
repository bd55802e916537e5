// A journey of a `*.journey.ts` file as its `browser-journey-configs` entry: the browser-config
// JSON fields from its `monitor.use({...})` merged over its project's synthetics.config.ts settings
// as `@elastic/synthetics push` merges them, and an inline script made of the journey callback's
// body with the local helpers it uses bundled in by esbuild. Node side (reads helper files); it
// never runs journey code (the config is read as push reads it, or statically in Restricted Mode:
// syntheticsConfig.ts). What cannot run as an inline script is refused, with file and line.
// Here each journey is checked and its entry assembled from entry.ts (fields, defaults, merging)
// and inlineScript.ts (the script); the public API of generation stays importable from here.

import * as path from 'node:path';
import ts from 'typescript';
import { AnalysedJourney, analyseJourneyFile } from '../core/journeys/analyse';
import { RestrictedModeError } from '../node/projectModules';
import { DEFAULT_SETTINGS } from '../protocol/settings';
import { defaultFields, ownFields } from './entry';
import { ScriptCache, inlineScript } from './inlineScript';
import { readMonitorUse } from './monitorUse';
import { Refusal } from './refusal';
import { SyntheticsConfig, SyntheticsConfigError, SyntheticsConfigs } from './syntheticsConfig';
import { GenerateDefaults, GenerateProblem, GeneratedJourney, JourneyResult } from './generated';
import { findCall } from './syntax';

export { ENTRY_KEY_ORDER, changedFields, entryKeyFor, mergeEntry, renderEntryJson, sameValue } from './entry';
export { ScriptCache } from './inlineScript';
export { SyntheticsConfigs } from './syntheticsConfig';
export type { GenerateDefaults, GenerateProblem, GeneratedJourney, JourneyResult };

export interface GenerateOptions {
  /** Fill only what neither the journey, its synthetics.config.ts nor the entry sets. */
  defaults?: GenerateDefaults;
  cache?: ScriptCache;
  /** Reads the journeys' synthetics.config.ts, whose settings push applies to every journey; without it, none is read. */
  configs?: SyntheticsConfigs;
}

/**
 * Every journey of one file (its text as given, its helpers as on disk), each generated or refused.
 * `file` is the journey file's absolute path: local imports resolve from its folder.
 */
export async function generateJourneys(file: string, text: string, options: GenerateOptions = {}): Promise<JourneyResult[]> {
  const analysed = analyseJourneyFile(file, text, DEFAULT_SETTINGS).journeys;
  if (!analysed.length) return [];
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, /\.m?jsx?$|\.cjs$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS);
  const where = (offset: number): GenerateProblem => {
    const { line, character } = source.getLineAndCharacterOfPosition(offset);
    return { file, line: line + 1, column: character + 1, message: '' };
  };
  let project: SyntheticsConfig | undefined;
  try {
    project = await options.configs?.for(file);
  } catch (error) {
    if (!(error instanceof SyntheticsConfigError)) throw error;
    // Push stops at a config it cannot read: nothing of the project is generated either.
    const problem = { file: error.file, line: 1, column: 1, message: `${path.basename(error.file)} could not be read: ${error.message}` };
    return analysed.map((journey) => ({ journey, errors: [problem] }));
  }
  const results: JourneyResult[] = [];
  for (const journey of analysed) {
    try {
      results.push({ journey, generated: await generateOne(file, text, source, journey, options, where, project), errors: [] });
    } catch (error) {
      // Nothing wrong with the journey: the whole pass is off (the LSP's consistency check skips it).
      if (error instanceof RestrictedModeError) throw error;
      const at = error instanceof Refusal && error.at !== undefined ? error.at : journey.nameSpan.start;
      results.push({ journey, errors: [{ ...where(at), message: (error as Error).message }] });
    }
  }
  return results;
}

async function generateOne(
  file: string,
  text: string,
  source: ts.SourceFile,
  journey: AnalysedJourney,
  options: GenerateOptions,
  where: (offset: number) => GenerateProblem,
  project: SyntheticsConfig | undefined,
): Promise<GeneratedJourney> {
  if (journey.kind !== 'browser') throw new Refusal(`Journey "${journey.name}" is an \`apiJourney\`: browser-journey-configs entries hold browser monitors only.`, journey.nameSpan.start);
  if (journey.id === undefined) throw new Refusal(`The id of journey "${journey.name}" is computed by an expression: write it as a string in \`monitor.use({ id: '…' })\`.`, journey.idSpan.start);
  const call = findCall(source, journey.span.start);
  if (!call) throw new Refusal(`Journey "${journey.name}" could not be read.`, journey.span.start);
  const callback = call.arguments[1];
  if (!callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) || !ts.isBlock(callback.body)) {
    throw new Refusal(`Journey "${journey.name}": write its callback as a function with a body (\`({ page, params }) => { … }\`) to generate an inline script from it.`, (callback ?? call).getStart());
  }
  const body = callback.body;
  const { config, useStatement } = readMonitorUse(body, journey);
  const { own, warnings } = ownFields(journey, config, where, project);
  const script = await inlineScript(file, text, source, journey, callback, useStatement, options.cache);
  own.source = { inline: { script } };
  return { journey, id: journey.id, own, defaults: defaultFields(options.defaults), warnings };
}
