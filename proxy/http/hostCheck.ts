import { isIP } from 'node:net';

/**
 * DNS-rebinding defence: a browser tricked into calling 127.0.0.1 through an attacker's domain still
 * sends that domain as Host. Accept only IP literals, `localhost`, and names the user allowed.
 */
export function isAllowedHost(hostHeader: string | undefined, allowedNames: readonly string[]): boolean {
  if (!hostHeader) return false;
  const hostname = hostnameOf(hostHeader).toLowerCase();
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return true;
  if (isIP(hostname) !== 0) return true;
  return allowedNames.includes(hostname);
}

function hostnameOf(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}
