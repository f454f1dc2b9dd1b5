import type { Request, Response } from 'express';
import type { GatewayError, Dialect } from './gatewayError.js';

const GEMINI_ACTION = /^\/v1(beta)?\/models\/[^/]+:[A-Za-z]+$/;

/** Which API the caller speaks, from the path and how it authenticates; errors follow suit. */
export function dialectOf(req: Request): Dialect {
  const path = req.path;
  if (path.startsWith('/v1beta/openai/')) return 'openai';
  if (path.startsWith('/v1beta/')) return 'gemini';
  if (GEMINI_ACTION.test(path)) return 'gemini';
  if (
    /^\/v1\/models(\/[^/]+)?$/.test(path) &&
    (req.headers['x-goog-api-key'] || typeof req.query.key === 'string')
  ) {
    return 'gemini';
  }
  return 'openai';
}

export function sendError(req: Request, res: Response, error: GatewayError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  for (const [name, value] of Object.entries(error.options.headers ?? {})) res.setHeader(name, value);
  res.status(error.status).json(error.body(dialectOf(req)));
}
