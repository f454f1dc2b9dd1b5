import type { Request, Response } from 'express';
import type { ClientLocals, GatewayContext } from '../gatewayContext.js';
import type { Blob, GenerateContentResponse } from '../../gemini/types.js';
import {
  fetchRemoteAgain,
  fetchRemoteFiles,
  fetchRemoteImages,
  invalidRequest,
  normaliseModelName,
} from '../../translate/openai/index.js';
import {
  createResponsesStreamTranslator,
  fromGeminiToResponse,
  parseResponsesRequest,
  remoteFileUrls,
  remoteImageUrls,
  responseSettings,
  storedMediaUrls,
  storedModelTurn,
  toGeminiResponsesRequest,
  withFetchedAgain,
  withoutFetchedBytes,
  type ConversationState,
  type ResponseObject,
  type ResponsesRequest,
  type ResponsesStreamOptions,
  type ResponseStreamEvent,
  type TranslatedResponsesRequest,
} from '../../translate/responses/index.js';
import { startGeneration, type Generation } from '../../resume/resumableGeneration.js';
import { resumeSettingsOf } from '../../resume/resumeSettings.js';
import { collectGeneration } from '../../resume/collectGeneration.js';
import { aggregateChunks } from '../../resume/aggregate.js';
import { StreamIncomplete } from '../../failures/failures.js';
import type { Admission } from '../../policy/policyGate.js';
import { abortOnClientGone } from '../responseWriter.js';
import { incompleteAnswerError } from '../clientError.js';
import { GatewayError } from '../gatewayError.js';
import { pumpGeneration } from '../pumpGeneration.js';
import { RequestTrace } from '../requestTrace.js';
import { assertServedByGemini } from './geminiOnly.js';
import { randomHex } from '../../util/ids.js';
import { remoteMediaOptions } from '../remoteMedia.js';

/**
 * `POST /v1/responses`: OpenAI's Responses API on top of Gemini, streamed (typed SSE events) or
 * whole. Like chat completions, every answer goes through the resume engine, streamed from Gemini,
 * and nothing is sent with 200 until Gemini has answered OK.
 *
 * Stateless unless the client says `store: true`: then the response and its turn of the
 * conversation are kept (ResponseStore), per client token, for `previous_response_id` and
 * `GET`/`DELETE /v1/responses/{id}`. Stored before the last event or the body goes out, so a client
 * that got the answer can continue from it at once.
 */
export async function createResponse(ctx: GatewayContext, req: Request, res: Response): Promise<void> {
  const { client } = res.locals as ClientLocals;
  const trace = RequestTrace.ofClient(ctx.usage, res, {
    dialect: 'openai',
    endpoint: 'responses',
  });
  const { request, admission, history } = await trace.admitting(async () => {
    const request = parseResponsesRequest(req.body);
    const model = normaliseModelName(request.model);
    trace.model = model;
    trace.stream = request.stream === true;
    assertServedByGemini(ctx, model, 'POST /v1/responses');
    const admission = ctx.policies.admit(client, model);
    let history: ConversationState | undefined;
    if (request.previous_response_id) {
      history = await ctx.responses.conversation(client.id, request.previous_response_id);
      if (!history) throw previousResponseNotFound(request.previous_response_id);
    }
    if (request.store === true) await ctx.responses.ready();
    return { request, admission, history };
  });
  await trace.serving(() => answer({ ctx, res, request, admission, trace, clientId: client.id, history }));
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
  admission: Admission;
  trace: RequestTrace;
  clientId: string;
  history: ConversationState | undefined;
  /** What was fetched for it by URL: stored by URL, not as bytes. */
  remoteMedia?: ReadonlyMap<string, Blob>;
}

async function answer(answering: Answering): Promise<void> {
  const { ctx, res, request, admission, trace, history } = answering;
  const started = performance.now();
  // Images and files given by URL are fetched first: Gemini takes their bytes inline.
  const fetching = remoteMediaOptions(ctx, res);
  // A stored conversation holds such media by URL (storedMedia.ts): fetched again, as the first time.
  const [images, files, stored] = await Promise.all([
    fetchRemoteImages(remoteImageUrls(request), fetching),
    fetchRemoteFiles(remoteFileUrls(request), fetching),
    fetchRemoteAgain(storedMediaUrls(history), fetching),
  ]);
  const remoteMedia = new Map([...images, ...files]);
  answering.remoteMedia = remoteMedia;
  const translated = toGeminiResponsesRequest(request, {
    remoteMedia,
    signatures: ctx.signatures,
    history: history && withFetchedAgain(history, stored),
  });
  const abort = abortOnClientGone(res);
  const opening = performance.now();
  const generation = await startGeneration(
    ctx.dispatcher,
    {
      apiVersion: 'v1beta',
      model: translated.model,
      request: translated.body,
      signal: abort.signal,
      signatureRouting: ctx.routing,
      keyScope: admission.keyScope,
    },
    admission.resume(resumeSettingsOf(ctx.settings())),
  );
  trace.key(generation.keyId);
  const openedMs = performance.now() - opening;
  const options: ResponsesStreamOptions = {
    id: `resp_${randomHex(24)}`,
    createdAt: Math.floor(Date.now() / 1000),
    settings: responseSettings(request),
    signatures: ctx.signatures,
  };
  if (translated.stream) return streamAnswer(answering, translated, generation, options);

  const { chunks, summary, waitedMs } = await collectGeneration(generation);
  if (summary.outcome === 'aborted') return trace.generation(summary);
  if (summary.outcome === 'incomplete') {
    trace.generation(summary);
    throw summary.error ?? new StreamIncomplete();
  }
  const folded = aggregateChunks(chunks);
  const { response, calls } = fromGeminiToResponse(folded, summary.answerUsage, options);
  if (translated.store) store(answering, translated, response, calls, folded);
  res.setHeader('x-gemgate-key-id', generation.keyId);
  res.setHeader('x-gemgate-overhead-ms', (performance.now() - started - openedMs - waitedMs).toFixed(2));
  trace.firstByte();
  // Logged before the answer goes out, so that a client that got it finds it in the log.
  trace.generation(summary);
  res.json(response);
}

function streamAnswer(
  answering: Answering,
  translated: TranslatedResponsesRequest,
  generation: Generation,
  options: ResponsesStreamOptions,
): Promise<void> {
  const { ctx, res, trace } = answering;
  const translator = createResponsesStreamTranslator(options);
  // Kept only to store the model's turn; a stateless stream holds nothing.
  const kept: GenerateContentResponse[] = [];
  return pumpGeneration(res, generation, trace, {
    contentType: 'text/event-stream; charset=utf-8',
    keepAliveMs: ctx.settings()['resume.keepAliveMs'],
    encode: (batch) =>
      sse(
        batch.flatMap(({ chunk }) => {
          if (translated.store) kept.push(chunk);
          return translator.push(chunk);
        }),
      ),
    end: (summary) => {
      if (summary.outcome === 'incomplete' || !translator.finished) {
        // The openai SDK takes a stream that just stops for a complete one: say it is not.
        const error = incompleteAnswerError(summary.error);
        return sse(translator.fail({ code: error.options.code ?? null, message: error.message }));
      }
      const events = translator.end(summary.answerUsage);
      if (translated.store) {
        store(answering, translated, translator.response, translator.calls, aggregateChunks(kept));
      }
      return sse(events);
    },
  });
}

/** OpenAI's framing: the event's type as the SSE event name, its JSON as data; no `[DONE]`. */
function sse(events: ResponseStreamEvent[]): string {
  return events.map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join('');
}

/** A store that fails (a full disk) costs the client its `previous_response_id`, not its answer. */
function store(
  { ctx, clientId, request, remoteMedia = new Map() }: Answering,
  translated: TranslatedResponsesRequest,
  response: ResponseObject,
  calls: ReadonlyArray<[string, string]>,
  folded: GenerateContentResponse,
): void {
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
    });
  } catch (error) {
    ctx.logger.error({ err: error, responseId: response.id }, 'could not store a response');
  }
}

function previousResponseNotFound(id: string) {
  return invalidRequest(
    `Previous response with id '${id}' not found. gemgate keeps a response only when it was created with store: true, for 30 days after its last use.`,
    'previous_response_id',
    'previous_response_not_found',
  );
}

function responseNotFound(id: string): GatewayError {
  return new GatewayError(404, `Response with id '${id}' not found.`, { code: 'not_found' });
}
