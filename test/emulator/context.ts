import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GoogleErrorBody } from '../../proxy/gemini/types.js';
import { invalidJson } from './errors.js';
import type { FaultQueue } from './faults.js';
import type { FileBook } from './files.js';
import type { CacheBook } from './caches.js';
import type { KeyRegistry } from './keys.js';
import type { OperationBook } from './operations.js';
import type { InteractionBook } from './interaction-book.js';
import type { QuotaBook } from './quota.js';
import type { AnswerBook } from './scripted.js';
import type { ApiVersion } from './types.js';

/** What every route handler works with: the emulator's mutable state and one authenticated call. */

export interface EmulatorState {
  keys: KeyRegistry;
  quotas: QuotaBook;
  faults: FaultQueue;
  answers: AnswerBook;
  files: FileBook;
  caches: CacheBook;
  /** Long-running operations (Veo), per project. */
  operations: OperationBook;
  /** Stored interactions (the Interactions API), per project. */
  interactions: InteractionBook;
  /** GETs that still find a background interaction running before it is done. */
  backgroundPolls: number;
  chunkChars: number;
  chunkDelayMs: number;
  now(): number;
  /** Aborted when the emulator closes, so stalls and delays end at once. */
  signal: AbortSignal;
  /** A response id, unique within a run and deterministic across runs. */
  nextResponseId(): string;
}

export interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  apiVersion: ApiVersion;
  /** Model id from the path, without "models/". */
  modelId: string;
  apiKey: string;
  projectId: string;
  query: URLSearchParams;
  rawBody: Buffer;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: GoogleErrorBody };

/** JSON.parse with Google's error for a body that is not JSON; an empty body reads as {}. */
export function parseJsonBody(raw: Buffer): Parsed<unknown> {
  const text = raw.toString('utf8');
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/end of (JSON )?input|Unterminated/i.test(message)) {
      return { ok: false, error: invalidJson('Unexpected end of string. Expected a value.', '') };
    }
    const position = Number(/position (\d+)/.exec(message)?.[1] ?? text.length - 1);
    const context = text.slice(Math.max(0, position - 40), position + 1);
    return { ok: false, error: invalidJson('Unexpected token.', context) };
  }
}
