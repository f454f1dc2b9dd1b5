// Parts of the page that load on demand (the charts library is most of the bundle): when gemgate
// is not there to serve the file, the rest of the page stays, the part says why it is missing, and
// it loads by itself once gemgate answers again.
import { Component, lazy, Suspense, useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { connection, onReconnect } from '../api/connection';
import { Loading } from './ui';

/** Loaders already started, so a part asked for twice (a prefetch, then the page) loads once. */
const started = new Map<() => Promise<unknown>, Promise<unknown>>();

function start<T>(load: () => Promise<T>): Promise<T> {
  let promise = started.get(load) as Promise<T> | undefined;
  if (!promise) {
    promise = load();
    started.set(load, promise);
    // A failed load is forgotten, so the next try asks the server again.
    promise.catch(() => started.delete(load));
  }
  return promise;
}

/** Starts loading a part before it is needed (when the browser is idle), so it is there offline. */
export function prefetch(load: () => Promise<unknown>): void {
  void start(load).catch(() => undefined);
}

/**
 * A component loaded on demand by `load`. While the file cannot be fetched, `fallback` says why and
 * offers to try again; each try (by hand, or when gemgate answers again) fetches it anew. A browser
 * that remembers the failed module for the page's life is reloaded, once gemgate is back.
 */
export function lazyPart<P extends object>(
  load: () => Promise<ComponentType<P>>,
  what: string,
): ComponentType<P> {
  return function LazyPart(props: P) {
    const [attempt, setAttempt] = useState(0);
    const [Part] = useState(() => new Map<number, ComponentType<P>>());
    let Loaded = Part.get(attempt);
    if (!Loaded) {
      Loaded = lazy(() => start(load).then((component) => ({ default: component })));
      Part.set(attempt, Loaded);
    }
    return (
      <PartBoundary key={attempt} what={what} attempt={attempt} onRetry={() => setAttempt(attempt + 1)}>
        <Suspense fallback={<Loading />}>
          <Loaded {...props} />
        </Suspense>
      </PartBoundary>
    );
  };
}

interface BoundaryProps {
  what: string;
  attempt: number;
  onRetry: () => void;
  children: ReactNode;
}

class PartBoundary extends Component<BoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return <PartMissing what={this.props.what} attempt={this.props.attempt} onRetry={this.props.onRetry} />;
  }
}

/** After this many tries the browser keeps failing the same file from memory: load the page anew. */
const TRIES_BEFORE_RELOAD = 2;

function PartMissing({ what, attempt, onRetry }: { what: string; attempt: number; onRetry: () => void }) {
  const retry = () => (attempt + 1 >= TRIES_BEFORE_RELOAD ? window.location.reload() : onRetry());
  useEffect(() => onReconnect(retry));
  useEffect(() => {
    // Asked again while gemgate answers, and failed again: the browser holds on to the failure.
    if (attempt + 1 >= TRIES_BEFORE_RELOAD && connection().reachable) window.location.reload();
  }, [attempt]);
  return (
    <div className="notice notice-warn part-missing" role="status">
      <p>{what} could not be loaded: gemgate did not answer. It loads by itself when gemgate is back.</p>
      <button type="button" className="button-small" onClick={retry}>
        Try again
      </button>
    </div>
  );
}
