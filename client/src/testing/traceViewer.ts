// "Show Trace" on a failed journey's message: its Playwright trace in the trace viewer of the
// project's own Playwright (the playwright-core its @elastic/synthetics recorded with), served on
// 127.0.0.1 by `playwright-core/cli.js show-trace --host 127.0.0.1 --port 0`, which prints the
// URL it serves and serves only the trace's folder. A trace is served by one viewer at a time; the
// viewers end with the extension.

import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Disposable, UIKind, Uri, env, window } from 'vscode';
import type { TraceViewerRequest } from '../../../server/src/protocol/messages';

/** How long the viewer gets to print where it listens. */
const START_TIMEOUT_MS = 20_000;

export class TraceViewer implements Disposable {
  private readonly viewers = new Map<string, ChildProcess>();

  /**
   * Serves the trace with the Playwright of the project (`playwrightCore`, its package folder, as the
   * server resolves it: syntheticsGitops/traceViewer) and opens it in a browser; resolves with
   * the viewer's URL. Where the extension runs on the user's own desktop, Playwright opens it in
   * the default browser itself; elsewhere (code-server, a remote) it is opened through the editor,
   * which forwards the port.
   */
  async show(trace: string, project: TraceViewerRequest.Result): Promise<string> {
    if (!fs.existsSync(trace)) throw new Error(`the trace ${trace} is gone: run the journey again`);
    const cli = path.join(project.playwrightCore, 'cli.js');
    this.viewers.get(trace)?.kill();
    const child = spawn(process.execPath, [cli, 'show-trace', '--host', '127.0.0.1', '--port', '0', trace], {
      cwd: project.projectFolder,
      // Under VS Code, execPath is Electron: this makes it plain Node.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.viewers.set(trace, child);
    child.once('exit', () => this.viewers.get(trace) === child && this.viewers.delete(trace));
    const url = await listening(child, cli);
    // Through the port the editor forwards. Under code-server's path proxy (/proxy/<port>/) the viewer's
    // first load can show no trace: code-server's own service worker answers before the viewer's is in
    // control; a reload shows it.
    const open = async () => env.openExternal(await env.asExternalUri(Uri.parse(url)));
    if (env.uiKind === UIKind.Desktop && env.remoteName === undefined) {
      // Playwright has asked the system for a browser; should none have come, the URL is a click away.
      void window.showInformationMessage(`Synthetics GitOps: the trace viewer shows ${path.basename(trace)} at ${url}.`, 'Open in Browser').then((choice) => choice && open());
    } else await open();
    return url;
  }

  dispose(): void {
    this.viewers.forEach((child) => child.kill());
    this.viewers.clear();
  }
}

/** The URL the viewer prints ("Listening on http://127.0.0.1:PORT"); rejects with its output when it ends or stays silent. */
function listening(child: ChildProcess, cli: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill();
      reject(new Error(`the trace viewer (${cli}) ${why}${output.trim() ? `: ${output.trim().slice(0, 500)}` : ''}`));
    };
    const timer = setTimeout(() => fail(`did not start within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    const read = (chunk: Buffer) => {
      if (output.length > 64 * 1024) return; // Only its first words matter; the rest is drained.
      output += chunk.toString();
      const found = /Listening on (http:\/\/\S+)/.exec(output);
      if (!found) return;
      clearTimeout(timer);
      child.removeListener('exit', onExit);
      resolve(found[1]);
    };
    const onExit = (code: number | null) => fail(`ended (exit ${code})`);
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', onExit);
    child.once('error', (error) => fail(`could not start: ${error.message}`));
  });
}
