import type { Response } from 'express';
import type { UsageMetadata } from '../gemini/types.js';
import type { GenerationSummary } from '../resume/generation.js';
import { clientErrorOf } from './clientError.js';
import { Failure, StreamIncomplete } from '../failures/failures.js';
import type { UsageEntry, UsageHook, UsageOutcome } from '../usage/usageEntry.js';
import { addMedia, hasMedia, type MediaOutput } from '../gemini/mediaOutput.js';
import type { ClientLocals } from './gatewayContext.js';
import { normaliseModelName } from '../models/modelTraits.js';

/** How often a streaming answer's billing so far is journalled. */
const PROGRESS_EVERY_MS = 1000;

export interface TraceStart {
  clientId: string | null;
  dialect: UsageEntry['dialect'];
  endpoint: string;
  model: string | null;
  /** Absent: Gemini. */
  provider?: string;
  stream: boolean;
}

/**
 * Follows one request from arrival to its end and reports it to the usage hook exactly once.
 * Routes call `key`/`firstByte` as things happen and one of `ok`, `generation`, `rejected` or
 * `failed` at the end; everything else (timings, status, error class) is worked out here, so every
 * route, in either dialect, logs the same way.
 */
export class RequestTrace {
  private readonly at = Date.now();
  private readonly started = performance.now();
  private firstByteMs: number | null = null;
  private keyId: string | null = null;
  private madeMedia: MediaOutput | undefined;
  private done = false;
  /** The journal's name for the request once it is billed (UsageHook.begin), until it is recorded. */
  private pendingId: string | undefined;
  private lastProgress = -Infinity;

  constructor(
    private readonly hook: UsageHook,
    private readonly res: Response,
    private readonly start: TraceStart,
  ) {}

  /**
   * The trace of a request from the client whose token the request steps verified
   * (`res.locals.client`). Model and stream start as the JSON body claims them (`model`, `stream`),
   * so that a request refused before the route has validated it is still logged with the model it
   * named; the route sets what it actually serves once it has read the body.
   */
  static ofClient(
    hook: UsageHook,
    res: Response,
    start: Pick<TraceStart, 'dialect' | 'endpoint'> & Partial<TraceStart>,
  ): RequestTrace {
    const { client } = res.locals as ClientLocals;
    const claimed = claimedByBody((res as { req?: { body?: unknown } }).req?.body);
    return new RequestTrace(hook, res, { clientId: client.id, ...claimed, ...start });
  }

  /**
   * The route's first phase: reading the request and admitting it (validation, policy), before any
   * upstream call. What it throws, or the promise it returns rejects with, is logged as a rejection
   * and thrown on, for the client's error. A synchronous phase stays synchronous (no promise on the
   * hot path).
   */
  admitting<T>(admit: () => T): T {
    const reject = (error: unknown): never => {
      this.rejected(error);
      throw error;
    };
    try {
      const admitted = admit();
      return (admitted instanceof Promise ? admitted.catch(reject) : admitted) as T;
    } catch (error) {
      return reject(error);
    }
  }

  /** The route's second phase, once admitted: serving the request. What it throws is logged as a failure. */
  async serving(serve: () => Promise<void>): Promise<void> {
    try {
      await serve();
    } catch (error) {
      this.failed(error);
      throw error;
    }
  }

  set model(model: string | null) {
    this.start.model = model;
  }

  set provider(provider: string) {
    this.start.provider = provider;
  }

  set endpoint(endpoint: string) {
    this.start.endpoint = endpoint;
  }

  set stream(stream: boolean) {
    this.start.stream = stream;
  }

  /**
   * The key that answered the request's first upstream call: from here on it is billed, so it is
   * journalled as under way until it is recorded (a gateway killed meanwhile still logs it).
   */
  key(keyId: string): void {
    if (this.keyId !== null) return;
    this.keyId = keyId;
    if (this.done) return;
    const { clientId, dialect, endpoint, model, provider, stream } = this.start;
    this.pendingId = this.hook.begin?.({
      at: this.at,
      clientId,
      dialect,
      endpoint,
      model,
      ...(provider ? { provider } : {}),
      stream,
      keyId,
    });
  }

  /**
   * An answer streams on; `billed` is what it has been billed so far. Journalled about once a
   * second, so that a gateway killed mid-stream logs what the stream had cost by then.
   */
  streaming(billed: () => UsageMetadata | undefined): void {
    if (this.pendingId === undefined || !this.hook.progress) return;
    const now = performance.now();
    if (now - this.lastProgress < PROGRESS_EVERY_MS) return;
    this.lastProgress = now;
    this.hook.progress(this.pendingId, { usage: billed(), answered: this.firstByteMs !== null });
  }

  /** Images or speech that went to the client (counted per unit for the cost; added up over calls). */
  media(made: MediaOutput): void {
    this.madeMedia = this.madeMedia ? addMedia(this.madeMedia, made) : made;
  }

  /** The first byte of the answer is about to go to the client (only the first call counts). */
  firstByte(): void {
    this.firstByteMs ??= performance.now() - this.started;
  }

  /**
   * A whole answer went out (relayed as-is); `usage` when the answer carried usageMetadata.
   * `costUnknown`: Gemini bills this call but reports no tokens for it (embeddings).
   */
  ok(usage?: UsageMetadata, costUnknown = false): void {
    this.firstByte();
    this.finish({
      status: this.res.statusCode,
      outcome: 'ok',
      usage,
      costUnknown,
      attempts: this.keyId ? [{ keyId: this.keyId, mode: 'first', usage }] : [],
    });
  }

  /**
   * The resume engine's summary. `lastUsage` is the usage on the last chunk the client got, the
   * fallback when the summary has none (a client that left mid-stream).
   */
  generation(summary: GenerationSummary, lastUsage?: UsageMetadata): void {
    const incomplete =
      summary.outcome === 'incomplete' ? clientErrorOf(summary.error ?? new StreamIncomplete()) : undefined;
    const errorClass = incomplete
      ? incomplete.errorClass
      : summary.outcome === 'aborted'
        ? 'client_closed'
        : null;
    // Routes report a finished answer before its last bytes go out, so the headers of a whole
    // answer may not be sent yet: its status is the one set on the response.
    const finished = summary.outcome !== 'aborted' && summary.outcome !== 'incomplete';
    this.finish({
      status:
        this.res.headersSent || finished
          ? this.res.statusCode
          : summary.outcome === 'aborted'
            ? 499
            : (incomplete?.error.status ?? 502),
      outcome: summary.outcome,
      usage: summary.usage ?? lastUsage,
      attempts: summary.attempts.map((attempt) => ({
        keyId: attempt.keyId,
        mode: attempt.mode,
        cause: attempt.cause,
        usage: attempt.usage,
        seamRemoved: attempt.seamRemoved,
      })),
      errorClass,
      clientMessage: incomplete?.error.message ?? null,
      finishReason: summary.finishReason,
    });
  }

  /** gemgate refused the request before any upstream call (policy, validation). */
  rejected(error: unknown): void {
    this.fail(error, 'rejected');
  }

  /**
   * The request failed on the way to or from Gemini. `spent`: the attempts Gemini answered (and
   * billed) before it failed, e.g. an image model that answered without an image.
   */
  failed(error: unknown, spent?: Pick<GenerationSummary, 'attempts' | 'usage'>): void {
    this.fail(error, 'failed', spent);
  }

  private fail(
    error: unknown,
    outcome: UsageOutcome,
    spent?: Pick<GenerationSummary, 'attempts' | 'usage'>,
  ): void {
    const { status, errorClass, message } = classifyError(error);
    this.finish({
      status: this.res.headersSent ? this.res.statusCode : status,
      outcome: status === 499 ? 'aborted' : outcome,
      errorClass,
      clientMessage: message,
      tried: error instanceof Failure ? error.tried : undefined,
      usage: spent?.usage,
      attempts: (spent?.attempts ?? []).map((attempt) => ({
        keyId: attempt.keyId,
        mode: attempt.mode,
        cause: attempt.cause,
        usage: attempt.usage,
      })),
    });
  }

  private finish(
    end: Pick<
      UsageEntry,
      | 'status'
      | 'outcome'
      | 'usage'
      | 'attempts'
      | 'errorClass'
      | 'costUnknown'
      | 'clientMessage'
      | 'tried'
      | 'finishReason'
    >,
  ): void {
    if (this.done) return;
    this.done = true;
    this.hook.record({
      at: this.at,
      ...this.start,
      ...end,
      ...(this.pendingId ? { requestId: this.pendingId } : {}),
      ...(hasMedia(this.madeMedia) ? { media: this.madeMedia } : {}),
      keyId: this.keyId ?? end.attempts?.[0]?.keyId ?? null,
      ttfbMs: this.firstByteMs,
      totalMs: performance.now() - this.started,
    });
  }
}

/**
 * What an unvalidated body says it is: `model` when it is a non-empty string (normalised as routes
 * log it, without `models/`), `stream` only when it is `true`. Anything else claims nothing.
 */
export function claimedByBody(body: unknown): Pick<TraceStart, 'model' | 'stream'> {
  const fields = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const model = typeof fields.model === 'string' ? normaliseModelName(fields.model) : '';
  return { model: model === '' || model.length > 200 ? null : model, stream: fields.stream === true };
}

/** Status, a short error class ("rate_limit_exceeded", "invalid_argument", ...) and the client's message, for the log. */
export function classifyError(thrown: unknown): { status: number; errorClass: string; message: string } {
  const { error, errorClass } = clientErrorOf(thrown);
  return { status: error.status, errorClass, message: error.message };
}
