import type { Response } from 'express';
import type { Generation, GenerationSink, GenerationSummary } from '../resume/resumableGeneration.js';
import type { StreamFrame } from '../upstream/readGeminiStream.js';
import type { RequestTrace } from './requestTrace.js';
import type { UsageMetadata } from '../gemini/types.js';
import { corkUntilNextTurn } from './responseWriter.js';
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
 * has answered 200, each batch written as the engine hands it over (one write per upstream read,
 * with backpressure: Gemini is read no further while the client is behind), the request logged
 * before the last bytes (a client that got it all finds it in the log), and the engine stopped when
 * the client leaves.
 */
export async function pumpGeneration<F = StreamFrame>(
  res: Response,
  generation: Pick<Generation, 'keyId' | 'billedSoFar'> & {
    pipe(sink: GenerationSink<F>): Promise<GenerationSummary>;
  },
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
  const sink = new ResponseSink(res, dialect, trace, () => generation.billedSoFar());
  try {
    const summary = await generation.pipe(sink);
    trace.generation(summary, generation.billedSoFar());
    if (summary.outcome !== 'aborted') res.end(dialect.end(summary));
  } finally {
    sink.stop();
  }
}

/** The client's response as the engine's sink: each batch encoded by the dialect and written. */
class ResponseSink<F> implements GenerationSink<F> {
  private readonly alive: ReturnType<typeof keepAlive> | undefined;

  constructor(
    private readonly res: Response,
    private readonly dialect: StreamDialect<F>,
    private readonly trace: RequestTrace,
    private readonly billed: () => UsageMetadata | undefined,
  ) {
    this.alive = dialect.keepAliveMs === undefined ? undefined : keepAlive(res, dialect.keepAliveMs);
  }

  write(batch: F[]): boolean {
    const res = this.res;
    if (res.destroyed || res.writableEnded) return false;
    const text = this.dialect.encode(batch);
    if (text === '') return true;
    this.alive?.wrote();
    this.trace.firstByte();
    this.trace.streaming(this.billed);
    return res.write(text);
  }

  drained(): Promise<boolean> {
    const res = this.res;
    if (res.destroyed || res.writableEnded) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (more: boolean) => {
        res.off('drain', onDrain);
        res.off('close', onClose);
        resolve(more && !res.destroyed);
      };
      const onDrain = () => done(true);
      const onClose = () => done(false);
      res.on('drain', onDrain);
      res.on('close', onClose);
    });
  }

  stop(): void {
    this.alive?.stop();
  }
}
