/**
 * Google's documented stand-in for a thought signature a caller does not have
 * (https://ai.google.dev/gemini-api/docs/thought-signatures): Gemini 3 skips validation for the
 * function call that carries it.
 */
export const SKIP_THOUGHT_SIGNATURE_VALIDATOR = 'skip_thought_signature_validator';
