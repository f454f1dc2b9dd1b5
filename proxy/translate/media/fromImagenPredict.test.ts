import { describe, expect, it } from 'vitest';
import { PNG_1X1_BASE64 } from '../openai/__fixtures__/media.js';
import { fromImagenPredict } from './fromImagenPredict.js';

describe('fromImagenPredict', () => {
  it('keeps each image with its type, in order', () => {
    expect(
      fromImagenPredict({
        predictions: [
          { bytesBase64Encoded: PNG_1X1_BASE64, mimeType: 'image/png' },
          { bytesBase64Encoded: 'AAAA', mimeType: 'image/jpeg' },
        ],
      }),
    ).toEqual({
      images: [
        { mimeType: 'image/png', data: PNG_1X1_BASE64 },
        { mimeType: 'image/jpeg', data: 'AAAA' },
      ],
      refusals: [],
    });
  });

  it('reports filtered images by their reason, and reads an empty answer as no images', () => {
    expect(
      fromImagenPredict({
        predictions: [{ raiFilteredReason: 'Filtered by Responsible AI practices.' }],
      }),
    ).toEqual({ images: [], refusals: ['Filtered by Responsible AI practices.'] });
    expect(fromImagenPredict({})).toEqual({ images: [], refusals: [] });
  });
});
