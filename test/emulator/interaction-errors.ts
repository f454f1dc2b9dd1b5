import type { ServerResponse } from 'node:http';
import { sendJson } from './wire.js';

/**
 * Errors of the Interactions service itself, in its own envelope: `{"error": {"message", "code"}}`
 * with a lower-case string code, as @google/genai 3.6.1 types them (`ErrorT {code?: string, message?:
 * string}`, carried by `CreateInteractionClientError` and friends) and as the live API answered in
 * public reports: 400 `{"error":{"message":"The legacy Interactions API schema is no longer
 * supported…","code":"invalid_request"}}` (allenhutchison/gemini-cli-deep-research#73), `404
 * not_found` for an interaction id a key cannot see (googleapis/python-genai#2985), `501
 * not_implemented` (googleapis/js-genai#1694). The wording of each message is the emulator's own.
 *
 * Errors raised before the Interactions service runs (the API key, the project's quota) come from
 * Google's front end in the google.rpc.Status envelope, as for every other method (errors.ts).
 */
export interface InteractionErrorBody {
  error: { message: string; code: string };
}

/** Also carries the HTTP status it goes with. */
export interface InteractionError extends InteractionErrorBody {
  status: number;
}

export function interactionError(status: number, code: string, message: string): InteractionError {
  return Object.defineProperty({ error: { message, code } }, 'status', {
    value: status,
    enumerable: false,
  }) as InteractionError;
}

export function sendInteractionError(res: ServerResponse, error: InteractionError): void {
  sendJson(res, error.status, { error: error.error });
}

/** What a key is told about an interaction that is not in its project (never made, deleted, expired or another project's). */
export function interactionNotFound(id: string): InteractionError {
  return interactionError(404, 'not_found', `Interaction '${id}' was not found.`);
}
