import { describe, expect, it } from 'vitest';
import { imageModelOf } from './imageModel.js';
import { toImageSize } from './toImageSize.js';

describe('toImageSize', () => {
  const imagen = imageModelOf('imagen-4.0-generate-001');
  const fast = imageModelOf('imagen-4.0-fast-generate-001');
  const pro = imageModelOf('gemini-3-pro-image-preview');
  const flash = imageModelOf('gemini-2.5-flash-image');

  it.each([
    [undefined, undefined, undefined],
    ['auto', undefined, undefined],
    ['standard', undefined, undefined],
    ['low', undefined, undefined],
    ['medium', undefined, undefined],
    ['high', '2K', '2K'],
    ['hd', '2K', '2K'],
    ['xhigh', '2K', '4K'],
    ['max', '2K', '4K'],
  ])('quality %s -> Imagen %s, Gemini 3 Pro Image %s', (quality, forImagen, forPro) => {
    expect(toImageSize(quality, imagen)).toBe(forImagen);
    expect(toImageSize(quality, pro)).toBe(forPro);
  });

  it('models with one size ignore quality', () => {
    for (const quality of ['high', 'hd', 'max']) {
      expect(toImageSize(quality, fast)).toBeUndefined();
      expect(toImageSize(quality, flash)).toBeUndefined();
    }
  });
});
