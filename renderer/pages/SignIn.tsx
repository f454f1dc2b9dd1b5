import { useEffect } from 'react';
import { desktopBridge } from '../api/desktop';

/** Why the sign-in page shows: a first visit, a session that ended under the user, or a sign-out. */
export type SignInReason = 'first' | 'ended' | 'signed-out';

/** Shown without a session: how to get one. The link `gemgate serve` prints is the only way in. */
export function SignIn({
  error,
  reason = 'first',
  onRetry,
}: {
  error?: string;
  reason?: SignInReason;
  onRetry: () => void;
}) {
  const expired = new URLSearchParams(window.location.search).get('signin') === 'expired';
  useEffect(() => {
    document.title = 'Sign in · gemgate';
  }, []);
  return (
    <main className="signin" id="main">
      <div className="card signin-card">
        <h1>Sign in to gemgate</h1>
        {expired && (
          <p className="notice notice-error" role="alert">
            That sign-in link was already used or has expired.
          </p>
        )}
        {reason === 'ended' && (
          <p className="notice notice-warn" role="alert">
            You need to sign in again: gemgate was restarted (it forgets sessions when it stops), or this page
            was left alone for 12 hours.
          </p>
        )}
        {error && (
          <p className="notice notice-error" role="alert">
            {error}
          </p>
        )}
        {desktopBridge() ? (
          <p>The desktop app could not open a session. Try again, or restart gemgate from the tray.</p>
        ) : (
          <>
            <p>
              Open the one-time link that <code>gemgate serve</code> printed in its terminal when it started (
              <code>http://…/?token=…</code>). Each link works once; a restarted gemgate prints a new one.
            </p>
            <p>
              No link at hand? Restart <code>gemgate serve</code>, or open the dashboard from the desktop
              app&apos;s tray.
            </p>
          </>
        )}
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      </div>
    </main>
  );
}
