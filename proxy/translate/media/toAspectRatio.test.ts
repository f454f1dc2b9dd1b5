import { describe, expect, it } from 'vitest';
import { GEMINI_IMAGE_ASPECT_RATIOS, IMAGEN_ASPECT_RATIOS } from './imageModel.js';
import { toAspectRatio } from './toAspectRatio.js';

describe('toAspectRatio', () => {
  it.each([
    [undefined, undefined, undefined],
    [null, undefined, undefined],
    ['auto', undefined, undefined],
    ['1024x1024', '1:1', '1:1'],
    ['256x256', '1:1', '1:1'],
    ['512x512', '1:1', '1:1'],
    ['1536x1024', '3:2', '4:3'],
    ['1024x1536', '2:3', '3:4'],
    ['1792x1024', '16:9', '16:9'],
    ['1024x1792', '9:16', '9:16'],
    ['2560x1080', '21:9', '16:9'],
    ['1080x1350', '4:5', '3:4'],
    ['16:9', '16:9', '16:9'],
    ['9:16', '9:16', '9:16'],
  ])('size %s -> %s (Gemini), %s (Imagen)', (size, gemini, imagen) => {
    expect(toAspectRatio(size, GEMINI_IMAGE_ASPECT_RATIOS)).toBe(gemini);
    expect(toAspectRatio(size, IMAGEN_ASPECT_RATIOS)).toBe(imagen);
  });

  it.each(['big', '1024', '0x100', '1024x', '21:9x'])('%j is a 400 naming size', (size) => {
    expect(() => toAspectRatio(size, IMAGEN_ASPECT_RATIOS)).toThrow(
      expect.objectContaining({ name: 'InputError', param: 'size' }),
    );
  });

  it('a ratio the model does not have is not taken as is', () => {
    expect(() => toAspectRatio('21:9', IMAGEN_ASPECT_RATIOS)).toThrow(
      expect.objectContaining({ param: 'size' }),
    );
  });
});
