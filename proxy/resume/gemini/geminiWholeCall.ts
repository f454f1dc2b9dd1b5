import type { DispatchCall, UpstreamDispatcher } from '../../dispatch/upstreamDispatcher.js';
import { callWhole, type WholeCallAnswer } from '../wholeCall.js';

/**
 * A Gemini call whose answer only makes sense whole (Imagen's `:predict`, Veo's
 * `:predictLongRunning`), through the pool and callWhole: asked for again whole when cut on the way,
 * up to `maxAttempts` in all.
 */
export function callGeminiWhole(
  dispatcher: UpstreamDispatcher,
  call: DispatchCall,
  maxAttempts: number,
): Promise<WholeCallAnswer<unknown>> {
  return callWhole({
    open: () => dispatcher.open(call),
    parse: (body) => JSON.parse(body.toString('utf8')) as unknown,
    maxAttempts,
    signal: call.signal,
    upstream: 'Gemini',
  });
}
