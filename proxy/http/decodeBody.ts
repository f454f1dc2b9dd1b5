import zlib from 'node:zlib';
import { GatewayError } from './gatewayError.js';

type Decoder = (bytes: Buffer, options: zlib.ZlibOptions & zlib.BrotliOptions) => Promise<Buffer>;

const promised =
  (
    decode: (buf: Buffer, options: object, done: (error: Error | null, out: Buffer) => void) => void,
  ): Decoder =>
  (bytes, options) =>
    new Promise((resolve, reject) =>
      decode(bytes, options, (error, out) => (error ? reject(error) : resolve(out))),
    );

/** zstd is in Node's zlib from 22.15 and 23.8; gemgate also runs on Node 20, which has none. */
const zstd = (zlib as unknown as { zstdDecompress?: Parameters<typeof promised>[0] }).zstdDecompress;

const DECODERS: Record<string, Decoder | undefined> = {
  gzip: promised(zlib.gunzip),
  'x-gzip': promised(zlib.gunzip),
  deflate: promised(zlib.inflate),
  br: promised(zlib.brotliDecompress),
  zstd: zstd ? promised(zstd) : undefined,
};

/**
 * A request body sent with `Content-Encoding` -> its bytes, decoded, at most `limit` of them:
 *
 * | Content-Encoding            | decoded with                                          |
 * | --------------------------- | ----------------------------------------------------- |
 * | absent, `identity`          | nothing: the bytes as they came                       |
 * | `gzip`, `x-gzip`            | gunzip                                                |
 * | `deflate`                   | inflate (RFC 1950, what HTTP's deflate is)            |
 * | `br`                        | Brotli                                                |
 * | `zstd`                      | zstd, where Node has it (22.15+); on Node 20 a 415 saying so |
 * | several, comma-separated    | each, the last applied first (RFC 9110 §8.4)          |
 * | anything else               | 415                                                   |
 *
 * A body that decodes past the limit is a 413, found while decoding (zlib's maxOutputLength), so a
 * small compressed body cannot expand into gigabytes; one that does not decode is a 400.
 */
export async function decodeBody(
  bytes: Buffer,
  contentEncoding: string | undefined,
  limit: number,
): Promise<Buffer> {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  let body = bytes;
  for (const coding of codings.reverse()) {
    const decode = DECODERS[coding];
    if (!decode) throw unsupported(coding);
    try {
      body = await decode(body, { maxOutputLength: limit });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
        throw new GatewayError(
          413,
          `Request body too large: decoded, it is over the limit of ${limit / 1024 / 1024} MB.`,
          {
            code: 'request_too_large',
          },
        );
      }
      throw new GatewayError(
        400,
        `The request body could not be decoded as ${coding}: ${(error as Error).message}.`,
        {
          code: 'invalid_encoding',
        },
      );
    }
  }
  return body;
}

function unsupported(coding: string): GatewayError {
  const hint =
    coding === 'zstd'
      ? ' zstd needs Node 22.15 or later, and this gemgate runs on an older Node; send the body with gzip or br.'
      : ' gemgate decodes gzip, deflate, br and (on Node 22.15 and later) zstd.';
  return new GatewayError(415, `Unsupported Content-Encoding '${coding}'.${hint}`, {
    code: 'unsupported_encoding',
  });
}
