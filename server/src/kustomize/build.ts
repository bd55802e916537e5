// The ConfigMaps a Kustomize overlay renders, with the file each data entry comes from, so the
// monitors of an overlay are checked as it deploys them and findings point at the providing file.
// Hand-written because no Kustomize exists for Node, and only this subset is needed (what `render`
// writes and the seed uses): `resources`/`bases` (files and folders), `configMapGenerator`
// (`files` with an optional `key=`, `literals`, behavior create/merge/replace), `patchesStrategicMerge`
// of ConfigMap data (entries replaced, `null` deletes) and `namespace`. A test compares it with
// `kubectl kustomize` on the examples. Files are read from the workspace's source: in the editor,
// an overlay is built from what its documents show.

import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { FileSource } from '../core';
import { KUSTOMIZATION_NAMES } from '../core/k8s/kustomization';

export interface BuiltEntry {
  value: string;
  /** The file the entry's text comes from: a generator's file, or a ConfigMap manifest or patch. */
  file: string;
  /** Whether the whole file is the entry (a generator file), rather than one key of a ConfigMap in it. */
  wholeFile: boolean;
}

export interface BuiltConfigMap {
  name: string;
  namespace?: string;
  data: Map<string, BuiltEntry>;
}

export class BuildError extends Error {}

/** The kustomization file of a folder, if it has one. */
function kustomizationIn(source: FileSource, dir: string): string | undefined {
  return KUSTOMIZATION_NAMES.map((n) => path.join(dir, n)).find((f) => source.exists(f));
}

/** The ConfigMaps the kustomization in `dir` renders, by name. */
export function buildConfigMaps(source: FileSource, dir: string, seen: string[] = []): Map<string, BuiltConfigMap> {
  const file = kustomizationIn(source, dir);
  if (!file) throw new BuildError(`${dir}: no kustomization.yaml`);
  if (seen.includes(dir)) throw new BuildError(`${dir}: the kustomization includes itself (${[...seen, dir].join(' → ')})`);
  const k = readKustomization(source, file);
  const out = new Map<string, BuiltConfigMap>();
  for (const ref of [...list(k.bases), ...list(k.resources)]) {
    const full = path.resolve(dir, ref);
    if (!source.exists(full)) throw new BuildError(`${file}: ${ref} does not exist`);
    const built = source.isFolder(full) ? buildConfigMaps(source, full, [...seen, dir]) : configMapsOf(source, full, false, file);
    for (const [name, cm] of built) out.set(name, cm);
  }
  for (const g of Array.isArray(k.configMapGenerator) ? (k.configMapGenerator as unknown[]).filter(isObject) : []) {
    const name = String(g.name);
    const data = new Map<string, BuiltEntry>();
    for (const spec of list(g.files)) {
      const at = spec.indexOf('=');
      const entryFile = path.resolve(dir, spec.slice(at + 1));
      data.set(at >= 0 ? spec.slice(0, at) : path.basename(entryFile), { value: read(source, entryFile, file), file: entryFile, wholeFile: true });
    }
    for (const literal of list(g.literals)) {
      const at = literal.indexOf('=');
      data.set(literal.slice(0, at), { value: literal.slice(at + 1), file, wholeFile: false });
    }
    const existing = out.get(name);
    if (g.behavior === 'merge' && existing) for (const [key, entry] of data) existing.data.set(key, entry);
    else out.set(name, { name, data });
  }
  for (const ref of list(k.patchesStrategicMerge)) {
    if (ref.includes('\n')) continue;
    for (const [name, patch] of configMapsOf(source, path.resolve(dir, ref), true, file)) {
      const target = out.get(name);
      if (!target) continue;
      for (const [key, entry] of patch.data) {
        if (entry.value === null) target.data.delete(key);
        else target.data.set(key, entry);
      }
    }
  }
  if (typeof k.namespace === 'string') for (const cm of out.values()) cm.namespace = k.namespace;
  return out;
}

/** A kustomization's fields; throws BuildError when it cannot be read. */
function readKustomization(source: FileSource, file: string): Record<string, unknown> {
  const k = documents(source, file, file)[0];
  return isObject(k) ? k : {};
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A file the kustomization `owner` names; one that cannot be read stops the build (kustomize-missing-file says why). */
function read(source: FileSource, file: string, owner: string): string {
  const text = source.read(file);
  if (text === undefined) throw new BuildError(`${owner}: cannot read ${file}`);
  return text;
}

/** The YAML documents of a file, as plain values; one too broken to read stops the build (the file's own check reports it). */
function documents(source: FileSource, file: string, owner: string): unknown[] {
  const text = read(source, file, owner);
  try {
    return parseAllDocuments(text).map((doc) => doc.toJS() as unknown);
  } catch (error) {
    throw new BuildError(`${file}: ${(error as Error).message}`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The ConfigMaps of a manifest file named by the kustomization `owner` (a patch keeps `null` values: they delete the key). */
function configMapsOf(source: FileSource, file: string, patch: boolean, owner: string): Map<string, BuiltConfigMap> {
  const out = new Map<string, BuiltConfigMap>();
  for (const doc of documents(source, file, owner)) {
    const value = doc as { kind?: string; metadata?: { name?: string; namespace?: string }; data?: Record<string, string | null> } | null;
    if (value?.kind !== 'ConfigMap' || !value.metadata?.name) continue;
    const data = new Map<string, BuiltEntry>();
    for (const [key, v] of Object.entries(value.data ?? {})) if (v !== null || patch) data.set(key, { value: v as string, file, wholeFile: false });
    out.set(value.metadata.name, { name: value.metadata.name, namespace: value.metadata.namespace, data });
  }
  return out;
}
