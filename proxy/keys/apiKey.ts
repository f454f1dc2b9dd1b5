import { sha256Hex } from '../util/ids.js';

/**
 * A Gemini (Google Cloud) API key: "AIza" followed by 35 characters of [0-9A-Za-z_-].
 * Checked before anything is stored so that a stray paste (a token, a URL, half a key) is refused.
 */
const API_KEY_PATTERN = /^AIza[0-9A-Za-z_-]{35}$/;

export function isWellFormedApiKey(candidate: string): boolean {
  return API_KEY_PATTERN.test(candidate);
}

/** What the user sees instead of the key: enough to recognise it, far too little to use it. */
export function maskApiKey(key: string): string {
  return `${key.slice(0, 4)}…${key.slice(-4)}`;
}

/** Stable fingerprint for spotting duplicates without keeping the key. */
export function fingerprintApiKey(key: string): string {
  return sha256Hex(`gemgate-key:${key}`);
}

/** Describes a refused candidate without echoing it (it might be a real secret in the wrong place). */
export function describeMalformedKey(candidate: string): string {
  if (candidate.length === 0) return 'an empty line';
  const shape = candidate.startsWith('AIza') ? 'starts with AIza' : 'does not start with AIza';
  return `a ${candidate.length}-character value that ${shape} (a Gemini API key is 39 characters: "AIza" and 35 letters, digits, "-" or "_")`;
}
