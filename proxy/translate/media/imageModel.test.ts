import { describe, expect, it } from 'vitest';
import { imageModelOf } from './imageModel.js';

describe('imageModelOf', () => {
  it.each([
    ['imagen-4.0-generate-001', 'imagen', ['2K'], 4],
    ['imagen-4.0-ultra-generate-001', 'imagen', ['2K'], 4],
    ['imagen-4.0-fast-generate-001', 'imagen', [], 4],
    ['models/imagen-3.0-generate-002', 'imagen', [], 4],
    ['gemini-2.5-flash-image', 'gemini', [], 1],
    ['google/gemini-2.5-flash-image-preview', 'gemini', [], 1],
    ['gemini-3-pro-image-preview', 'gemini', ['2K', '4K'], 1],
  ])('%s is a %s model with larger sizes %j, %i images a call', (model, family, largerSizes, perCall) => {
    expect(imageModelOf(model)).toMatchObject({ family, largerSizes, imagesPerCall: perCall });
  });

  it('takes the bare id for the upstream path', () => {
    expect(imageModelOf('models/gemini-2.5-flash-image').id).toBe('gemini-2.5-flash-image');
  });

  it.each(['gemini-2.5-flash', 'dall-e-3', 'gpt-image-1', 'gemini-2.5-flash-preview-tts'])(
    '%s makes no images: a 400 naming model',
    (model) => {
      expect(() => imageModelOf(model)).toThrow(
        expect.objectContaining({ name: 'InputError', param: 'model' }),
      );
    },
  );
});
