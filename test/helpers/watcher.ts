// `synthetics-gitops watch` as a real process: its JSON events collected as they come, its HTTP
// port read from its `listening` event, stopped by signal or killed at the end of a test.

import { ChildProcess, spawn } from 'node:child_process';
import { CLI, Event } from './cli';
import { eventually } from './eventually';

/** One metric sample's value from Prometheus text, by name and labels as written. */
export function sample(metrics: string, series: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

export class Watcher {
  readonly events: Event[] = [];
  stderr = '';
  exit: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(args: string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [CLI, 'watch', ...args, '--listen', '127.0.0.1:0', '--log-format', 'json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let buffer = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) this.events.push(JSON.parse(line) as Event);
    });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exit = new Promise((resolve) => this.child.on('close', (code) => resolve(code)));
  }

  /** The first event at or after index `from` that matches. */
  next(match: (e: Event) => boolean, what: string, from = 0): Promise<Event> {
    return eventually(() => {
      const found = this.events.slice(from).find(match);
      if (!found) throw new Error(`timed out waiting for ${what}; seen: ${this.events.map((e) => e.msg).join(' | ')} ${this.stderr}`);
      return found;
    }, 15_000, 20);
  }

  async url(): Promise<string> {
    const listening = await this.next((e) => e.event === 'listening', 'the listening line');
    return `http://127.0.0.1:${listening.port as number}`;
  }

  signal(name: NodeJS.Signals): void {
    this.child.kill(name);
  }

  stop(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

