import { describe, expect, it } from 'vitest';
import { base64ByteLength, parseDataUrl } from './dataUrl.js';

describe('parseDataUrl', () => {
  it('splits a base64 data URL into mime type and data', () => {
    expect(parseDataUrl('data:image/png;base64,iVBORw0KGgo=')).toEqual({
      mimeType: 'image/png',
      data: 'iVBORw0KGgo=',
      byteLength: 8,
    });
  });

  it('removes line breaks some clients put into long base64', () => {
    expect(parseDataUrl('data:image/jpeg;base64,/9j/\n4AAQ')?.data).toBe('/9j/4AAQ');
  });

  it('re-encodes percent-encoded data as base64', () => {
    expect(parseDataUrl('data:text/plain,hello%20world')).toEqual({
      mimeType: 'text/plain',
      data: Buffer.from('hello world').toString('base64'),
      byteLength: 11,
    });
  });

  it('is undefined for other URLs and for malformed percent-encoding', () => {
    expect(parseDataUrl('https://example.com/cat.png')).toBeUndefined();
    expect(parseDataUrl('data:text/plain,%E0%A4%A')).toBeUndefined();
  });

  it('computes the decoded size from base64 length and padding', () => {
    for (const size of [0, 1, 2, 3, 100, 1001]) {
      expect(base64ByteLength(Buffer.alloc(size).toString('base64'))).toBe(size);
    }
  });
});
