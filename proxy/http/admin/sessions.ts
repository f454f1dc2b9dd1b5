import crypto from 'node:crypto';

/** A printed sign-in link stays valid this long, so one copied a while after `serve` started still works. */
const LOGIN_TOKEN_TTL_MS = 24 * 3600_000;
/** A dashboard left alone this long must be opened with a fresh link. */
export const SESSION_IDLE_MS = 12 * 3600_000;
/** Bounds memory whatever a caller does: the oldest entries go first. */
const MAX_ENTRIES = 1000;

/**
 * Dashboard credentials, in memory only (a restart signs everyone out, which is the safe default
 * for a local tool): one-time login tokens, handed out in the printed URL or to the desktop shell,
 * and the session ids they are exchanged for, which travel only in an HttpOnly cookie.
 */
export class AdminSessions {
  private readonly loginTokens = new Map<string, number>();
  private readonly sessions = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly idleMs = SESSION_IDLE_MS,
  ) {}

  /** A fresh one-time login token. */
  issueLoginToken(): string {
    const token = randomSecret();
    this.prune();
    this.loginTokens.set(token, this.now() + LOGIN_TOKEN_TTL_MS);
    bound(this.loginTokens);
    return token;
  }

  /** Consumes a login token (valid or not, it is gone after this) and returns a new session id, if valid. */
  redeem(token: string): string | undefined {
    const expires = this.loginTokens.get(token);
    this.loginTokens.delete(token);
    if (expires === undefined || expires <= this.now()) return undefined;
    const session = randomSecret();
    this.sessions.set(session, this.now());
    bound(this.sessions);
    return session;
  }

  /** Whether the session is live; using it restarts its idle clock. */
  touch(session: string | undefined): boolean {
    if (!session) return false;
    const lastSeen = this.sessions.get(session);
    if (lastSeen === undefined) return false;
    if (lastSeen + this.idleMs <= this.now()) {
      this.sessions.delete(session);
      return false;
    }
    this.sessions.set(session, this.now());
    return true;
  }

  end(session: string | undefined): void {
    if (session) this.sessions.delete(session);
  }

  private prune(): void {
    const now = this.now();
    for (const [token, expires] of this.loginTokens) if (expires <= now) this.loginTokens.delete(token);
    for (const [session, lastSeen] of this.sessions)
      if (lastSeen + this.idleMs <= now) this.sessions.delete(session);
  }
}

function randomSecret(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** Maps keep insertion order, so the first entries are the oldest. */
function bound(map: Map<string, number>): void {
  while (map.size > MAX_ENTRIES) map.delete(map.keys().next().value!);
}
