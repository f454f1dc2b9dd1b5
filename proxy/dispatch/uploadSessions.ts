import crypto from 'node:crypto';

/**
 * A resumable upload under way: which client started it, on which project and key, and Gemini's
 * own session URL. The client only ever sees `id`, an opaque random name that stands for all of it;
 * Gemini's URL (a credential of its own) and the key stay in this process's memory.
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

/**
 * The uploads gemgate is relaying. A session answers only to the client token that started it; for
 * anyone else, and once it is finished, cancelled or expired, it does not exist. Held in memory:
 * after a restart a client starts its upload again, as it would after Google's session expired.
 */
export class UploadSessions {
  // Map order is touch order (re-inserted on use), so the first entry is the longest idle.
  private readonly sessions = new Map<string, UploadSession>();

  constructor(
    private readonly limits: UploadSessionLimits = UPLOAD_SESSION_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  open(session: Omit<UploadSession, 'id' | 'createdAt' | 'touchedAt'>): UploadSession {
    const now = this.now();
    this.sweep(now);
    while (this.sessions.size >= this.limits.maxSessions) {
      this.sessions.delete(this.sessions.keys().next().value!);
    }
    const opened: UploadSession = {
      ...session,
      id: crypto.randomBytes(24).toString('base64url'),
      createdAt: now,
      touchedAt: now,
    };
    this.sessions.set(opened.id, opened);
    return opened;
  }

  /** The session, if it exists, is alive and belongs to this client; using it keeps it alive. */
  take(id: string, clientId: string): UploadSession | undefined {
    const now = this.now();
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (this.expired(session, now)) {
      this.sessions.delete(id);
      return undefined;
    }
    if (session.clientId !== clientId) return undefined;
    session.touchedAt = now;
    this.sessions.delete(id);
    this.sessions.set(id, session);
    return session;
  }

  /** The upload finished or was cancelled: its id means nothing any more. */
  end(id: string): void {
    this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  private expired(session: UploadSession, now: number): boolean {
    return now - session.touchedAt >= this.limits.idleMs || now - session.createdAt >= this.limits.maxAgeMs;
  }

  /** Drops the idle ones from the front; an old but busy one goes when it is next taken. */
  private sweep(now: number): void {
    for (const session of this.sessions.values()) {
      if (!this.expired(session, now)) break;
      this.sessions.delete(session.id);
    }
  }
}
