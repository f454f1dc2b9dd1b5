import { GatewayError } from '../gatewayError.js';

/** Gemini's own words for a body that is not a JSON object (what Google answers such a request). */
export function assertJsonObject(body: unknown): asserts body is Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new GatewayError(400, 'Invalid JSON payload received. The request body must be a JSON object.');
  }
}
