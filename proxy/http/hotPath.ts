import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express, Request, Response } from 'express';
import type { GatewayContext } from './gatewayContext.js';
import { actionOfPath } from './gemini/modelPath.js';
import { nativeAction } from './gemini/nativeRoutes.js';
import { nativePredict } from './gemini/predictRoute.js';
import { chatCompletions } from './openai/chatCompletionsRoute.js';
import { embeddings } from './openai/embeddingsRoute.js';
import { createResponse } from './openai/responsesRoute.js';
import { imageEdits, imageGenerations } from './openai/imagesRoute.js';
import { audioSpeech } from './openai/speechRoute.js';
import { createMessage } from './anthropic/messagesRoute.js';
import { countMessageTokens } from './anthropic/countTokensRoute.js';
import { createInteraction } from './interactions/createInteractionRoute.js';
import { OPENAI_PREFIXES } from './openai/openaiRoutes.js';
import { applyCors } from './cors.js';
import { lowerCamelBody } from './gemini/lowerCamelBody.js';
import { authenticate, hostAllowed, readRequestJson, refuseHost, renderError } from './requestSteps.js';

interface HotRoute {
  matches(path: string): boolean;
  handle(ctx: GatewayContext, req: Request, res: Response): Promise<void>;
  /** The handler reads the body itself (multipart): it is not read as JSON first. */
  ownBody?: boolean;
  /** A Gemini request: read in lowerCamel only, whichever spelling the client used (lowerCamelBody.ts). */
  geminiBody?: boolean;
}

const pathsOf = (suffix: string) => new Set(OPENAI_PREFIXES.map((prefix) => `${prefix}${suffix}`));
const CHAT_PATHS = pathsOf('/chat/completions');
const EMBEDDING_PATHS = pathsOf('/embeddings');
const RESPONSES_PATHS = pathsOf('/responses');
const IMAGE_GENERATION_PATHS = pathsOf('/images/generations');
const IMAGE_EDIT_PATHS = pathsOf('/images/edits');
const SPEECH_PATHS = pathsOf('/audio/speech');
const INTERACTION_PATHS = new Set(['/v1/interactions', '/v1beta/interactions']);

/** The requests that carry generation traffic: every one of them is a POST to one of these. */
const HOT_ROUTES: HotRoute[] = [
  {
    matches: (path) => ['predict', 'predictLongRunning'].includes(actionOfPath(path) ?? ''),
    handle: nativePredict,
  },
  { matches: (path) => actionOfPath(path) !== undefined, handle: nativeAction, geminiBody: true },
  { matches: (path) => CHAT_PATHS.has(path), handle: chatCompletions },
  { matches: (path) => EMBEDDING_PATHS.has(path), handle: embeddings },
  { matches: (path) => RESPONSES_PATHS.has(path), handle: createResponse },
  { matches: (path) => IMAGE_GENERATION_PATHS.has(path), handle: imageGenerations },
  { matches: (path) => IMAGE_EDIT_PATHS.has(path), handle: imageEdits, ownBody: true },
  { matches: (path) => SPEECH_PATHS.has(path), handle: audioSpeech },
  // Anthropic's Messages API (Claude Code adds `?beta=true`, which the path match ignores).
  { matches: (path) => path === '/v1/messages', handle: createMessage },
  { matches: (path) => path === '/v1/messages/count_tokens', handle: countMessageTokens },
  { matches: (path) => INTERACTION_PATHS.has(path), handle: createInteraction },
];

/**
 * Generation requests skip Express's router. Walking its layers (the dashboard's, the admin API's,
 * the model lists') and body-parser cost more CPU per request than everything else gemgate does
 * before calling Gemini, and these routes are known ahead: a POST to one of a few paths. The steps
 * are the same functions the Express middleware runs (requestSteps.ts), and the request and response
 * get Express's prototypes, as Express itself would give them, so handlers and error rendering are
 * shared. Returns false for anything else, which then goes to Express.
 */
export function createHotPath(ctx: GatewayContext, app: Express) {
  const touched = new Map<string, number>();
  return (rawReq: IncomingMessage, rawRes: ServerResponse): boolean => {
    if (rawReq.method !== 'POST') return false;
    const url = rawReq.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const route = HOT_ROUTES.find((candidate) => candidate.matches(path));
    if (!route) return false;
    const { req, res } = asExpress(app, rawReq, rawRes);
    void serve(ctx, route, req, res, touched);
    return true;
  };
}

async function serve(
  ctx: GatewayContext,
  route: HotRoute,
  req: Request,
  res: Response,
  touched: Map<string, number>,
): Promise<void> {
  try {
    if (!hostAllowed(ctx, req)) return refuseHost(res);
    applyCors(ctx, req, res);
    // The token first: a stranger's body is never read, nor allowed a share of the body budget.
    Object.assign(res.locals, authenticate(ctx, req, touched));
    if (!route.ownBody) req.body = await readRequestJson(ctx, req, res);
    if (route.geminiBody) req.body = lowerCamelBody(req.body);
    const traffic = ctx.admin?.context.traffic;
    if (traffic) res.once('close', () => traffic.record(res.statusCode < 400 && res.writableFinished));
    await route.handle(ctx, req, res);
  } catch (error) {
    renderError(ctx, req, res, error);
  }
}

/** What Express's app.handle does to every request before routing it. */
function asExpress(
  app: Express,
  rawReq: IncomingMessage,
  rawRes: ServerResponse,
): { req: Request; res: Response } {
  const req = rawReq as Request;
  const res = rawRes as Response;
  Object.assign(req, { res });
  Object.assign(res, { req });
  Object.setPrototypeOf(req, app.request);
  Object.setPrototypeOf(res, app.response);
  res.locals = Object.create(null) as Response['locals'];
  return { req, res };
}
