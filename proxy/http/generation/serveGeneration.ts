import type { Response } from 'express';
import type { Generation } from '../../resume/generation.js';
import { collectGeneration } from '../../resume/collectGeneration.js';
import { StreamIncomplete } from '../../failures/failures.js';
import type { GatewayContext } from '../gatewayContext.js';
import type { RequestTrace } from '../requestTrace.js';
import { abortOnClientGone } from '../responseWriter.js';
import type { GenerationDialect } from './generationDialect.js';
import { pumpGeneration } from './pumpGeneration.js';
import { sendWhole } from './sendWhole.js';

/** A generation opened, and the dialect its answer is written in. */
export interface OpenedGeneration<F> {
  generation: Generation<F>;
  dialect: GenerationDialect<F>;
}

export interface GenerationServing<F> {
  /** The client asked for a stream. */
  stream: boolean;
  /**
   * Opens the generation through the pool (failover before the first byte; a Failure when no key
   * could start it), with the dialect to write it in. What it does before (fetching media,
   * translating) is gemgate's own time.
   */
  open(signal: AbortSignal): Promise<OpenedGeneration<F>>;
}

/**
 * Serves one generation, the same way for every route, dialect and upstream family: the route's
 * serving phase (a throw is a failure in the request log), the generation opened, then either
 * streamed (pumpGeneration: headers once the upstream answered, backpressure, keep-alives, the
 * dialect's error event when it cannot be completed) or collected whole (folded as it arrives,
 * the dialect's body at the end, or the error when it is incomplete), logged once.
 */
export function serveGeneration<F>(
  ctx: GatewayContext,
  res: Response,
  trace: RequestTrace,
  serving: GenerationServing<F>,
): Promise<void> {
  return trace.serving(async () => {
    const started = performance.now();
    const abort = abortOnClientGone(res);
    const { generation, dialect } = await serving.open(abort.signal);
    trace.key(generation.keyId);
    if (generation.model !== undefined) {
      // A fallback may have answered for the model asked for: the answer and the log say which.
      trace.model = generation.model;
      res.setHeader('x-gemgate-model', generation.model);
    }
    const encoder = serving.stream ? dialect.stream?.() : undefined;
    if (encoder) return pumpGeneration(res, generation, trace, encoder, ctx.settings()['resume.keepAliveMs']);
    const whole = dialect.whole?.();
    if (!whole) throw new Error(`this dialect has no ${serving.stream ? 'streamed' : 'whole'} answer`);
    const { summary, waitedMs } = await collectGeneration(
      generation,
      (frame) => whole.add(frame),
      () => undefined,
    );
    if (summary.outcome === 'aborted') return trace.generation(summary);
    if (summary.outcome === 'incomplete') {
      trace.generation(summary);
      throw summary.error ?? new StreamIncomplete();
    }
    let body;
    try {
      body = whole.body(summary);
    } catch (error) {
      // Answered, but not in a form this dialect can give (no image, no audio): billed all the same.
      trace.failed(error, summary);
      throw error;
    }
    sendWhole(res, trace, {
      ...body,
      keyId: generation.keyId,
      started,
      upstreamMs: generation.upstreamMs + waitedMs,
      log: () => trace.generation(summary),
    });
  });
}
