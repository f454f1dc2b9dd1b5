import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { api, setSignedOutHandler } from './api/client';
import { closeLiveStream, openLiveStream, useLive, useLiveConnected } from './api/live';
import { desktopBridge } from './api/desktop';
import { PAGES, usePage, type PagePath } from './routes';
import { useTheme, type ThemeChoice } from './theme';
import { SignIn } from './pages/SignIn';
import { Loading } from './components/ui';
import { Overview } from './pages/Overview';
import { Keys } from './pages/Keys';
import { Clients } from './pages/Clients';
import { Settings } from './pages/Settings';
import { Alerts } from './pages/Alerts';
import { Files } from './pages/Files';

// The charts library is most of the bundle: it loads with the Usage page, not before.
const Usage = lazy(() => import('./pages/Usage').then((module) => ({ default: module.Usage })));

type SessionState = 'checking' | 'signed-in' | 'signed-out';

/** Uses the session cookie if there is one; inside the desktop app, asks the shell for a login token. */
async function establishSession(): Promise<{ state: SessionState; error?: string }> {
  try {
    if ((await api.session()).signedIn) return { state: 'signed-in' };
  } catch (error) {
    return { state: 'signed-out', error: error instanceof Error ? error.message : String(error) };
  }
  // No session yet: the desktop app can get one without a link.
  const desktop = desktopBridge();
  if (!desktop) return { state: 'signed-out' };
  try {
    await api.login(await desktop.getLoginToken());
    return { state: 'signed-in' };
  } catch (error) {
    return { state: 'signed-out', error: error instanceof Error ? error.message : String(error) };
  }
}

export function App() {
  const [session, setSession] = useState<SessionState>('checking');
  const [signInError, setSignInError] = useState<string>();
  // Bumped by every successful sign-in: the pages and the live stream start afresh with the new
  // session (after gemgate restarted, say), instead of keeping what failed under the old one.
  const [generation, setGeneration] = useState(0);

  const signIn = useCallback(() => {
    void establishSession().then((result) => {
      setSession(result.state);
      setSignInError(result.error);
      if (result.state === 'signed-in') setGeneration((value) => value + 1);
    });
  }, []);

  // Whenever the server says the session is gone, sign in again the same way: inside the desktop
  // app that happens without the user noticing; in a browser it shows how to get a new link.
  useEffect(() => {
    setSignedOutHandler(signIn);
    signIn();
  }, [signIn]);

  useEffect(() => {
    if (session !== 'signed-in') return;
    openLiveStream(signIn);
    return () => closeLiveStream();
  }, [session, signIn, generation]);

  if (session === 'checking') return null;
  if (session === 'signed-out') return <SignIn error={signInError} onRetry={signIn} />;
  return (
    <Shell key={generation} onSignOut={() => void api.logout().finally(() => setSession('signed-out'))} />
  );
}

function Shell({ onSignOut }: { onSignOut: () => void }) {
  const page = usePage();
  const [theme, setTheme] = useTheme();
  const live = useLiveConnected();
  const [unseenAlerts, setUnseenAlerts] = useState(0);
  useLive('event', (event) => {
    if (event.severity !== 'info' && page !== 'alerts') setUnseenAlerts((count) => count + 1);
  });

  // Moving between pages puts keyboard focus on the new page's heading, as a page load would.
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.querySelector('h1')?.focus();
  }, [page]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Dashboard">
        <div className="brand">
          <img src="/favicon.svg" alt="" width="24" height="24" />
          <span>gemgate</span>
        </div>
        <ul>
          {PAGES.map((entry) => (
            <li key={entry.path}>
              <a
                href={`#/${entry.path}`}
                aria-current={entry.path === page ? 'page' : undefined}
                onClick={entry.path === 'alerts' ? () => setUnseenAlerts(0) : undefined}
              >
                {entry.title}
                {entry.path === 'alerts' && unseenAlerts > 0 && (
                  <span className="nav-count" aria-label={`${unseenAlerts} new`}>
                    {unseenAlerts}
                  </span>
                )}
              </a>
            </li>
          ))}
        </ul>
        <div className="sidebar-footer">
          <span className={`live ${live ? 'live-on' : 'live-off'}`} role="status">
            {live ? 'Live' : 'Reconnecting…'}
          </span>
          <label className="theme-picker">
            Theme
            <select value={theme} onChange={(event) => setTheme(event.target.value as ThemeChoice)}>
              <option value="system">System</option>
              <option value="light">Light</option>
              <option value="dark">Dark</option>
            </select>
          </label>
          <button type="button" className="button-small" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </nav>
      <main id="main" ref={main}>
        <PageView page={page} />
      </main>
    </div>
  );
}

function PageView({ page }: { page: PagePath }) {
  switch (page) {
    case 'overview':
      return <Overview />;
    case 'keys':
      return <Keys />;
    case 'usage':
      return (
        <Suspense fallback={<Loading />}>
          <Usage />
        </Suspense>
      );
    case 'clients':
      return <Clients />;
    case 'files':
      return <Files />;
    case 'settings':
      return <Settings />;
    case 'alerts':
      return <Alerts />;
  }
}
