import { GatewayError } from '../gatewayError.js';
import type { ApiVersion } from '../../upstream/geminiClient.js';

export const GEMINI_ACTIONS = [
  'generateContent',
  'streamGenerateContent',
  'countTokens',
  'embedContent',
  'batchEmbedContents',
] as const;
export type GeminiAction = (typeof GEMINI_ACTIONS)[number];

/** `/v1beta/models/gemini-2.5-flash:streamGenerateContent` -> its parts; undefined if it is not one. */
export const MODEL_ACTION_ROUTE = /^\/(v1beta|v1)\/models\/([^/:]+):([A-Za-z]+)$/;

export function isGeminiAction(action: string): action is GeminiAction {
  return (GEMINI_ACTIONS as readonly string[]).includes(action);
}

export function parseApiVersion(value: string | undefined): ApiVersion {
  return value === 'v1' ? 'v1' : 'v1beta';
}

/**
 * Accepts `gemini-2.5-flash`, `models/gemini-2.5-flash` and `google/gemini-2.5-flash`, percent-encoded
 * or not; a malformed escape in the path is the client's mistake, a 400.
 */
export function normalizeModelName(model: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(model);
  } catch {
    throw new GatewayError(400, `The model name in the path is not valid percent-encoding: ${model}`, {
      code: 'invalid_model',
    });
  }
  return decoded.replace(/^(models|google)\//, '');
}
