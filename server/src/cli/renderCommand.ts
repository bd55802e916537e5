// `synthetics-gitops render`: writes (or, with --check, compares) the Kustomize base, overlays and
// ArgoCD Applications for the monitors of the paths. Refuses while the monitors have errors.

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { OVERLAYS, OverlayName, RenderError, collectMonitors, renderFiles } from '../kustomize/render';
import { MONITOR_CONFIGMAPS } from '../kustomize/manifests';
import { checkPaths } from '../gitops/checkPaths';
import { DEFAULT_SETTINGS } from '../protocol/settings';
import { UsageError, parse } from './args';
import { render } from './output';

declare const PACKAGE_VERSION: string;

export async function runRenderCommand(argv: string[], out: (text: string) => void, cwd = process.cwd()): Promise<number> {
  const { values, positionals } = parse(argv, {
    out: { type: 'string', default: 'kustomize/elastic-synthetic-monitor' },
    overlay: { type: 'string', multiple: true },
    'kibana-url': { type: 'string' },
    project: { type: 'string' },
    space: { type: 'string', default: 'default' },
    'repo-url': { type: 'string' },
    'fleet-url': { type: 'string' },
    'agent-version': { type: 'string', default: '8.15.0' },
    'private-locations': { type: 'string', multiple: true },
    check: { type: 'boolean', default: false },
  });
  const text = (flag: string) => values[flag] as string;
  const list = (flag: string) => (values[flag] as string[] | undefined) ?? [];
  for (const flag of ['kibana-url', 'project', 'repo-url', 'fleet-url']) if (!text(flag)) throw new UsageError(`render needs --${flag}`);
  // The one flag written into a manifest unquoted (the agent's image reference): Docker's tag syntax.
  if (!/^\w[\w.-]{0,127}$/.test(text('agent-version'))) throw new UsageError(`--agent-version is an image tag (letters, digits, \`_\`, \`.\`, \`-\`), not "${text('agent-version')}"`);
  const overlays = (values.overlay ? list('overlay') : OVERLAYS).map((name) => {
    if (!OVERLAYS.includes(name as OverlayName)) throw new UsageError(`unknown overlay "${name}": use ${OVERLAYS.join(', ')}`);
    return name as OverlayName;
  });
  const privateLocations: Partial<Record<OverlayName, string[]>> = {};
  for (const given of list('private-locations')) {
    const [name, labels] = given.split('=', 2);
    if (!OVERLAYS.includes(name as OverlayName) || !labels) throw new UsageError(`--private-locations takes OVERLAY=A,B (overlay: ${OVERLAYS.join(', ')}), not "${given}"`);
    privateLocations[name as OverlayName] = labels.split(',').map((l) => l.trim()).filter(Boolean);
  }

  const outDir = path.resolve(cwd, text('out'));
  // Its own output is never an input: `render .` from the repository's root reads the monitors kept elsewhere.
  const checked = await checkPaths({ paths: positionals.length ? positionals : ['.'], settings: DEFAULT_SETTINGS, exclude: outDir }, cwd);
  const broken = checked.filter((c) => c.findings.some((f) => f.severity === 'error'));
  if (broken.length) {
    out(render('text', broken, cwd, PACKAGE_VERSION) + 'render writes nothing while the monitors have errors.\n');
    return 1;
  }
  let files;
  try {
    const monitors = await collectMonitors(checked);
    files = renderFiles(monitors, {
      version: PACKAGE_VERSION,
      agentVersion: text('agent-version'),
      fleetUrl: text('fleet-url'),
      overlays,
      kibanaUrl: text('kibana-url'),
      space: text('space'),
      project: text('project'),
      repoUrl: text('repo-url'),
      repoPath: path.relative(cwd, outDir).split(path.sep).join('/'),
      privateLocations,
    });
    return await writeOrCheck(outDir, files, overlays, values.check === true, out, cwd);
  } catch (error) {
    if (error instanceof RenderError) {
      out(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/** Writes the files, removing monitor files render wrote before that no monitor needs now; or only compares. */
async function writeOrCheck(outDir: string, files: Map<string, string>, overlays: OverlayName[], check: boolean, out: (text: string) => void, cwd: string): Promise<number> {
  const owned = ['base', ...overlays.map((o) => `overlays/${o}`)].flatMap((d) => MONITOR_CONFIGMAPS.map((c) => `${d}/${c.dir}`));
  const stale: string[] = [];
  for (const dir of owned) {
    const names = await fs.readdir(path.join(outDir, dir)).catch(() => [] as string[]);
    for (const name of names) if (!files.has(`${dir}/${name}`)) stale.push(`${dir}/${name}`);
  }
  const differing: string[] = [];
  for (const [file, text] of files) {
    const before = await fs.readFile(path.join(outDir, file), 'utf8').catch(() => undefined);
    if (before !== text) differing.push(file);
  }
  const shown = (f: string) => path.relative(cwd, path.join(outDir, f)).split(path.sep).join('/');
  if (check) {
    for (const f of differing) out(`${shown(f)}: differs from what render writes\n`);
    for (const f of stale) out(`${shown(f)}: no monitor renders it any more\n`);
    out(differing.length + stale.length ? `Out of date: run synthetics-gitops render.\n` : `Up to date: ${files.size} files.\n`);
    return differing.length + stale.length ? 1 : 0;
  }
  for (const f of differing) {
    await fs.mkdir(path.dirname(path.join(outDir, f)), { recursive: true });
    await fs.writeFile(path.join(outDir, f), files.get(f)!);
  }
  for (const f of stale) await fs.rm(path.join(outDir, f));
  out(`${shown('.')}: ${files.size} files, ${differing.length} written, ${stale.length} removed.\n`);
  return 0;
}
