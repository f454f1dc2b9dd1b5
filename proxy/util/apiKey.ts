import { sha256Hex } from './ids.js';

/**
 * A Gemini (Google Cloud) API key: "AIza" followed by 35 characters of [0-9A-Za-z_-].
 * Checked before anything is stored so that a stray paste (a token, a URL, half a key) is refused.
 */
const API_KEY_SHAPE = 'AIza[0-9A-Za-z_-]{35}';
const API_KEY_PATTERN = new RegExp(`^${API_KEY_SHAPE}$`);
const API_KEY_IN_TEXT = new RegExp(API_KEY_SHAPE);

export function isWellFormedApiKey(candidate: string): boolean {
  return API_KEY_PATTERN.test(candidate);
}

/** Whether a text (a log line, an error, a response body) holds something shaped like a key. */
export function containsApiKey(text: string): boolean {
  return API_KEY_IN_TEXT.test(text);
}

/** Every key-shaped run in a text replaced by `mask(key)` (by default its masked form). */
export function maskApiKeysIn(text: string, mask: (key: string) => string = maskApiKey): string {
  return text.replace(new RegExp(API_KEY_SHAPE, 'g'), mask);
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
