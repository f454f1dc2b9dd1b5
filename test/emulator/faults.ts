import type { ServerResponse } from 'node:http';
import type { FinishReason, GoogleErrorBody } from '../../proxy/gemini/types.js';
import type { EmulatorState } from './context.js';
import {
  apiKeyInvalid,
  consumerSuspended,
  durationString,
  faultBody,
  googleError,
  internalError,
  keyLeaked,
  overloaded,
  quotaExceeded,
  serviceDisabled,
  spendCapExceeded,
  termsOfServiceViolation,
  type SpendCapKind,
} from './errors.js';
import type { Fault, FaultContext, FaultFilter } from './types.js';
import { sendJson, sleep } from './wire.js';

/** Builders for the faults tests use most; any Fault literal works too. */
export const faults = {
  /**
   * A genuine-looking 429 with QuotaFailure, Help and RetryInfo. `retryDelay` is a Duration string
   * ("29s", "1.5s"), or null for a 429 without RetryInfo; `perDay` reports the per-day quota id instead
   * of the per-minute one; `model` fills quotaDimensions.model (the attempt's model when omitted);
   * `limit` is the quotaValue.
   */
  rateLimit(
    opts: { retryDelay?: string | null; perDay?: boolean; model?: string; limit?: number } = {},
  ): Fault {
    const delayMs = opts.retryDelay === null ? null : Math.round(parseFloat(opts.retryDelay ?? '29s') * 1000);
    return {
      kind: 'http',
      status: 429,
      body: (ctx) => {
        const body = quotaExceeded(
          opts.perDay ? 'rpd' : 'rpm',
          opts.model ?? ctx.model,
          opts.limit ?? (opts.perDay ? 20 : 5),
          delayMs,
        );
        // Keep the caller's exact spelling of the delay (e.g. "1.5s"), as Gemini sends it through.
        for (const d of body.error.details ?? [])
          if (d.retryDelay !== undefined) d.retryDelay = opts.retryDelay ?? durationString(delayMs ?? 0);
        return body;
      },
    };
  },
  /** 429 of a spending limit: the project's monthly cap, its billing account's, or no prepaid credits left. */
  spendCap(kind: SpendCapKind = 'project-monthly'): Fault {
    return { kind: 'http', status: 429, body: spendCapExceeded(kind) };
  },
  /** 403 PERMISSION_DENIED for the terms of service (ErrorInfo TOS_VIOLATION, or the message alone). */
  termsOfService(withDetails = true): Fault {
    return { kind: 'http', status: 403, body: termsOfServiceViolation(withDetails) };
  },
  /** 400 INVALID_ARGUMENT, ErrorInfo API_KEY_INVALID. */
  invalidKey(): Fault {
    return { kind: 'http', status: 400, body: apiKeyInvalid() };
  },
  /** 403 PERMISSION_DENIED: suspended consumer (default), leaked key, or API disabled in the project. */
  permissionDenied(kind: 'suspended' | 'leaked' | 'service-disabled' = 'suspended'): Fault {
    return {
      kind: 'http',
      status: 403,
      body: (ctx) =>
        kind === 'leaked'
          ? keyLeaked()
          : kind === 'service-disabled'
            ? serviceDisabled(ctx.projectId)
            : consumerSuspended(ctx.apiKey, ctx.projectId),
    };
  },
  /** 503 UNAVAILABLE "The model is overloaded. Please try again later." */
  overloaded(): Fault {
    return { kind: 'http', status: 503, body: overloaded() };
  },
  /** 500 INTERNAL. */
  internal(): Fault {
    return { kind: 'http', status: 500, body: internalError() };
  },
  /** Any status with a message of your own. */
  http(status: number, message?: string, grpcStatus = 'UNKNOWN'): Fault {
    return message === undefined
      ? { kind: 'http', status }
      : { kind: 'http', status, body: googleError(status, grpcStatus, message) };
  },
  cut(afterChars: number): Fault {
    return { kind: 'cut', afterChars };
  },
  halfFrame(afterChars: number): Fault {
    return { kind: 'halfFrame', afterChars };
  },
  /** A streamed image or speech answer loses its socket after `parts` image or audio parts. */
  cutAfterMedia(parts: number): Fault {
    return { kind: 'cut', afterChars: Number.MAX_SAFE_INTEGER, afterMediaParts: parts };
  },
  /** Half of the frame carrying image or audio part number `parts` (0-based), then a clean end. */
  halfMediaFrame(parts: number): Fault {
    return { kind: 'halfFrame', afterChars: Number.MAX_SAFE_INTEGER, afterMediaParts: parts };
  },
  endWithoutFinish(afterChars: number): Fault {
    return { kind: 'endWithoutFinish', afterChars };
  },
  stall(afterChars: number, ms: number): Fault {
    return { kind: 'stall', afterChars, ms };
  },
  delay(ms: number): Fault {
    return { kind: 'delay', ms };
  },
  empty(): Fault {
    return { kind: 'empty' };
  },
  thoughtOnly(): Fault {
    return { kind: 'thoughtOnly' };
  },
  finish(finishReason: FinishReason, afterChars?: number): Fault {
    return afterChars === undefined
      ? { kind: 'finish', finishReason }
      : { kind: 'finish', finishReason, afterChars };
  },
  blockPrompt(blockReason = 'SAFETY'): Fault {
    return { kind: 'blockPrompt', blockReason };
  },
  repeatOverlap(chars: number): Fault {
    return { kind: 'repeatOverlap', chars };
  },
};

/** Where a positional fault strikes, in visible characters, clamped to the answer's length. */
export function faultPosition(fault: Fault | undefined, total: number): number | undefined {
  if (!fault) return undefined;
  switch (fault.kind) {
    case 'cut':
    case 'halfFrame':
    case 'endWithoutFinish':
    case 'stall':
      return Math.min(Math.max(0, fault.afterChars), total);
    case 'finish':
      return Math.min(Math.max(0, fault.afterChars ?? total), total);
    default:
      return undefined;
  }
}

/**
 * Takes the fault queued for this attempt (by `ctx.model`: a model, or an interaction's agent) and
 * plays what of it comes before any answer: `delay` waits its ms, `http` answers with its status and
 * body, shaped by `wrap` (a stream without alt=sse wraps it in an array). Resolves with the fault the
 * answer still has to play, or 'answered' when the http fault was the whole answer.
 */
export async function takeLeadingFault(
  state: EmulatorState,
  res: ServerResponse,
  ctx: FaultContext,
  wrap: (body: GoogleErrorBody) => unknown = (body) => body,
): Promise<Fault | undefined | 'answered'> {
  const fault = state.faults.take(ctx.apiKey, ctx.model);
  if (fault?.kind === 'delay') await sleep(fault.ms, state.signal);
  if (fault?.kind !== 'http') return fault;
  sendJson(res, fault.status, wrap(faultBody(fault.body, fault.status, ctx)));
  return 'answered';
}

interface QueuedFault {
  fault: Fault;
  filter: FaultFilter;
}

/** Faults wait in arrival order; an attempt takes the oldest one whose filter it matches. */
export class FaultQueue {
  private queue: QueuedFault[] = [];

  push(fault: Fault, filter: FaultFilter = {}): void {
    const model = filter.model?.replace(/^models\//, '');
    this.queue.push({ fault, filter: { ...filter, ...(model ? { model } : {}) } });
  }

  take(apiKey: string, model: string): Fault | undefined {
    const index = this.queue.findIndex(
      ({ filter }) =>
        (filter.key === undefined || filter.key === apiKey) &&
        (filter.model === undefined || filter.model === model),
    );
    if (index < 0) return undefined;
    const [entry] = this.queue.splice(index, 1);
    return entry?.fault;
  }

  get size(): number {
    return this.queue.length;
  }

  clear(): void {
    this.queue = [];
  }
}
