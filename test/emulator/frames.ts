import type {
  Candidate,
  Content,
  FinishReason,
  GenerateContentResponse,
  Part,
  SafetyRating,
  UsageMetadata,
} from '../../proxy/gemini/types.js';
import type { Plan } from './plan.js';
import { chunkCodePoints, codePointLength, headCodePoints } from './text.js';
import { countTextTokens } from './tokens.js';
import { joinAudio, type MediaChunk } from './media-answer.js';

/**
 * Turns a Plan into GenerateContentResponse bodies: one for generateContent, a sequence of frames for
 * streamGenerateContent. Shapes follow https://ai.google.dev/api/generate-content#generatecontentresponse
 * and real streams (simonw/llm-gemini#97): every frame carries candidates[0].content {parts, role:"model"},
 * index 0, cumulative usageMetadata, modelVersion and responseId; the last one carries finishReason.
 * Gemini 3 sends the thought signature of a text answer in a last frame with an empty text part
 * (streaming docs, quoted in modfin/bellman#35 and pydantic/pydantic-ai#3481).
 * Proto3 JSON omits zero numbers, so candidatesTokenCount is absent while nothing was generated.
 * A grounded answer's groundingMetadata (grounding.ts) sits on the candidate that carries the
 * finishReason, beside it, as in Google's grounding response example
 * (https://ai.google.dev/gemini-api/docs/google-search); in a stream, that is the last frame.
 * Gemini 3's server-side tool parts (grounding.ts, showsServerToolCalls) come before everything else,
 * in a stream in a frame of their own.
 */

export type FrameKind = 'tools' | 'thought' | 'text' | 'calls' | 'media' | 'final';

export interface Frame {
  kind: FrameKind;
  body: GenerateContentResponse;
  /** Visible characters (code points) sent once this frame is out. */
  visibleAfter: number;
  /** Image or audio parts sent before this frame (media frames carry one each, after the text). */
  mediaBefore: number;
}

export interface StreamShape {
  chunkChars: number;
  responseId: string;
  /** Extra chunk boundary, so a fault "after N characters" falls between two frames. */
  breakAt?: number;
  /** Put finishReason on the last content frame instead of a frame of its own. */
  mergeFinish: boolean;
  /** A finish fault: end with this reason in a bare frame, after `breakAt` characters. */
  finishOverride?: FinishReason;
}

/** Safety ratings with one category blocked, as Gemini attaches them to a SAFETY stop. */
function blockedRatings(): SafetyRating[] {
  return [
    { category: 'HARM_CATEGORY_SEXUALLY_EXPLICIT', probability: 'NEGLIGIBLE' },
    { category: 'HARM_CATEGORY_HATE_SPEECH', probability: 'NEGLIGIBLE' },
    { category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' },
    { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true },
  ];
}

function callsTokens(plan: Plan): number {
  return plan.functionCalls.reduce((n, fc) => n + countTextTokens(JSON.stringify(fc)), 0);
}

function thoughtsTokens(plan: Plan): number {
  return plan.thinking ? Math.max(1, countTextTokens(plan.thoughts)) : 0;
}

/**
 * Cumulative usage once `visibleSoFar`, the calls (if sent) and `media` went out. Image and audio
 * output also appear in candidatesTokensDetails by modality, as Gemini reports them
 * (https://ai.google.dev/api/generate-content#UsageMetadata).
 */
export function usageFor(
  plan: Plan,
  visibleSoFar: string,
  callsSent: boolean,
  media: readonly MediaChunk[] = [],
): UsageMetadata {
  const prompt = plan.prompt.total;
  const textTokens = countTextTokens(visibleSoFar) + (callsSent ? callsTokens(plan) : 0);
  const byModality = new Map<string, number>();
  for (const piece of media)
    byModality.set(piece.modality, (byModality.get(piece.modality) ?? 0) + piece.tokens);
  const mediaTokens = [...byModality.values()].reduce((sum, n) => sum + n, 0);
  const candidates = textTokens + mediaTokens;
  const thoughts = thoughtsTokens(plan);
  return {
    promptTokenCount: prompt,
    ...(candidates > 0 ? { candidatesTokenCount: candidates } : {}),
    totalTokenCount: prompt + candidates + thoughts,
    promptTokensDetails: plan.prompt.details(),
    ...(mediaTokens > 0
      ? {
          candidatesTokensDetails: [
            ...(textTokens > 0 ? [{ modality: 'TEXT', tokenCount: textTokens }] : []),
            ...[...byModality].map(([modality, tokenCount]) => ({ modality, tokenCount })),
          ],
        }
      : {}),
    ...(thoughts > 0 ? { thoughtsTokenCount: thoughts } : {}),
  };
}

function envelope(
  plan: Plan,
  responseId: string,
  candidate: Candidate,
  usage: UsageMetadata,
): GenerateContentResponse {
  return { candidates: [candidate], usageMetadata: usage, modelVersion: plan.model.id, responseId };
}

/** A candidate whose content has no parts: Gemini's shape for an empty answer. */
function partlessContent(): Content {
  return { role: 'model' } as Content;
}

function candidate(parts: Part[] | undefined, finishReason?: FinishReason): Candidate {
  return {
    ...(parts === undefined
      ? {}
      : { content: parts.length > 0 ? { parts, role: 'model' } : partlessContent() }),
    ...(finishReason ? { finishReason } : {}),
    index: 0,
    ...(finishReason === 'SAFETY' ? { safetyRatings: blockedRatings() } : {}),
  };
}

function callParts(plan: Plan): Part[] {
  return plan.functionCalls.map((functionCall, i) =>
    i === 0 && plan.signature ? { functionCall, thoughtSignature: plan.signature } : { functionCall },
  );
}

/** HTTP 200 with promptFeedback.blockReason and no candidates (https://ai.google.dev/api/generate-content#PromptFeedback). */
export function blockedResponse(plan: Plan, responseId: string): GenerateContentResponse {
  const prompt = plan.prompt.total;
  return {
    promptFeedback: {
      blockReason: plan.blockReason,
      ...(plan.blockReason === 'SAFETY' ? { safetyRatings: blockedRatings() } : {}),
    },
    usageMetadata: {
      promptTokenCount: prompt,
      totalTokenCount: prompt,
      promptTokensDetails: plan.prompt.details(),
    },
    modelVersion: plan.model.id,
    responseId,
  };
}

export function streamFrames(plan: Plan, shape: StreamShape): Frame[] {
  if (plan.blockReason)
    return [
      { kind: 'final', body: blockedResponse(plan, shape.responseId), visibleAfter: 0, mediaBefore: 0 },
    ];
  const frames: Frame[] = [];
  let mediaSent = 0;
  const push = (
    kind: FrameKind,
    parts: Part[] | undefined,
    sent: string,
    calls: boolean,
    reason?: FinishReason,
  ) =>
    frames.push({
      kind,
      body: envelope(
        plan,
        shape.responseId,
        candidate(parts, reason),
        usageFor(plan, sent, calls, plan.media.slice(0, mediaSent + (kind === 'media' ? 1 : 0))),
      ),
      visibleAfter: codePointLength(sent),
      mediaBefore: mediaSent,
    });

  if (plan.serverToolParts) push('tools', plan.serverToolParts, '', false);
  if (plan.includeThoughts && plan.thoughts)
    push('thought', [{ text: plan.thoughts, thought: true }], '', false);

  const text =
    shape.finishOverride !== undefined && shape.breakAt !== undefined
      ? headCodePoints(plan.text, shape.breakAt)
      : plan.text;
  let sent = '';
  for (const chunk of chunkCodePoints(
    text,
    shape.chunkChars,
    shape.breakAt === undefined ? [] : [shape.breakAt],
  )) {
    sent += chunk;
    push('text', [{ text: chunk }], sent, false);
  }
  const hasCalls = plan.functionCalls.length > 0 && shape.finishOverride === undefined;
  if (hasCalls) push('calls', callParts(plan), sent, true);
  // Each image, and each half second of speech, in a frame of its own after the text.
  if (shape.finishOverride === undefined) {
    for (const piece of plan.media) {
      push('media', [{ inlineData: piece.inlineData }], sent, hasCalls);
      mediaSent++;
    }
  }

  if (shape.finishOverride !== undefined) {
    // A stop the model did not choose (safety, recitation…): a bare candidate, no content.
    push('final', undefined, sent, false, shape.finishOverride);
    return frames;
  }
  const last = frames[frames.length - 1];
  const candidate0 = last?.body.candidates?.[0];
  if (plan.model.family === '3' && plan.signature && !hasCalls) {
    push('final', [{ text: '', thoughtSignature: plan.signature }], sent, false, plan.finishReason);
  } else if (shape.mergeFinish && last && candidate0) {
    candidate0.finishReason = plan.finishReason;
    if (plan.finishReason === 'SAFETY') candidate0.safetyRatings = blockedRatings();
  } else {
    push('final', frames.length === 0 ? [] : [{ text: '' }], sent, hasCalls, plan.finishReason);
  }
  // Grounding describes the whole answer: it comes with the frame that ends it.
  const ending = frames[frames.length - 1]?.body.candidates?.[0];
  if (plan.grounding && ending) ending['groundingMetadata'] = plan.grounding;
  return frames;
}

export interface WholeShape {
  responseId: string;
  /** Send only this many visible characters. */
  truncateAt?: number;
  /** Override the finish reason; null leaves it out (a cut answer). */
  finishReason?: FinishReason | null;
}

export function wholeResponse(plan: Plan, shape: WholeShape): GenerateContentResponse {
  if (plan.blockReason) return blockedResponse(plan, shape.responseId);
  const overridden = shape.finishReason !== undefined;
  const text = shape.truncateAt === undefined ? plan.text : headCodePoints(plan.text, shape.truncateAt);
  const calls = overridden ? [] : callParts(plan);
  const parts: Part[] = [...(plan.serverToolParts ?? [])];
  if (plan.includeThoughts && plan.thoughts) parts.push({ text: plan.thoughts, thought: true });
  if (text.length > 0) {
    const signed = plan.model.family === '3' && plan.signature && calls.length === 0;
    parts.push(signed ? { text, thoughtSignature: plan.signature } : { text });
  }
  parts.push(...calls);
  // A cut or stopped answer (an overridden finish) carries no image or audio.
  const media = overridden ? [] : joinAudio(plan.media);
  parts.push(...media.map((piece) => ({ inlineData: piece.inlineData })));
  const reason = shape.finishReason === null ? undefined : (shape.finishReason ?? plan.finishReason);
  const omitContent = overridden && parts.length === 0;
  const answer = candidate(omitContent ? undefined : parts, reason);
  // A cut or stopped answer is not the one the search grounded.
  if (plan.grounding && !overridden) answer['groundingMetadata'] = plan.grounding;
  return envelope(plan, shape.responseId, answer, usageFor(plan, text, calls.length > 0, media));
}
