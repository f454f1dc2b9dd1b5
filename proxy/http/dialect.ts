import type { Request, Response } from 'express';
import type { GatewayError, Dialect } from './gatewayError.js';
import { actionOfPath } from './gemini/modelPath.js';

/** Operations of long-running calls (Veo), polled by name: Gemini's dialect too. */
const GEMINI_OPERATION = /^\/v1(beta)?\/(models\/[^/]+\/)?operations\//;

/** Gemini's Interactions API: its own error envelope. */
const INTERACTIONS = /^\/v1(beta)?\/interactions(\/|$)/;

/** Paths under /v1/ that OpenAI has too: Gemini's when the caller authenticates Gemini's way. */
const SHARED_V1 = /^\/v1\/(models|files)(\/[^/]+)?$|^\/v1\/cachedContents(\/[^/]+)?$/;

/** Anthropic's Messages API; its clients (the SDK, Claude Code) always send `anthropic-version`. */
const ANTHROPIC_PATH = /^\/v1\/messages(\/count_tokens)?$/;

/** OpenAI's own routes stay OpenAI's, whatever headers a relaying client passes along. */
const OPENAI_ONLY = /\/(chat\/completions|responses|embeddings|images|audio)(\/|$)/;

/**
 * Which API the caller speaks, from the path, how it authenticates and (Anthropic's clients)
 * `anthropic-version`; errors follow suit.
 */
export function dialectOf(req: Request): Dialect {
  const path = req.path;
  if (INTERACTIONS.test(path)) return 'interactions';
  if (path.startsWith('/v1beta/openai/')) return 'openai';
  if (path.startsWith('/v1beta/') || path.startsWith('/v1beta1/') || path.startsWith('/upload/')) {
    return 'gemini';
  }
  if (actionOfPath(path) !== undefined || GEMINI_OPERATION.test(path)) return 'gemini';
  if (SHARED_V1.test(path) && (req.headers['x-goog-api-key'] || typeof req.query.key === 'string')) {
    return 'gemini';
  }
  if (ANTHROPIC_PATH.test(path)) return 'anthropic';
  if (req.headers['anthropic-version'] !== undefined && !OPENAI_ONLY.test(path)) return 'anthropic';
  return 'openai';
}

/**
 * streamGenerateContent without `alt=sse` answers a JSON array, and Gemini wraps its errors in one
 * too (`[{"error": …}]`), so that a client reading the array finds the error where it looks.
 */
function isJsonArrayStream(req: Request): boolean {
  return req.path.endsWith(':streamGenerateContent') && req.query.alt !== 'sse';
}

export function sendError(req: Request, res: Response, error: GatewayError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  for (const [name, value] of Object.entries(error.options.headers ?? {})) res.setHeader(name, value);
  const dialect = dialectOf(req);
  const body = error.body(dialect);
  res.status(error.statusIn(dialect)).json(dialect === 'gemini' && isJsonArrayStream(req) ? [body] : body);
}
