// The Kubernetes manifests around the monitors: Kustomizations, the private-location agent
// Deployment, the ArgoCD PostSync push Job and ArgoCD Applications. Findings that need only the
// file are made here; paths the file names (Kustomize references, an Application's path) are
// returned as references for the edge (CLI, language server) to look up on disk.

import { Finding } from '../findings';
import { YamlDocument } from '../parse/yamlTree';
import { Span } from '../text/span';
import { MapNode, Node, entryOf, get, isMap, isSeq, stringValue } from '../tree';

/** A path a manifest names, to be found on disk. */
export interface Reference {
  /** `file`: relative to the kustomization's folder; `repo-path`: an Application's path inside its repository. */
  kind: 'file' | 'repo-path';
  path: string;
  span: Span;
  /** What names it (`resources`, `configMapGenerator http-monitors`, `spec.source.path`), for the message. */
  field: string;
  /**
   * A generator's `key` of `key=path` when the span covers the whole value rather than the path
   * alone (a quoted scalar cannot be narrowed exactly): a replacement must write the key again.
   */
  key?: string;
}

/** A private-location agent container's image, checked against the workspace's browser monitors. */
export interface AgentImage {
  image: string;
  span: Span;
  /** Whether it is elastic-agent-complete, the image with Chromium (the plain elastic-agent cannot run browser monitors). */
  runsBrowser: boolean;
}

export interface ManifestInfo {
  findings: Finding[];
  references: Reference[];
  agents: AgentImage[];
}

const MANIFEST_KINDS = new Set(['Kustomization', 'Deployment', 'Job', 'Application']);
const KUSTOMIZATION_KEYS = ['resources', 'bases', 'configMapGenerator', 'patchesStrategicMerge'];
/** The agent images; the `-complete` one carries Chromium. */
const AGENT_IMAGE = /(^|\/)elastic-agent(-complete)?(:|@|$)/;
const HOOK = 'argocd.argoproj.io/hook';

/** Reads the file's manifests from its parsed documents; undefined when it has none (most YAML files are left after a look at their top-level keys). */
export function readManifests(documents: YamlDocument[]): ManifestInfo | undefined {
  if (!documents.some((d) => looksLikeManifest(d.root))) return undefined;
  const info: ManifestInfo = { findings: [], references: [], agents: [] };
  for (const doc of documents) {
    const root = doc.root;
    if (!isMap(root)) continue;
    const kind = stringValue(get(root, 'kind'));
    if (kind === 'Kustomization' || (kind === undefined && KUSTOMIZE_FIELDS.some((f) => get(root, f) !== undefined))) readKustomization(root, info);
    else if (kind === 'Deployment') readDeployment(root, info);
    else if (kind === 'Job') readJob(root, info);
    else if (kind === 'Application' && stringValue(get(root, 'apiVersion'))?.startsWith('argoproj.io/')) readApplication(root, info);
  }
  return info.findings.length || info.references.length || info.agents.length ? info : undefined;
}

export const KUSTOMIZE_FIELDS = ['resources', 'bases', 'components', 'configMapGenerator', 'secretGenerator', 'patchesStrategicMerge', 'patches'];

function readKustomization(root: MapNode, info: ManifestInfo): void {
  const refer = (node: Node | undefined, field: string, strip = false) => {
    const value = stringValue(node);
    // Remote bases (URLs, `github.com/...`) and inline patches (several lines) are not files here.
    if (!node || value === undefined || /:\/\/|^(github\.com|gitlab\.com|git@)/.test(value) || value.includes('\n')) return;
    // A generator's `key=path` names the ConfigMap key before the file; the span is narrowed to the
    // path when the scalar's text is its value (plain), else it covers the whole value, key included.
    const at = strip ? value.indexOf('=') + 1 : 0;
    const narrowed = at > 0 && node.span.end - node.span.start === value.length;
    const reference: Reference = { kind: 'file', path: value.slice(at), span: { start: node.span.start + (narrowed ? at : 0), end: node.span.end }, field };
    if (at > 0 && !narrowed) reference.key = value.slice(0, at - 1);
    info.references.push(reference);
  };
  for (const field of ['resources', 'bases', 'components', 'patchesStrategicMerge', 'crds']) {
    const list = get(root, field);
    if (isSeq(list)) for (const item of list.items) refer(item, field);
  }
  const patches = get(root, 'patches') ?? get(root, 'patchesJson6902');
  if (isSeq(patches)) for (const item of patches.items) if (isMap(item)) refer(get(item, 'path'), 'patches');
  for (const field of ['configMapGenerator', 'secretGenerator']) {
    const generators = get(root, field);
    if (!isSeq(generators)) continue;
    for (const g of generators.items) {
      if (!isMap(g)) continue;
      const label = `${field} ${stringValue(get(g, 'name')) ?? ''}`.trim();
      const files = get(g, 'files');
      if (isSeq(files)) for (const f of files.items) refer(f, label, true);
      const envs = get(g, 'envs');
      if (isSeq(envs)) for (const e of envs.items) refer(e, label);
      refer(get(g, 'env'), label);
    }
  }
}

function containersOf(workload: MapNode, templatePath: string[]): MapNode[] {
  let node: Node | undefined = workload;
  for (const key of templatePath) node = isMap(node) ? get(node, key) : undefined;
  const containers = isMap(node) ? get(node, 'containers') : undefined;
  return isSeq(containers) ? containers.items.filter(isMap) : [];
}

function readDeployment(root: MapNode, info: ManifestInfo): void {
  const agents = containersOf(root, ['spec', 'template', 'spec']).filter((c) => AGENT_IMAGE.test(stringValue(get(c, 'image')) ?? ''));
  if (!agents.length) return;
  const spec = get(root, 'spec') as MapNode;
  const replicas = entryOf(spec, 'replicas');
  if (replicas && Number(stringValue(replicas.value)) > 1) {
    info.findings.push({
      code: 'agent-replicas',
      severity: 'warning',
      message: `This private-location agent runs ${stringValue(replicas.value)} replicas: every agent enrolled in the location's policy runs all its monitors, so Elastic warns of duplicate or missing results. Run one replica per private location (another location, with its own policy, for another agent).`,
      span: replicas.value.span,
      fixes: [{ title: 'Set `replicas: 1`', edits: [{ span: replicas.value.span, newText: '1' }], preferred: true }],
    });
  }
  for (const container of agents) {
    const image = entryOf(container, 'image')!;
    const name = stringValue(image.value)!;
    info.agents.push({ image: name, span: image.value.span, runsBrowser: AGENT_IMAGE.exec(name)![2] === '-complete' });
    if (!fleetManaged(container)) continue;
    const mounts = get(container, 'volumeMounts');
    for (const mount of isSeq(mounts) ? mounts.items.filter(isMap) : []) {
      const at = entryOf(mount, 'mountPath');
      if (!at || !/(^|\/)monitors\.d(\/|$)/.test(stringValue(at.value) ?? '')) continue;
      info.findings.push({
        code: 'agent-monitors-d-fleet',
        severity: 'warning',
        message: `\`${stringValue(at.value)}\` is mounted in a Fleet-managed agent (it enrolls with FLEET_URL/FLEET_ENROLLMENT_TOKEN): it runs the monitors its policy gets from Kibana and never reads monitors.d, so these monitors do not run. Push them to Kibana (\`synthetics-gitops push\`) and remove the mount, or run them in a standalone Heartbeat (annotate the ConfigMap \`synthetics-gitops/target: heartbeat\`).`,
        span: at.value.span,
      });
    }
  }
}

/** Whether the agent enrolls in Fleet (and so takes its monitors from Kibana through its policy). */
function fleetManaged(container: MapNode): boolean {
  const env = get(container, 'env');
  const names = isSeq(env) ? env.items.filter(isMap).map((e) => ({ name: stringValue(get(e, 'name')), value: stringValue(get(e, 'value')) })) : [];
  return names.some((e) => e.name === 'FLEET_URL' || e.name === 'FLEET_ENROLLMENT_TOKEN' || (e.name === 'FLEET_ENROLL' && e.value !== '0'));
}

function readJob(root: MapNode, info: ManifestInfo): void {
  const metadata = get(root, 'metadata');
  const annotations = isMap(metadata) ? get(metadata, 'annotations') : undefined;
  const hook = isMap(annotations) ? entryOf(annotations, HOOK) : undefined;
  const pushes = containersOf(root, ['spec', 'template', 'spec']).some((c) => {
    const args = [get(c, 'command'), get(c, 'args')].flatMap((n) => (isSeq(n) ? n.items.map(stringValue) : []));
    return /synthetics-gitops/.test(stringValue(get(c, 'image')) ?? '') && args.includes('push');
  });
  // Other teams' Jobs and hooks are theirs: only a Job running our push is checked.
  if (!pushes) return;
  const spec = get(root, 'spec');
  const name = isMap(metadata) ? entryOf(metadata, 'name') : undefined;
  if (!hook) {
    info.findings.push({
      code: 'hook-annotation-missing',
      severity: 'warning',
      message: `This push Job is no ArgoCD hook: ArgoCD creates it once and, a Job's template being immutable, never runs it again, so later syncs push nothing. Annotate it \`${HOOK}: PostSync\` and \`${HOOK}-delete-policy: BeforeHookCreation\` (a fixed name, replaced at each sync).`,
      span: name ? name.value.span : root.entries[0].keySpan,
    });
  }
  if (!isMap(spec)) return;
  const ttl = entryOf(spec, 'ttlSecondsAfterFinished');
  if (ttl && hook) {
    info.findings.push({
      code: 'hook-ttl',
      severity: 'warning',
      message: `\`ttlSecondsAfterFinished\` on an ArgoCD hook: Kubernetes deletes the finished Job on its own, racing ArgoCD, which may lose the hook's result (the sync hangs or fails) and leaves nothing to read the last push's logs from. Remove it and let \`${HOOK}-delete-policy: BeforeHookCreation\` replace the Job at the next sync.`,
      span: ttl.keySpan,
    });
  }
  if (!entryOf(spec, 'activeDeadlineSeconds')) {
    info.findings.push({
      code: 'hook-no-deadline',
      severity: 'warning',
      message: 'This push Job has no `activeDeadlineSeconds`: a push that hangs (Kibana unreachable behind a proxy, a stuck connection) holds the ArgoCD sync operation open with no end. Set a deadline, for example `activeDeadlineSeconds: 600`.',
      span: entryOf(root, 'spec')!.keySpan,
    });
  }
}

function readApplication(root: MapNode, info: ManifestInfo): void {
  const spec = get(root, 'spec');
  if (!isMap(spec)) return;
  const sources = [get(spec, 'source'), ...(isSeq(get(spec, 'sources')) ? (get(spec, 'sources') as { items: Node[] }).items : [])].filter(isMap);
  for (const source of sources) {
    const at = entryOf(source, 'path');
    const value = stringValue(at?.value);
    if (at && value !== undefined && value !== '.' && !value.startsWith('/')) info.references.push({ kind: 'repo-path', path: value.replace(/\/+$/, ''), span: at.value.span, field: 'spec.source.path' });
  }
  const policy = get(spec, 'syncPolicy');
  const automated = isMap(policy) ? entryOf(policy, 'automated') : undefined;
  if (automated && !entryOf(policy as MapNode, 'retry')) {
    info.findings.push({
      code: 'application-no-retry',
      severity: 'warning',
      message: 'This Application syncs automatically without `retry`: a sync that fails once (the push hook meeting a Kibana restart, an API server hiccup) stays failed until the next commit. Add `syncPolicy.retry` (for example `limit: 5` with `backoff: {duration: 30s, factor: 2, maxDuration: 5m}`).',
      span: automated.keySpan,
    });
  }
}

function looksLikeManifest(root: Node | undefined): boolean {
  return isMap(root) && (MANIFEST_KINDS.has(stringValue(get(root, 'kind')) ?? '') || KUSTOMIZATION_KEYS.some((key) => get(root, key) !== undefined));
}
