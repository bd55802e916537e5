// Entry of the `synthetics-gitops` command: dispatch, output, exit codes.

import { COMMAND_USAGE, USAGE, UsageError, parsePlanArgs, parsePushArgs, parseStatusArgs, parseValidateArgs, parseWatchArgs } from './args';
import { runImportCommand } from './importCommand';
import { runCheckCommand, runGenerateCommand } from './journeyCommands';
import { processIo, runPlan, runPush } from './kibanaCommands';
import { runRenderCommand } from './renderCommand';
import { render } from './output';
import { runStatus } from './statusCommand';
import { runFromProcess } from './run';
import { runWatch } from './watchCommand';
import { KibanaError } from '../kibana/errors';
import { redact } from '../kibana/redact';
import { checkPaths, selectKibanaVersion, syncConfigsKibanaVersion } from '../gitops/checkPaths';
import { runSandboxCommand } from '../sandbox/command';

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
      return runPlan(parsePlanArgs(rest), processIo());
    case 'push':
      return runPush(parsePushArgs(rest), processIo());
    case 'status':
      return runStatus(parseStatusArgs(rest), processIo());
    case 'watch':
      return runWatch(parseWatchArgs(rest), processIo());
    case 'run':
      return runFromProcess(rest);
    case 'generate':
      return runGenerateCommand(rest);
    case 'check':
      return runCheckCommand(rest);
    case 'render':
      return runRenderCommand(rest, (text) => process.stdout.write(text));
    case 'import':
      return runImportCommand(rest, processIo());
    case 'sandbox':
      return runSandboxCommand(rest);
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
