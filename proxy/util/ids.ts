import crypto from 'node:crypto';

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'; // no look-alikes (l, o, 0, 1)

/** A short random id such as `key_7hq2m4x9ac`: safe to show, log and store; says nothing secret. */
export function newId(prefix: string, length = 10): string {
  const bytes = crypto.randomBytes(length);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return `${prefix}_${id}`;
}

export function sha256Hex(value: string): string {
  return crypto.createHash('sha256').update(value, 'utf8').digest('hex');
}
