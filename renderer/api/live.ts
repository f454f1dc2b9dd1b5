// Live updates from gemgate over Server-Sent Events: one EventSource for the whole app, shared by
// every component that listens. The browser reconnects on its own after a drop.
import { useEffect, useRef, useState } from 'react';
import type { StreamEventName, StreamMessages } from '../../proxy/http/admin/contract';
import { EVENTS_STREAM_URL } from './client';
import { reportReachable, reportUnreachable } from './connection';

type Handler<N extends StreamEventName> = (data: StreamMessages[N]) => void;

const handlers = new Map<StreamEventName, Set<Handler<StreamEventName>>>();
const connectionListeners = new Set<(connected: boolean) => void>();
let onClosed: () => void = () => undefined;
let source: EventSource | null = null;
let connected = false;

const NAMES: StreamEventName[] = [
  'hello',
  'status',
  'event',
  'traffic',
  'keys',
  'usage',
  'tokens',
  'settings',
];

function setConnected(value: boolean): void {
  connected = value;
  for (const listener of connectionListeners) listener(value);
}

/**
 * Opens the stream once signed in. The browser retries a dropped connection by itself, but gives up
 * for good when the server refuses it (401: the session ended, or gemgate restarted and forgot it);
 * `closed` is then called so the app can sign in again.
 */
export function openLiveStream(closed: () => void): void {
  if (source) return;
  onClosed = closed;
  const opened = new EventSource(EVENTS_STREAM_URL);
  source = opened;
  opened.onopen = () => {
    setConnected(true);
    reportReachable();
  };
  opened.onerror = () => {
    setConnected(false);
    if (opened.readyState === EventSource.CLOSED && source === opened) {
      source = null;
      onClosed();
    } else if (opened.readyState === EventSource.CONNECTING) {
      // The browser tries again every few seconds: gemgate stopped, or is restarting.
      reportUnreachable();
    }
  };
  for (const name of NAMES) {
    opened.addEventListener(name, (message) => {
      const data = JSON.parse((message as MessageEvent<string>).data) as StreamMessages[typeof name];
      for (const handler of handlers.get(name) ?? []) handler(data);
    });
  }
}

export function closeLiveStream(): void {
  source?.close();
  source = null;
  setConnected(false);
}

/** Calls `handler` for every pushed message of this kind while the component is mounted. */
export function useLive<N extends StreamEventName>(name: N, handler: Handler<N>): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    const wrapped: Handler<N> = (data) => latest.current(data);
    let set = handlers.get(name);
    if (!set) handlers.set(name, (set = new Set()));
    set.add(wrapped as Handler<StreamEventName>);
    return () => {
      set.delete(wrapped as Handler<StreamEventName>);
    };
  }, [name]);
}

/** Whether the live stream is up, for the "live" badge. */
export function useLiveConnected(): boolean {
  const [state, setState] = useState(connected);
  useEffect(() => {
    connectionListeners.add(setState);
    return () => {
      connectionListeners.delete(setState);
    };
  }, []);
  return state;
}
