// The editor's view of `synthetics-gitops status` (gitops/status.ts): the same statuses, with each
// place a file URI and a 0-based line, as the status lenses and the Synthetics Monitors view want them.

import * as path from 'node:path';
import { StatusRead } from '../gitops/status';
import { MonitorStatusRequest } from '../protocol/messages';
import { pathToUri } from './paths';

export function statusResult(read: StatusRead, folder: string): MonitorStatusRequest.Result {
  const host = new URL(read.kibana.url).host;
  return {
    target: `${host}/${read.kibana.space}/${read.loaded.project.project}`,
    kibanaVersion: read.kibanaVersion,
    monitors: read.items.map(({ places, ...status }) => ({
      ...status,
      places: places.map((p) => ({ uri: pathToUri(path.resolve(folder, p.file)), line: read.loaded.locate(p.file, p.span).line - 1 })),
    })),
  };
}
