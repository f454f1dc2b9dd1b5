import type { OpenedCall } from '../../dispatch/failover.js';
import { UpstreamUnreachable } from '../../failures/failures.js';

/**
 * The JSON object a 2xx answer of the Interactions API carries. A body cut on the way, or one that is
 * no JSON object, is Gemini failing to answer, not an answer.
 */
export async function readUpstreamJson(opened: OpenedCall): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await opened.response.body.text();
  } catch (error) {
    throw new UpstreamUnreachable(`the answer was cut off (${(error as Error).message})`);
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // Not JSON: said below.
  }
  throw new UpstreamUnreachable('the answer was not the JSON object the Interactions API sends');
}
