import { describe, expect, it } from 'vitest';
import type { GenerateContentResponse, Part } from '../../gemini/types.js';
import { PNG_1X1_BASE64 } from './__fixtures__/media.js';
import { testResponseOptions } from './__fixtures__/responseOptions.js';
import { createChatStreamTranslator } from './chatStreamTranslator.js';
import { fromGeminiResponse } from './fromGeminiResponse.js';
import { toChatImages } from './toChatImages.js';
import { toGeminiRequest } from './toGeminiRequest.js';
import { parseChatRequest } from './parseChatRequest.js';

const png = { mimeType: 'image/png', data: PNG_1X1_BASE64 };
const dataUrl = `data:image/png;base64,${PNG_1X1_BASE64}`;
const image = { type: 'image_url', image_url: { url: dataUrl } };
const answer = (parts: Part[], finishReason?: string): GenerateContentResponse => ({
  candidates: [{ content: { role: 'model', parts }, index: 0, ...(finishReason ? { finishReason } : {}) }],
});

describe('image output in Chat Completions (the OpenRouter / LiteLLM convention)', () => {
  it('toChatImages: images as data URLs, drafts (thoughts), text and audio left out', () => {
    expect(
      toChatImages([
        { text: 'Here:' },
        { inlineData: png },
        { inlineData: { mimeType: 'image/jpeg', data: 'AAAA' } },
        { inlineData: { mimeType: 'image/png', data: 'BBBB' }, thought: true },
        { inlineData: { mimeType: 'audio/L16;codec=pcm;rate=24000', data: 'AAAA' } },
      ]),
    ).toEqual([image, { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,AAAA' } }]);
  });

  it('modalities reach Gemini as responseModalities', () => {
    const translated = toGeminiRequest(
      parseChatRequest({
        model: 'gemini-2.5-flash-image',
        modalities: ['text', 'image'],
        messages: [{ role: 'user', content: 'Draw a cat' }],
      }),
    );
    expect(translated.body.generationConfig?.responseModalities).toEqual(['TEXT', 'IMAGE']);
  });

  it('a whole answer: text in content, the image in message.images', () => {
    const completion = fromGeminiResponse(
      answer([{ text: 'A cat:' }, { inlineData: png }], 'STOP'),
      testResponseOptions(),
    );
    expect(completion.choices[0]!.message).toEqual({
      role: 'assistant',
      content: 'A cat:',
      refusal: null,
      images: [image],
    });
  });

  it('an image alone: empty content, not a refusal', () => {
    const completion = fromGeminiResponse(answer([{ inlineData: png }], 'STOP'), testResponseOptions());
    expect(completion.choices[0]!.message).toEqual({
      role: 'assistant',
      content: '',
      refusal: null,
      images: [image],
    });
    expect(completion.choices[0]!.finish_reason).toBe('stop');
  });

  it('streamed: the image as a delta of its own, in Gemini’s order', () => {
    const translator = createChatStreamTranslator({ ...testResponseOptions(), includeUsage: false });
    const chunks = [
      ...translator.push(answer([{ text: 'A cat:' }])),
      ...translator.push(answer([{ inlineData: png }], 'STOP')),
    ];
    expect(chunks.map((chunk) => chunk.choices[0]!.delta)).toEqual([
      { role: 'assistant', content: '' },
      { content: 'A cat:' },
      { images: [image] },
      {},
    ]);
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('stop');
    expect(translator.finished).toBe(true);
  });
  it('images the assistant made come back as a model turn’s inlineData, so the next turn can edit them', () => {
    const messages = [
      { role: 'user', content: 'Draw a cat' },
      { role: 'assistant', content: 'A cat:', images: [image] },
      { role: 'user', content: 'Now give it a hat' },
    ];
    const flash = toGeminiRequest(parseChatRequest({ model: 'gemini-2.5-flash-image', messages }));
    expect(flash.body.contents[1]).toEqual({
      role: 'model',
      parts: [{ text: 'A cat:' }, { inlineData: png }],
    });
    // Gemini 3 Pro Image wants its images' signatures back; the client kept none: the placeholder.
    const pro = toGeminiRequest(parseChatRequest({ model: 'gemini-3-pro-image-preview', messages }));
    expect(pro.body.contents[1]!.parts[1]).toEqual({
      inlineData: png,
      thoughtSignature: 'skip_thought_signature_validator',
    });
  });

  it('an assistant image that is not a data URL is a 400 naming it', () => {
    const body = {
      model: 'gemini-2.5-flash-image',
      messages: [
        { role: 'user', content: 'Draw' },
        {
          role: 'assistant',
          content: '',
          images: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }],
        },
        { role: 'user', content: 'again' },
      ],
    };
    expect(() => toGeminiRequest(parseChatRequest(body))).toThrow(
      expect.objectContaining({ name: 'InputError', param: 'messages[1].images[0].image_url.url' }),
    );
  });
});
