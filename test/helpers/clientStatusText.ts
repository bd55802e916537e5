// How statuses read in the editor (client/src/kibana/statusText.ts, which imports no `vscode`), as
// built: the test project does not compile the client's files itself.

import * as path from 'node:path';
import type { MonitorStatus } from '../../server/src/protocol/monitorStatus';
import { REPO } from './core';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- as built, see above
export const statusText = require(path.join(REPO, 'out', 'client', 'src', 'kibana', 'statusText.js')) as {
  REFRESH_MS: number;
  MAX_BACKOFF_MS: number;
  nextRefreshMs(failures: number): number;
  shortTime(iso: string, now?: Date): string;
  statusSummary(m: MonitorStatus, now?: Date): string;
  lensTitle(m: MonitorStatus, now?: Date): string;
  statusDetails(m: MonitorStatus, target: string, now?: Date): string[];
};
