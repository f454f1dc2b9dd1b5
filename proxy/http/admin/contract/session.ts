/** Signing in to the dashboard, and the shape of every error. */

export interface ApiError {
  error: { message: string };
}

/** POST /admin/api/login: exchanges a one-time login token for the session cookie (answer 204). */
export interface LoginRequest {
  token: string;
}

/**
 * GET /admin/api/session: the one route that answers without a session, so the page can ask
 * whether it is signed in without provoking an error.
 */
export type SessionResponse =
  | {
      signedIn: true;
      /** When the session ends if left alone. */
      idleTimeoutMs: number;
    }
  | { signedIn: false };
