// `synthetics-gitops sandbox`: runs the Kibana sandbox in the foreground until SIGINT or SIGTERM.

import { parseArgs } from 'node:util';
import { parseKibanaVersion } from '../core/kibana/versions';
import { startSandbox } from './server';

export const SANDBOX_USAGE = `Usage: synthetics-gitops sandbox [options]

Runs a local emulator of the Kibana synthetics APIs (project push, monitor CRUD, private
locations, monitor statuses) on 127.0.0.1. Any \`Authorization: ApiKey <key>\` or \`Basic <credentials>\` header is
accepted. It runs no monitor: the statuses it reports are set with \`PUT /s/<space>/_sandbox/statuses\`
(see docs/cli.md, "sandbox").

Options:
  --port N                port to listen on (default: 5601; 0 picks a free port)
  --data FILE             JSON file the state is loaded from and saved to (default: in memory)
  --kibana-version X.Y.Z  Kibana version to emulate (default: 9.1.0)
  -h, --help              show this help`;

export async function runSandboxCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '5601' },
        data: { type: 'string' },
        'kibana-version': { type: 'string', default: '9.1.0' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`synthetics-gitops sandbox: ${(error as Error).message}\n\n${SANDBOX_USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${SANDBOX_USAGE}\n`);
    return 0;
  }
  const port = Number(values.port);
  const kibanaVersion = values['kibana-version'];
  const problem =
    !Number.isInteger(port) || port < 0 || port > 65535
      ? `--port must be a port number, not "${values.port}"`
      : !parseKibanaVersion(kibanaVersion)
        ? `--kibana-version must look like 9.1.0, not "${kibanaVersion}"`
        : undefined;
  if (problem) {
    process.stderr.write(`synthetics-gitops sandbox: ${problem}\n`);
    return 2;
  }
  let sandbox;
  try {
    sandbox = await startSandbox({ port, dataFile: values.data, kibanaVersion });
  } catch (error) {
    process.stderr.write(`synthetics-gitops sandbox: cannot start on 127.0.0.1:${port}: ${(error as Error).message}\n`);
    return 2;
  }
  process.stdout.write(`Kibana ${kibanaVersion} sandbox listening on ${sandbox.url}${values.data ? ` (state in ${values.data})` : ''}. Ctrl-C stops it.\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await sandbox.close();
  return 0;
}
