// Which Kibana hosts the user vouches for, so that a workspace's settings or sync configuration
// cannot send the stored API key to a new host unasked (server/src/kibana/trust.ts refuses, naming
// the host; the user confirms it once, and it is remembered). No `vscode` import: unit-tested.

import { isLoopback, originOf } from '../../../server/src/protocol/hosts';
import type { UnconfirmedHostData } from '../../../server/src/protocol/messages';

/** The extension's globalState key of the confirmed origins (hosts are no secret; the key stays in SecretStorage). */
export const CONFIRMED_HOSTS_KEY = 'syntheticsGitops.confirmedKibanaHosts';

/** What the server is told the user vouches for: the confirmed origins, and that of their own (user-level) `kibana.url` setting. */
export function vouchedHosts(confirmed: readonly string[], userUrl: string | undefined): string[] {
  const own = userUrl ? originOf(userUrl) : undefined;
  return own && !confirmed.includes(own) ? [...confirmed, own] : [...confirmed];
}

/** The confirmed origins with this one remembered. */
export function withHost(confirmed: readonly string[], origin: string): string[] {
  return confirmed.includes(origin) ? [...confirmed] : [...confirmed, origin];
}

/** The host a request failed for because it is not confirmed, if that is why. */
export function unconfirmedHost(error: unknown): string | undefined {
  const data = (error as { data?: Partial<UnconfirmedHostData> } | null)?.data;
  return typeof data?.unconfirmedHost === 'string' ? data.unconfirmedHost : undefined;
}

/** Where the confirmed hosts are kept. */
export interface HostStore {
  /** The origins to send as `confirmedHosts`. */
  vouched(): string[];
  remember(origin: string): Promise<void>;
}

/**
 * Sends a request with the vouched hosts. When the server refuses because the workspace points the
 * key to a host not confirmed (no request went there), asks `confirm` about that host; once it
 * is confirmed, remembers it and sends again. Otherwise the refusal stands.
 */
export async function sendConfirming<R>(send: (confirmedHosts: string[]) => Promise<R>, store: HostStore, confirm: (origin: string) => Promise<boolean>): Promise<R> {
  try {
    return await send(store.vouched());
  } catch (error) {
    const host = unconfirmedHost(error);
    if (!host || !(await confirm(host))) throw error;
    await store.remember(host);
    return send(store.vouched());
  }
}

/** Loopback hosts (the sandbox) are confirmed without asking: the key does not leave the machine. */
export function needsAsking(origin: string): boolean {
  try {
    return !isLoopback(new URL(origin).hostname);
  } catch {
    return true;
  }
}

/** The question asked once per host. */
export function confirmationText(origin: string): { message: string; detail: string; sendLabel: string } {
  return {
    message: `Send your Kibana API key to ${origin}?`,
    detail:
      "This workspace's settings or sync configuration point Kibana requests there, and no one has confirmed that host yet. " +
      'A repository you do not control could use this to collect your key. Confirm only a Kibana you know; the answer is remembered for this host.',
    sendLabel: 'Send to This Host',
  };
}
