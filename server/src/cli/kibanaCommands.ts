// `plan` and `push`: the desired state from the paths, the actual state from Kibana, the plan
// between them, and — for push — carrying it out.

import { createInterface } from 'node:readline/promises';
import { Adoption, pendingAdoptions } from '../core/kibana/adopt';
import { Plan, PlanItem } from '../core/kibana/plan';
import { renderPlanJson, renderPlanText } from '../core/kibana/renderPlan';
import { renderPlanMarkdown } from '../core/kibana/renderPlanMarkdown';
import { Prepared, preparePlan } from '../gitops/prepare';
import { ConfigError } from '../gitops/projectConfig';
import { adoptionRefusal, carryOutAdoptions } from '../gitops/adopt';
import { pruneCounts, pruneRefusal } from '../gitops/pruneGuard';
import { pushPlan } from '../gitops/push';
import type { KibanaTimeout } from '../kibana/client';
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

async function prepare(options: KibanaOptions & { replace: string[] }, io: Io, log: EventLog, checkLocations: boolean): Promise<Prepared> {
  const p = await preparePlan({ ...options, ...kibanaRequest(options, io, log), checkLocations });
  const wrong = options.replace.map((id) => replaceProblem(p.plan, id)).filter(Boolean);
  if (wrong.length) {
    await p.client.close();
    throw new ConfigError(wrong.join('; '));
  }
  return p;
}

/** The connection values the command line gives. */
export function kibanaFlags(options: KibanaOptions): KibanaFlags {
  return { url: options.url, trustSyncConfig: options.trustSyncConfig, allowInsecureHttp: options.allowInsecureHttp };
}

/** What a command that talks to Kibana adds to its paths: where it runs, the flags, its timeouts and warnings logged. */
export function kibanaRequest(options: KibanaOptions, io: Io, log: EventLog) {
  return {
    cwd: io.cwd,
    env: io.env,
    kibana: kibanaFlags(options),
    client: { timeoutMs: options.requestTimeoutMs, onTimeout: (timeout: KibanaTimeout) => logTimeout(log, timeout) },
    onWarning: (warning: string) => logConnectionWarning(log, warning),
  };
}

/** Why `--replace id` does not apply: only a type change (which Kibana refuses) is replaced. */
function replaceProblem(plan: Plan, id: string): string | undefined {
  const item = plan.items.find((i) => i.id === id);
  if (item?.action === 'replace') return undefined;
  if (!item?.desired) return `--replace ${id}: git has no monitor with this id`;
  const would: Partial<Record<PlanItem['action'], string>> = { create: 'create it', update: 'update it in place', unchanged: 'leave it unchanged', invalid: 'refuse it' };
  return `--replace ${id}: its type does not change (the plan would ${would[item.action]}), so there is nothing to replace`;
}

export async function runPlan(options: PlanOptions, io: Io): Promise<number> {
  const log = eventLog('text', io);
  const p = await prepare(options, io, log, true);
  try {
    const errors = reportFindings(p, log);
    const render = { json: () => renderPlanJson(p.plan, p.locate), markdown: () => renderPlanMarkdown(p.plan, p.locate, { prune: true }), text: () => renderPlanText(p.plan, p.locate, { colour: io.colour, verbose: options.verbose, prune: true }) };
    io.out(render[options.format]());
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
    // Errors do not stop the push: the monitors they are in are not sent, and those hiding monitors withhold the deletes.
    const errors = reportFindings(p, log);
    const adopt = options.adopt ? (options.keepOriginals ? 'disable' : 'delete') : 'skip';
    log.plan(p.plan, p.locate, renderPlanText(p.plan, p.locate, { colour: io.colour, prune: options.prune, adopt }));
    const withheld = p.plan.items.filter((i) => i.withheld && (i.action === 'replace' || options.prune)).length;
    const held = errors || p.plan.summary.invalid || withheld ? 1 : 0;
    if (options.dryRun) return done(held, 'Dry run: nothing pushed.');
    const deletes = p.plan.items.filter((i) => !i.withheld && (i.action === 'replace' || (options.prune && i.action === 'delete')));
    const adopted = options.adopt ? pendingAdoptions(p.plan.adoptions) : [];
    const adoptDeletes = adopt === 'delete' ? adopted : [];
    if (deletes.length) {
      const refusal = pruneRefusal(pruneCounts(p.plan, p.desired.monitors.length, options.prune), { limit: options.maxDeletions, limitText: options.maxDeletionsText, allowEmpty: options.allowEmpty });
      if (refusal) return done(1, refusal, { refused: 'prune' });
    }
    const adoptRefusal = adoptionRefusal({ pruned: deletes.length, adopted: adoptDeletes.length, existing: p.plan.existing }, options.maxDeletions, options.maxDeletionsText);
    if (adoptRefusal) return done(1, adoptRefusal, { refused: 'adopt' });
    if ((deletes.length || adoptDeletes.length) && !(await confirmDeletes(deletes, adoptDeletes, p.plan, options, io, log))) return done(1, 'Nothing pushed.');
    const writes = p.plan.summary.create + p.plan.summary.update;
    if (!writes && !deletes.length && !adopted.length && !p.plan.summary.invalid) {
      const text = withheld ? `Nothing pushed: ${withheld} delete(s) withheld while an input cannot be read (see the plan).` : 'Nothing to push.';
      return done(held, text, { created: 0, updated: 0, deleted: 0, failed: 0, notPushed: 0, withheld });
    }
    const result = await pushPlan(p.plan, p.client, { prune: options.prune });
    const counts = reportPushResult(result, p.plan, p.locate, log);
    // Each original goes only once Kibana holds its replacement, whatever else failed.
    const adoption = await carryOutAdoptions(p.client, p.plan.project, adopted, { keepOriginals: options.keepOriginals });
    const fate = options.keepOriginals ? 'disabled' : 'deleted';
    for (const a of adoption.done) log.event('info', 'adopted', `adopted ${a.configId}: ${fate}, replaced by ${a.id}`, { configId: a.configId, id: a.id, original: fate });
    for (const a of adoption.waiting) {
      log.event('warn', 'adoption-waiting', `UI monitor ${a.configId} kept: its replacement ${a.id} is not in Kibana; push --adopt again once it is.`, { configId: a.configId, id: a.id });
    }
    const extra = [
      adopted.length && `${adoption.done.length} UI monitor(s) adopted (${fate})`,
      counts.failed && `${counts.failed} failed`,
      counts.notPushed && `${counts.notPushed} not pushed (errors in git)`,
      counts.withheld && `${counts.withheld} delete(s) withheld`,
    ].filter(Boolean);
    const summary = `Pushed to ${p.client.url}: ${counts.created} created, ${counts.updated} updated, ${counts.deleted} deleted${extra.map((e) => `, ${e}`).join('')}.`;
    const code = held || counts.failed || counts.notPushed || counts.withheld ? 1 : 0;
    // The summary is the run's result, on stdout, failures or not; the exit status tells them apart.
    if (!log.json) {
      io.out(summary + '\n');
      return code;
    }
    return done(code, summary, { ...counts, ...(adopted.length && { adopted: adoption.done.length }) });
  } finally {
    await p.client.close();
  }
}

/** Deletes are named one by one, adopted UI originals with them; without a terminal only --yes confirms them. */
async function confirmDeletes(deletes: PlanItem[], adopted: Adoption[], plan: Plan, options: PushOptions, io: Io, log: EventLog): Promise<boolean> {
  if (options.yes) return true;
  const total = deletes.length + adopted.length;
  const which = `${total} monitor(s)${adopted.length ? ` (${adopted.length} adopted UI original(s))` : ''} of project "${plan.project}"`;
  if (!io.interactive) {
    log.event('error', 'refused', `Refusing to delete ${which} without confirmation: add --yes.`, { refused: 'confirmation' });
    return false;
  }
  io.out(`These ${which} will be deleted from Kibana:\n`);
  for (const item of deletes) {
    const replaced = item.action === 'replace' ? `, then created anew as ${item.type}` : '';
    io.out(`  - ${item.id}  "${item.name ?? ''}" (${item.action === 'replace' ? String(item.before?.type) : (item.type ?? '?')})${replaced}\n`);
  }
  for (const a of adopted) io.out(`  - ${a.configId}  "${a.original!.name}" (${a.original!.type}), made in the UI: replaced by ${a.id}\n`);
  const answer = await io.ask('Delete them? Only "yes" confirms: ');
  if (answer.trim() === 'yes') return true;
  io.err('Not confirmed: nothing pushed.\n');
  return false;
}
