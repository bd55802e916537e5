// Overlay-aware checks: each top kustomization among the checked files (one no other includes:
// an overlay, or a lone base) is built, and the monitors it renders are checked together — a
// monitor id used twice in one build is reported at the files that provide the entries. Ids
// repeated inside one Kustomize folder are the workspace index's to report; this adds the clashes
// only a build shows (an overlay adding, under a new key, an id its base already has). A settled
// check of the workspace (gitops/workspace.ts), building from its source.

import * as path from 'node:path';
import { CheckContext, Finding, MonitorInfo, WorkspaceFile } from '../core';
import { isKustomization, nearestFolder } from '../core/k8s/kustomization';
import { BuildError, buildConfigMaps } from './build';

export async function overlayFindings(files: WorkspaceFile[], context: CheckContext): Promise<Map<string, Finding[]>> {
  const byFile = new Map(files.map((c) => [c.file, c]));
  const kustomizations = files.filter((c) => isKustomization(c.file) && path.isAbsolute(c.file));
  const dirs = kustomizations.map((c) => path.dirname(c.file));
  // The folders the kustomizations include, from what their analysis already read (remote bases left out).
  const included = new Set<string>();
  for (const c of kustomizations) {
    for (const ref of c.analysis.manifests?.references ?? []) if (ref.field === 'bases' || ref.field === 'resources') included.add(path.resolve(path.dirname(c.file), ref.path));
  }
  const findings = new Map<string, Finding[]>();
  for (const root of dirs.filter((d) => !included.has(d))) {
    let built;
    try {
      built = buildConfigMaps(context.source, root);
    } catch (error) {
      if (error instanceof BuildError) continue; // a missing file: reported by kustomize-missing-file
      throw error;
    }
    const byId = new Map<string, { file: string; monitor: MonitorInfo }[]>();
    for (const cm of built.values()) {
      for (const [key, entry] of cm.data) {
        const source = byFile.get(entry.file);
        if (!source) continue;
        const monitors = source.analysis.monitors.filter((m) => entry.wholeFile || (m.container?.configMap === cm.name && m.container.key === key));
        for (const monitor of monitors) if (monitor.id) byId.set(monitor.id, [...(byId.get(monitor.id) ?? []), { file: entry.file, monitor }]);
      }
    }
    for (const [id, places] of byId) {
      for (const place of places) {
        const elsewhere = places.filter((p) => nearestFolder(p.file, dirs) !== nearestFolder(place.file, dirs));
        if (!place.monitor.idSpan || !elsewhere.length) continue;
        const list = findings.get(place.file) ?? [];
        list.push({
          code: 'duplicate-id',
          severity: 'error',
          message: `Monitor id \`${id}\` is used ${places.length} times in what the kustomization in \`${path.basename(root)}/\` renders: ids must be unique, or one monitor overwrites the other when pushed.`,
          span: place.monitor.idSpan,
          related: elsewhere.map((o) => ({ file: o.file, span: o.monitor.idSpan ?? o.monitor.selectionSpan, message: `\`${id}\` is also the id of ${o.monitor.name ? `"${o.monitor.name}"` : 'this monitor'}` })),
        });
        findings.set(place.file, list);
      }
    }
  }
  return findings;
}
