// Looks up in the workspace's source the paths a manifest names (the core lists them, without
// I/O): files and folders of a kustomization, and an ArgoCD Application's path inside its
// repository. A workspace check (gitops/workspace.ts): `validate` and the editor report the same,
// and the editor sees a file it has open but not saved yet.

import * as path from 'node:path';
import { FileSource, Finding, WorkspaceFile } from '../core';
import { Reference } from '../core/k8s/manifests';
import { closest } from '../core/suggest';

/** Findings for the paths the file's manifests name that do not exist (a file without a path on disk names none). */
export function referenceFindings(file: Pick<WorkspaceFile, 'file' | 'analysis'>, source: FileSource): Finding[] {
  const references = file.analysis.manifests?.references ?? [];
  if (!references.length || !path.isAbsolute(file.file)) return [];
  const findings: Finding[] = [];
  const dir = path.dirname(file.file);
  for (const ref of references) {
    if (ref.kind === 'file') {
      if (source.exists(path.resolve(dir, ref.path))) continue;
      const suggestion = nearest(source, dir, ref.path);
      findings.push({
        code: 'kustomize-missing-file',
        severity: 'error',
        message: `\`${ref.path}\` (in \`${ref.field}\`) does not exist next to this kustomization: \`kubectl kustomize\` fails on it, and ArgoCD cannot sync.${suggestion ? ` Did you mean \`${suggestion}\`?` : ' Create it, or remove the line.'}`,
        span: ref.span,
        fixes: suggestion ? [{ title: `Change to \`${suggestion}\``, edits: [{ span: ref.span, newText: replacement(ref, suggestion) }], preferred: true }] : undefined,
      });
    } else {
      const missing = missingRepoPath(source, dir, ref.path);
      if (!missing) continue;
      findings.push({
        code: 'application-path-missing',
        severity: 'error',
        message: `\`${ref.path}\` does not exist in this repository (looked from \`${missing.root}\`): ArgoCD reports "app path does not exist" and deploys nothing.${missing.suggestion ? ` Did you mean \`${missing.suggestion}\`?` : ''}`,
        span: ref.span,
        fixes: missing.suggestion ? [{ title: `Change to \`${missing.suggestion}\``, edits: [{ span: ref.span, newText: missing.suggestion }], preferred: true }] : undefined,
      });
    }
  }
  return findings;
}

/**
 * The text replacing a reference's span to name `path` instead: the path alone, or, when the span
 * covers a whole quoted `key=path`, the key and the path as one double-quoted scalar (a JSON string
 * is valid YAML, whatever the characters).
 */
function replacement(ref: Reference, to: string): string {
  return ref.key === undefined ? to : JSON.stringify(`${ref.key}=${to}`);
}

/** The path with its first missing segment replaced by the closest existing name, if one is close. */
function nearest(source: FileSource, base: string, relative: string): string | undefined {
  const segments = relative.split('/');
  let at = base;
  for (let i = 0; i < segments.length; i++) {
    const next = path.join(at, segments[i]);
    if (source.exists(next)) {
      at = next;
      continue;
    }
    const match = closest(segments[i], source.list(at));
    if (!match) return undefined;
    const candidate = [...segments.slice(0, i), match, ...segments.slice(i + 1)].join('/');
    return source.exists(path.join(base, candidate)) ? candidate : undefined;
  }
  return undefined;
}

/**
 * An Application's path is relative to its repository's root, which we do not know: it is looked
 * for from each folder above the Application's file (up to a `.git`). When no folder above even
 * holds its first segment, the path is in another repository and is not ours to judge.
 */
function missingRepoPath(source: FileSource, dir: string, repoPath: string): { root: string; suggestion?: string } | undefined {
  const first = repoPath.split('/')[0];
  let root: string | undefined;
  for (let at = dir; ; at = path.dirname(at)) {
    if (source.exists(path.join(at, repoPath))) return undefined;
    if (!root && source.exists(path.join(at, first))) root = at;
    if (source.exists(path.join(at, '.git')) || path.dirname(at) === at) break;
  }
  return root ? { root: path.basename(root) || root, suggestion: nearest(source, root, repoPath) } : undefined;
}
