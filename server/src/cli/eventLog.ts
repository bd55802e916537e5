// What `push` and `watch` tell their operator: lines of text for a person, or with
// `--log-format json` one JSON object per line per event for a log pipeline (time, level, event,
// msg, then the event's fields). Callers pass no secret: plans and monitors carry none here, and
// what Kibana answered is masked on the way out (Io: kibana/redact.ts).

import * as path from 'node:path';
import { Locate, at as place, blockersJson } from '../core/kibana/renderPlan';
import type { Loaded } from '../gitops/prepare';
import type { PushResult } from '../gitops/push';
import type { KibanaTimeout } from '../kibana/client';
import { KibanaError } from '../kibana/errors';
import { Plan, PlanItem } from '../core/kibana/plan';
import type { LogFormat } from './args';
import type { Io } from './kibanaCommands';

export type Level = 'info' | 'warn' | 'error';

export interface EventLog {
  readonly json: boolean;
  /** One event: `text` is the line a person reads (stderr for warnings and errors). */
  event(level: Level, event: string, text: string, fields?: Record<string, unknown>): void;
  /** The plan, before any write: rendered as today in text, one `plan` and one `planned` per change in JSON. */
  plan(plan: Plan, locate: Locate, text: string): void;
}

export function eventLog(format: LogFormat, io: Pick<Io, 'out' | 'err'>, now: () => Date = () => new Date()): EventLog {
  const json = format === 'json';
  const log: EventLog = {
    json,
    event(level, event, text, fields = {}) {
      if (json) io.out(JSON.stringify({ time: now().toISOString(), level, event, msg: text, ...fields }) + '\n');
      else (level === 'info' ? io.out : io.err)(text.endsWith('\n') ? text : text + '\n');
    },
    plan(plan, locate, text) {
      if (!json) {
        io.out(text);
        return;
      }
      const s = plan.summary;
      const replace = s.replace ? `${s.replace} to replace, ` : '';
      const withheld = s.withheld ? ` (${s.withheld} withheld)` : '';
      log.event('info', 'plan', `Plan: ${s.create} to create, ${s.update} to update, ${replace}${s.delete} to delete${withheld}, ${s.unchanged} unchanged.`, {
        kibana: { version: plan.kibanaVersion, space: plan.space },
        project: plan.project,
        summary: s,
        blockers: blockersJson(plan.blockers, locate),
      });
      for (const item of plan.items) {
        if (item.action === 'unchanged') continue;
        const at = item.file && item.span ? { file: item.file, ...locate(item.file, item.span) } : {};
        log.event(item.action === 'invalid' ? 'error' : 'info', 'planned', `${item.action} ${item.id}`, {
          action: item.action,
          id: item.id,
          name: item.name,
          type: item.type,
          ...at,
          editedOutsideGit: item.editedOutsideGit,
          fields: item.changes.map((c) => c.field),
          failures: item.failures.map((f) => ({ reason: f.reason, details: f.details })),
          errors: (item.errors ?? []).map((e) => e.code),
          ...(item.fix ? { fix: item.fix } : {}),
          withheld: !!item.withheld,
        });
      }
    },
  };
  return log;
}

/**
 * What reading the desired state found: our own validation errors (printed as `validate` does),
 * inline scripts that cannot be bundled, monitors left out and mounted keys not read. Returns the
 * number of errors: the monitors they are in are not pushed, and those that hide monitors withhold
 * every delete (see the plan).
 */
export function reportFindings(loaded: Loaded, log: EventLog): number {
  let count = 0;
  for (const file of loaded.checked) {
    const name = path.relative(loaded.root, file.file).split(path.sep).join('/');
    for (const f of file.findings) {
      if (f.severity !== 'error') continue;
      const at = loaded.locate(name, f.span);
      log.event('error', 'invalid', `${name}:${at.line}:${at.column}: error ${f.code}: ${f.message}`, { file: name, ...at, code: f.code, message: f.message });
      count++;
    }
  }
  for (const { monitor, message } of loaded.desired.problems) {
    const at = loaded.locate(monitor.file, monitor.span);
    log.event('error', 'invalid', `${monitor.file}:${at.line}:${at.column}: error bundle-failed: ${monitor.payload.id}: ${message}`, { file: monitor.file, ...at, code: 'bundle-failed', id: monitor.payload.id, message });
  }
  for (const skipped of loaded.desired.skipped) {
    const line = loaded.locate(skipped.file, skipped.span).line;
    log.event('warn', 'skipped', `${skipped.file}:${line}: warning: ${skipped.reason}`, { file: skipped.file, line, reason: skipped.reason });
  }
  for (const key of loaded.mount?.ignored ?? []) log.event('warn', 'skipped', `${key}: warning: not a YAML or JSON key, not read`, { file: key, reason: 'not a YAML or JSON key' });
  return count + loaded.desired.problems.length;
}

export type PushCounts = Record<'created' | 'updated' | 'deleted' | 'failed' | 'notPushed' | 'withheld', number>;

/**
 * A push's outcome: each monitor written (when `eachWrite`: always in JSON), each one not pushed
 * for its errors and each one Kibana refused, at its file:line with the reason, and the deletes
 * withheld with the inputs that hold them back. Returns the counts.
 */
export function reportPushResult(result: PushResult, plan: Plan, locate: Locate, log: EventLog, eachWrite = log.json): PushCounts {
  if (eachWrite) {
    for (const [event, ids] of [['created', result.created], ['updated', result.updated], ['deleted', result.deleted]] as const) for (const id of ids) log.event('info', event, `${event} ${id}`, { id });
  }
  const located = (item: PlanItem | undefined) => (item?.file && item.span ? { file: item.file, ...locate(item.file, item.span) } : undefined);
  for (const item of result.notPushed) {
    const at = located(item)!;
    const codes = item.errors!.map((e) => e.code);
    log.event('error', 'not-pushed', `${place(item.file!, item.span!, locate)}: error: ${item.id || 'a monitor'} not pushed: fix its errors first (${codes.join(', ')})`, { id: item.id, ...at, codes });
  }
  for (const { item, failure } of result.failed) {
    const at = located(item);
    const id = item?.id ?? failure.id ?? 'a monitor';
    const where = at ? `${at.file}:${at.line}:${at.column}` : plan.project;
    log.event('error', 'failed', `${where}: error kibana-refused: ${id}: ${failure.reason}${failure.details ? ` ${failure.details}` : ''}`, { id, ...at, reason: failure.reason, details: failure.details });
  }
  if (result.deletesSkipped) {
    const skipped = plan.items.filter((i) => i.action === 'delete' && !i.withheld).length;
    log.event('warn', 'deletes-skipped', `Deletes skipped: ${skipped} monitor(s) stay in Kibana until every monitor is accepted; push again after fixing the errors.`, { count: skipped });
  }
  if (result.withheld.length) {
    const blockers = blockersJson(plan.blockers, locate);
    const list = blockers.map((b) => `${b.file}:${b.line}:${b.column} (${b.reason})`).join('; ');
    const ids = result.withheld.map((i) => i.id);
    log.event('error', 'deletes-withheld', `Deletes withheld: ${ids.length} monitor(s) stay in Kibana (${ids.join(', ')}) while these inputs cannot be read, as they may hold monitors still in git: ${list}`, { ids, blockers });
  }
  return { created: result.created.length, updated: result.updated.length, deleted: result.deleted.length, failed: result.failed.length, notPushed: result.notPushed.length, withheld: result.withheld.length };
}

/** What to know about how we connect (TLS verification off, settings not used), before the first request. */
export function logConnectionWarning(log: EventLog, warning: string): void {
  log.event('warn', 'connection', `warning: ${warning}`, { reason: warning });
}

/** One request attempt that timed out: Kibana (or the network to it) is slow or hung. */
export function logTimeout(log: EventLog, t: KibanaTimeout): void {
  const what = { connect: 'accept the connection', headers: 'answer', body: 'send the rest of its answer' }[t.phase];
  log.event('warn', 'timeout', `${t.method} ${t.path}: Kibana did not ${what} within ${t.timeoutMs} ms${t.retrying ? '; trying again' : ''}`, { ...t });
}

/**
 * Runs a command; in JSON, an error that stops it is an event like the others (then `done`), with
 * the exit status main would give: 1 when Kibana failed, 2 for usage, files or configuration.
 */
export async function withErrorEvents(log: EventLog, run: () => Promise<number>): Promise<number> {
  if (!log.json) return run();
  try {
    return await run();
  } catch (error) {
    const code = error instanceof KibanaError ? 1 : 2;
    log.event('error', 'error', (error as Error).message);
    log.event('error', 'done', `Failed (exit ${code}).`, { exitCode: code });
    return code;
  }
}
