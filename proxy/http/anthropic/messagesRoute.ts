import type { Request, Response } from 'express';
import type { ClientLocals, GatewayContext } from '../gatewayContext.js';
import { WrongProviderRoute } from '../../failures/failures.js';
import {
  createMessageStreamTranslator,
  parseMessagesRequest,
  remoteUrls,
  toGeminiMessagesRequest,
  type MessageAnswerOptions,
  type MessagesRequest,
} from '../../translate/anthropic/index.js';
import { fetchRemoteFiles, fetchRemoteImages, normaliseModelName } from '../../translate/openai/index.js';
import { startGeneration } from '../../resume/resumableGeneration.js';
import { resumeSettingsOf } from '../../resume/resumeSettings.js';
import { collectAnswer } from '../../resume/collectGeneration.js';
import { StreamIncomplete } from '../../failures/failures.js';
import type { Admission } from '../../policy/policyGate.js';
import { abortOnClientGone } from '../responseWriter.js';
import { pumpGeneration } from '../pumpGeneration.js';
import { RequestTrace } from '../requestTrace.js';
import { randomHex } from '../../util/ids.js';
import { MESSAGES_KEEP_ALIVE, messagesStreamEncoding, messagesWholeAnswer } from './messagesEncoding.js';

/** Images and documents referenced by URL are fetched by gemgate; this bounds how long a slow host may hold a request. */
const MEDIA_FETCH_TIMEOUT_MS = 15_000;

/**
 * `POST /v1/messages` (also `?beta=true`, as Claude Code sends it): Anthropic's Messages API on top of
 * Gemini, streamed (Anthropic's named SSE events) or whole. The model the client names goes through
 * the model router (`claude-…` ids to the Gemini model of their weight, models.aliases first); every
 * answer goes through the resume engine, streamed from Gemini, and nothing is sent with 200 until
 * Gemini has answered OK. Gemini's models only: another provider's model is refused by name.
 */
export async function createMessage(ctx: GatewayContext, req: Request, res: Response): Promise<void> {
  const { client } = res.locals as ClientLocals;
  const trace = RequestTrace.ofClient(ctx.usage, res, { dialect: 'anthropic', endpoint: 'messages' });
  const { request, model, admission } = trace.admitting(() => {
    const request = parseMessagesRequest(req.body);
    const model = geminiModelFor(ctx, request.model, 'POST /v1/messages');
    trace.model = model;
    trace.stream = request.stream === true;
    return { request, model, admission: ctx.policies.admit(client, model) };
  });
  await trace.serving(() => answer(ctx, res, request, model, admission, trace));
}

/** The Gemini model that serves a model id of an Anthropic client; another provider's is refused. */
export function geminiModelFor(ctx: GatewayContext, requested: string, endpoint: string): string {
  const route = ctx.models.resolve(requested);
  if (route.kind === 'provider') throw new WrongProviderRoute(requested, route.provider.name, endpoint);
  return normaliseModelName(route.model);
}

/** Images and PDFs given by URL, fetched (the one I/O step of translation): Gemini takes them inline. */
export async function fetchMessageMedia(request: Pick<MessagesRequest, 'messages'>) {
  const urls = remoteUrls(request);
  const fetching = { fetch: globalThis.fetch, timeoutMs: MEDIA_FETCH_TIMEOUT_MS };
  const [images, documents] = await Promise.all([
    fetchRemoteImages(urls.images, fetching),
    fetchRemoteFiles(urls.documents, fetching),
  ]);
  return new Map([...images, ...documents]);
}

async function answer(
  ctx: GatewayContext,
  res: Response,
  request: MessagesRequest,
  model: string,
  admission: Admission,
  trace: RequestTrace,
): Promise<void> {
  const started = performance.now();
  const remoteMedia = await fetchMessageMedia(request);
  const translated = toGeminiMessagesRequest(request, model, { remoteMedia, signatures: ctx.signatures });
  // Files API URIs in the messages: another client's are refused as Gemini refuses a stranger.
  ctx.dispatcher.ownership.assertVisibleTo(translated.body, (res.locals as ClientLocals).client.id);
  const abort = abortOnClientGone(res);
  const opening = performance.now();
  const generation = await startGeneration(
    ctx.dispatcher,
    {
      apiVersion: 'v1beta',
      model,
      request: translated.body,
      signal: abort.signal,
      signatureRouting: ctx.routing,
      keyScope: admission.keyScope,
    },
    admission.resume(resumeSettingsOf(ctx.settings())),
  );
  trace.key(generation.keyId);
  const openedMs = performance.now() - opening;
  const options: MessageAnswerOptions = {
    id: `msg_${randomHex(12)}`,
    model: request.model,
    names: translated.names,
    parallelToolCalls: translated.parallelToolCalls,
    signatures: ctx.signatures,
  };
  if (translated.stream) {
    await pumpGeneration(res, generation, trace, {
      contentType: 'text/event-stream; charset=utf-8',
      keepAliveMs: ctx.settings()['resume.keepAliveMs'],
      keepAliveText: MESSAGES_KEEP_ALIVE,
      ...messagesStreamEncoding(createMessageStreamTranslator(options)),
    });
    return;
  }
  const { answer: whole, summary, waitedMs } = await collectAnswer(generation);
  if (summary.outcome === 'aborted') return trace.generation(summary);
  if (summary.outcome === 'incomplete') {
    trace.generation(summary);
    throw summary.error ?? new StreamIncomplete();
  }
  const message = messagesWholeAnswer(whole, summary, options);
  res.setHeader('x-gemgate-key-id', generation.keyId);
  res.setHeader('x-gemgate-overhead-ms', (performance.now() - started - openedMs - waitedMs).toFixed(2));
  trace.firstByte();
  // Logged before the answer goes out, so that a client that got it finds it in the log.
  trace.generation(summary);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(message));
}
