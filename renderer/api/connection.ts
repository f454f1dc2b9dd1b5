// Whether gemgate answers: every call of the API client and the live stream report here, so the
// page can say plainly that what it shows is from before gemgate went away, and load everything
// again, by itself, the moment it is back.
import { useSyncExternalStore } from 'react';

export interface Connection {
  reachable: boolean;
  /** When gemgate last answered (ms since the epoch); null before it ever did. */
  lastContactAt: number | null;
}

let state: Connection = { reachable: true, lastContactAt: null };
const listeners = new Set<() => void>();
const reconnectListeners = new Set<() => void>();

function set(next: Connection): void {
  const cameBack = next.reachable && !state.reachable;
  state = next;
  for (const listener of listeners) listener();
  if (cameBack) for (const listener of reconnectListeners) listener();
}

/** gemgate answered (any HTTP status: it is there). */
export function reportReachable(): void {
  if (!state.reachable || state.lastContactAt === null || Date.now() - state.lastContactAt > 1000) {
    set({ reachable: true, lastContactAt: Date.now() });
  }
}

/** A call got no answer at all: gemgate is stopped, restarting, or the network is down. */
export function reportUnreachable(): void {
  if (state.reachable) set({ ...state, reachable: false });
}

export function connection(): Connection {
  return state;
}

export function useConnection(): Connection {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}

/** Calls `listener` each time gemgate answers again after it did not; returns the unsubscribe. */
export function onReconnect(listener: () => void): () => void {
  reconnectListeners.add(listener);
  return () => reconnectListeners.delete(listener);
}
