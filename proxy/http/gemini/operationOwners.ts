import type { UpstreamDispatcher } from '../../dispatch/upstreamDispatcher.js';

/** Who started a long-running operation: the project whose keys can see it, and the client. */
export interface OperationOwner {
  projectId: string;
  keyId: string;
  clientId: string;
  startedAt: number;
}

/** Veo keeps a video's operation (and the video) for two days (https://ai.google.dev/gemini-api/docs/video). */
const KEEP_MS = 2 * 24 * 3600_000;
const MAX_OPERATIONS = 10_000;

/**
 * Operations gemgate started, by name (`models/veo-…/operations/…`). Gemini answers a poll only
 * through a key of the project that started the operation, and the pool may hand a poll to any
 * project, so the owner is remembered here. In memory: after a restart an operation is unknown, and
 * polling it is a 404 that says so. Oldest first out, past two days or past MAX_OPERATIONS.
 */
export class OperationOwners {
  private readonly owners = new Map<string, OperationOwner>();

  remember(name: string, owner: OperationOwner): void {
    this.owners.delete(name);
    this.owners.set(name, owner);
    for (const [oldest, entry] of this.owners) {
      if (this.owners.size <= MAX_OPERATIONS && entry.startedAt > owner.startedAt - KEEP_MS) break;
      this.owners.delete(oldest);
    }
  }

  ownerOf(name: string, now = Date.now()): OperationOwner | undefined {
    const owner = this.owners.get(name);
    if (owner && owner.startedAt <= now - KEEP_MS) {
      this.owners.delete(name);
      return undefined;
    }
    return owner;
  }
}

/** One book per gateway (its dispatcher), without a field on the shared GatewayContext. */
const books = new WeakMap<UpstreamDispatcher, OperationOwners>();

export function operationOwnersOf(dispatcher: UpstreamDispatcher): OperationOwners {
  let book = books.get(dispatcher);
  if (!book) {
    book = new OperationOwners();
    books.set(dispatcher, book);
  }
  return book;
}
