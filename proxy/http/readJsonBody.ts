import type { IncomingMessage } from 'node:http';
import { GatewayError } from './gatewayError.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './jsonDepth.js';

/**
 * Reads a request body as JSON, whatever its content type (clients are careless with it), up to
 * `limit` bytes. Too large: 413, refused before reading when Content-Length says so. Not JSON, or
 * nested deeper than MAX_JSON_DEPTH: 400. An empty body reads as `{}`, as express.json has it.
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const { chunks, size } = await readBodyChunks(req, limit);
  if (size === 0) return {};
  let body: unknown;
  try {
    body = JSON.parse((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)).toString('utf8'));
  } catch {
    throw new GatewayError(400, 'Invalid JSON payload received: the request body is not valid JSON.', {
      code: 'invalid_json',
    });
  }
  if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
    throw new GatewayError(
      400,
      `Invalid JSON payload received: the body nests deeper than ${MAX_JSON_DEPTH} levels.`,
      {
        code: 'invalid_json',
      },
    );
  }
  return body;
}

/** The request body's bytes, up to `limit` (a 413 beyond, as for JSON): for bodies that are not JSON. */
export async function readBodyBytes(req: IncomingMessage, limit: number): Promise<Buffer> {
  const { chunks, size } = await readBodyChunks(req, limit);
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}

async function readBodyChunks(
  req: IncomingMessage,
  limit: number,
): Promise<{ chunks: Buffer[]; size: number }> {
  const tooLarge = () =>
    new GatewayError(413, `Request body too large: the limit is ${limit / 1024 / 1024} MB.`, {
      code: 'request_too_large',
    });
  const declared = Number(req.headers['content-length']);
  if (declared > limit) {
    req.resume(); // let the client finish sending, so it can read the answer
    throw tooLarge();
  }
  return new Promise<{ chunks: Buffer[]; size: number }>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
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
}
