import type { ErrorRequestHandler, Response } from 'express';
import { ZodError } from 'zod';
import type { Logger } from '../../log/logger.js';
import { redactSecrets } from '../../log/redact.js';
import type { ApiError } from './contract.js';
import { InputError } from '../../failures/inputError.js';

/** An admin API failure with the status and message the dashboard should show. */
export class AdminError extends Error {
  override name = 'AdminError';

  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function sendAdminError(res: Response, status: number, message: string): void {
  // Every message passes through the redactor: a key pasted in the wrong field must not come back.
  const body: ApiError = { error: { message: redactSecrets(message) } };
  res.status(status).json(body);
}

/** Maps anything thrown by an admin route to `{error: {message}}` with a fitting status. */
export function adminErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error instanceof AdminError) return sendAdminError(res, error.status, error.message);
    if (error instanceof URIError)
      return sendAdminError(res, 400, 'The path holds a malformed percent-escape.');
    // Bad input, told by the part that checked it, in words written to be shown.
    if (error instanceof InputError) return sendAdminError(res, 400, error.message);
    if (error instanceof ZodError) {
      // Zod's messages name the field and the rule, never the value given.
      const detail = error.issues
        .map((issue) => `${issue.path.length ? issue.path.join('.') : 'body'}: ${issue.message}`)
        .join('; ');
      return sendAdminError(res, 400, `Invalid request: ${detail}.`);
    }
    const bodyError = error as { type?: string; status?: number };
    if (bodyError.type === 'entity.parse.failed')
      return sendAdminError(res, 400, 'The body is not valid JSON.');
    if (bodyError.type === 'entity.too.large') return sendAdminError(res, 413, 'The body is too large.');
    logger.error({ err: error, path: req.path }, 'admin API error');
    sendAdminError(res, 500, 'gemgate hit an unexpected error; see its log.');
  };
}
