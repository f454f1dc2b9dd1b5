import crypto from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * A random string shaped like a Gemini API key. Generated at run time: nothing shaped like a real
 * key is ever committed.
 */
export function randomApiKey(): string {
  let key = 'AIza';
  for (const byte of crypto.randomBytes(35)) key += ALPHABET[byte % ALPHABET.length];
  return key;
}
