import { describe, expect, it } from 'vitest';
import type { GenerateContentResponse } from '../../gemini/types.js';
import type { StreamFrame } from '../../upstream/geminiFrame.js';
import { skimFrame } from '../../upstream/skimFrame.js';
import { aggregateChunks, aggregateFrames } from './aggregate.js';

describe('aggregateChunks', () => {
  it('joins text deltas, keeps thoughts apart and function calls in order, takes the last finish and usage', () => {
    const whole = aggregateChunks([
      {
        candidates: [{ content: { role: 'model', parts: [{ text: 'Let me think', thought: true }] } }],
        responseId: 'r1',
      },
      { candidates: [{ content: { role: 'model', parts: [{ text: ' harder.', thought: true }] } }] },
      {
        candidates: [{ content: { role: 'model', parts: [{ text: 'Hello' }] } }],
        usageMetadata: { totalTokenCount: 3 },
      },
      { candidates: [{ content: { role: 'model', parts: [{ text: ', world', thoughtSignature: 'sig' }] } }] },
      {
        candidates: [
          {
            content: { role: 'model', parts: [{ functionCall: { name: 'f', args: {} } }] },
            finishReason: 'STOP',
          },
        ],
        usageMetadata: { totalTokenCount: 9 },
        modelVersion: 'gemini-2.5-flash',
      },
    ]);
    expect(whole).toEqual({
      responseId: 'r1',
      modelVersion: 'gemini-2.5-flash',
      usageMetadata: { totalTokenCount: 9 },
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              { text: 'Let me think harder.', thought: true },
              { text: 'Hello, world', thoughtSignature: 'sig' },
              { functionCall: { name: 'f', args: {} } },
            ],
          },
          finishReason: 'STOP',
          index: 0,
        },
      ],
    });
  });

  it('keeps a blocked prompt as Gemini returns it: no candidates, promptFeedback', () => {
    expect(
      aggregateChunks([
        { promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 4 } },
      ]),
    ).toEqual({
      promptFeedback: { blockReason: 'SAFETY' },
      usageMetadata: { promptTokenCount: 4 },
    });
  });
  it('joins streamed pieces of speech into one audio part, as generateContent answers it', () => {
    const pcm = 'audio/L16;codec=pcm;rate=24000';
    const piece = (bytes: number[]) => ({
      candidates: [
        {
          content: {
            role: 'model',
            parts: [{ inlineData: { mimeType: pcm, data: Buffer.from(bytes).toString('base64') } }],
          },
        },
      ],
    });
    const whole = aggregateChunks([piece([1, 2]), piece([3, 4, 5]), piece([6])]);
    const parts = whole.candidates![0]!.content!.parts;
    expect(parts).toHaveLength(1);
    expect(Buffer.from(parts[0]!.inlineData!.data, 'base64')).toEqual(Buffer.from([1, 2, 3, 4, 5, 6]));
  });

  it('keeps images apart', () => {
    const image = { inlineData: { mimeType: 'image/png', data: 'AAAA' } };
    const whole = aggregateChunks([
      { candidates: [{ content: { role: 'model', parts: [image] } }] },
      { candidates: [{ content: { role: 'model', parts: [image] } }] },
    ]);
    expect(whole.candidates![0]!.content!.parts).toEqual([image, image]);
  });
});

describe('aggregateFrames', () => {
  // A streamed answer as Gemini writes it: every frame with usage, model version and response id.
  const frameOf = (text: string, usage: number, finishReason?: string): GenerateContentResponse => ({
    candidates: [
      { content: { parts: [{ text }], role: 'model' }, ...(finishReason ? { finishReason } : {}), index: 0 },
    ],
    usageMetadata: { promptTokenCount: 3, candidatesTokenCount: usage, totalTokenCount: 3 + usage },
    modelVersion: 'gemini-2.5-flash',
    responseId: 'r1',
  });
  const chunks = [frameOf('Hello', 1), frameOf(', "world"\n', 4), frameOf('Bye.', 6, 'STOP')];
  let parsed = 0;
  /** The frames as the stream reader hands them over: skimmed where it can, counting each parse. */
  const framesOf = (list: GenerateContentResponse[]): StreamFrame[] =>
    list.map((chunk) => {
      const json = JSON.stringify(chunk);
      const plain = skimFrame(json);
      if (!plain) return { chunk, json };
      return {
        json,
        plain,
        get chunk() {
          parsed++;
          return JSON.parse(json) as GenerateContentResponse;
        },
      };
    });

  it('folds skimmed frames as aggregateChunks folds the parsed ones, parsing none of them', () => {
    parsed = 0;
    expect(JSON.stringify(aggregateFrames(framesOf(chunks)))).toBe(JSON.stringify(aggregateChunks(chunks)));
    expect(parsed).toBe(0);
  });

  it("parses the last skimmed frame only when its keys are not all replaced by a later frame's", () => {
    parsed = 0;
    const cut = chunks.slice(0, 2); // no finishing frame: the last skimmed frame's usage stands
    expect(JSON.stringify(aggregateFrames(framesOf(cut)))).toBe(JSON.stringify(aggregateChunks(cut)));
    expect(parsed).toBe(1);
  });
});
