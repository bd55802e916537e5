// Entry of the `synthetics-gitops` command: argument parsing, output, exit codes.

import { USAGE, UsageError, parseValidateArgs } from './args';
import { render } from './output';
import { validatePaths } from './validate';

declare const PACKAGE_VERSION: string;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '-v' || command === '--version') {
    process.stdout.write(`${PACKAGE_VERSION}\n`);
    return 0;
  }
  if (command === undefined || command === '-h' || command === '--help' || rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(USAGE + '\n');
    return command === undefined ? 2 : 0;
  }
  if (command !== 'validate') throw new UsageError(`unknown command "${command}"`);
  const options = parseValidateArgs(rest);
  const checked = await validatePaths(options, process.cwd());
  process.stdout.write(render(options.format, checked, process.cwd(), PACKAGE_VERSION));
  return checked.some((c) => c.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`synthetics-gitops: ${error.message}${error instanceof UsageError ? '\n\n' + USAGE : ''}\n`);
    process.exitCode = 2;
  },
);
