import dns from 'node:dns/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { inRange, notPublic, parseAddress, parseRange, type AddressRange } from '../util/ipAddress.js';
import { Agent, buildConnector, request, type Connector } from './undiciCore.js';

/** What a fetch of a client's URL gives back: enough of WHATWG's Response for fetchRemoteMedia. */
export interface RemoteResponse {
  status: number;
  statusText?: string;
  headers: { get(name: string): string | null };
  /** The bytes; leaving its iteration early (break, a throw) stops the download. */
  body: AsyncIterable<Uint8Array> | null;
}

export type RemoteFetch = (url: string, init: { signal: AbortSignal }) => Promise<RemoteResponse>;

/** The destination is not one gemgate may reach; deliberately says no more than that. */
export class DestinationRefused extends Error {
  override name = 'DestinationRefused';

  constructor() {
    super('destination refused');
  }
}

/** Redirects followed per fetch, each one checked as the first URL was. */
const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Fetches URLs that clients give (an image or a file by link), from the public internet only. A
 * client could otherwise make gemgate request its own admin API, the LAN, or a cloud metadata
 * service, and read the answer back through the model. Every connection, the first and each
 * redirect's, goes to an address judged when it is made:
 *
 * | the URL's host                               | connects to                                        |
 * | -------------------------------------------- | -------------------------------------------------- |
 * | a name listed in `fetch.allowHosts`          | what it resolves to, whatever that is              |
 * | any other name                               | its first address, if every address it resolves to is public or in an allowed range; else refused |
 * | an IP address (any spelling a URL normalises: `2130706433`, `0x7f.1`, `[::ffff:127.0.0.1]`) | itself, if public or in an allowed range; else refused |
 *
 * Not public: loopback, private (RFC 1918, 100.64/10, fc00::/7), link-local, unspecified, multicast,
 * reserved and documentation ranges, and IPv6 forms carrying such an IPv4 address (util/ipAddress.ts).
 * The name is resolved once, here, and the connection made to the very address that was checked,
 * so a name that answers one address to the check and another to the connection (DNS rebinding)
 * gets nowhere. Redirects are followed by hand, at most MAX_REDIRECTS, each through the same check.
 * A refusal is a DestinationRefused that names nothing, made before any connection, so whether a
 * port is open cannot be read from it.
 */
export class PublicFetch {
  private readonly agent: Agent;

  constructor(
    /** `fetch.allowHosts`: host names and address ranges the user allows besides the public internet. */
    private readonly allowHosts: () => readonly string[],
    connectTimeoutMs = 10_000,
  ) {
    const connect = buildConnector({ timeout: connectTimeoutMs });
    const guarded: Connector = (options, callback) => {
      resolveAllowed(options.hostname, allowListOf(this.allowHosts())).then(
        (address) => connect({ ...options, hostname: address }, callback),
        (error: Error) => callback(error, null),
      );
    };
    this.agent = new Agent({ connect: guarded, connections: 8, keepAliveTimeout: 4_000 });
  }

  readonly fetch: RemoteFetch = async (url, { signal }) => {
    let target = new URL(url);
    for (let redirects = 0; ; redirects++) {
      if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new DestinationRefused();
      const response = await request(target.href, {
        method: 'GET',
        dispatcher: this.agent,
        signal,
        headers: { accept: '*/*', 'user-agent': 'gemgate' },
      });
      const location = headerOf(response.headers, 'location');
      if (!REDIRECTS.has(response.statusCode) || location === null) {
        return {
          status: response.statusCode,
          headers: { get: (name) => headerOf(response.headers, name) },
          body: response.body,
        };
      }
      // A redirect's own body is a few bytes at most: read off, so the connection can be reused.
      await response.body.dump().catch(() => undefined);
      if (redirects >= MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
      target = new URL(location, target);
    }
  };

  close(): Promise<void> {
    return this.agent.close();
  }
}

interface AllowList {
  hosts: Set<string>;
  ranges: AddressRange[];
}

function allowListOf(entries: readonly string[]): AllowList {
  const allow: AllowList = { hosts: new Set(), ranges: [] };
  for (const entry of entries) {
    const range = parseRange(entry);
    if (range) allow.ranges.push(range);
    else allow.hosts.add(entry.toLowerCase());
  }
  return allow;
}

/** The address to connect to for `hostname`, once every address it stands for is allowed. */
async function resolveAllowed(hostname: string, allow: AllowList): Promise<string> {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const literal = parseAddress(host);
  let addresses: string[];
  if (literal) addresses = [host];
  else {
    try {
      addresses = (await dns.lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
    } catch {
      throw new DestinationRefused();
    }
  }
  const named = allow.hosts.has(host);
  for (const address of addresses) {
    const parsed = parseAddress(address);
    if (!parsed) throw new DestinationRefused();
    if (!named && notPublic(parsed) && !allow.ranges.some((range) => inRange(parsed, range)))
      throw new DestinationRefused();
  }
  if (addresses.length === 0) throw new DestinationRefused();
  return addresses[0]!;
}

function headerOf(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}
