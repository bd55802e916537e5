// The workspace every real-editor run opens, built at each run (the tests edit files and write
// settings): the journeys repository of the design document as examples/elastic-synthetic-monitor
// holds it (journeys/, lightweight/heartbeat.yml, synthetics.config.ts), plus what the tests need
// from test/fixtures/e2e-workspace (a ConfigMap with mistakes, a non-monitor manifest, journeys that
// pass and fail on a local page, the npm project's package.json). It is pointed at a Kibana sandbox
// and at that page, both served from this process on 127.0.0.1. Shared by the code-server runner (run.ts), the UI tests (ui.ts) and the
// VS Code desktop runner (electron.ts).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Sandbox, startSandbox } from '../../server/src/sandbox/server';
import { PageServer, servePage } from '../helpers/journeyProject';
import { ROOT } from './codeServer';

const EXAMPLE = path.join(ROOT, 'examples', 'elastic-synthetic-monitor');
const ADDITIONS = path.join(ROOT, 'test', 'fixtures', 'e2e-workspace');
/** The Kibana project of the monitors the tests push to the sandbox. */
const KIBANA_PROJECT = 'e2e-gitops';

export interface Workspace {
  folder: string;
  sandbox: Sandbox;
  page: PageServer;
  /** The caller's environment without its Kibana variables, plus E2E_SANDBOX_URL for the suite. */
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export async function prepareWorkspace(tmp: string): Promise<Workspace> {
  const folder = path.join(tmp, 'workspace');
  fs.cpSync(EXAMPLE, folder, { recursive: true });
  fs.cpSync(ADDITIONS, folder, { recursive: true, errorOnExist: true, force: false });
  // The npm project resolves @elastic/synthetics as a user's would: from its own node_modules.
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(folder, 'node_modules'), 'dir');
  const sandbox = await startSandbox();
  const page = await servePage();
  // The Kibana target, as "Select Kibana Target" writes it; the journeys' params, with the page's URL.
  const settings = {
    'syntheticsGitops.kibana.url': sandbox.url,
    'syntheticsGitops.kibana.space': 'default',
    'syntheticsGitops.kibana.project': KIBANA_PROJECT,
    'syntheticsGitops.journeys.params': { url: page.url },
  };
  fs.mkdirSync(path.join(folder, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(folder, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
  return {
    folder,
    sandbox,
    page,
    env: { ...editorEnv(), E2E_SANDBOX_URL: sandbox.url },
    close: async () => {
      await sandbox.close().catch(() => undefined);
      await page.close().catch(() => undefined);
    },
  };
}

/** This process's environment without its Kibana variables: the tests' settings alone decide the target. */
export function editorEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(KIBANA_|SYNTHETICS_PROJECT$)/.test(name)));
}
