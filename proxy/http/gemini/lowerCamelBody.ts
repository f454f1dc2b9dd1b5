import { SpellingConflict, toLowerCamelFields } from '../../gemini/lowerCamelFields.js';
import { GatewayError } from '../gatewayError.js';

/**
 * A Gemini request body in the one spelling gemgate reads (lowerCamel, gemini/lowerCamelFields.ts),
 * so that no check (whose files and caches it names, above all) can miss a field given in
 * snake_case. A field given in both spellings is refused as Gemini refuses a malformed body.
 */
export function lowerCamelBody(body: unknown): unknown {
  try {
    return toLowerCamelFields(body);
  } catch (error) {
    if (error instanceof SpellingConflict)
      throw new GatewayError(400, error.message, { code: 'invalid_json' });
    throw error;
  }
}
