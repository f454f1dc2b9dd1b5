import { desktopBridge } from '../api/desktop';

/** Shown without a session: how to get one. The link `gemgate serve` prints is the only way in. */
export function SignIn({ error, onRetry }: { error?: string; onRetry: () => void }) {
  const expired = new URLSearchParams(window.location.search).get('signin') === 'expired';
  return (
    <main className="signin" id="main">
      <div className="card signin-card">
        <h1>Sign in to gemgate</h1>
        {expired && (
          <p className="notice notice-error" role="alert">
            That sign-in link was already used or has expired.
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
              Open the one-time link that <code>gemgate serve</code> printed when it started (
              <code>http://…/?token=…</code>). Each link works once.
            </p>
            <p>
              Need a new one? Restart <code>gemgate serve</code>, or open the dashboard from the desktop
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
