import type { Request, RequestHandler, Response } from 'express';
import type { GatewayContext } from './gatewayContext.js';
import { UPLOAD_REQUEST_HEADERS } from './gemini/uploadHeaders.js';

const ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'x-api-key',
  'x-goog-api-key',
  'x-goog-api-client',
  'x-stainless-arch',
  'x-stainless-lang',
  'x-stainless-os',
  'x-stainless-package-version',
  'x-stainless-retry-count',
  'x-stainless-runtime',
  'x-stainless-runtime-version',
  'x-stainless-timeout',
  'x-stainless-helper-method',
  // @anthropic-ai/sdk in a page (Cherry Studio's Anthropic provider runs it in its renderer).
  'anthropic-version',
  'anthropic-beta',
  'anthropic-dangerous-direct-browser-access',
  // The Files API's uploads (@google/genai in a browser: resumable start, chunks, query, cancel).
  ...UPLOAD_REQUEST_HEADERS,
].join(', ');

/**
 * Answer headers a page may read: gemgate's own, and the upload protocol's, without which a browser
 * client cannot find its upload URL or see that an upload is final.
 */
const EXPOSED_HEADERS = [
  'x-gemgate-key-id',
  'x-gemgate-overhead-ms',
  'x-gemgate-model',
  // Which tools the model could not have beside the others (web search beside functions before Gemini 3).
  'x-gemgate-tools-dropped',
  'retry-after',
  'x-goog-upload-url',
  'x-goog-upload-control-url',
  'x-goog-upload-status',
  'x-goog-upload-size-received',
  'x-goog-upload-chunk-granularity',
].join(', ');

/**
 * CORS for the browser-based clients the user lists in `server.corsOrigins`, and for no one else:
 * the allowed origin is echoed back (never `*`), with `Vary: Origin`. Desktop apps and SDKs send no
 * Origin and need none of this. Preflights are answered here, before client auth, as browsers send
 * them without credentials.
 */
export function cors(ctx: GatewayContext): RequestHandler {
  return (req, res, next) => {
    if (!applyCors(ctx, req, res)) next();
  };
}

/** Sets the CORS headers a listed origin gets; true when that answered a preflight and nothing is left to do. */
export function applyCors(ctx: GatewayContext, req: Request, res: Response): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  res.vary('Origin');
  if (!ctx.settings()['server.corsOrigins'].includes(origin)) return false;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
  if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
    // DELETE and PATCH: files.delete, cachedContents.patch and .delete.
    res.setHeader('access-control-allow-methods', 'GET, POST, PATCH, DELETE, OPTIONS');
    res.setHeader('access-control-allow-headers', ALLOWED_HEADERS);
    res.setHeader('access-control-max-age', '600');
    res.status(204).end();
    return true;
  }
  return false;
}
