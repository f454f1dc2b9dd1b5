import { maskApiKeysIn } from '../util/apiKey.js';
import { liveSecrets } from './liveSecrets.js';

const CLIENT_TOKEN_IN_TEXT = /gg-[A-Za-z0-9_-]{32}/g;

/**
 * Last line of defence, before anything is logged or sent in an error message: every secret the
 * process holds is masked by its value (liveSecrets: keys of any shape, client tokens), and
 * anything shaped like a Gemini or `sk-` key or a client token by its shape (a key not loaded
 * here, such as one a user pasted into the wrong field).
 */
export function redactSecrets(text: string): string {
  return maskApiKeysIn(liveSecrets.mask(text)).replace(
    CLIENT_TOKEN_IN_TEXT,
    (token) => `${token.slice(0, 7)}…`,
  );
}
