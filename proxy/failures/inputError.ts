import { Failure } from './failures.js';

/**
 * A request the client got wrong: a field left out or filled wrongly, a value gemgate will not
 * forward, a name (key, account, provider, model) that does not exist. The layer that checks the
 * input throws it in plain words the user can act on, and never with key material in them.
 * `param` names the field as the client spelled it (`messages[2].content`), `code` is a short
 * machine-readable reason where the client's dialect has one (`missing_required_parameter`).
 *
 * One type for every layer and surface: proxy/http renders it as a 400 in the client's dialect
 * (http/clientError.ts) or the admin API's `{error: {message}}` (http/admin/adminError.ts), and the
 * CLI prints its message.
 */
export class InputError extends Failure {
  override name = 'InputError';
  readonly param: string | null;
  readonly code: string | null;
  /** 400, or 404 where the input names a thing by id that is not there (OpenAI's `item_not_found`). */
  readonly status: 400 | 404;

  constructor(
    message: string,
    details: { param?: string | null; code?: string | null; status?: 400 | 404 } = {},
  ) {
    super(message);
    this.param = details.param ?? null;
    this.code = details.code ?? null;
    this.status = details.status ?? 400;
  }
}
