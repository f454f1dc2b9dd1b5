import type { Candidate, GenerateContentResponse, Part } from '../gemini/types.js';

/**
 * Folds a stream's chunks into the one response `generateContent` would have returned: text deltas
 * joined into one part per run of answer or thought text, function calls and other parts kept in
 * order, the last finishReason, safety ratings and (already cumulative) usage.
 */
export function aggregateChunks(chunks: GenerateContentResponse[]): GenerateContentResponse {
  const parts: Part[] = [];
  let candidate: Candidate | undefined;
  let result: GenerateContentResponse = {};
  for (const chunk of chunks) {
    const { candidates, ...rest } = chunk;
    result = { ...result, ...rest };
    const next = candidates?.[0];
    if (!next) continue;
    const { content, ...meta } = next;
    candidate = { ...candidate, ...meta };
    for (const part of content?.parts ?? []) appendPart(parts, part);
  }
  if (candidate) {
    result.candidates = [{ ...candidate, content: { role: 'model', parts }, index: candidate.index ?? 0 }];
  }
  return result;
}

function appendPart(parts: Part[], part: Part): void {
  const last = parts[parts.length - 1];
  const isText =
    typeof part.text === 'string' &&
    Object.keys(part).every((key) => key === 'text' || key === 'thought' || key === 'thoughtSignature');
  const lastIsText =
    last !== undefined &&
    typeof last.text === 'string' &&
    Object.keys(last).every((key) => key === 'text' || key === 'thought' || key === 'thoughtSignature');
  if (isText && lastIsText && Boolean(last.thought) === Boolean(part.thought) && !last.thoughtSignature) {
    last.text = (last.text ?? '') + part.text;
    if (part.thoughtSignature) last.thoughtSignature = part.thoughtSignature;
    return;
  }
  parts.push({ ...part });
}
