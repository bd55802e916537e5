// What `push` and `watch` tell their operator: lines of text for a person, or with
// `--log-format json` one JSON object per line per event for a log pipeline (time, level, event,
// msg, then the event's fields). Callers pass no secret: plans and monitors carry none here.

import { Locate } from '../core/kibana/renderPlan';
import { Plan } from '../core/kibana/plan';
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
      log.event('info', 'plan', `Plan: ${s.create} to create, ${s.update} to update, ${s.delete} to delete, ${s.unchanged} unchanged.`, {
        kibana: { version: plan.kibanaVersion, space: plan.space },
        project: plan.project,
        summary: s,
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
        });
      }
    },
  };
  return log;
}
