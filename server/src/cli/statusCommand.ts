// `status`: whether the monitors of the paths are up in Kibana, for a person (text) or a script
// (JSON); exit 1 when one is down, so a CI job can gate on it after a push.

import { renderStatusJson, renderStatusText } from '../core/kibana/renderStatus';
import { StatusUnavailableError, readStatuses } from '../gitops/status';
import { StatusOptions } from './args';
import { eventLog } from './eventLog';
import { Io, kibanaRequest } from './kibanaCommands';

export async function runStatus(options: StatusOptions, io: Io): Promise<number> {
  const log = eventLog('text', io);
  let read;
  try {
    read = await readStatuses({ ...options, ...kibanaRequest(options, io, log) });
  } catch (error) {
    // Not a usage error: this Kibana cannot say, which a gate must not take for "all up".
    if (!(error instanceof StatusUnavailableError)) throw error;
    io.err(`synthetics-gitops: ${error.message}\n`);
    return 1;
  }
  const ctx = { kibanaUrl: read.kibana.url, kibanaVersion: read.kibanaVersion, space: read.kibana.space, project: read.loaded.project.project };
  io.out(options.format === 'json' ? renderStatusJson(read.items, read.loaded.locate, ctx) : renderStatusText(read.items, read.loaded.locate, ctx, io.colour));
  return read.items.some((item) => item.status === 'down') ? 1 : 0;
}
