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

/**
 * Turns a Plan into GenerateContentResponse bodies: one for generateContent, a sequence of frames for
 * streamGenerateContent. Shapes follow https://ai.google.dev/api/generate-content#generatecontentresponse
 * and real streams (simonw/llm-gemini#97): every frame carries candidates[0].content {parts, role:"model"},
 * index 0, cumulative usageMetadata, modelVersion and responseId; the last one carries finishReason.
 * Gemini 3 sends the thought signature of a text answer in a last frame with an empty text part
 * (streaming docs, quoted in modfin/bellman#35 and pydantic/pydantic-ai#3481).
 * Proto3 JSON omits zero numbers, so candidatesTokenCount is absent while nothing was generated.
 */

export type FrameKind = 'thought' | 'text' | 'calls' | 'final';

export interface Frame {
  kind: FrameKind;
  body: GenerateContentResponse;
  /** Visible characters (code points) sent once this frame is out. */
  visibleAfter: number;
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

export function usageFor(plan: Plan, visibleSoFar: string, callsSent: boolean): UsageMetadata {
  const prompt = plan.prompt.total;
  const candidates = countTextTokens(visibleSoFar) + (callsSent ? callsTokens(plan) : 0);
  const thoughts = thoughtsTokens(plan);
  return {
    promptTokenCount: prompt,
    ...(candidates > 0 ? { candidatesTokenCount: candidates } : {}),
    totalTokenCount: prompt + candidates + thoughts,
    promptTokensDetails: plan.prompt.details(),
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
    return [{ kind: 'final', body: blockedResponse(plan, shape.responseId), visibleAfter: 0 }];
  const frames: Frame[] = [];
  const push = (
    kind: FrameKind,
    parts: Part[] | undefined,
    sent: string,
    calls: boolean,
    reason?: FinishReason,
  ) =>
    frames.push({
      kind,
      body: envelope(plan, shape.responseId, candidate(parts, reason), usageFor(plan, sent, calls)),
      visibleAfter: codePointLength(sent),
    });

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
  const parts: Part[] = [];
  if (plan.includeThoughts && plan.thoughts) parts.push({ text: plan.thoughts, thought: true });
  if (text.length > 0) {
    const signed = plan.model.family === '3' && plan.signature && calls.length === 0;
    parts.push(signed ? { text, thoughtSignature: plan.signature } : { text });
  }
  parts.push(...calls);
  const reason = shape.finishReason === null ? undefined : (shape.finishReason ?? plan.finishReason);
  const omitContent = overridden && parts.length === 0;
  return envelope(
    plan,
    shape.responseId,
    candidate(omitContent ? undefined : parts, reason),
    usageFor(plan, text, calls.length > 0),
  );
}
