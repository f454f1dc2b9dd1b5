import { useCallback, useEffect, useRef, useState } from 'react';
import { api, setSignedOutHandler } from './api/client';
import { closeLiveStream, openLiveStream, useLive, useLiveConnected } from './api/live';
import { desktopBridge } from './api/desktop';
import { useConnection } from './api/connection';
import { PAGES, pageTitle, usePage, type PagePath } from './routes';
import { useTheme, type ThemeChoice } from './theme';
import { SignIn, type SignInReason } from './pages/SignIn';
import { prefetch } from './components/lazyPart';
import { loadUsageCharts } from './pages/usage/chartsLoader';
import { formatClock } from './format';
import { Overview } from './pages/Overview';
import { Keys } from './pages/Keys';
import { Usage } from './pages/Usage';
import { Clients } from './pages/Clients';
import { Settings } from './pages/Settings';
import { Backup } from './pages/Backup';
import { Alerts } from './pages/Alerts';
import { Files } from './pages/Files';

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
  const [reason, setReason] = useState<SignInReason>('first');
  // Bumped by every successful sign-in: the pages and the live stream start afresh with the new
  // session (after gemgate restarted, say), instead of keeping what failed under the old one.
  const [generation, setGeneration] = useState(0);
  const wasSignedIn = useRef(false);

  const signIn = useCallback(() => {
    void establishSession().then((result) => {
      setSession(result.state);
      setSignInError(result.error);
      if (result.state === 'signed-in') {
        wasSignedIn.current = true;
        setGeneration((value) => value + 1);
      } else if (wasSignedIn.current) setReason('ended');
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
    // The charts load with the Usage page; fetched ahead while idle, they are there even offline.
    const idle = window.setTimeout(() => prefetch(loadUsageCharts), 1500);
    return () => {
      window.clearTimeout(idle);
      closeLiveStream();
    };
  }, [session, signIn, generation]);

  if (session === 'checking') return null;
  if (session === 'signed-out') return <SignIn error={signInError} reason={reason} onRetry={signIn} />;
  return (
    <Shell
      key={generation}
      onSignOut={() =>
        void api.logout().finally(() => {
          wasSignedIn.current = false;
          setReason('signed-out');
          setSession('signed-out');
        })
      }
    />
  );
}

function Shell({ onSignOut }: { onSignOut: () => void }) {
  const page = usePage();
  const [theme, setTheme] = useTheme();
  const live = useLiveConnected();
  const [unseenAlerts, setUnseenAlerts] = useState(0);
  // The phone's menu is open on the page it was opened on: moving to another page closes it.
  const [menuOpenOn, setMenuOpenOn] = useState<PagePath | null>(null);
  const menuOpen = menuOpenOn === page;
  const setMenuOpen = (open: boolean) => setMenuOpenOn(open ? page : null);
  useLive('event', (event) => {
    if (event.severity !== 'info' && page !== 'alerts') setUnseenAlerts((count) => count + 1);
  });

  // Moving between pages puts keyboard focus on the new page's heading, as a page load would.
  const main = useRef<HTMLElement>(null);
  const shownPage = useRef(page);
  useEffect(() => {
    if (shownPage.current === page) return;
    shownPage.current = page;
    main.current?.querySelector('h1')?.focus();
  }, [page]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="brand">
          <img src="/favicon.svg" alt="" width="24" height="24" />
          <span>gemgate</span>
        </div>
        <span className="topbar-page">{pageTitle(page)}</span>
        <button
          type="button"
          className="button-small menu-button"
          aria-expanded={menuOpen}
          aria-controls="dashboard-menu"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          {menuOpen ? 'Close menu' : 'Menu'}
          {unseenAlerts > 0 && !menuOpen && <span className="nav-count">{unseenAlerts}</span>}
        </button>
      </header>
      <nav className="sidebar" id="dashboard-menu" aria-label="Dashboard" data-open={menuOpen}>
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
                onClick={() => {
                  setMenuOpen(false);
                  if (entry.path === 'alerts') setUnseenAlerts(0);
                }}
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
        <OfflineNotice />
        <PageView page={page} />
      </main>
    </div>
  );
}

/** While gemgate does not answer: what is on screen is from before, and it updates by itself. */
function OfflineNotice() {
  const { reachable, lastContactAt } = useConnection();
  if (reachable) return null;
  return (
    <p className="notice notice-error offline" role="alert">
      <strong>gemgate is not reachable.</strong>{' '}
      {lastContactAt
        ? `What you see is from ${formatClock(lastContactAt)} and may be out of date.`
        : 'Nothing could be loaded yet.'}{' '}
      The page updates by itself when gemgate is back; if it restarted, you may be asked to sign in again.
    </p>
  );
}

function PageView({ page }: { page: PagePath }) {
  switch (page) {
    case 'overview':
      return <Overview />;
    case 'keys':
      return <Keys />;
    case 'usage':
      return <Usage />;
    case 'clients':
      return <Clients />;
    case 'files':
      return <Files />;
    case 'settings':
      return <Settings />;
    case 'backup':
      return <Backup />;
    case 'alerts':
      return <Alerts />;
  }
}
