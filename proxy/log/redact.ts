import { maskApiKeysIn } from '../util/apiKey.js';

const CLIENT_TOKEN_IN_TEXT = /gg-[A-Za-z0-9_-]{32}/g;

/**
 * Last line of defence: anything shaped like a Gemini key or a client token is masked before it is
 * logged or sent in an error message, even if some upstream or library echoed it.
 */
export function redactSecrets(text: string): string {
  return maskApiKeysIn(text).replace(CLIENT_TOKEN_IN_TEXT, (token) => `${token.slice(0, 7)}…`);
}
