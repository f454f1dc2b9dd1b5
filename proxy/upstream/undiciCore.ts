// The declarations must follow this file into every project that imports it (electron/, test/).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./undiciLib.d.ts" />
import type { Agent as AgentType, Dispatcher, buildConnector as BuildConnector } from 'undici';
import AgentClass from 'undici/lib/dispatcher/agent.js';
import apiRequest from 'undici/lib/api/api-request.js';
import connectorBuilder from 'undici/lib/core/connect.js';

/**
 * undici's connection pool and its `request`, loaded without the rest of undici. `import 'undici'`
 * also loads fetch, WebSocket, EventSource, caches and mocks, which gemgate never uses: about 12 MB
 * of the idle `gemgate serve` process (91 MB down to 79 MB measured by `npm run bench`). The types
 * still come from undici's own declarations.
 */
export const Agent: typeof AgentType = AgentClass;
export type Agent = AgentType;

/** undici's default way to open a connection (TCP, or TLS for https), for an Agent's `connect` to wrap. */
export const buildConnector: typeof BuildConnector = connectorBuilder;
export type Connector = BuildConnector.connector;

/** `undici.request(url, options)` for an absolute URL, sent through `dispatcher`. */
export function request(
  url: string,
  options: Omit<Dispatcher.RequestOptions, 'origin' | 'path'> & { dispatcher: Dispatcher },
): Promise<Dispatcher.ResponseData> {
  const { dispatcher, ...rest } = options;
  const parsed = new URL(url);
  return apiRequest.call(dispatcher, {
    ...rest,
    origin: parsed.origin,
    path: `${parsed.pathname}${parsed.search}`,
  });
}
