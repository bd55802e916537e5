// The extension's host confirmation (client/src/kibana/hosts.ts, which imports no `vscode`), as
// built: the test project does not compile the client's files itself.

import * as path from 'node:path';
import { REPO } from './core';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- as built, see above
export const hosts = require(path.join(REPO, 'out', 'client', 'src', 'kibana', 'hosts.js')) as {
  sendConfirming<R>(send: (confirmedHosts: string[]) => Promise<R>, store: { vouched(): string[]; remember(origin: string): Promise<void> }, confirm: (origin: string) => Promise<boolean>): Promise<R>;
  vouchedHosts(confirmed: readonly string[], userUrl: string | undefined): string[];
  withHost(confirmed: readonly string[], origin: string): string[];
  unconfirmedHost(error: unknown): string | undefined;
  needsAsking(origin: string): boolean;
};
