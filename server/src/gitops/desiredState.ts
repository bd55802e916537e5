// The desired state of a project, ready to plan and push: every Kibana-bound monitor of the
// checked files, inline browser steps bundled into `content`, each with its hash.

import * as path from 'node:path';
import { DesiredMonitor, ProjectDefaults, SkippedMonitor, desiredMonitors } from '../core/kibana/desired';
import { CheckedFile } from '../node/checkPaths';
import { bundleInlineScript } from './bundle';
import { monitorHash } from './hash';

export interface BuiltState {
  monitors: DesiredMonitor[];
  skipped: SkippedMonitor[];
  /** Inline scripts esbuild could not bundle: pushed, they would fail in Kibana or at run time. */
  problems: { monitor: DesiredMonitor; message: string }[];
}

export async function buildDesiredState(checked: CheckedFile[], defaults: ProjectDefaults, cwd: string): Promise<BuiltState> {
  const state: BuiltState = { monitors: [], skipped: [], problems: [] };
  for (const file of checked) {
    const found = desiredMonitors(path.relative(cwd, file.file).split(path.sep).join('/'), file.analysis, defaults);
    state.skipped.push(...found.skipped);
    for (const monitor of found.monitors) {
      if (monitor.inlineScript !== undefined) {
        try {
          monitor.payload.content = await bundleInlineScript(monitor.payload.name, monitor.inlineScript, path.dirname(file.file));
        } catch (error) {
          state.problems.push({ monitor, message: `its inline script cannot be bundled: ${(error as Error).message.split('\n')[0]}` });
          continue;
        }
      }
      monitor.payload.hash = monitorHash(monitor.payload);
      state.monitors.push(monitor);
    }
  }
  return state;
}
