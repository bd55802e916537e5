// Entry of the `synthetics-gitops` command: dispatch, output, exit codes.

import { COMMAND_USAGE, USAGE, UsageError, parsePlanArgs, parsePushArgs, parseStatusArgs, parseValidateArgs, parseWatchArgs } from './args';
import type * as ImportCommand from './importCommand';
import type * as JourneyCommands from './journeyCommands';
import type * as KibanaCommands from './kibanaCommands';
import type * as RenderCommand from './renderCommand';
import type * as StatusCommand from './statusCommand';
import type * as Run from './run';
import type * as WatchCommand from './watchCommand';
import { render } from './output';
import { KibanaError } from '../kibana/errors';
import { redact } from '../kibana/redact';
import { checkPaths, selectKibanaVersion, syncConfigsKibanaVersion } from '../gitops/checkPaths';
import type * as SandboxCommand from '../sandbox/command';

// A command's module is required when the command runs, so that `validate` never evaluates the
// Kibana client (undici), the watcher's metrics (prom-client) or the sandbox: most of the start-up
// of a CLI that bundles everything.
/* eslint-disable @typescript-eslint/no-require-imports -- loaded when its command runs, as said above */
const importCommand = (): typeof ImportCommand => require('./importCommand') as typeof ImportCommand;
const journeyCommands = (): typeof JourneyCommands => require('./journeyCommands') as typeof JourneyCommands;
const kibanaCommands = (): typeof KibanaCommands => require('./kibanaCommands') as typeof KibanaCommands;
const renderCommand = (): typeof RenderCommand => require('./renderCommand') as typeof RenderCommand;
const statusCommand = (): typeof StatusCommand => require('./statusCommand') as typeof StatusCommand;
const run = (): typeof Run => require('./run') as typeof Run;
const watchCommand = (): typeof WatchCommand => require('./watchCommand') as typeof WatchCommand;
const sandboxCommand = (): typeof SandboxCommand => require('../sandbox/command') as typeof SandboxCommand;
/* eslint-enable @typescript-eslint/no-require-imports */

declare const PACKAGE_VERSION: string;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '-v' || command === '--version') {
    process.stdout.write(`${PACKAGE_VERSION}\n`);
    return 0;
  }
  if (command === undefined || command === '-h' || command === '--help') {
    process.stdout.write(USAGE + '\n');
    return command === undefined ? 2 : 0;
  }
  if (command in COMMAND_USAGE && (rest.includes('--help') || rest.includes('-h'))) {
    process.stdout.write(COMMAND_USAGE[command as keyof typeof COMMAND_USAGE] + '\n');
    return 0;
  }
  switch (command) {
    case 'validate': {
      const options = parseValidateArgs(rest);
      // Journeys are checked against their entries with synthetics.config.ts read, never run: validate runs on pull requests.
      const checked = await checkPaths({ ...options, journeys: { restricted: true } }, process.cwd());
      // The Kibana version: --kibana-version, else the sync configuration's, else the newest modelled (checkPaths' default).
      const synced = options.settings['kibana.version'] ? undefined : syncConfigsKibanaVersion(checked, process.cwd());
      if (synced) selectKibanaVersion(checked, synced);
      // Through the redaction too: a monitor's URL may carry a password.
      process.stdout.write(redact(render(options.format, checked, process.cwd(), PACKAGE_VERSION)));
      return checked.some((c) => c.findings.some((f) => f.severity === 'error')) ? 1 : 0;
    }
    case 'plan':
      return kibanaCommands().runPlan(parsePlanArgs(rest), kibanaCommands().processIo());
    case 'push':
      return kibanaCommands().runPush(parsePushArgs(rest), kibanaCommands().processIo());
    case 'status':
      return statusCommand().runStatus(parseStatusArgs(rest), kibanaCommands().processIo());
    case 'watch':
      return watchCommand().runWatch(parseWatchArgs(rest), kibanaCommands().processIo());
    case 'run':
      return run().runFromProcess(rest);
    case 'generate':
      return journeyCommands().runGenerateCommand(rest);
    case 'check':
      return journeyCommands().runCheckCommand(rest);
    case 'render':
      return renderCommand().runRenderCommand(rest, (text) => process.stdout.write(text));
    case 'import':
      return importCommand().runImportCommand(rest, kibanaCommands().processIo());
    case 'sandbox':
      return sandboxCommand().runSandboxCommand(rest);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(redact(`synthetics-gitops: ${error.message}${error instanceof UsageError ? '\n\n' + USAGE : ''}\n`));
    // Kibana refusing or failing is an error of the run (1); bad arguments, files or configuration are 2.
    process.exitCode = error instanceof KibanaError ? 1 : 2;
  },
);
