import type { FinishReason } from '../../gemini/types.js';

/**
 * What each finishReason means for the answer
 * (https://ai.google.dev/api/generate-content#FinishReason):
 *   complete - the model finished (STOP, MAX_TOKENS);
 *   policy   - a safety or policy stop: final, never retried or continued;
 *   retry    - the model failed to produce a usable turn (MALFORMED_FUNCTION_CALL): try again.
 * OTHER and reasons this version does not know count as final: retrying an unknown stop could loop.
 */
export type FinishClass = 'complete' | 'policy' | 'retry';

export function classifyFinish(reason: FinishReason): FinishClass {
  if (reason === 'STOP' || reason === 'MAX_TOKENS') return 'complete';
  if (reason === 'MALFORMED_FUNCTION_CALL') return 'retry';
  return 'policy';
}
