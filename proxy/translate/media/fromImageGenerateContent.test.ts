import { describe, expect, it } from 'vitest';
import type { GenerateContentResponse, Part } from '../../gemini/types.js';
import { PNG_1X1_BASE64 } from '../openai/__fixtures__/media.js';
import { fromImageGenerateContent } from './fromImageGenerateContent.js';

const answer = (parts: Part[], finishReason = 'STOP'): GenerateContentResponse => ({
  candidates: [{ content: { role: 'model', parts }, finishReason, index: 0 }],
});
const png = { mimeType: 'image/png', data: PNG_1X1_BASE64 };

describe('fromImageGenerateContent', () => {
  it('takes the image parts and leaves the text', () => {
    expect(fromImageGenerateContent(answer([{ text: 'Here it is:' }, { inlineData: png }]))).toEqual({
      images: [png],
      refusals: [],
    });
  });

  it('skips Gemini 3 Pro Image’s interim drafts (thought parts)', () => {
    const draft = { mimeType: 'image/png', data: 'AAAA' };
    expect(
      fromImageGenerateContent(answer([{ inlineData: draft, thought: true }, { inlineData: png }])).images,
    ).toEqual([png]);
  });

  it.each([
    [answer([], 'IMAGE_SAFETY'), ['finishReason IMAGE_SAFETY']],
    [{ promptFeedback: { blockReason: 'PROHIBITED_CONTENT' } }, ['prompt blocked (PROHIBITED_CONTENT)']],
    [answer([{ text: 'I cannot draw that.' }]), ['the model answered: "I cannot draw that."']],
    [answer([{ text: 'Sorry.' }], 'NO_IMAGE'), ['finishReason NO_IMAGE', 'the model answered: "Sorry."']],
  ])('no image: says why (%#)', (response, refusals) => {
    expect(fromImageGenerateContent(response as GenerateContentResponse)).toEqual({ images: [], refusals });
  });
});
