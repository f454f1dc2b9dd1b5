import type { Content, GenerateContentResponse } from '../../gemini/types.js';

/**
 * The model's turn of a finished answer as gemgate keeps it for `previous_response_id`: candidate 0's
 * parts as Gemini sent them, thought signatures included (text ones too, which the stateless path
 * cannot carry), minus what Gemini does not need back: thought summaries (it reads earlier reasoning
 * from the signatures) and empty text. With `parallel_tool_calls: false`, only the first call, as
 * the client saw it. Undefined when nothing is left.
 */
export function storedModelTurn(
  answer: GenerateContentResponse,
  parallelToolCalls: boolean,
): Content | undefined {
  const candidate = answer.candidates?.find((c) => (c.index ?? 0) === 0);
  let calls = 0;
  const parts = (candidate?.content?.parts ?? [])
    .map((part) => ({ ...part }))
    .filter((part) => {
      if (part.thought) return false;
      if (part.functionCall) return parallelToolCalls || calls++ === 0;
      if (typeof part.text === 'string') return part.text !== '' || part.thoughtSignature !== undefined;
      return true;
    });
  // A signature alone on an empty text part still belongs to the turn: it goes on the text before it.
  const kept = parts.flatMap((part, index) => {
    if (part.text !== '' || part.functionCall) return [part];
    const before = parts[index - 1];
    if (before && typeof before.text === 'string' && !before.thoughtSignature) {
      before.thoughtSignature = part.thoughtSignature;
    }
    return [];
  });
  return kept.length > 0 ? { role: 'model', parts: kept } : undefined;
}
