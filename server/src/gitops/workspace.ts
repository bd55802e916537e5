// The workspace as this program checks it: the core's model (core/workspace/workspace.ts) with
// the checks that need Node — the paths manifests name (node/references.ts), Kustomize overlays
// built from the source (kustomize/overlayChecks.ts) and journeys against their ConfigMap entries
// (journeys/workspaceCheck.ts). `validate`, plan and push read the disk (checkPaths.ts); the
// language server its open documents over the disk. Plan and push leave the journeys out: they
// only warn, and generating every journey would slow each plan.

import { FileSource, Workspace } from '../core';
import { JourneyCheck } from '../journeys/workspaceCheck';
import { overlayFindings } from '../kustomize/overlayChecks';
import { referenceFindings } from '../node/references';

export interface WorkspaceOptions {
  /** Check journeys against their entries; `restricted`: read synthetics.config.ts without running it (else as RESTRICTED_ENV says). */
  journeys?: { restricted?: boolean } | false;
}

export function createWorkspace(source: FileSource, options: WorkspaceOptions = {}): Workspace {
  const settled = [overlayFindings];
  if (options.journeys) settled.push(new JourneyCheck(options.journeys).run);
  return new Workspace(source, { references: referenceFindings, settled });
}
