import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeBody } from './decodeBody.js';
import { GatewayError } from './gatewayError.js';

const BODY = Buffer.from(
  JSON.stringify({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi 🙂' }] }),
);
const MB = 1024 * 1024;

async function refusal(bytes: Buffer, encoding: string, limit = MB): Promise<GatewayError> {
  try {
    await decodeBody(bytes, encoding, limit);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('decodeBody', () => {
  it.each([
    ['gzip', zlib.gzipSync(BODY)],
    ['x-gzip', zlib.gzipSync(BODY)],
    ['deflate', zlib.deflateSync(BODY)],
    ['br', zlib.brotliCompressSync(BODY)],
    ['identity', BODY],
    ['gzip, br (br applied last, undone first)', zlib.brotliCompressSync(zlib.gzipSync(BODY))],
  ])('%s', async (encoding, bytes) => {
    expect(await decodeBody(bytes, encoding.replace(/ \(.*$/, ''), MB)).toEqual(BODY);
  });

  it('zstd where Node has it; on Node 20 a 415 that says so', async () => {
    const zstd = (zlib as unknown as { zstdCompressSync?: (b: Buffer) => Buffer }).zstdCompressSync;
    if (zstd) {
      expect(await decodeBody(zstd(BODY), 'zstd', MB)).toEqual(BODY);
      return;
    }
    const error = await refusal(BODY, 'zstd');
    expect(error.status).toBe(415);
    expect(error.message).toMatch(/zstd needs Node 22\.15 or later.*send the body with gzip or br/);
  });

  it('an encoding nobody knows is a 415', async () => {
    expect((await refusal(BODY, 'compress')).status).toBe(415);
  });

  it('a body that decodes past the limit is a 413, however small it came', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(8 * MB));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const error = await refusal(bomb, 'gzip', MB);
    expect(error.status).toBe(413);
    expect(error.options.code).toBe('request_too_large');
  });

  it('a body that does not decode is a 400', async () => {
    const error = await refusal(Buffer.from('not gzip at all'), 'gzip');
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^The request body could not be decoded as gzip/);
  });
});
