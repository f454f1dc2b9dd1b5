import type { Request } from 'express';

export interface PresentedCredential {
  token: string;
  /** Gemini's way (`x-goog-api-key` or `?key=`), which decides the shape of `GET /v1/models`. */
  style: 'gemini' | 'openai';
}

/** Finds the client token wherever the client's SDK puts it; the first present source wins. */
export function presentedCredential(req: Request): PresentedCredential | undefined {
  const authorization = req.headers.authorization;
  if (authorization) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization);
    if (match) return { token: match[1]!.trim(), style: 'openai' };
  }
  const apiKey = req.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey) return { token: apiKey.trim(), style: 'openai' };
  const googKey = req.headers['x-goog-api-key'];
  if (typeof googKey === 'string' && googKey) return { token: googKey.trim(), style: 'gemini' };
  const queryKey = req.query.key;
  if (typeof queryKey === 'string' && queryKey) return { token: queryKey.trim(), style: 'gemini' };
  return undefined;
}
