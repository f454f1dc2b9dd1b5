import type { GenerationSummary } from '../../resume/generation.js';
import type { GatewayError } from '../gatewayError.js';
import { incompleteAnswerError } from '../clientError.js';

/** One streamed answer in a dialect's framing, fed batch by batch. */
export interface StreamEncoder<F> {
  contentType: string;
  /** SSE: keep-alive comments while the upstream thinks or a resume opens (a JSON array has no place for them). */
  keepAlive: boolean;
  /** What a keep-alive writes, when the dialect has an event for it (Anthropic's `ping`); else an SSE comment. */
  keepAliveText?: string;
  /** The bytes for one batch of the answer; '' when there is nothing to show the client yet. */
  encode(batch: F[]): string;
  /** The stream's last bytes once the answer is done (a terminator, closing events), or ''. */
  finish(summary: GenerationSummary): string;
  /** The stream's last bytes when the answer could not be completed: an error the client can see. */
  fail(error: GatewayError): string;
  /**
   * Whether what was encoded is a finished answer in this dialect (every choice got its finish
   * reason). A dialect that cannot tell leaves it out, and the summary decides.
   */
  readonly complete?: boolean;
}

/** What a whole answer becomes: one body. */
export interface WholeBody {
  contentType: string;
  body: string | Buffer;
}

/** One whole answer in a dialect's shape: frames folded as they come, the body made at the end. */
export interface WholeEncoder<F> {
  add(frame: F): void;
  /**
   * The answer's body, once the generation completed. Throws when the answer cannot be given in
   * this dialect (an image model that answered without an image): the request fails, and what the
   * upstream billed is still logged.
   */
  body(summary: GenerationSummary): WholeBody;
}

/**
 * How one client dialect writes a generation of `F` frames: streamed or whole. A route picks one
 * per request (the options it needs, such as an id or the client's settings, go in when it is made);
 * serveGeneration does the rest, the same for every dialect.
 */
export interface GenerationDialect<F> {
  /** Absent for an endpoint that answers only whole (speech). */
  stream?(): StreamEncoder<F>;
  /** Absent where a whole answer is relayed whole rather than collected (another provider's). */
  whole?(): WholeEncoder<F>;
}

/** The last bytes of a stream: its proper end, or an error when the answer is incomplete. */
export function endOfStream<F>(encoder: StreamEncoder<F>, summary: GenerationSummary): string {
  if (summary.outcome === 'incomplete' || encoder.complete === false) {
    // The openai SDK (and others) take a stream that just stops for a complete one: say it is not.
    return encoder.fail(incompleteAnswerError(summary.error));
  }
  return encoder.finish(summary);
}
