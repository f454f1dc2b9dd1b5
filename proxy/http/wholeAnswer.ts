import type { DispatchCall, UpstreamDispatcher } from '../dispatch/upstreamDispatcher.js';
import type { AttemptRecord, GenerationSummary } from '../resume/resumableGeneration.js';
import { StreamIncomplete } from '../failures/failures.js';

/** A non-streamed answer, read to its end. */
export interface WholeAnswer {
  /** The body as Gemini sent it, to relay byte for byte. */
  body: Buffer;
  json: unknown;
  keyId: string;
  projectId: string;
  /** Every attempt Gemini answered with a 200, the cut ones first: each one is billed. */
  attempts: AttemptRecord[];
  /** Time spent waiting on Gemini, to tell gemgate's own overhead apart. */
  upstreamMs: number;
}

/**
 * A call whose answer only makes sense whole (Imagen's images, an operation): opened through the
 * pool, which fails over between keys before the first byte, then read to the end and parsed. A
 * body cut short (the connection dropped, half a JSON document) cannot be continued like text: the
 * call is made again, whole, up to `maxAttempts` times in all. Throws StreamIncomplete when every
 * attempt was cut, and the dispatcher's Failure when no key answered at all.
 */
export async function callWhole(
  dispatcher: UpstreamDispatcher,
  call: DispatchCall,
  maxAttempts: number,
): Promise<WholeAnswer> {
  const attempts: AttemptRecord[] = [];
  let upstreamMs = 0;
  for (;;) {
    const opened = await dispatcher.open(call);
    upstreamMs += opened.upstreamMs;
    const record: AttemptRecord = {
      keyId: opened.lease.keyId,
      mode: attempts.length === 0 ? 'first' : 'replay',
      visibleChars: 0,
    };
    attempts.push(record);
    const reading = performance.now();
    try {
      const body = Buffer.from(await opened.response.body.arrayBuffer());
      upstreamMs += performance.now() - reading;
      const json: unknown = JSON.parse(body.toString('utf8'));
      return {
        body,
        json,
        keyId: opened.lease.keyId,
        projectId: opened.lease.projectId,
        attempts,
        upstreamMs,
      };
    } catch (error) {
      upstreamMs += performance.now() - reading;
      if (call.signal?.aborted) throw error;
      record.cause = error instanceof SyntaxError ? 'frame-cut' : 'transport-error';
      if (attempts.length >= Math.max(1, maxAttempts)) {
        throw new StreamIncomplete(
          `Gemini's answer was cut off ${attempts.length} time${attempts.length === 1 ? '' : 's'} (resume.maxAttempts) and could not be completed.`,
        );
      }
    }
  }
}

/** The request log's view of a whole answer that took more than one attempt. */
export function wholeSummary(attempts: AttemptRecord[]): GenerationSummary {
  return { outcome: 'complete', attempts };
}
