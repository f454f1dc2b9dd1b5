import { describe, expect, it } from 'vitest';
import { PNG_1X1_BASE64 } from '../openai/__fixtures__/media.js';
import { imageKindOf } from './imageKind.js';

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(
    parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))),
  );

describe('imageKindOf', () => {
  it.each([
    [Buffer.from(PNG_1X1_BASE64, 'base64'), 'image/png'],
    [bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'), 'image/jpeg'],
    [bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
    [bytes([0, 0, 0, 24], 'ftypheic', [0, 0, 0, 0]), 'image/heic'],
    [bytes([0, 0, 0, 24], 'ftypmif1', [0, 0, 0, 0]), 'image/heif'],
    [bytes('GIF89a'), undefined],
    [bytes('%PDF-1.7'), undefined],
    [bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '), undefined],
    [bytes('not an image at all'), undefined],
    [Buffer.alloc(0), undefined],
  ])('%# -> %s', (data, kind) => {
    expect(imageKindOf(data)).toBe(kind);
  });
});
