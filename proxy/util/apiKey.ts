import { sha256Hex } from './ids.js';

/**
 * A Gemini (Google Cloud) API key: "AIza" followed by 35 characters of [0-9A-Za-z_-].
 * Checked before anything is stored so that a stray paste (a token, a URL, half a key) is refused.
 */
const API_KEY_SHAPE = 'AIza[0-9A-Za-z_-]{35}';
const API_KEY_PATTERN = new RegExp(`^${API_KEY_SHAPE}$`);

/**
 * The keys of OpenAI-compatible services start with `sk-`: OpenAI's (`sk-…`, `sk-proj-…`),
 * DashScope's and DeepSeek's (`sk-` and 32 hex digits), OpenRouter's (`sk-or-v1-…`). In a text
 * (a log line, an error an upstream echoed) they are found by this shape and masked.
 */
const PROVIDER_KEY_SHAPE = 'sk-[0-9A-Za-z_-]{16,}';

/** Either shape, anywhere in a text. */
const ANY_KEY_SHAPE = `${API_KEY_SHAPE}|${PROVIDER_KEY_SHAPE}`;
const ANY_KEY_IN_TEXT = new RegExp(ANY_KEY_SHAPE);

/**
 * What another provider's key may look like when it is added: one run of printable ASCII without
 * spaces, 16 to 256 characters. Services other than the `sk-` family use other prefixes (or none),
 * so this refuses only what cannot be a key: a sentence, a URL, an empty or a cut-off line.
 */
const PROVIDER_KEY_PATTERN = /^[\x21-\x7e]{16,256}$/;

export function isWellFormedApiKey(candidate: string): boolean {
  return API_KEY_PATTERN.test(candidate);
}

/** A key of an OpenAI-compatible provider, as far as its shape can tell (see PROVIDER_KEY_PATTERN). */
export function isWellFormedProviderKey(candidate: string): boolean {
  return PROVIDER_KEY_PATTERN.test(candidate) && !/^https?:/i.test(candidate);
}

/** Whether a text (a log line, an error, a response body) holds something shaped like a key. */
export function containsApiKey(text: string): boolean {
  return ANY_KEY_IN_TEXT.test(text);
}

/** Every key-shaped run in a text replaced by `mask(key)` (by default its masked form). */
export function maskApiKeysIn(text: string, mask: (key: string) => string = maskApiKey): string {
  return text.replace(new RegExp(ANY_KEY_SHAPE, 'g'), mask);
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

/** The same for another provider's key. */
export function describeMalformedProviderKey(candidate: string): string {
  if (candidate.length === 0) return 'an empty line';
  const why = /\s/.test(candidate)
    ? 'contains spaces'
    : /^https?:/i.test(candidate)
      ? 'is a URL'
      : candidate.length < 16
        ? 'is too short'
        : candidate.length > 256
          ? 'is too long'
          : 'holds characters a key never has';
  return `a ${candidate.length}-character value that ${why} (an API key is one run of 16 to 256 letters, digits and punctuation)`;
}
