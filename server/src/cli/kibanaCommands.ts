// `plan` and `push`: the desired state from the paths, the actual state from Kibana, the plan
// between them, and — for push — carrying it out.

import { createInterface } from 'node:readline/promises';
import { Plan, PlanItem } from '../core/kibana/plan';
import { renderPlanJson, renderPlanText } from '../core/kibana/renderPlan';
import { Prepared, preparePlan } from '../gitops/prepare';
import { pruneCounts, pruneRefusal } from '../gitops/pruneGuard';
import { pushPlan } from '../gitops/push';
import type { KibanaFlags } from '../kibana/credentials';
import { redact } from '../kibana/redact';
import { KibanaOptions, PlanOptions, PushOptions } from './args';
import { EventLog, eventLog, logConnectionWarning, logTimeout, reportFindings, reportPushResult, withErrorEvents } from './eventLog';

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

/** This process's terminal and environment; all output passes through the redaction of credentials. */
export function processIo(): Io {
  return {
    cwd: process.cwd(),
    env: process.env,
    out: (t) => process.stdout.write(redact(t)),
    err: (t) => process.stderr.write(redact(t)),
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

function prepare(options: KibanaOptions, io: Io, log: EventLog, checkLocations: boolean): Promise<Prepared> {
  return preparePlan({
    ...options,
    cwd: io.cwd,
    env: io.env,
    kibana: kibanaFlags(options),
    client: { timeoutMs: options.requestTimeoutMs, onTimeout: (timeout) => logTimeout(log, timeout) },
    onWarning: (warning) => logConnectionWarning(log, warning),
    checkLocations,
  });
}

/** The connection values the command line gives. */
export function kibanaFlags(options: KibanaOptions): KibanaFlags {
  return { url: options.url, trustSyncConfig: options.trustSyncConfig, allowInsecureHttp: options.allowInsecureHttp };
}

export async function runPlan(options: PlanOptions, io: Io): Promise<number> {
  const log = eventLog('text', io);
  const p = await prepare(options, io, log, true);
  try {
    const errors = reportFindings(p, log);
    io.out(options.format === 'json' ? renderPlanJson(p.plan, p.locate) : renderPlanText(p.plan, p.locate, { colour: io.colour, verbose: options.verbose, prune: true }));
    if (errors || p.plan.summary.invalid) return 1;
    const pending = p.plan.summary.create + p.plan.summary.update + p.plan.summary.delete;
    return options.detailedExitcode && pending ? 3 : 0;
  } finally {
    await p.client.close();
  }
}

export function runPush(options: PushOptions, io: Io): Promise<number> {
  const log = eventLog(options.logFormat, io);
  return withErrorEvents(log, () => push(options, io, log));
}

async function push(options: PushOptions, io: Io, log: EventLog): Promise<number> {
  const started = Date.now();
  const p = await prepare(options, io, log, false);
  const done = (code: number, text: string, fields: Record<string, unknown> = {}) => {
    log.event(code ? 'error' : 'info', 'done', text, { ...fields, exitCode: code, durationMs: Date.now() - started });
    return code;
  };
  try {
    if (reportFindings(p, log)) return done(1, 'Nothing pushed: fix the errors above first (`synthetics-gitops validate` lists them).');
    log.plan(p.plan, p.locate, renderPlanText(p.plan, p.locate, { colour: io.colour, prune: options.prune }));
    if (options.dryRun) return done(0, 'Dry run: nothing pushed.');
    const deletes = options.prune ? p.plan.items.filter((i) => i.action === 'delete') : [];
    if (deletes.length) {
      const refusal = pruneRefusal(pruneCounts(p.plan, p.desired.monitors.length), { limit: options.maxDeletions, limitText: options.maxDeletionsText, allowEmpty: options.allowEmpty });
      if (refusal) return done(1, refusal, { refused: 'prune' });
      if (!(await confirmDeletes(deletes, p.plan, options, io, log))) return done(1, 'Nothing pushed.');
    }
    const writes = p.plan.summary.create + p.plan.summary.update;
    if (!writes && !deletes.length && !p.plan.summary.invalid) return done(0, 'Nothing to push.', { created: 0, updated: 0, deleted: 0, failed: 0 });
    const result = await pushPlan(p.plan, p.client, { prune: options.prune });
    const counts = reportPushResult(result, p.locate, p.plan.project, log);
    if (result.deletesSkipped) log.event('warn', 'deletes-skipped', `Deletes skipped: ${deletes.length} monitor(s) stay in Kibana until every monitor is accepted; push again after fixing the errors.`, { count: deletes.length });
    const summary = `Pushed to ${p.client.url}: ${counts.created} created, ${counts.updated} updated, ${counts.deleted} deleted${counts.failed ? `, ${counts.failed} failed` : ''}.`;
    // The summary is the run's result, on stdout, failures or not; the exit status tells them apart.
    if (!log.json) {
      io.out(summary + '\n');
      return counts.failed ? 1 : 0;
    }
    return done(counts.failed ? 1 : 0, summary, counts);
  } finally {
    await p.client.close();
  }
}

/** Deletes are named one by one; without a terminal only --yes confirms them. */
async function confirmDeletes(deletes: PlanItem[], plan: Plan, options: PushOptions, io: Io, log: EventLog): Promise<boolean> {
  if (options.yes) return true;
  if (!io.interactive) {
    log.event('error', 'refused', `Refusing to delete ${deletes.length} monitor(s) of project "${plan.project}" without confirmation: add --yes.`, { refused: 'confirmation' });
    return false;
  }
  io.out(`These ${deletes.length} monitor(s) of project "${plan.project}" will be deleted from Kibana:\n`);
  for (const item of deletes) io.out(`  - ${item.id}  "${item.name ?? ''}" (${item.type ?? '?'})\n`);
  const answer = await io.ask('Delete them? Only "yes" confirms: ');
  if (answer.trim() === 'yes') return true;
  io.err('Not confirmed: nothing pushed.\n');
  return false;
}
