/** Events and alerts, and the live stream that pushes them with every other change. */
import type { GatewayEventType } from '../../../events/gatewayEvent.js';
import type { StatusView, TrafficView } from './overview.js';

export type EventType = GatewayEventType;

export interface EventView {
  type: EventType;
  at: number;
  severity: 'info' | 'warning' | 'error';
  title: string;
  message: string;
  keyId?: string;
  projectId?: string;
  model?: string;
  /** The client token concerned (spend limits, a client's answer that stayed incomplete). */
  clientId?: string;
}

/** GET /admin/api/events: the most recent first. */
export interface EventsResponse {
  events: EventView[];
}

/**
 * GET /admin/api/events/stream: Server-Sent Events, one JSON object per `data:` line, with the
 * event name as SSE `event:`. A `hello` comes first; then pushes as things happen.
 */
export interface StreamMessages {
  hello: { status: StatusView; traffic: TrafficView };
  status: StatusView;
  event: EventView;
  /** About once a second while requests flow, and once more when they stop. */
  traffic: TrafficView;
  /** Keys, accounts or projects changed (added, removed, checked, disabled): reload them. */
  keys: { reason: string };
  /** Requests finished and their rows are in the request log (one message per batch written). */
  usage: { at: number };
  tokens: { reason: string };
  settings: { name: string };
}

export type StreamEventName = keyof StreamMessages;
