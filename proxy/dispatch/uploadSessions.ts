import crypto from 'node:crypto';
import type { StoredUploadSession } from '../store/uploadSessions.js';
import { sha256Hex } from '../util/ids.js';

/**
 * A resumable upload under way: which client started it, on which project and key, and Gemini's
 * own session URL. The client only ever sees `id`, an opaque random name that stands for all of it;
 * Gemini's URL (a credential of its own) and the key never reach the client.
 */
export interface UploadSession {
  id: string;
  clientId: string;
  projectId: string;
  keyId: string;
  apiKey: string;
  /** Where Gemini takes this upload's bytes (its `x-goog-upload-url`). */
  upstreamUrl: string;
  apiVersion: 'v1beta' | 'v1';
  createdAt: number;
  touchedAt: number;
}

export interface UploadSessionLimits {
  /** A session no command touched for this long is forgotten. */
  idleMs: number;
  /** A session is forgotten this long after it started, however busy. */
  maxAgeMs: number;
  /** Sessions kept at once; past it, the longest idle goes first. */
  maxSessions: number;
}

export const UPLOAD_SESSION_LIMITS: UploadSessionLimits = {
  idleMs: 60 * 60_000,
  maxAgeMs: 24 * 60 * 60_000,
  maxSessions: 1000,
};

/** Where sessions are kept so they outlive the process (store/uploadSessions.ts). */
export interface UploadSessionBook {
  save(session: StoredUploadSession): void;
  get(idHash: string): StoredUploadSession | undefined;
  touch(idHash: string, at: number): void;
  delete(idHash: string): void;
  prune(idleBefore: number, startedBefore: number, keep: number): void;
}

export interface UploadSessionStorage {
  book: UploadSessionBook;
  /** The secret of a key of the pool by its id; undefined when the key is gone (the session is then too). */
  apiKeyOf(keyId: string): string | undefined;
}

/**
 * The uploads gemgate is relaying. A session answers only to the client token that started it; for
 * anyone else, and once it is finished, cancelled or expired, it does not exist. Kept in memory and,
 * with a `storage`, in the database too (its id only as a hash, its key only by id), so that a client
 * whose gateway restarted mid-upload goes on with the same upload id, as it would against Google.
 */
export class UploadSessions {
  // Map order is touch order (re-inserted on use), so the first entry is the longest idle.
  private readonly sessions = new Map<string, UploadSession>();

  constructor(
    private readonly limits: UploadSessionLimits = UPLOAD_SESSION_LIMITS,
    private readonly now: () => number = Date.now,
    private readonly storage?: UploadSessionStorage,
  ) {}

  open(session: Omit<UploadSession, 'id' | 'createdAt' | 'touchedAt'>): UploadSession {
    const now = this.now();
    this.sweep(now);
    while (this.sessions.size >= this.limits.maxSessions) {
      this.forget(this.sessions.keys().next().value!);
    }
    const opened: UploadSession = {
      ...session,
      id: crypto.randomBytes(24).toString('base64url'),
      createdAt: now,
      touchedAt: now,
    };
    this.sessions.set(opened.id, opened);
    if (this.storage) {
      const { book } = this.storage;
      const { apiKey: _secret, id, ...kept } = opened;
      book.save({ ...kept, idHash: hashOf(id) });
      book.prune(now - this.limits.idleMs, now - this.limits.maxAgeMs, this.limits.maxSessions);
    }
    return opened;
  }

  /** The session, if it exists, is alive and belongs to this client; using it keeps it alive. */
  take(id: string, clientId: string): UploadSession | undefined {
    const now = this.now();
    const session = this.sessions.get(id) ?? this.restored(id);
    if (!session) return undefined;
    if (this.expired(session, now)) {
      this.forget(id);
      return undefined;
    }
    if (session.clientId !== clientId) return undefined;
    session.touchedAt = now;
    this.sessions.delete(id);
    this.sessions.set(id, session);
    this.storage?.book.touch(hashOf(id), now);
    return session;
  }

  /** The upload finished or was cancelled: its id means nothing any more. */
  end(id: string): void {
    this.forget(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  /** A session a previous run of gemgate kept, back in memory, while its key is still in the pool. */
  private restored(id: string): UploadSession | undefined {
    const stored = this.storage?.book.get(hashOf(id));
    if (!stored) return undefined;
    const apiKey = this.storage!.apiKeyOf(stored.keyId);
    if (!apiKey) {
      this.storage!.book.delete(stored.idHash);
      return undefined;
    }
    const { idHash: _hash, ...kept } = stored;
    const session: UploadSession = { ...kept, id, apiKey };
    this.sessions.set(id, session);
    return session;
  }

  private forget(id: string): void {
    this.sessions.delete(id);
    this.storage?.book.delete(hashOf(id));
  }

  private expired(session: UploadSession, now: number): boolean {
    return now - session.touchedAt >= this.limits.idleMs || now - session.createdAt >= this.limits.maxAgeMs;
  }

  /** Drops the idle ones from the front; an old but busy one goes when it is next taken. */
  private sweep(now: number): void {
    for (const session of this.sessions.values()) {
      if (!this.expired(session, now)) break;
      this.forget(session.id);
    }
  }
}

function hashOf(id: string): string {
  return sha256Hex(`gemgate-upload:${id}`);
}
