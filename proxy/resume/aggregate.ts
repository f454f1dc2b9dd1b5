import type { Candidate, GenerateContentResponse, Part } from '../gemini/types.js';
import { pcmRateOf } from '../gemini/mediaOutput.js';

/**
 * Folds a stream's chunks into the one response `generateContent` would have returned: per
 * candidate, text deltas joined into one part per run of answer or thought text, function calls and
 * other parts kept in order, the last finishReason and safety ratings; the last (cumulative) usage.
 * Speech streamed in pieces of PCM becomes one audio part, as generateContent answers it.
 */
export function aggregateChunks(chunks: GenerateContentResponse[]): GenerateContentResponse {
  const byIndex = new Map<number, { candidate: Candidate; parts: Part[] }>();
  let result: GenerateContentResponse = {};
  for (const chunk of chunks) {
    const { candidates, ...rest } = chunk;
    result = { ...result, ...rest };
    for (const next of candidates ?? []) {
      const index = next.index ?? 0;
      const { content, ...meta } = next;
      const entry = byIndex.get(index) ?? { candidate: {}, parts: [] };
      entry.candidate = { ...entry.candidate, ...meta };
      for (const part of content?.parts ?? []) appendPart(entry.parts, part);
      byIndex.set(index, entry);
    }
  }
  if (byIndex.size > 0) {
    result.candidates = [...byIndex.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, { candidate, parts }]) => ({ ...candidate, content: { role: 'model', parts }, index }));
  }
  return result;
}

const TEXT_KEYS = new Set(['text', 'thought', 'thoughtSignature']);
const isPlainText = (part: Part) =>
  typeof part.text === 'string' && Object.keys(part).every((key) => TEXT_KEYS.has(key));

function appendPart(parts: Part[], part: Part): void {
  const last = parts[parts.length - 1];
  if (
    last !== undefined &&
    isPcmPiece(last) &&
    isPcmPiece(part) &&
    last.inlineData!.mimeType === part.inlineData!.mimeType
  ) {
    const joined = Buffer.concat([
      Buffer.from(last.inlineData!.data, 'base64'),
      Buffer.from(part.inlineData!.data, 'base64'),
    ]);
    last.inlineData = { ...last.inlineData!, data: joined.toString('base64') };
    return;
  }
  if (
    last !== undefined &&
    isPlainText(part) &&
    isPlainText(last) &&
    Boolean(last.thought) === Boolean(part.thought) &&
    !last.thoughtSignature
  ) {
    last.text = (last.text ?? '') + part.text;
    if (part.thoughtSignature) last.thoughtSignature = part.thoughtSignature;
    return;
  }
  parts.push({ ...part });
}

const isPcmPiece = (part: Part) =>
  part.inlineData !== undefined && !part.thought && pcmRateOf(part.inlineData.mimeType) !== undefined;
