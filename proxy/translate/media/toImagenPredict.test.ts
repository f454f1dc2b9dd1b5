import { describe, expect, it } from 'vitest';
import { parseImageRequest } from './parseImageRequest.js';
import { toImagenPredict } from './toImagenPredict.js';

const predictsFor = (extra: Record<string, unknown>) =>
  toImagenPredict(parseImageRequest({ model: 'imagen-4.0-generate-001', prompt: 'A fox', ...extra }));

describe('toImagenPredict', () => {
  it('the documented body: one instance with the prompt, sampleCount', () => {
    expect(predictsFor({})).toEqual([{ instances: [{ prompt: 'A fox' }], parameters: { sampleCount: 1 } }]);
  });

  it.each([
    [4, [4]],
    [5, [4, 1]],
    [10, [4, 4, 2]],
  ])('n = %i is split into calls of %j', (n, counts) => {
    expect(predictsFor({ n }).map((call) => call.parameters.sampleCount)).toEqual(counts);
  });

  it('carries aspect ratio, size and output options into every call', () => {
    const calls = predictsFor({
      n: 6,
      size: '1024x1536',
      quality: 'high',
      output_format: 'jpeg',
      output_compression: 70,
    });
    for (const call of calls) {
      expect(call.parameters).toMatchObject({
        aspectRatio: '3:4',
        sampleImageSize: '2K',
        outputOptions: { mimeType: 'image/jpeg', compressionQuality: 70 },
      });
    }
  });
});
