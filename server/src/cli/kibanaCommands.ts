// `plan` and `push`: the desired state from the paths, the actual state from Kibana, the plan
// between them, and — for push — carrying it out.

import * as path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Finding } from '../core';
import { Plan, PlanItem } from '../core/kibana/plan';
import { renderPlanJson, renderPlanText } from '../core/kibana/renderPlan';
import { Prepared, preparePlan } from '../gitops/prepare';
import { pushPlan } from '../gitops/push';
import { KibanaOptions, PlanOptions, PushOptions } from './args';

export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether a person can answer a question (stdin and stdout are terminals). */
  interactive: boolean;
  ask: (question: string) => Promise<string>;
  colour: boolean;
}

export function processIo(): Io {
  return {
    cwd: process.cwd(),
    env: process.env,
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    interactive: !!process.stdin.isTTY && !!process.stdout.isTTY,
    ask: async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
    colour: !!process.stdout.isTTY && !process.env.NO_COLOR,
  };
}

/** Our own validation errors, printed as `validate` does; they stop a push. */
function reportErrors(p: Prepared, io: Io): number {
  let count = 0;
  for (const file of p.checked) {
    for (const f of file.findings.filter((x: Finding) => x.severity === 'error')) {
      const at = file.lines.positionAt(f.span.start);
      io.err(`${path.relative(io.cwd, file.file)}:${at.line + 1}:${at.character + 1}: error ${f.code}: ${f.message}\n`);
      count++;
    }
  }
  for (const problem of p.desired.problems) io.err(`${where(p, problem.monitor)}: error bundle-failed: ${problem.monitor.payload.id}: ${problem.message}\n`);
  for (const skipped of p.desired.skipped) io.err(`${skipped.file}:${p.locate(skipped.file, skipped.span).line}: warning: ${skipped.reason}\n`);
  return count + p.desired.problems.length;
}

function where(p: Prepared, item: { file?: string; span?: PlanItem['span'] }): string {
  if (!item.file || !item.span) return p.plan.project;
  const { line, column } = p.locate(item.file, item.span);
  return `${item.file}:${line}:${column}`;
}

function prepare(options: KibanaOptions, io: Io, checkLocations: boolean): Promise<Prepared> {
  return preparePlan({ ...options, cwd: io.cwd, env: io.env, kibana: { url: options.url }, checkLocations });
}

export async function runPlan(options: PlanOptions, io: Io): Promise<number> {
  const p = await prepare(options, io, true);
  try {
    const errors = reportErrors(p, io);
    io.out(options.format === 'json' ? renderPlanJson(p.plan, p.locate) : renderPlanText(p.plan, p.locate, { colour: io.colour, verbose: options.verbose, prune: true }));
    if (errors || p.plan.summary.invalid) return 1;
    const pending = p.plan.summary.create + p.plan.summary.update + p.plan.summary.delete;
    return options.detailedExitcode && pending ? 3 : 0;
  } finally {
    await p.client.close();
  }
}

export async function runPush(options: PushOptions, io: Io): Promise<number> {
  const p = await prepare(options, io, false);
  try {
    if (reportErrors(p, io)) {
      io.err('Nothing pushed: fix the errors above first (`synthetics-gitops validate` lists them).\n');
      return 1;
    }
    io.out(renderPlanText(p.plan, p.locate, { colour: io.colour, prune: options.prune }));
    if (options.dryRun) return 0;
    const deletes = options.prune ? p.plan.items.filter((i) => i.action === 'delete') : [];
    if (deletes.length && !(await confirmDeletes(deletes, p.plan, options, io))) return 1;
    const writes = p.plan.summary.create + p.plan.summary.update;
    if (!writes && !deletes.length && !p.plan.summary.invalid) {
      io.out('Nothing to push.\n');
      return 0;
    }
    const result = await pushPlan(p.plan, p.client, { prune: options.prune });
    for (const { item, failure } of result.failed) {
      io.err(`${item ? where(p, item) : p.plan.project}: error kibana-refused: ${item?.id ?? failure.id ?? 'a monitor'}: ${failure.reason}${failure.details ? ` ${failure.details}` : ''}\n`);
    }
    if (result.deletesSkipped) io.err(`Deletes skipped: ${deletes.length} monitor(s) stay in Kibana until every monitor is accepted; push again after fixing the errors.\n`);
    io.out(`Pushed to ${p.client.url}: ${result.created.length} created, ${result.updated.length} updated, ${result.deleted.length} deleted${result.failed.length ? `, ${result.failed.length} failed` : ''}.\n`);
    return result.failed.length ? 1 : 0;
  } finally {
    await p.client.close();
  }
}

/** Deletes are named one by one; without a terminal only --yes confirms them. */
async function confirmDeletes(deletes: PlanItem[], plan: Plan, options: PushOptions, io: Io): Promise<boolean> {
  if (options.yes) return true;
  if (!io.interactive) {
    io.err(`Refusing to delete ${deletes.length} monitor(s) of project "${plan.project}" without confirmation: add --yes.\n`);
    return false;
  }
  io.out(`These ${deletes.length} monitor(s) of project "${plan.project}" will be deleted from Kibana:\n`);
  for (const item of deletes) io.out(`  - ${item.id}  "${item.name ?? ''}" (${item.type ?? '?'})\n`);
  const answer = await io.ask('Delete them? Only "yes" confirms: ');
  if (answer.trim() === 'yes') return true;
  io.err('Not confirmed: nothing pushed.\n');
  return false;
}
