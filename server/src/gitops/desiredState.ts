// The desired state of a project, ready to plan and push: every Kibana-bound monitor of the
// checked files, inline browser steps bundled into `content`, each with its hash.

import * as path from 'node:path';
import { Blocker, DesiredMonitor, ProjectDefaults, SkippedMonitor, desiredMonitors } from '../core/kibana/desired';
import { CheckedFile } from '../core';
import { bundleInlineScript } from './bundle';
import { monitorHash } from './hash';

export interface BuiltState {
  /** Every Kibana-bound monitor; those with `errors` are not sent, but count as in git. */
  monitors: DesiredMonitor[];
  skipped: SkippedMonitor[];
  /** Inputs that may hide monitors: plan, push and watch delete nothing while there are any. */
  blockers: Blocker[];
  /** Inline scripts esbuild could not bundle: pushed, they would fail in Kibana or at run time. */
  problems: { monitor: DesiredMonitor; message: string }[];
}

export async function buildDesiredState(checked: CheckedFile[], defaults: ProjectDefaults, cwd: string, bundle = true): Promise<BuiltState> {
  const state: BuiltState = { monitors: [], skipped: [], blockers: [], problems: [] };
  for (const file of checked) {
    const found = desiredMonitors(path.relative(cwd, file.file).split(path.sep).join('/'), file.analysis, defaults, file.findings);
    state.skipped.push(...found.skipped);
    state.blockers.push(...found.blockers);
    for (const monitor of found.monitors) {
      if (bundle && monitor.inlineScript !== undefined && !monitor.errors) {
        try {
          monitor.payload.content = await bundleInlineScript(monitor.payload.name, monitor.inlineScript, path.dirname(file.file));
        } catch (error) {
          const message = `its inline script cannot be bundled: ${(error as Error).message.split('\n')[0]}`;
          state.problems.push({ monitor, message });
          monitor.errors = [{ code: 'bundle-failed', message, span: monitor.span }];
        }
      }
      monitor.payload.hash = monitorHash(monitor.payload);
      state.monitors.push(monitor);
    }
  }
  return state;
}
