import { GatewayError } from './gatewayError.js';

/**
 * A percent-encoded path segment (a file or cache id, a resource name), decoded. A broken escape
 * (`%E0%A4%A`) is the client's mistake: a 400 in its dialect, where decodeURIComponent's URIError
 * would have been a 500.
 */
export function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new GatewayError(400, `The path holds a malformed percent-escape: ${segment.slice(0, 200)}`, {
      code: 'invalid_path',
    });
  }
}
