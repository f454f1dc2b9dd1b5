import type { FinishReason, FunctionCall, GenerateContentRequest, Part } from '../../proxy/gemini/types.js';
import { defaultAnswer, defaultThoughts, describeImages } from './answers.js';
import { findContinuation, imagesOf, promptOf } from './conversation.js';
import type { EmulatedModel } from './models.js';
import {
  groundingMetadata,
  searchToolParts,
  searchesTheWeb,
  showsServerToolCalls,
  type EmulatedGroundingMetadata,
} from './grounding.js';
import { schemaValue } from './schema-value.js';
import type { AnswerBook } from './scripted.js';
import { Seed } from './seed.js';
import { mintSignature } from './signatures.js';
import { tailCodePoints } from './text.js';
import { tallyRequest, type TokenTally } from './tokens.js';
import type { Fault, ScriptedGrounding } from './types.js';
import { mediaAnswer, type MediaChunk } from './media-answer.js';

/**
 * What the emulated model answers to one request, before any transport: the visible text, thoughts,
 * function calls, finish reason and signature. The wire layer (frames.ts) then decides how it travels.
 */
export interface Plan {
  model: EmulatedModel;
  blockReason?: string;
  /** The model thinks: thoughtsTokenCount is reported. */
  thinking: boolean;
  /** Thought parts are sent (includeThoughts, or a thoughtOnly fault). */
  includeThoughts: boolean;
  thoughts: string;
  /** Visible text to send (for a continuation: only what is left). */
  text: string;
  functionCalls: FunctionCall[];
  /** Image or audio parts after the text (image and speech models; media-answer.ts). */
  media: MediaChunk[];
  /** Signature for the first functionCall part, or (Gemini 3) for the last part of a text answer. */
  signature?: string;
  finishReason: FinishReason;
  prompt: TokenTally;
  /** Google Search grounding of a scripted answer to a request that can search (grounding.ts). */
  grounding?: EmulatedGroundingMetadata;
  /** The search shown as `toolCall` / `toolResponse` parts, sent before everything else (grounding.ts). */
  serverToolParts?: Part[];
}

interface BaseAnswer {
  text: string;
  functionCalls: FunctionCall[];
  thoughts: string;
  finishReason: FinishReason;
  blockReason?: string;
  grounding?: ScriptedGrounding;
}

function declaresFunctions(req: GenerateContentRequest): boolean {
  return (req.tools ?? []).some((t) => (t.functionDeclarations ?? []).length > 0);
}

function isJsonMode(req: GenerateContentRequest): boolean {
  return (req.generationConfig?.responseMimeType ?? '').toLowerCase().startsWith('application/json');
}

/** The full answer to a conversation whose last user turn is the question (no continuation logic). */
export function baseAnswer(req: GenerateContentRequest, book: AnswerBook): BaseAnswer {
  const prompt = promptOf(req.contents ?? []);
  const scripted = book.find(req, prompt);
  const thoughts = scripted?.thoughts ?? defaultThoughts(prompt);
  const finishReason = scripted?.finishReason ?? 'STOP';
  if (scripted?.blockReason) {
    return { text: '', functionCalls: [], thoughts, finishReason, blockReason: scripted.blockReason };
  }
  const grounding = scripted?.grounding && searchesTheWeb(req) ? { grounding: scripted.grounding } : {};
  if (scripted?.functionCalls?.length && declaresFunctions(req)) {
    const calls = scripted.functionCalls.map((c) => ({ name: c.name, args: c.args ?? {} }));
    return { text: scripted.text ?? '', functionCalls: calls, thoughts, finishReason, ...grounding };
  }
  let text: string;
  if (scripted?.text !== undefined) {
    text = scripted.text;
  } else if (isJsonMode(req)) {
    const gc = req.generationConfig;
    const schema = gc?.responseJsonSchema ?? gc?._responseJsonSchema ?? gc?.responseSchema;
    text = JSON.stringify(
      schema === undefined ? { text: defaultAnswer(prompt) } : schemaValue(schema, prompt),
    );
  } else {
    const images = imagesOf(req.contents ?? []);
    text =
      images.length > 0 ? `${describeImages(images)}\n\n${defaultAnswer(prompt)}` : defaultAnswer(prompt);
  }
  return { text, functionCalls: [], thoughts, finishReason, ...grounding };
}

function thinks(req: GenerateContentRequest, model: EmulatedModel): boolean {
  if (model.family === '3' || model.thinkingRequired) return true;
  const budget = req.generationConfig?.thinkingConfig?.thinkingBudget;
  if (budget !== undefined) return budget !== 0;
  return model.thinksByDefault;
}

export interface PlanInput {
  req: GenerateContentRequest;
  model: EmulatedModel;
  projectId: string;
  book: AnswerBook;
  fault?: Fault;
}

export function planAnswer({ req, model, projectId, book, fault }: PlanInput): Plan {
  // Image and speech answers are never continuations: a cut one is asked for again whole.
  const mediaPlan = model.output === 'text' ? undefined : mediaAnswer(req, model);
  const continuation = mediaPlan
    ? undefined
    : findContinuation(req.contents, (base) => [
        baseAnswer({ ...req, contents: base }, book).text,
        ...book.givenFor(promptOf(base)),
      ]);
  const base = continuation
    ? baseAnswer({ ...req, contents: continuation.base }, book)
    : baseAnswer(req, book);
  let text = mediaPlan ? (book.find(req, promptOf(req.contents))?.text ?? mediaPlan.text) : base.text;
  let media = mediaPlan?.media ?? [];
  if (!continuation) book.remember(promptOf(req.contents), base.text);
  if (continuation) {
    text = continuation.full.slice(continuation.said.length);
    if (fault?.kind === 'repeatOverlap') text = tailCodePoints(continuation.said, fault.chars) + text;
  }
  let functionCalls = base.functionCalls;
  let thinking = thinks(req, model);
  let includeThoughts = thinking && req.generationConfig?.thinkingConfig?.includeThoughts === true;
  let blockReason = base.blockReason;
  if (fault?.kind === 'empty') {
    text = '';
    functionCalls = [];
    media = [];
    includeThoughts = false;
  } else if (fault?.kind === 'thoughtOnly') {
    text = '';
    functionCalls = [];
    media = [];
    thinking = true;
    includeThoughts = true;
  } else if (fault?.kind === 'blockPrompt') {
    blockReason = fault.blockReason ?? 'SAFETY';
  }
  const prompt = promptOf(req.contents);
  const needsSignature = thinking && (functionCalls.length > 0 || (model.family === '3' && text.length > 0));
  return {
    model,
    ...(blockReason ? { blockReason } : {}),
    thinking,
    includeThoughts,
    thoughts: thinking ? base.thoughts : '',
    text,
    functionCalls,
    media,
    ...(needsSignature
      ? { signature: mintSignature(projectId, new Seed(`sig:${prompt}:${text}`).hex(12)) }
      : {}),
    finishReason: base.finishReason,
    prompt: tallyRequest(req),
    ...(base.grounding && !blockReason && (text !== '' || functionCalls.length > 0)
      ? { grounding: groundingMetadata(base.grounding, text) }
      : {}),
    // A continuation goes on from what was said: the search ran before it.
    ...(base.grounding &&
    !blockReason &&
    !continuation &&
    (text !== '' || functionCalls.length > 0) &&
    showsServerToolCalls(req, model.family)
      ? {
          serverToolParts: searchToolParts(base.grounding, `srch_${new Seed(`search:${prompt}`).hex(8)}`),
        }
      : {}),
  };
}

/** The visible text a request gets when nothing goes wrong (what a test compares a gateway's output to). */
export function expectedVisibleText(
  req: GenerateContentRequest,
  model: EmulatedModel,
  book: AnswerBook,
): string {
  return planAnswer({ req, model, projectId: 'expected', book }).text;
}
