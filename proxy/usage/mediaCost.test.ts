import { describe, expect, it } from 'vitest';
import type { UsageMetadata } from '../gemini/types.js';
import { loggedCost } from './cost.js';
import { DEFAULT_PRICES } from './defaultPrices.js';
import { findPrice, parseModelPrice, type ModelPrice } from './modelPrice.js';

const shipped = new Map(DEFAULT_PRICES.map((price) => [price.model, price]));
const priceOf = (model: string) => findPrice(shipped, model);
const cost = (
  model: string,
  usage: UsageMetadata | undefined,
  media?: { images: number; audioSeconds: number },
  price?: ModelPrice,
) => loggedCost({ media }, usage ? [{ usage }] : [], usage, price ?? priceOf(model));

describe('cost of images and speech', () => {
  it('Imagen: no tokens, a price per image; retired, so no shipped price and no cost', () => {
    const imagen = parseModelPrice({ model: 'imagen-4.0-generate-001', input: 0, output: 0, perImage: 0.04 });
    expect(cost('imagen-4.0-generate-001', undefined, { images: 3, audioSeconds: 0 }, imagen)).toBeCloseTo(
      0.12,
      12,
    );
    expect(priceOf('imagen-4.0-generate-001')).toBeUndefined();
    expect(cost('imagen-4.0-generate-001', undefined, { images: 3, audioSeconds: 0 })).toBeNull();
  });

  it('2.5 Flash Image: prompt and text at token rates, the image per image, its 1290 tokens not twice', () => {
    const usage = {
      promptTokenCount: 10,
      candidatesTokenCount: 1306,
      candidatesTokensDetails: [
        { modality: 'TEXT', tokenCount: 16 },
        { modality: 'IMAGE', tokenCount: 1290 },
      ],
    };
    expect(cost('gemini-2.5-flash-image', usage, { images: 1, audioSeconds: 0 })).toBeCloseTo(
      (10 * 0.3 + 16 * 2.5) / 1e6 + 0.039,
      12,
    );
  });

  it('TTS: the text in at the input rate, the speech per second', () => {
    const usage = {
      promptTokenCount: 8,
      candidatesTokenCount: 48,
      candidatesTokensDetails: [{ modality: 'AUDIO', tokenCount: 48 }],
    };
    expect(cost('gemini-2.5-flash-preview-tts', usage, { images: 0, audioSeconds: 1.5 })).toBeCloseTo(
      (8 * 0.5) / 1e6 + 1.5 * 0.00032,
      12,
    );
    const tenSeconds = { ...usage, candidatesTokensDetails: [{ modality: 'AUDIO', tokenCount: 320 }] };
    expect(cost('gemini-2.5-pro-preview-tts', tenSeconds, { images: 0, audioSeconds: 10 })).toBeCloseTo(
      (8 * 1) / 1e6 + 10 * 0.00064,
      12,
    );
  });

  it('every attempt is billed by the image tokens it reported, a cut one included', () => {
    const attempt = {
      usage: {
        promptTokenCount: 10,
        candidatesTokenCount: 1290,
        candidatesTokensDetails: [{ modality: 'IMAGE', tokenCount: 1290 }],
      },
    };
    // The client got one image; Gemini made (and billed) two.
    const billed = loggedCost(
      { media: { images: 1, audioSeconds: 0 } },
      [attempt, attempt],
      attempt.usage,
      priceOf('gemini-2.5-flash-image'),
    );
    expect(billed).toBeCloseTo(2 * ((10 * 0.3) / 1e6 + 0.039), 12);
  });

  it('3 Pro Image: a 4K image’s 2000 tokens cost what Google charges for it, to the cent', () => {
    const usage = {
      promptTokenCount: 0,
      candidatesTokenCount: 2000,
      candidatesTokensDetails: [{ modality: 'IMAGE', tokenCount: 2000 }],
    };
    expect(cost('gemini-3-pro-image-preview', usage, { images: 1, audioSeconds: 0 })).toBeCloseTo(0.24, 2);
  });

  it('an answer without per-modality counts: its tokens at the output rate, its images per image', () => {
    const usage = { promptTokenCount: 10, candidatesTokenCount: 1306 };
    expect(cost('gemini-2.5-flash-image', usage, { images: 1, audioSeconds: 0 })).toBeCloseTo(
      (10 * 0.3 + 1306 * 2.5) / 1e6 + 0.039,
      12,
    );
  });

  it('image and speech models keep their own rows, not those of the model their id extends', () => {
    expect(priceOf('gemini-2.5-flash-image')?.perImage).toBe(0.039);
    expect(priceOf('gemini-2.5-flash-image-preview')?.model).toBe('gemini-2.5-flash-image');
    expect(priceOf('gemini-2.5-flash-preview-tts')?.perAudioSecond).toBe(0.00032);
  });

  it('a price the user set keeps the shipped per-image rate it cannot state', () => {
    const user = parseModelPrice({ model: 'gemini-2.5-flash-image', input: 0.3, output: 2.5 });
    // An answer without per-modality counts: its images are priced from the counted images.
    expect(cost('gemini-2.5-flash-image', undefined, { images: 2, audioSeconds: 0 }, user)).toBeCloseTo(
      0.078,
      12,
    );
  });

  it('unknown, not zero: no price at all, or images nothing prices', () => {
    const media = { images: 2, audioSeconds: 0 };
    expect(cost('imagen-9-generate', undefined, media)).toBeNull();
    const tokensOnly = parseModelPrice({ model: 'imagen-9-generate', input: 0, output: 0 });
    expect(cost('imagen-9-generate', undefined, media, tokensOnly)).toBeNull();
  });

  it('without a per-image rate, a Gemini image’s tokens are priced as output', () => {
    const price = parseModelPrice({ model: 'gemini-9-image', input: 1, output: 30 });
    const usage = {
      promptTokenCount: 100,
      candidatesTokenCount: 1290,
      candidatesTokensDetails: [{ modality: 'IMAGE', tokenCount: 1290 }],
    };
    expect(cost('gemini-9-image', usage, { images: 1, audioSeconds: 0 }, price)).toBeCloseTo(
      (100 + 1290 * 30) / 1e6,
      12,
    );
  });

  it('nothing made and nothing used costs nothing, unless the route says it is unknown', () => {
    expect(loggedCost({}, [], undefined, priceOf('gemini-2.5-flash'))).toBe(0);
    expect(loggedCost({ costUnknown: true }, [], undefined, priceOf('gemini-2.5-flash'))).toBeNull();
  });

  it('per-unit rates are checked like token rates', () => {
    expect(parseModelPrice({ model: 'imagen-x', input: 0, output: 0, perImage: 0.05 }).perImage).toBe(0.05);
    expect(() => parseModelPrice({ model: 'imagen-x', input: 0, output: 0, perImage: -1 })).toThrow(
      /perImage/,
    );
  });
});
