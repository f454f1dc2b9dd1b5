import type { Response } from 'express';
import type { Generation, GenerationSummary } from '../resume/resumableGeneration.js';
import type { StreamFrame } from '../upstream/readGeminiStream.js';
import type { RequestTrace } from './requestTrace.js';
import { corkUntilNextTurn, writeWithBackpressure } from './responseWriter.js';
import { keepAlive } from './sseKeepAlive.js';

/** How one dialect writes a streamed answer; `F` is what the engine yields (Gemini frames by default). */
export interface StreamDialect<F = StreamFrame> {
  contentType: string;
  /** Keep-alive comments while Gemini thinks or a resume opens: SSE only (a JSON array has no place for them). */
  keepAliveMs?: number;
  /** The text for one batch of the answer; '' when there is nothing to show the client yet. */
  encode(batch: F[]): string;
  /** The stream's last bytes once the answer is done: its proper end, or an error the client can see. */
  end(summary: GenerationSummary): string;
}

/**
 * Relays a generation as a streamed response, the same way for every dialect: headers once Gemini
 * has answered 200, each batch written with backpressure, the request logged before the last bytes
 * (a client that got it all finds it in the log), and the engine stopped when the client leaves.
 */
export async function pumpGeneration<F = StreamFrame>(
  res: Response,
  generation: Pick<Generation, 'keyId' | 'billedSoFar'> & { chunks: AsyncGenerator<F[], GenerationSummary> },
  trace: RequestTrace,
  dialect: StreamDialect<F>,
): Promise<void> {
  res.status(200);
  res.setHeader('content-type', dialect.contentType);
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('x-gemgate-key-id', generation.keyId);
  // Headers go out now (the client knows Gemini answered), in one packet with the first chunk if it is already here.
  corkUntilNextTurn(res);
  res.flushHeaders();
  const alive = dialect.keepAliveMs === undefined ? undefined : keepAlive(res, dialect.keepAliveMs);
  try {
    for (;;) {
      const next = await generation.chunks.next();
      if (next.done) {
        const summary = next.value;
        trace.generation(summary, generation.billedSoFar());
        if (summary.outcome !== 'aborted') res.end(dialect.end(summary));
        return;
      }
      const text = dialect.encode(next.value);
      if (text === '') continue;
      alive?.wrote();
      trace.firstByte();
      if (!(await writeWithBackpressure(res, text))) {
        const aborted: GenerationSummary = { outcome: 'aborted', attempts: [] };
        await generation.chunks.return(aborted);
        // The engine's own summary is lost with return(): its running billing stands in.
        return trace.generation(aborted, generation.billedSoFar());
      }
    }
  } finally {
    alive?.stop();
  }
}
