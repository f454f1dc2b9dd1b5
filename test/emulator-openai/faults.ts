/**
 * Faults the OpenAI-compatible emulator plays back, oldest first, one per chat call that gets past
 * the key check and the request's validation (a refused call consumes none). "Characters" are
 * code points of the answer's visible text.
 */
export type ChatFault =
  /** An error answer before any stream: status, DashScope's error code and message, and a Retry-After. */
  | {
      kind: 'http';
      status: number;
      code: string;
      message: string;
      retryAfterSeconds?: number;
      /** The message quotes the caller's key, as some services' "Incorrect API key provided: …" do. */
      quotesKey?: boolean;
    }
  /** Chunks up to N characters, then the TCP socket is destroyed (no finish_reason, no [DONE]). */
  | { kind: 'cut'; afterChars: number }
  /** Chunks up to N characters, then a clean end: no finish_reason, no [DONE]. */
  | { kind: 'endWithoutFinish'; afterChars: number }
  /** Chunks up to N characters, then about half the bytes of the next event, then a clean end. */
  | { kind: 'halfFrame'; afterChars: number }
  /** Chunks up to N characters, silence for `ms`, then the rest. */
  | { kind: 'stall'; afterChars: number; ms: number }
  /** On a continuation asked for in words, the last N characters already said come again first. */
  | { kind: 'repeatOverlap'; chars: number }
  /** finish_reason `stop` with no content at all. */
  | { kind: 'emptyStop' };

export interface FaultFilter {
  /** Only calls made with this key take the fault. */
  key?: string;
}

/**
 * Builders for the faults tests use. The 429s carry DashScope's codes and messages from its error
 * code table (https://www.alibabacloud.com/help/en/model-studio/error-code): `Throttling.RateQuota`
 * (requests per minute), `Throttling.AllocationQuota` (tokens per minute; "Free allocated quota
 * exceeded" once the free quota is spent), `LimitRequests`, `Throttling`.
 */
export const chatFaults = {
  rateLimit(
    options: {
      code?: 'Throttling.RateQuota' | 'Throttling.AllocationQuota' | 'LimitRequests' | 'Throttling';
      retryAfterSeconds?: number;
      freeQuota?: boolean;
    } = {},
  ): ChatFault {
    const code = options.code ?? (options.freeQuota ? 'Throttling.AllocationQuota' : 'Throttling.RateQuota');
    const message = options.freeQuota
      ? 'Free allocated quota exceeded.'
      : {
          'Throttling.RateQuota': 'Requests rate limit exceeded, please try again later.',
          'Throttling.AllocationQuota': 'Allocated quota exceeded, please increase your quota limit.',
          LimitRequests: 'You exceeded your current requests list.',
          Throttling: 'Requests throttling triggered.',
        }[code];
    return { kind: 'http', status: 429, code, message, retryAfterSeconds: options.retryAfterSeconds };
  },
  invalidKey(): ChatFault {
    return { kind: 'http', status: 401, code: 'InvalidApiKey', message: 'Invalid API-key provided.' };
  },
  /** Any status and code, with a message that quotes the caller's key. */
  quoting(status: number, code: string): ChatFault {
    return { kind: 'http', status, code, message: 'Request failed for key', quotesKey: true };
  },
  arrearage(): ChatFault {
    return {
      kind: 'http',
      status: 400,
      code: 'Arrearage',
      message: 'Access denied, please make sure your account is in good standing.',
    };
  },
  internal(): ChatFault {
    return {
      kind: 'http',
      status: 500,
      code: 'InternalError',
      message: 'An internal error has occured, please try again later or contact service support.',
    };
  },
  cut(afterChars: number): ChatFault {
    return { kind: 'cut', afterChars };
  },
  endWithoutFinish(afterChars: number): ChatFault {
    return { kind: 'endWithoutFinish', afterChars };
  },
  halfFrame(afterChars: number): ChatFault {
    return { kind: 'halfFrame', afterChars };
  },
  stall(afterChars: number, ms: number): ChatFault {
    return { kind: 'stall', afterChars, ms };
  },
  repeatOverlap(chars: number): ChatFault {
    return { kind: 'repeatOverlap', chars };
  },
  emptyStop(): ChatFault {
    return { kind: 'emptyStop' };
  },
};
