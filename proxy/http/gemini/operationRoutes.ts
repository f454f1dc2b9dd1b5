import { Router } from 'express';
import type { GatewayContext, ClientLocals } from '../gatewayContext.js';
import { GatewayError } from '../gatewayError.js';
import { abortOnClientGone } from '../responseWriter.js';
import { RequestTrace } from '../requestTrace.js';
import { decodePathSegment } from '../pathSegment.js';
import type { OperationOwner } from '../../store/operationOwners.js';
import { adoptGeneratedVideos } from './generatedVideos.js';
import { parseApiVersion } from './modelPath.js';
import { isLease, type KeyLease, type KeyPool } from '../../pool/keyPool.js';
import { UpstreamFailure, UpstreamUnreachable } from '../../failures/failures.js';
import { classifyFailure, isGoogleErrorBody } from '../../upstream/classifyOutcome.js';
import { UpstreamNetworkError } from '../../upstream/geminiClient.js';

/**
 * The pool's quota bucket for polls: Gemini meters operations apart from the model that started
 * them, and a client polling every few seconds must not use up the model's requests per minute.
 */
const POLL_BUCKET = 'operations.get';

/**
 * `GET /v1beta/models/{model}/operations/{id}` (and `/v1beta/operations/{id}`, and under `/v1/`):
 * polls a long-running operation gemgate started (Veo's `predictLongRunning`,
 * https://ai.google.dev/gemini-api/docs/video). Only keys of the project that started it can see
 * it, so the poll goes through the key that started it, or another key of that project when that
 * one cannot serve now; and only the client that started it may poll it. Gemini's answer, or its
 * error, comes back as it is.
 */
export function operationRoutes(ctx: GatewayContext): Router {
  const router = Router();
  const paths = ['/v1beta', '/v1'].flatMap((prefix) => [
    `${prefix}/models/:model/operations/:id`,
    `${prefix}/operations/:id`,
  ]);
  router.get(paths, async (req, res) => {
    const [, version, ...rest] = req.path.split('/');
    const name = rest.map((segment) => decodePathSegment(segment)).join('/');
    const { client } = res.locals as ClientLocals;
    const trace = new RequestTrace(ctx.usage, res, {
      clientId: client.id,
      dialect: 'gemini',
      endpoint: 'operations.get',
      model: typeof req.params.model === 'string' ? req.params.model : null,
      stream: false,
    });
    try {
      const owner = ctx.operations.ownerOf(name);
      if (!owner || owner.clientId !== client.id) {
        throw new GatewayError(
          404,
          `Operation ${name} was not started through gemgate by this client, or more than two days ago.`,
        );
      }
      const lease = leaseFor(ctx.pool, owner);
      if (!lease) {
        throw new GatewayError(
          503,
          `No key of the project that started operation ${name} can serve right now; try again later.`,
          { code: 'no_keys' },
        );
      }
      trace.key(lease.keyId);
      const abort = abortOnClientGone(res);
      let answer;
      try {
        answer = await ctx.client.get(`${parseApiVersion(version)}/${name}`, lease.apiKey, abort.signal);
      } catch (error) {
        ctx.pool.release(lease, POLL_BUCKET);
        throw error instanceof UpstreamNetworkError ? new UpstreamUnreachable(error.message) : error;
      }
      const body = await answer.body.text();
      if (answer.status !== 200) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(body);
        } catch {
          parsed = undefined;
        }
        const google = isGoogleErrorBody(parsed) ? parsed : undefined;
        const verdict = classifyFailure(answer.status, google);
        ctx.pool.reportFailure(lease, POLL_BUCKET, verdict);
        throw new UpstreamFailure(answer.status, google, verdict);
      }
      ctx.pool.reportSuccess(lease, POLL_BUCKET);
      const answered = adoptGeneratedVideos(ctx, req, owner, body);
      res.status(200);
      res.setHeader('content-type', 'application/json; charset=UTF-8');
      res.setHeader('x-gemgate-key-id', lease.keyId);
      trace.ok();
      res.end(answered);
    } catch (error) {
      trace.failed(error);
      throw error;
    }
  });
  return router;
}

/** Keys a project may hold, at most: bounds the walk through its keys. */
const MAX_PROJECT_KEYS = 64;

/**
 * A lease on the key that started the operation, or else on another key of its project; undefined
 * when no key of that project can serve. Keys of the project are asked for in turn (the pool hands
 * out a project's keys in rotation) and the ones not kept are given back at once.
 */
function leaseFor(pool: KeyPool, owner: OperationOwner): KeyLease | undefined {
  const exclude = new Set<string>();
  let fallback: KeyLease | undefined;
  for (let i = 0; i < MAX_PROJECT_KEYS; i++) {
    const lease = pool.acquire(POLL_BUCKET, { preferProjectId: owner.projectId, exclude });
    if (!isLease(lease)) break;
    if (lease.projectId !== owner.projectId) {
      pool.release(lease, POLL_BUCKET);
      break;
    }
    if (lease.keyId === owner.keyId) {
      if (fallback) pool.release(fallback, POLL_BUCKET);
      return lease;
    }
    if (fallback) pool.release(lease, POLL_BUCKET);
    else fallback = lease;
    exclude.add(lease.keyId);
  }
  return fallback;
}
