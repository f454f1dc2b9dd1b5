import { describe, expect, it } from 'vitest';
import { addMedia, hasMedia, mediaOfParts, mediaOfResponse, pcmRateOf } from './mediaOutput.js';

const second = (rate: number) => Buffer.alloc(rate * 2).toString('base64');

describe('mediaOutput', () => {
  it.each([
    ['audio/L16;codec=pcm;rate=24000', 24_000],
    ['audio/l16; rate=16000', 16_000],
    ['audio/L16', 24_000],
    ['audio/pcm;rate=8000', 8_000],
    ['audio/mpeg', undefined],
    ['image/png', undefined],
    ['audio/L16;rate=zero', undefined],
  ])('pcmRateOf(%s) = %s', (mimeType, rate) => {
    expect(pcmRateOf(mimeType)).toBe(rate);
  });

  it('counts images and seconds of PCM, and leaves thoughts and text out', () => {
    expect(
      mediaOfParts([
        { text: 'Here:' },
        { inlineData: { mimeType: 'image/png', data: 'AAAA' } },
        { inlineData: { mimeType: 'image/png', data: 'AAAA' }, thought: true },
        { inlineData: { mimeType: 'image/jpeg', data: 'AAAA' } },
        { inlineData: { mimeType: 'audio/L16;codec=pcm;rate=24000', data: second(24_000) } },
        {
          inlineData: {
            mimeType: 'audio/L16;codec=pcm;rate=24000',
            data: Buffer.alloc(24_000).toString('base64'),
          },
        },
      ]),
    ).toEqual({ images: 2, audioSeconds: 1.5 });
  });

  it('sums over candidates and answers', () => {
    const one = {
      candidates: [{ content: { parts: [{ inlineData: { mimeType: 'image/png', data: 'AA==' } }] } }],
    };
    expect(mediaOfResponse({ candidates: [...one.candidates, ...one.candidates] }).images).toBe(2);
    expect(addMedia({ images: 1, audioSeconds: 2 }, { images: 3, audioSeconds: 0.5 })).toEqual({
      images: 4,
      audioSeconds: 2.5,
    });
    expect(hasMedia({ images: 0, audioSeconds: 0 })).toBe(false);
    expect(hasMedia(mediaOfResponse({}))).toBe(false);
  });
});
