import crypto from 'node:crypto';

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'; // no look-alikes (l, o, 0, 1)

/** A short random id such as `key_7hq2m4x9ac`: safe to show, log and store; says nothing secret. */
export function newId(prefix: string, length = 10): string {
  const bytes = crypto.randomBytes(length);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return `${prefix}_${id}`;
}

/** Bytes drawn from the system's generator at once for randomHex. */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

/**
 * `bytes` random bytes as hex, for ids a client is shown (`chatcmpl-…`, `resp_…`): drawn from a pool
 * refilled 4 KB at a time, because `crypto.randomBytes` is one call into OpenSSL each time (about
 * 15 µs per request in the gateway's profile). Node draws randomUUID's entropy the same way. Not for
 * secrets: use crypto.randomBytes for those.
 */
export function randomHex(bytes: number): string {
  if (poolOffset + bytes > pool.length) {
    pool = crypto.randomFillSync(Buffer.allocUnsafe(Math.max(POOL_BYTES, bytes)));
    poolOffset = 0;
  }
  const hex = pool.toString('hex', poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return hex;
}

/** SHA-256 of the UTF-8 text, in hex; one call (a Hash object fed piece by piece costs four times as much). */
export function sha256Hex(value: string): string {
  return crypto.hash('sha256', value);
}
