import type { Response } from 'express';
import type { RequestTrace } from '../requestTrace.js';
import type { WholeBody } from './generationDialect.js';

export interface WholeAnswer extends WholeBody {
  /** The key that answered (for `x-gemgate-key-id`). */
  keyId: string;
  /** When gemgate began serving the request (performance.now()). */
  started: number;
  /** Time spent waiting on the upstream: not gemgate's overhead. */
  upstreamMs: number;
  /** Logs the request (trace.generation or trace.ok): before the body goes out. */
  log(): void;
}

/**
 * The last step of every whole answer, the same for every route and dialect: 200 with the
 * answer's type, `x-gemgate-key-id`, `x-gemgate-overhead-ms` (the time spent inside gemgate: all
 * of serving but the upstream's own), the request logged before the body goes out (a client that
 * got the answer finds it in the log), then the body, written at once (not res.json, which also
 * hashes every answer for an ETag that no client of a POST uses).
 */
export function sendWhole(res: Response, trace: RequestTrace, answer: WholeAnswer): void {
  res.status(200);
  res.setHeader('content-type', answer.contentType);
  res.setHeader('x-gemgate-key-id', answer.keyId);
  res.setHeader('x-gemgate-overhead-ms', (performance.now() - answer.started - answer.upstreamMs).toFixed(2));
  trace.firstByte();
  answer.log();
  res.end(answer.body);
}
