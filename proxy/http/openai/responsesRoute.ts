import type { Request, Response } from 'express';
import type { ClientLocals, GatewayContext } from '../gatewayContext.js';
import type { Blob } from '../../gemini/types.js';
import {
  fetchRemoteAgain,
  fetchRemoteFiles,
  fetchRemoteImages,
  invalidRequest,
  normaliseModelName,
} from '../../translate/openai/index.js';
import {
  parseResponsesRequest,
  remoteFileUrls,
  remoteImageUrls,
  resolveItemReferences,
  responseSettings,
  storedInputItems,
  storedMediaUrls,
  storedModelTurn,
  toGeminiResponsesRequest,
  withFetchedAgain,
  withoutFetchedBytes,
  type ConversationState,
  type ResponsesRequest,
  type ResponsesStreamOptions,
  type TranslatedResponsesRequest,
} from '../../translate/responses/index.js';
import { startGeminiFor } from '../generation/startGeminiFor.js';
import type { Admission } from '../../policy/policyGate.js';
import { GatewayError } from '../gatewayError.js';
import { sayDroppedTools } from '../droppedTools.js';
import { RequestTrace } from '../requestTrace.js';
import { serveGeneration } from '../generation/serveGeneration.js';
import { responsesDialect, type StoreResponse } from './responsesDialect.js';
import { assertServedByGemini } from '../servedByGemini.js';
import { responseNotFound } from './responseInputItemsRoute.js';
import { randomHex } from '../../util/ids.js';
import { remoteMediaOptions } from '../remoteMedia.js';

/**
 * `POST /v1/responses`: OpenAI's Responses API on top of Gemini, streamed (typed SSE events) or
 * whole. Like chat completions, every answer goes through the resume engine, streamed from Gemini,
 * and nothing is sent with 200 until Gemini has answered OK.
 *
 * Stored unless the client says `store: false` (or its policy does, `storeResponses`): the response,
 * its input and output items and its turn of the conversation are kept (ResponseStore), per client
 * token, for `previous_response_id`, `item_reference` and `GET`/`DELETE /v1/responses/{id}`. Stored
 * before the last event or the body goes out, so a client that got the answer can continue from it
 * at once.
 */
export async function createResponse(ctx: GatewayContext, req: Request, res: Response): Promise<void> {
  const { client } = res.locals as ClientLocals;
  const trace = RequestTrace.ofClient(ctx.usage, res, {
    dialect: 'openai',
    endpoint: 'responses',
  });
  const { request, inputAsGiven, admission, history } = await trace.admitting(async () => {
    const parsed = parseResponsesRequest(req.body);
    const model = normaliseModelName(parsed.model);
    trace.model = model;
    trace.stream = parsed.stream === true;
    assertServedByGemini(ctx, model, 'POST /v1/responses');
    const admission = ctx.policies.admit(client, model);
    // `item_reference`s become the client's stored items; a policy may forbid storing this token's answers.
    const resolved = await resolveItemReferences(parsed, (req.body as { input?: unknown }).input, (ids) =>
      ctx.responses.items(client.id, ids),
    );
    const request =
      admission.policy.storeResponses === false ? { ...resolved.request, store: false } : resolved.request;
    let history: ConversationState | undefined;
    if (request.previous_response_id) {
      history = await ctx.responses.conversation(client.id, request.previous_response_id);
      if (!history) throw previousResponseNotFound(request.previous_response_id);
    }
    if (request.store !== false) await ctx.responses.ready();
    return { request, inputAsGiven: resolved.inputAsGiven, admission, history };
  });
  await answer({ ctx, res, request, inputAsGiven, admission, trace, clientId: client.id, history });
}

/** `GET /v1/responses/{id}`: a response this client stored. */
export async function retrieveResponse(ctx: GatewayContext, req: Request, res: Response): Promise<void> {
  const id = String(req.params.id);
  if (req.query.stream === 'true') {
    throw new GatewayError(
      400,
      'gemgate answers within the request and does not replay streams; retrieve without `stream`.',
      {
        code: 'unsupported_parameter',
        param: 'stream',
      },
    );
  }
  const stored = await ctx.responses.get((res.locals as ClientLocals).client.id, id);
  if (!stored) throw responseNotFound(id);
  res.json(stored.response);
}

/** `DELETE /v1/responses/{id}`. */
export function deleteResponse(ctx: GatewayContext, req: Request, res: Response): void {
  const id = String(req.params.id);
  if (!ctx.responses.delete((res.locals as ClientLocals).client.id, id)) throw responseNotFound(id);
  res.json({ id, object: 'response', deleted: true });
}

interface Answering {
  ctx: GatewayContext;
  res: Response;
  request: ResponsesRequest;
  /** The body's input, references resolved: what is stored of the request. */
  inputAsGiven: unknown;
  admission: Admission;
  trace: RequestTrace;
  clientId: string;
  history: ConversationState | undefined;
}

function answer(answering: Answering): Promise<void> {
  const { ctx, res, request, admission, trace, clientId, history } = answering;
  return serveGeneration(ctx, res, trace, {
    stream: request.stream === true,
    async open(signal) {
      // Images and files given by URL are fetched first: Gemini takes their bytes inline.
      const fetching = remoteMediaOptions(ctx, res);
      // A stored conversation holds such media by URL (storedMedia.ts): fetched again, as the first time.
      const [images, files, stored] = await Promise.all([
        fetchRemoteImages(remoteImageUrls(request), fetching),
        fetchRemoteFiles(remoteFileUrls(request), fetching),
        fetchRemoteAgain(storedMediaUrls(history), fetching),
      ]);
      const remoteMedia = new Map([...images, ...files]);
      const translated = toGeminiResponsesRequest(request, {
        remoteMedia,
        signatures: ctx.signatures,
        history: history && withFetchedAgain(history, stored),
      });
      sayDroppedTools(res, translated.droppedTools);
      const generation = await startGeminiFor(ctx, admission, {
        model: translated.model,
        request: translated.body,
        signal,
        clientId,
      });
      const options: ResponsesStreamOptions = {
        id: `resp_${randomHex(24)}`,
        createdAt: Math.floor(Date.now() / 1000),
        // The model the client named, unless a fallback model answered instead.
        settings: {
          ...responseSettings(request),
          ...(generation.model === translated.model ? {} : { model: generation.model }),
        },
        signatures: ctx.signatures,
        namespaces: translated.namespaces,
      };
      const keep = translated.store ? storer(answering, translated, remoteMedia) : undefined;
      return { generation, dialect: responsesDialect(options, keep, (media) => trace.media(media)) };
    },
  });
}

/** A store that fails (a full disk) costs the client its `previous_response_id`, not its answer. */
function storer(
  { ctx, clientId, request, inputAsGiven }: Answering,
  translated: TranslatedResponsesRequest,
  /** What was fetched for it by URL: stored by URL, not as bytes. */
  remoteMedia: ReadonlyMap<string, Blob>,
): StoreResponse {
  return (response, calls, folded) => {
    const modelTurn = storedModelTurn(folded, translated.parallelToolCalls);
    try {
      ctx.responses.save(clientId, response.id, request.previous_response_id ?? null, {
        response: response as unknown as Record<string, unknown>,
        turn: {
          contents: withoutFetchedBytes(
            modelTurn ? [...translated.turn.contents, modelTurn] : translated.turn.contents,
            remoteMedia,
          ),
          systemTexts: translated.turn.systemTexts,
          calls: [...translated.turn.calls, ...calls],
        },
        inputItems: storedInputItems(inputAsGiven),
      });
    } catch (error) {
      ctx.logger.error({ err: error, responseId: response.id }, 'could not store a response');
    }
  };
}

function previousResponseNotFound(id: string) {
  return invalidRequest(
    `Previous response with id '${id}' not found. gemgate keeps a response unless it was created with store: false, for 30 days after its last use.`,
    'previous_response_id',
    'previous_response_not_found',
  );
}
