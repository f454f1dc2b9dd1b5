import type { IncomingMessage } from 'node:http';
import { GatewayError } from './gatewayError.js';
import type { BodyLease } from './bodyBudget.js';
import { JsonShape, MAX_JSON_DEPTH, MAX_JSON_VALUES } from './jsonShape.js';
import { decodeBody } from './decodeBody.js';

/**
 * Reads a request body as JSON, whatever its content type (clients are careless with it), up to
 * `limit` bytes. Too large: 413, refused before reading when Content-Length says so. Nested deeper
 * than MAX_JSON_DEPTH (400) or holding more than MAX_JSON_VALUES values (413): refused as soon as
 * the bytes so far show it, before anything is parsed (JsonShape). Not JSON: 400. An empty body
 * reads as `{}`, as express.json has it. With a `lease` of the body budget, its bytes are reserved
 * before they are read (see bodyBudget.ts). A body sent with Content-Encoding (gzip, deflate, br,
 * zstd) is decoded first (decodeBody.ts), and its shape judged on the decoded bytes.
 */
export async function readJsonBody(req: IncomingMessage, limit: number, lease?: BodyLease): Promise<unknown> {
  const shape = new JsonShape();
  const judge = (piece: Buffer) => {
    shape.push(piece);
    if (shape.maxDepth > MAX_JSON_DEPTH) {
      throw new GatewayError(
        400,
        `Invalid JSON payload received: the body nests deeper than ${MAX_JSON_DEPTH} levels.`,
        { code: 'invalid_json' },
      );
    }
    if (shape.values > MAX_JSON_VALUES) {
      throw new GatewayError(
        413,
        `Request body too complex: it holds more than ${MAX_JSON_VALUES} JSON values, the most gemgate reads in one request.`,
        { code: 'request_too_complex' },
      );
    }
  };
  const encoding = req.headers['content-encoding'];
  let bytes: Buffer | undefined = await readBodyBytes(req, limit, lease, encoding ? undefined : judge);
  if (encoding !== undefined) {
    const decoded = await decodeBody(bytes, encoding, limit);
    // The decoded bytes are held too: they count against the body budget like any others.
    if (decoded !== bytes && lease) await lease.reserve(decoded.length);
    bytes = decoded;
    judge(bytes);
  }
  if (bytes.length === 0) return {};
  try {
    const text = bytes.toString('utf8');
    bytes = undefined; // the bytes may go while the text is parsed
    return JSON.parse(text) as unknown;
  } catch {
    throw new GatewayError(400, 'Invalid JSON payload received: the request body is not valid JSON.', {
      code: 'invalid_json',
    });
  }
}

/**
 * The request body's bytes, up to `limit` (a 413 beyond, refused before reading when
 * Content-Length says so): for JSON, and for bodies that are not JSON (multipart forms). `inspect`
 * sees each piece as it arrives and may refuse the body by throwing: reading stops keeping it then.
 */
export async function readBodyBytes(
  req: IncomingMessage,
  limit: number,
  lease?: BodyLease,
  inspect?: (piece: Buffer) => void,
): Promise<Buffer> {
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
      if (inspect) {
        try {
          inspect(chunk);
        } catch (refusal) {
          stop(refusal);
          return;
        }
      }
      if (whole !== undefined && size + chunk.length <= whole.length) {
        chunk.copy(whole, size);
        size += chunk.length;
        return;
      }
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        // Without a declared length, the bytes are reserved as they come, and reading stops while
        // they do not fit: a chunked body waits its turn as one with a declared length does.
        if (lease && !(declared > 0) && !lease.tryReserve(chunk.length)) {
          req.pause();
          void lease.reserve(chunk.length).then(() => req.resume());
        }
        return;
      }
      stop(tooLarge());
    };
    // Refused: stop keeping it, but read on to the end (not destroying the socket), so the client
    // gets its answer instead of a reset connection.
    const stop = (refusal: unknown) => {
      chunks.length = 0;
      req.off('data', onData);
      req.resume();
      reject(refusal);
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
