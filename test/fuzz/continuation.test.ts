import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { continuationRequest } from '../../proxy/resume/gemini/continuation.js';
import {
  LruThoughtSignatureStore,
  parseChatRequest,
  toGeminiRequest,
} from '../../proxy/translate/openai/index.js';
import { chatRequest } from './arbitraries.js';
import { whyGeminiRefuses } from './geminiShape.js';

const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 300);

/** Valid Gemini requests, as the OpenAI translation produces them (requests it refuses are skipped). */
const geminiRequest = chatRequest
  .map((body) => {
    try {
      const translated = toGeminiRequest(parseChatRequest(body), {
        signatures: new LruThoughtSignatureStore(),
      });
      return whyGeminiRefuses(translated.model, translated.body) ? undefined : translated;
    } catch {
      return undefined;
    }
  })
  .filter((translated) => translated !== undefined);

describe('continuation requests, property-based', () => {
  it('a continuation of a request Gemini takes is one Gemini takes, ending with a user turn', () => {
    fc.assert(
      fc.property(
        geminiRequest,
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }),
        fc.nat({ max: 100_000 }),
        fc.constantFrom('least' as const, 'same' as const),
        (translated, visibleSoFar, outputTokensSoFar, thinking) => {
          const next = continuationRequest(
            translated.body,
            { visibleSoFar, outputTokensSoFar },
            { model: translated.model, thinking },
          );
          expect(whyGeminiRefuses(translated.model, next)).toBeUndefined();
          const thinkingConfig = next.generationConfig?.thinkingConfig;
          expect(
            thinkingConfig?.thinkingLevel !== undefined && thinkingConfig.thinkingBudget !== undefined,
          ).toBe(false);
          expect(next.contents.at(-1)?.role).toBe('user');
          expect(JSON.stringify(next.contents)).toContain(JSON.stringify(visibleSoFar).slice(1, -1));
          if (translated.body.generationConfig?.maxOutputTokens !== undefined) {
            expect(next.generationConfig?.maxOutputTokens).toBeGreaterThanOrEqual(1);
          }
        },
      ),
      { numRuns: FUZZ_RUNS },
    );
  });
});
