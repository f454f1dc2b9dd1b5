import { InputError } from '../../failures/inputError.js';

/**
 * The client sent something we will not forward: the one input error (failures/inputError.ts),
 * naming the field as OpenAI spells `param`, with OpenAI's `code` where it has one. http renders it
 * as a 400 in the client's dialect (OpenAI's `invalid_request_error`, Gemini's INVALID_ARGUMENT).
 */
export function invalidRequest(
  message: string,
  param: string | null,
  code: string | null = null,
): InputError {
  return new InputError(message, { param, code });
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
