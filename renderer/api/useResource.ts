import { useCallback, useEffect, useRef, useState } from 'react';
import type { StreamEventName } from '../../proxy/http/admin/contract';
import { ApiRequestError } from './client';
import { onReconnect } from './connection';
import { useLive } from './live';

export interface Resource<T> {
  data: T | undefined;
  /** The server's message for a failed load; not set while gemgate is unreachable (the page says that once). */
  error: string | undefined;
  /** When `data` was loaded (ms since the epoch). */
  loadedAt: number | undefined;
  reload: () => void;
}

/**
 * Bursts of pushed changes (a paste of 20 keys, a stream of requests) cause a reload at most this
 * often, and one more after the last of them: the request log is written a moment (up to 250 ms)
 * after its `usage` message, so the reload that follows the last message must come later than that.
 */
const COALESCE_MS = 400;

/**
 * Loads data through the API client and loads it again whenever one of the named live messages
 * arrives (the page follows the gateway without polling), and when gemgate answers again after it
 * did not. While it does not, the last data stays on screen; the shell says how old it is.
 */
export function useResource<T>(
  load: () => Promise<T>,
  reloadOn: StreamEventName[] = [],
  /** Values the loader depends on (a filter, a grouping): a change loads again at once. */
  dependsOn: unknown[] = [],
): Resource<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [loadedAt, setLoadedAt] = useState<number>();
  const loader = useRef(load);
  useEffect(() => {
    loader.current = load;
  });
  const timer = useRef<number | undefined>(undefined);
  const pushedAgain = useRef(false);
  const generation = useRef(0);

  const reload = useCallback(() => {
    const mine = ++generation.current;
    loader
      .current()
      .then((value) => {
        if (mine !== generation.current) return;
        setData(value);
        setError(undefined);
        setLoadedAt(Date.now());
      })
      .catch((failure: unknown) => {
        if (mine !== generation.current) return;
        if (failure instanceof ApiRequestError && failure.status === 0) return;
        setError(failure instanceof ApiRequestError ? failure.message : String(failure));
      });
  }, []);

  const scheduleReload = useCallback(() => {
    if (timer.current !== undefined) {
      pushedAgain.current = true;
      return;
    }
    const fire = () => {
      reload();
      if (pushedAgain.current) {
        pushedAgain.current = false;
        timer.current = window.setTimeout(fire, COALESCE_MS);
      } else timer.current = undefined;
    };
    timer.current = window.setTimeout(fire, COALESCE_MS);
  }, [reload]);

  const dependencyKey = JSON.stringify(dependsOn);
  useEffect(() => {
    reload();
    return () => {
      window.clearTimeout(timer.current);
      timer.current = undefined;
    };
  }, [reload, dependencyKey]);
  useEffect(() => onReconnect(reload), [reload]);

  useLive('keys', () => reloadOn.includes('keys') && scheduleReload());
  useLive('tokens', () => reloadOn.includes('tokens') && scheduleReload());
  useLive('settings', () => reloadOn.includes('settings') && scheduleReload());
  useLive('usage', () => reloadOn.includes('usage') && scheduleReload());
  useLive('status', () => reloadOn.includes('status') && scheduleReload());
  useLive('event', () => reloadOn.includes('event') && scheduleReload());
  useLive('traffic', () => reloadOn.includes('traffic') && scheduleReload());
  return { data, error, loadedAt, reload };
}

/** Re-renders every few seconds so "resets in …" counts down. */
export function useNow(intervalMs = 5000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}
