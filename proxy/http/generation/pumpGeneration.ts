import type { Response } from 'express';
import type { UsageMetadata } from '../../gemini/types.js';
import type { Generation, GenerationSink } from '../../resume/generation.js';
import type { RequestTrace } from '../requestTrace.js';
import { corkUntilNextTurn } from '../responseWriter.js';
import { keepAlive } from '../sseKeepAlive.js';
import { endOfStream, type StreamEncoder } from './generationDialect.js';

/**
 * Relays a generation as a streamed response, the same way for every dialect: headers once the
 * upstream has answered 2xx, each batch written as the engine hands it over (one write per upstream
 * read, with backpressure: the upstream is read no further while the client is behind), the request
 * logged before the last bytes (a client that got it all finds it in the log), an incomplete answer
 * ended with the dialect's error, and the engine stopped when the client leaves.
 */
export async function pumpGeneration<F>(
  res: Response,
  generation: Generation<F>,
  trace: RequestTrace,
  encoder: StreamEncoder<F>,
  keepAliveMs: number,
): Promise<void> {
  res.status(200);
  res.setHeader('content-type', encoder.contentType);
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('x-gemgate-key-id', generation.keyId);
  // Headers go out now (the client knows the upstream answered), in one packet with the first chunk if it is already here.
  corkUntilNextTurn(res);
  res.flushHeaders();
  const sink = new ResponseSink(res, encoder, trace, encoder.keepAlive ? keepAliveMs : undefined, () =>
    generation.billedSoFar(),
  );
  try {
    const summary = await generation.pipe(sink);
    trace.generation(summary, generation.billedSoFar());
    if (summary.outcome !== 'aborted') {
      res.end(endOfStream(encoder, summary));
    }
  } finally {
    sink.stop();
  }
}

/** The client's response as the engine's sink: each batch encoded by the dialect and written. */
class ResponseSink<F> implements GenerationSink<F> {
  private readonly alive: ReturnType<typeof keepAlive> | undefined;

  constructor(
    private readonly res: Response,
    private readonly encoder: StreamEncoder<F>,
    private readonly trace: RequestTrace,
    keepAliveMs: number | undefined,
    /** What the answer has been billed so far: journalled as it streams, for a gateway killed mid-answer. */
    private readonly billed: () => UsageMetadata | undefined,
  ) {
    this.alive = keepAliveMs === undefined ? undefined : keepAlive(res, keepAliveMs, encoder.keepAliveText);
  }

  write(batch: F[]): boolean {
    const res = this.res;
    if (res.destroyed || res.writableEnded) return false;
    const text = this.encoder.encode(batch);
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
