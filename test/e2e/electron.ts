// Runs the integration suite (index.ts, suite.ts) in VS Code desktop with @vscode/test-electron,
// on the same prepared workspace as run.ts (workspace.ts). It downloads VS Code (stable, or the
// version in E2E_VSCODE_VERSION) into .cache/vscode-test; on Linux without a display, run it under
// `xvfb-run -a`. The tests that need the page side (rendered squiggles, status bar, Test Explorer,
// an input box typed into) are skipped there: run.ts provides it only in code-server.
//
// It CANNOT run on the project's build machines: update.code.visualstudio.com is unreachable from
// them, so it fails at the download, saying so. There `npm run test:e2e` runs the same suite in
// code-server's extension host. Needs `npm run build` first; run by `npm run test:electron`.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { ROOT, log } from './codeServer';
import { prepareWorkspace } from './workspace';

const VERSION = process.env.E2E_VSCODE_VERSION ?? 'stable';

async function main(): Promise<number> {
  let vscodeExecutablePath: string;
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version: VERSION, cachePath: path.join(ROOT, '.cache', 'vscode-test'), timeout: 20_000 });
  } catch (error) {
    log(`could not download VS Code ${VERSION} (${error instanceof Error ? error.message : error}).`);
    log('@vscode/test-electron needs update.code.visualstudio.com; offline, `npm run test:e2e` runs this suite in code-server.');
    return 1;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'synthetics-electron-'));
  const workspace = await prepareWorkspace(tmp);
  try {
    return await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(__dirname, 'index.js'),
      extensionTestsEnv: workspace.env,
      // A fresh profile with no other extension; the copy is the tests' to edit.
      launchArgs: [workspace.folder, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--user-data-dir', path.join(tmp, 'user')],
    });
  } catch (error) {
    log(`the tests failed: ${error instanceof Error ? error.message : error}`);
    return 1;
  } finally {
    await workspace.close();
    fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 5 });
  }
}

void main().then((code) => process.exit(code));
