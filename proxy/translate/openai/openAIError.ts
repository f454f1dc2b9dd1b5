import type { OpenAIErrorBody, OpenAIErrorType } from './types.js';

/**
 * An error that already knows how it looks on the OpenAI wire. Translation code throws it for bad
 * client input (status 400, `param` naming the offending field such as `messages[2].role`); the
 * route layer catches it and answers with `status` and `toBody()` without further thought.
 */
export class OpenAIError extends Error {
  readonly status: number;
  readonly type: OpenAIErrorType;
  readonly param: string | null;
  readonly code: string | null;

  constructor(init: {
    message: string;
    status: number;
    type: OpenAIErrorType;
    param?: string | null;
    code?: string | null;
  }) {
    super(init.message);
    this.name = 'OpenAIError';
    this.status = init.status;
    this.type = init.type;
    this.param = init.param ?? null;
    this.code = init.code ?? null;
  }

  toBody(): OpenAIErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

/** The client sent something we will not forward: always a 400 that names the field. */
export function invalidRequest(
  message: string,
  param: string | null,
  code: string | null = null,
): OpenAIError {
  return new OpenAIError({ message, status: 400, type: 'invalid_request_error', param, code });
}

/** `['messages', 2, 'content', 0]` -> `messages[2].content[0]`, the way OpenAI spells `param`. */
export function formatParamPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}
