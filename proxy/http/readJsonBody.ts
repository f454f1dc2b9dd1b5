import type { IncomingMessage } from 'node:http';
import { GatewayError } from './gatewayError.js';
import type { BodyLease } from './bodyBudget.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './jsonDepth.js';
import { decodeBody } from './decodeBody.js';

/**
 * Reads a request body as JSON, whatever its content type (clients are careless with it), up to
 * `limit` bytes. Too large: 413, refused before reading when Content-Length says so. Not JSON, or
 * nested deeper than MAX_JSON_DEPTH: 400. An empty body reads as `{}`, as express.json has it.
 * With a `lease` of the body budget, its bytes are reserved before they are read (see bodyBudget.ts).
 * A body sent with Content-Encoding (gzip, deflate, br, zstd) is decoded first (decodeBody.ts).
 */
export async function readJsonBody(req: IncomingMessage, limit: number, lease?: BodyLease): Promise<unknown> {
  let bytes: Buffer | undefined = await readBodyBytes(req, limit, lease);
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined) {
    const decoded = await decodeBody(bytes, encoding, limit);
    // The decoded bytes are held too: they count against the body budget like any others.
    if (decoded !== bytes && lease) await lease.reserve(decoded.length);
    bytes = decoded;
  }
  if (bytes.length === 0) return {};
  let body: unknown;
  try {
    const text = bytes.toString('utf8');
    bytes = undefined; // the bytes may go while the text is parsed
    body = JSON.parse(text);
  } catch {
    throw new GatewayError(400, 'Invalid JSON payload received: the request body is not valid JSON.', {
      code: 'invalid_json',
    });
  }
  if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
    throw new GatewayError(
      400,
      `Invalid JSON payload received: the body nests deeper than ${MAX_JSON_DEPTH} levels.`,
      { code: 'invalid_json' },
    );
  }
  return body;
}

/**
 * The request body's bytes, up to `limit` (a 413 beyond, refused before reading when
 * Content-Length says so): for JSON, and for bodies that are not JSON (multipart forms).
 */
export async function readBodyBytes(req: IncomingMessage, limit: number, lease?: BodyLease): Promise<Buffer> {
  const tooLarge = () =>
    new GatewayError(413, `Request body too large: the limit is ${limit / 1024 / 1024} MB.`, {
      code: 'request_too_large',
    });
  const declared = Number(req.headers['content-length']);
  if (declared > limit) {
    req.resume(); // let the client finish sending, so it can read the answer
    throw tooLarge();
  }
  // A declared length is reserved whole before a byte is read; the client waits with its body unsent.
  if (lease && declared > 0) await lease.reserve(declared);
  // With a declared length the body goes straight into one buffer of that size: a 90 MB body is
  // then held once while it arrives, not as pieces and again as their concatenation.
  const whole = declared > 0 ? Buffer.allocUnsafe(declared) : undefined;
  const received = await new Promise<{ chunks: Buffer[]; size: number }>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      if (whole !== undefined && size + chunk.length <= whole.length) {
        chunk.copy(whole, size);
        size += chunk.length;
        return;
      }
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        // Without a declared length, the bytes are reserved as they come; only the first piece may wait.
        if (lease && !(declared > 0)) {
          const waiting = lease.bytes === 0;
          if (waiting) req.pause();
          void lease.reserve(chunk.length).then(() => {
            if (waiting) req.resume();
          });
        }
        return;
      }
      // Over the limit: stop keeping it, but read on to the end (not destroying the socket), so the
      // client gets its 413 instead of a reset connection.
      req.off('data', onData);
      req.resume();
      reject(tooLarge());
    };
    req.on('data', onData);
    req.once('end', () => resolve({ chunks, size }));
    req.once('error', reject);
    req.once('aborted', () => reject(new GatewayError(499, 'Client closed the request.')));
  });
  return bytesOf(whole, received);
}

/** The body as one buffer: the declared-length buffer as it is when the body fit it, else joined. */
function bytesOf(whole: Buffer | undefined, received: { chunks: Buffer[]; size: number }): Buffer {
  if (whole && received.chunks.length === 0) return whole.subarray(0, received.size);
  const pieces = received.chunks.splice(0);
  const parts = whole ? [whole.subarray(0, Math.min(whole.length, received.size)), ...pieces] : pieces;
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}
