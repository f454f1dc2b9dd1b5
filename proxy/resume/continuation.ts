import type { Content, GenerateContentRequest } from '../gemini/types.js';

/**
 * The user turn that asks for the rest. Plain and explicit: continue from the exact character, no
 * repetition, no preamble. Nothing in it hides from or works around the model's safety systems.
 */
export const CONTINUE_INSTRUCTION =
  'Your previous message was cut off by a network error. Continue it from exactly where it stopped, ' +
  'mid-word or mid-sentence if need be. Do not repeat any of it, do not summarise it, and do not add any preamble.';

/**
 * The original request plus what the client has already seen, as the model's turn, and a user turn
 * asking to continue. It ends with a user turn because newer models refuse requests that end with
 * the model's. A prefilled model turn at the end of the original request is extended, not doubled.
 */
export function continuationRequest(
  original: GenerateContentRequest,
  visibleSoFar: string,
): GenerateContentRequest {
  const contents: Content[] = original.contents.map((content) => ({ ...content, parts: [...content.parts] }));
  const last = contents[contents.length - 1];
  if (last?.role === 'model') {
    last.parts.push({ text: visibleSoFar });
  } else {
    contents.push({ role: 'model', parts: [{ text: visibleSoFar }] });
  }
  contents.push({ role: 'user', parts: [{ text: CONTINUE_INSTRUCTION }] });
  return { ...original, contents };
}
