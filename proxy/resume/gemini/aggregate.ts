import type { Candidate, GenerateContentResponse, Part } from '../../gemini/types.js';
import { pcmRateOf } from '../../gemini/mediaOutput.js';
import type { StreamFrame } from '../../upstream/geminiFrame.js';
import { decodeTexts, restKeysOf, type PlainText } from '../../upstream/skimFrame.js';

/**
 * Folds a stream's chunks into the one response `generateContent` would have returned: per
 * candidate, text deltas joined into one part per run of answer or thought text, function calls and
 * other parts kept in order, the last finishReason and safety ratings; the last (cumulative) usage.
 * Speech streamed in pieces of PCM becomes one audio part, as generateContent answers it.
 */
export function aggregateChunks(chunks: readonly GenerateContentResponse[]): GenerateContentResponse {
  const fold = new AnswerFold();
  for (const chunk of chunks) fold.addChunk(chunk);
  return fold.result();
}

/**
 * The same fold over the frames of a whole answer (CollectedGeneration.frames). Frames of plain text
 * (skimmed, see skimFrame) are never parsed: their texts are joined as written and decoded once,
 * and of their other keys (usage, model version, response id) only the last frame's count, which a
 * later parsed frame with the same keys replaces unread. So a whole answer costs one decode of its
 * text instead of a parse and a fold of every frame.
 */
export function aggregateFrames(frames: readonly StreamFrame[]): GenerateContentResponse {
  const fold = new AnswerFold();
  for (const frame of frames) fold.add(frame);
  return fold.result();
}

interface Entry {
  candidate: Candidate;
  parts: Part[];
}

/**
 * The fold itself. Chunks merge in order: the top-level keys (`{...result, ...rest}`) and each
 * candidate's own keys as they come, parts through appendPart. A run of plain frames is held back
 * and merged lazily, with the same result as merging each frame in turn:
 *   - their texts all go to candidate 0 and would join into one part, so they are joined first and
 *     appended once;
 *   - their other keys are replaced wholesale by the next frame with the same keys in the same
 *     order (restKeys), so only the last frame of such a run is merged, and not even that one when
 *     the frame after it has those same keys.
 */
export class AnswerFold {
  private readonly byIndex = new Map<number, Entry>();
  private merged: GenerateContentResponse = {};
  /** Texts of plain frames not yet appended to candidate 0, as written. */
  private texts: string[] = [];
  private textsUnescaped = true;
  /** The last plain frame whose other keys are not merged yet. */
  private restFrame: StreamFrame | undefined;
  private restKeys = 0;

  /** The next frame of the answer (see aggregateFrames). */
  add(frame: StreamFrame): void {
    if (frame.plain) this.addPlain(frame, frame.plain);
    else this.addChunk(frame.chunk);
  }

  addChunk(chunk: GenerateContentResponse): void {
    this.settleTexts();
    const { candidates, ...rest } = chunk;
    if (this.restFrame) {
      // Same keys in the same order: this chunk's values replace the held frame's, unread.
      if (restKeysOf(Object.keys(rest)) !== this.restKeys) this.mergeRest(this.restFrame.chunk);
      this.restFrame = undefined;
    }
    this.merged = { ...this.merged, ...rest };
    for (const next of candidates ?? []) {
      const index = next.index ?? 0;
      const { content, ...meta } = next;
      const entry = this.entry(index);
      entry.candidate = { ...entry.candidate, ...meta };
      for (const part of content?.parts ?? []) appendPart(entry.parts, part);
    }
  }

  private addPlain(frame: StreamFrame, plain: PlainText): void {
    const entry = this.entry(0);
    if (plain.hasIndex) entry.candidate = { ...entry.candidate, index: 0 };
    for (const text of plain.texts) this.texts.push(text);
    if (!plain.unescaped) this.textsUnescaped = false;
    if (this.restFrame && plain.restKeys !== this.restKeys) this.mergeRest(this.restFrame.chunk);
    this.restFrame = frame;
    this.restKeys = plain.restKeys;
  }

  /** The whole answer; the fold is spent. */
  result(): GenerateContentResponse {
    this.settleTexts();
    if (this.restFrame) this.mergeRest(this.restFrame.chunk);
    this.restFrame = undefined;
    const result = this.merged;
    if (this.byIndex.size > 0) {
      result.candidates = [...this.byIndex.entries()]
        .sort(([a], [b]) => a - b)
        .map(([index, { candidate, parts }]) => ({ ...candidate, content: { role: 'model', parts }, index }));
    }
    return result;
  }

  private entry(index: number): Entry {
    let entry = this.byIndex.get(index);
    if (!entry) {
      entry = { candidate: {}, parts: [] };
      this.byIndex.set(index, entry);
    }
    return entry;
  }

  private mergeRest(chunk: GenerateContentResponse): void {
    const { candidates: _candidates, ...rest } = chunk;
    this.merged = { ...this.merged, ...rest };
  }

  private settleTexts(): void {
    if (this.texts.length === 0) return;
    appendPart(this.entry(0).parts, { text: decodeTexts(this.texts, this.textsUnescaped) });
    this.texts = [];
    this.textsUnescaped = true;
  }
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
