import { describe, expect, it } from 'vitest';
import { PNG_1X1_BASE64 } from '../openai/__fixtures__/media.js';
import { parseImageRequest, toImageRequest } from './parseImageRequest.js';
import { toImageGenerateContent } from './toImageGenerateContent.js';

describe('toImageGenerateContent', () => {
  it('a prompt asks for text and image, and nothing else by default', () => {
    expect(
      toImageGenerateContent(parseImageRequest({ model: 'gemini-2.5-flash-image', prompt: 'A cat' })),
    ).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'A cat' }] }],
      generationConfig: { responseModalities: ['TEXT', 'IMAGE'] },
    });
  });

  it('size and quality become imageConfig', () => {
    const body = toImageGenerateContent(
      parseImageRequest({
        model: 'gemini-3-pro-image-preview',
        prompt: 'A cat',
        size: '1536x1024',
        quality: 'max',
      }),
    );
    expect(body.generationConfig).toEqual({
      responseModalities: ['TEXT', 'IMAGE'],
      imageConfig: { aspectRatio: '3:2', imageSize: '4K' },
    });
  });

  it('the images to edit come first, in order, then the instruction', () => {
    const images = [
      { mimeType: 'image/png', data: PNG_1X1_BASE64 },
      { mimeType: 'image/jpeg', data: 'AAAA' },
    ];
    const body = toImageGenerateContent(
      toImageRequest({ model: 'gemini-2.5-flash-image', prompt: 'Put them side by side' }, images),
    );
    expect(body.contents[0]!.parts).toEqual([
      { inlineData: images[0] },
      { inlineData: images[1] },
      { text: 'Put them side by side' },
    ]);
  });
});
