import type { Response } from 'express';
import type { GatewayContext } from './gatewayContext.js';
import { FetchAllowance, type RemoteMediaOptions } from '../translate/openai/index.js';
import { bodyLeaseOf, requestBodyLimit } from './requestSteps.js';
import { abortOnClientGone } from './responseWriter.js';

/** How long one image or file given by URL may take to arrive. */
const FETCH_TIMEOUT_MS = 15_000;

/**
 * Images and files one request may give by URL. Each is a connection and up to 15 s; a long chat
 * sends its earlier images again with every turn, so this leaves room for a conversation's worth.
 */
const MAX_REMOTE_URLS = 32;

/**
 * How a route has the images and files a client gave by URL fetched: through the gateway's public
 * fetcher (upstream/publicFetch.ts: public addresses only, unless `fetch.allowHosts` says more), at
 * most MAX_REMOTE_URLS of them, and no more bytes in all than the request could have carried inline
 * (`server.maxRequestMB`, counted as base64), each piece reserved on the request's share of the body
 * budget before it is kept. A client that leaves stops its downloads.
 */
export function remoteMediaOptions(ctx: GatewayContext, res: Response): RemoteMediaOptions {
  const lease = bodyLeaseOf(res);
  return {
    fetch: ctx.publicFetch.fetch,
    timeoutMs: FETCH_TIMEOUT_MS,
    allowance: new FetchAllowance(
      { maxUrls: MAX_REMOTE_URLS, maxBytes: requestBodyLimit(ctx) },
      (bytes) => lease?.reserve(bytes) ?? Promise.resolve(),
    ),
    signal: abortOnClientGone(res).signal,
  };
}
