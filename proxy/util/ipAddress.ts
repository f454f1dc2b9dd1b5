import net from 'node:net';

/**
 * An IP address as 16 bytes (IPv4 as its IPv4-mapped IPv6 form, `::ffff:a.b.c.d`), so that one
 * table of ranges judges both families and every spelling Node or a URL gives of one address.
 */
export type Address = Uint8Array;

/** `192.168.1.5`, `::1`, `[::ffff:7f00:1]`, `fe80::1%eth0` -> 16 bytes; undefined for anything else. */
export function parseAddress(text: string): Address | undefined {
  const bare = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (net.isIPv4(bare)) return mapped(bare.split('.').map(Number));
  return net.isIPv6(bare) ? parseIpv6(bare) : undefined;
}

/** A valid IPv6 text (net.isIPv6) as 16 bytes: `::` expanded, a trailing dotted IPv4 as its two words. */
function parseIpv6(text: string): Address | undefined {
  let groups = text;
  let tail: number[] = [];
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[2]!.split('.').map(Number) as [number, number, number, number];
    tail = [(a << 8) | b, (c << 8) | d];
    groups = dotted[1]!.endsWith('::') ? dotted[1]! : dotted[1]!.slice(0, -1);
  }
  const halves = groups.split('::');
  const words = (part: string) => (part === '' ? [] : part.split(':').map((word) => parseInt(word, 16)));
  const front = words(halves[0]!);
  const back = halves.length === 2 ? [...words(halves[1]!), ...tail] : tail;
  const gap = halves.length === 2 ? 8 - front.length - back.length : 0;
  const all = [...front, ...new Array<number>(Math.max(0, gap)).fill(0), ...back];
  if (all.length !== 8) return undefined;
  const out = new Uint8Array(16);
  all.forEach((word, i) => {
    out[i * 2] = word >> 8;
    out[i * 2 + 1] = word & 0xff;
  });
  return out;
}

/** A range of addresses: `10.0.0.0/8`, `fd00::/8`, or one address. */
export interface AddressRange {
  base: Address;
  /** Leading bits that must match, of the 128-bit form. */
  bits: number;
}

/** `192.168.0.0/16`, `fc00::/7`, `10.1.2.3` (a range of one) -> a range; undefined when malformed. */
export function parseRange(text: string): AddressRange | undefined {
  const [address, length, extra] = text.trim().split('/');
  if (extra !== undefined || address === undefined) return undefined;
  const base = parseAddress(address);
  if (!base) return undefined;
  const isV4 = net.isIPv4(address.replace(/^\[(.*)\]$/, '$1'));
  const max = isV4 ? 32 : 128;
  const bits = length === undefined ? max : Number(length);
  if (!/^\d{1,3}$/.test(length ?? String(max)) || bits > max) return undefined;
  return { base, bits: isV4 ? bits + 96 : bits };
}

export function inRange(address: Address, range: AddressRange): boolean {
  for (let bit = 0; bit < range.bits; bit++) {
    const mask = 0x80 >> (bit % 8);
    if ((address[bit >> 3]! & mask) !== (range.base[bit >> 3]! & mask)) return false;
  }
  return true;
}

/**
 * Addresses that are not the public internet, and why: what a URL from a client must never make
 * gemgate reach (https://www.iana.org/assignments/iana-ipv4-special-registry,
 * https://www.iana.org/assignments/iana-ipv6-special-registry). IPv6 forms that carry an IPv4
 * address (mapped, compatible, NAT64, 6to4) are judged by that IPv4 address.
 */
const NOT_PUBLIC: Array<[string, string]> = [
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'shared (carrier-grade NAT)'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'],
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', 'reserved'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['100::/64', 'discard'],
  ['2001:db8::/32', 'documentation'],
  ['fc00::/7', 'private (unique local)'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'site-local'],
  ['ff00::/8', 'multicast'],
];

const NOT_PUBLIC_RANGES = NOT_PUBLIC.map(([range, why]) => ({ range: parseRange(range)!, why }));

/** Prefixes of IPv6 forms whose last 32 bits, or bits 16..48 (6to4), are an IPv4 address. */
const IPV4_COMPATIBLE = parseRange('::/96')!;
const NAT64 = parseRange('64:ff9b::/96')!;
const NAT64_LOCAL = parseRange('64:ff9b:1::/48')!;
const SIX_TO_FOUR = parseRange('2002::/16')!;
const IPV4_MAPPED = parseRange('::ffff:0:0/96')!;

/** Why `address` is not a public internet address, or undefined when it is one. */
export function notPublic(address: Address): string | undefined {
  const embedded = embeddedIpv4(address);
  if (embedded) return notPublic(embedded);
  return NOT_PUBLIC_RANGES.find(({ range }) => inRange(address, range))?.why;
}

/** The IPv4 address an IPv6 form carries, as its mapped form; undefined for IPv4 itself and plain IPv6. */
function embeddedIpv4(address: Address): Address | undefined {
  if (inRange(address, IPV4_MAPPED)) return undefined;
  const last = address.subarray(12, 16);
  // `::` and `::1` are themselves (unspecified, loopback), not IPv4 addresses 0.0.0.0 and 0.0.0.1.
  if (inRange(address, IPV4_COMPATIBLE)) return last[0] === 0 ? undefined : mapped([...last]);
  if (inRange(address, NAT64) || inRange(address, NAT64_LOCAL)) return mapped([...last]);
  if (inRange(address, SIX_TO_FOUR)) return mapped([...address.subarray(2, 6)]);
  return undefined;
}

function mapped(ipv4: number[]): Address {
  const out = new Uint8Array(16);
  out[10] = 0xff;
  out[11] = 0xff;
  out.set(ipv4, 12);
  return out;
}
