// Hosts, as both sides judge them: the server before it sends a credential (kibana/trust.ts), the
// extension when it asks the user to confirm a host (client/src/kibana/hosts.ts). Pure: no I/O.

/** 127.0.0.0/8, ::1 and localhost: traffic that never leaves the machine (the sandbox's). */
export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** `scheme://host:port` of a URL, or undefined when it is none. */
export function originOf(url: string): string | undefined {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}
