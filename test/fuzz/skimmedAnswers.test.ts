import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GenerateContentResponse, Part, UsageMetadata } from '../../proxy/gemini/types.js';
import type { GenerationSink, GenerationSummary, ResumeSettings } from '../../proxy/resume/generation.js';
import { startGeminiGeneration } from '../../proxy/resume/gemini/geminiGeneration.js';
import { collectFrames } from '../../proxy/resume/collectGeneration.js';
import { collectAnswer } from '../../proxy/resume/gemini/collectAnswer.js';
import { aggregateChunks } from '../../proxy/resume/gemini/aggregate.js';
import type { StreamFrame } from '../../proxy/upstream/geminiFrame.js';
import { geminiStreamEncoder } from '../../proxy/http/gemini/geminiDialect.js';
import { chatStreamEncoder } from '../../proxy/http/openai/chatDialect.js';
import { endOfStream, type StreamEncoder } from '../../proxy/http/generation/generationDialect.js';
import { createChatStreamTranslator, fromGeminiResponse } from '../../proxy/translate/openai/index.js';
import { testResponseOptions } from '../../proxy/translate/openai/__fixtures__/responseOptions.js';
import {
  scriptedDispatcher,
  type Ending,
  type ScriptedAttempt,
  type Style,
} from '../support/scriptedGemini.js';

/**
 * gemgate reads most frames of an answer by a skim of their JSON text instead of JSON.parse (see
 * proxy/upstream/skimFrame.ts). Here random Gemini streams, over several attempts (text, thoughts,
 * signatures, function calls, finish reasons, usage, blocked prompts, several candidates; written
 * compact, with Gemini's spacing or with escapes; cut, broken, garbled or ended), go through the resume
 * engine twice, skimming and parsing every frame, and every client must get the same bytes: native
 * SSE, the native JSON array, OpenAI chunks, and both whole answers.
 */

const text = fc.oneof(
  { weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 16 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('a"b', 'back\\slash', 'two\nlines', 'tab\t', '</p>', '\u2028', ''),
  },
);
const part: fc.Arbitrary<Part> = fc.oneof(
  { weight: 8, arbitrary: text.map((t) => ({ text: t })) },
  { weight: 1, arbitrary: text.map((t) => ({ text: t, thought: true })) },
  { weight: 1, arbitrary: text.map((t) => ({ text: t, thoughtSignature: 'sig' })) },
  { weight: 1, arbitrary: fc.constant({ functionCall: { name: 'lookup', args: { q: 'x' } } }) },
);
const usage: fc.Arbitrary<UsageMetadata> = fc
  .tuple(fc.nat(50), fc.nat(50), fc.option(fc.nat(20), { nil: undefined }))
  .map(([prompt, candidates, thoughts]) => ({
    promptTokenCount: prompt,
    candidatesTokenCount: candidates,
    totalTokenCount: prompt + candidates + (thoughts ?? 0),
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: prompt }],
    ...(thoughts === undefined ? {} : { thoughtsTokenCount: thoughts }),
  }));
const finishReason = fc.constantFrom(
  'STOP',
  'STOP',
  'MAX_TOKENS',
  'SAFETY',
  'MALFORMED_FUNCTION_CALL',
  'OTHER',
);
const candidate = fc
  .record({
    content: fc.record({ parts: fc.array(part, { minLength: 0, maxLength: 3 }), role: fc.constant('model') }),
    // Most frames of an answer carry no finishReason.
    finishReason: fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, finishReason),
    index: fc.option(fc.constant(0), { nil: undefined, freq: 6 }),
  })
  .map(({ finishReason: reason, index, content }) => ({
    content,
    ...(index === undefined ? {} : { index }),
    ...(reason === undefined ? {} : { finishReason: reason }),
  }));
/** One chunk of Gemini's stream, in Gemini's key order; mostly plain text. */
const chunk: fc.Arbitrary<GenerateContentResponse> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record(
      {
        candidates: fc.tuple(candidate),
        usageMetadata: usage,
        modelVersion: fc.constant('gemini-2.5-flash'),
        responseId: fc.constantFrom('r1', 'r2'),
      },
      { requiredKeys: ['candidates'] },
    ),
  },
  { weight: 1, arbitrary: usage.map((u) => ({ usageMetadata: u, responseId: 'r1' })) },
  {
    weight: 1,
    arbitrary: usage.map((u) => ({ promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: u })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(candidate, candidate).map(([a, b]) => ({ candidates: [a, { ...b, index: 1 }] })),
  },
  // Keys in another order than Gemini's: never skimmed.
  {
    weight: 1,
    arbitrary: fc
      .tuple(candidate, usage)
      .map(([c, u]) => ({ responseId: 'r1', candidates: [c], usageMetadata: u })),
  },
);

const attempt: fc.Arbitrary<ScriptedAttempt> = fc.record({
  chunks: fc.array(chunk, { minLength: 0, maxLength: 8 }),
  style: fc.constantFrom<Style>('compact', 'spaced', 'escaped'),
  ending: fc.constantFrom<Ending>(
    'end',
    'end',
    'end',
    'trimmed',
    'frame-cut',
    'error-object',
    'garbled',
    'broken',
  ),
  splits: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }),
});

const SETTINGS: ResumeSettings = {
  enabled: true,
  maxAttempts: 4,
  firstByteTimeoutMs: 10_000,
  stallTimeoutMs: 10_000,
  continuationThinking: 'least',
};

function generate(script: ScriptedAttempt[], parseEveryFrame: boolean, candidateCount = 1) {
  return startGeminiGeneration(
    scriptedDispatcher(script),
    {
      apiVersion: 'v1beta',
      model: 'gemini-2.5-flash',
      request: {
        contents: [{ role: 'user', parts: [{ text: 'Tell me.' }] }],
        ...(candidateCount > 1 ? { generationConfig: { candidateCount } } : {}),
      },
      signal: new AbortController().signal,
    },
    { ...SETTINGS, parseEveryFrame },
  );
}

/** A streamed answer as the client receives it, written by a route's encoding. */
async function streamed(
  script: ScriptedAttempt[],
  parseEveryFrame: boolean,
  encoding: StreamEncoder<StreamFrame>,
  candidateCount?: number,
): Promise<{ bytes: string; summary: GenerationSummary }> {
  const generation = await generate(script, parseEveryFrame, candidateCount);
  let bytes = '';
  const sink: GenerationSink<StreamFrame> = {
    write: (batch: StreamFrame[]) => {
      bytes += encoding.encode(batch);
      return true;
    },
    drained: async () => true,
  };
  const summary = await generation.pipe(sink);
  return { bytes: bytes + endOfStream(encoding, summary), summary };
}

/** Both whole answers: native (the fold, as generateContent) and OpenAI (a chat completion). */
async function whole(script: ScriptedAttempt[], parseEveryFrame: boolean) {
  let folded: GenerateContentResponse;
  let summary: GenerationSummary;
  if (parseEveryFrame) {
    // The parsing path folds parsed chunks, as the routes did before the skim.
    const collected = await collectFrames(await generate(script, true));
    folded = aggregateChunks(collected.answer.map((f) => f.chunk));
    summary = collected.summary;
  } else {
    ({ answer: folded, summary } = await collectAnswer(await generate(script, false)));
  }
  return {
    native: JSON.stringify(folded),
    openai: JSON.stringify(
      fromGeminiResponse({ ...folded, usageMetadata: summary.answerUsage }, testResponseOptions()),
    ),
    summary,
  };
}

const chatOptions = () => ({ ...testResponseOptions(), includeUsage: true });
const facts = (summary: GenerationSummary) => JSON.stringify({ ...summary, error: summary.error?.message });

describe('skimmed answers are the parsed answers, byte for byte', () => {
  it('for every client: native SSE and JSON array, OpenAI chunks, whole answers, and the summary', async () => {
    let skimmedFrames = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(attempt, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(1, 1, 1, 2),
        async (script, candidateCount) => {
          for (const sse of [true, false]) {
            const [skim, parse] = await Promise.all([
              streamed(script, false, geminiStreamEncoder(sse), candidateCount),
              streamed(script, true, geminiStreamEncoder(sse), candidateCount),
            ]);
            expect(skim.bytes).toBe(parse.bytes);
            expect(facts(skim.summary)).toBe(facts(parse.summary));
          }
          const chat = () => chatStreamEncoder(createChatStreamTranslator(chatOptions()));
          const [skimChat, parseChat] = await Promise.all([
            streamed(script, false, chat()),
            streamed(script, true, chat()),
          ]);
          expect(skimChat.bytes).toBe(parseChat.bytes);
          const [skimWhole, parseWhole] = await Promise.all([whole(script, false), whole(script, true)]);
          expect(skimWhole.native).toBe(parseWhole.native);
          expect(skimWhole.openai).toBe(parseWhole.openai);
          expect(facts(skimWhole.summary)).toBe(facts(parseWhole.summary));
          const probe = await collectFrames(await generate(script, false));
          skimmedFrames += probe.answer.filter((f) => f.plain).length;
        },
      ),
      { numRuns: 500 },
    );
    expect(skimmedFrames).toBeGreaterThan(150); // the generators do reach the skimmed path
  }, 120_000);
});
