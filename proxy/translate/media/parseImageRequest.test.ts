import { describe, expect, it } from 'vitest';
import { MAX_PROMPT_CHARS, parseImageRequest } from './parseImageRequest.js';

const imagen = { model: 'imagen-4.0-generate-001', prompt: 'A lighthouse' };

describe('parseImageRequest', () => {
  it('defaults: one image, base64, the model’s own ratio and size', () => {
    expect(parseImageRequest(imagen)).toMatchObject({
      prompt: 'A lighthouse',
      n: 1,
      responseFormat: 'b64_json',
      images: [],
    });
    const parsed = parseImageRequest(imagen);
    expect(parsed.aspectRatio).toBeUndefined();
    expect(parsed.imageSize).toBeUndefined();
    expect(parsed.outputMimeType).toBeUndefined();
  });

  it('maps n, size, quality, response_format and output_format', () => {
    expect(
      parseImageRequest({
        ...imagen,
        n: 3,
        size: '1792x1024',
        quality: 'hd',
        response_format: 'url',
        output_format: 'jpeg',
        output_compression: 80,
        style: 'vivid',
        user: 'someone',
      }),
    ).toMatchObject({
      n: 3,
      aspectRatio: '16:9',
      imageSize: '2K',
      responseFormat: 'url',
      outputMimeType: 'image/jpeg',
      outputCompression: 80,
    });
  });

  it.each([
    [{ prompt: 'x' }, 'model'],
    [{ model: 'imagen-4.0-generate-001' }, 'prompt'],
    [{ ...imagen, prompt: '' }, 'prompt'],
    [{ ...imagen, prompt: 'x'.repeat(MAX_PROMPT_CHARS + 1) }, 'prompt'],
    [{ ...imagen, n: 0 }, 'n'],
    [{ ...imagen, n: 11 }, 'n'],
    [{ ...imagen, n: 1.5 }, 'n'],
    [{ ...imagen, size: 'huge' }, 'size'],
    [{ ...imagen, quality: 'ultra' }, 'quality'],
    [{ ...imagen, response_format: 'file' }, 'response_format'],
    [{ ...imagen, output_format: 'webp' }, 'output_format'],
    [{ ...imagen, model: 'gemini-2.5-flash-image', output_format: 'jpeg' }, 'output_format'],
    [{ ...imagen, background: 'transparent' }, 'background'],
    [{ ...imagen, stream: true }, 'stream'],
    [{ ...imagen, model: 'gemini-2.5-flash' }, 'model'],
  ])('%j is a 400 naming %s', (body, param) => {
    expect(() => parseImageRequest(body)).toThrow(expect.objectContaining({ name: 'InputError', param }));
  });
});
