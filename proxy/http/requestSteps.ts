import type { Request, Response } from 'express';
import type { GatewayContext, ClientLocals } from './gatewayContext.js';
import { GatewayError } from './gatewayError.js';
import { isAllowedHost } from './hostCheck.js';
import { presentedCredential } from './clientAuth.js';
import { dialectOf, sendError } from './dialect.js';
import { clientErrorOf } from './clientError.js';
import { BodyBudget, type BodyLease } from './bodyBudget.js';
import { readJsonBody } from './readJsonBody.js';
import { SETTINGS } from '../config/settings.js';

/**
 * The steps every API request goes through, as plain functions: the Express middleware and the hot
 * path for generation requests (hotPath.ts) both call these, so the two cannot drift apart.
 */

const MB = 1024 * 1024;

/**
 * Gemini accepts up to 100 MB of inline data per request (PDFs 50 MB;
 * https://ai.google.dev/gemini-api/docs/files): the default of `server.maxRequestMB`.
 */
export const MAX_BODY_BYTES = (SETTINGS['server.maxRequestMB'].default as number) * MB;

/** The JSON body limit in force (`server.maxRequestMB`). */
export function requestBodyLimit(ctx: GatewayContext): number {
  return ctx.settings()['server.maxRequestMB'] * MB;
}

const budgets = new WeakMap<GatewayContext, BodyBudget>();

/**
 * The one body budget of a gateway (`server.bodyBudgetMB`, never below the request limit), shared
 * by every route that reads a JSON body.
 */
export function bodyBudgetOf(ctx: GatewayContext): BodyBudget {
  let budget = budgets.get(ctx);
  if (!budget) {
    budget = new BodyBudget(() =>
      Math.max(ctx.settings()['server.bodyBudgetMB'] * MB, requestBodyLimit(ctx)),
    );
    budgets.set(ctx, budget);
  }
  return budget;
}

const leases = new WeakMap<Response, BodyLease>();

/** The request's share of the body budget, once its body has been read (media fetched for it reserve there too). */
export function bodyLeaseOf(res: Response): BodyLease | undefined {
  return leases.get(res);
}

/**
 * Reads the request's JSON body within the limit and the budget; its bytes are given back when the
 * response ends. A client that left while its body was parsed gets no further work done for it.
 */
export async function readRequestJson(ctx: GatewayContext, req: Request, res: Response): Promise<unknown> {
  const lease = bodyBudgetOf(ctx).lease();
  leases.set(res, lease);
  res.once('close', () => lease.release());
  const body = await readJsonBody(req, requestBodyLimit(ctx), lease);
  if (res.destroyed || req.socket.destroyed) throw new GatewayError(499, 'Client closed the request.');
  return body;
}

export function hostAllowed(ctx: GatewayContext, req: Request): boolean {
  return isAllowedHost(req.headers.host, ctx.settings()['server.allowedHosts']);
}

/** Not rendered in a dialect: this is not a client of ours but a browser led here by DNS rebinding. */
export function refuseHost(res: Response): void {
  res
    .status(403)
    .type('text/plain')
    .send('Host not allowed. Add it to the server.allowedHosts setting if you meant it.\n');
}

/** The client behind the request's token; a GatewayError (401) when there is none or it is not ours. */
export function authenticate(ctx: GatewayContext, req: Request, touched: Map<string, number>): ClientLocals {
  const credential = presentedCredential(req);
  if (!credential) {
    throw new GatewayError(
      401,
      'Missing gemgate client token. Send it as `Authorization: Bearer`, `x-api-key`, `x-goog-api-key` or `?key=`.',
      { code: 'missing_api_key' },
    );
  }
  const client = ctx.tokens.verify(credential.token);
  if (!client) {
    throw new GatewayError(
      401,
      'Invalid gemgate client token. Create one with `gemgate tokens create NAME`.',
      {
        code: 'invalid_api_key',
      },
    );
  }
  // "Last used" is for people reading `tokens list`: a write a minute per token is plenty.
  const now = Date.now();
  if ((touched.get(client.id) ?? 0) < now - 60_000) {
    touched.set(client.id, now);
    ctx.tokens.touch(client.id, now);
  }
  return { client, credentialStyle: credential.style };
}

/** Any error, rendered in the client's dialect; a response already under way can only be cut. */
export function renderError(ctx: GatewayContext, req: Request, res: Response, thrown: unknown): void {
  const { error, unexpected } = clientErrorOf(thrown);
  if (unexpected)
    ctx.logger.error({ err: thrown, path: req.path, dialect: dialectOf(req) }, 'unexpected error');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendError(req, res, error);
}
