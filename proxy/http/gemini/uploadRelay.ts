import type { Request, Response } from 'express';
import type { GatewayContext } from '../gatewayContext.js';
import type { UploadSession } from '../../dispatch/uploadSessions.js';
import type { OpenedCall } from '../../dispatch/upstreamDispatcher.js';
import { GatewayError } from '../gatewayError.js';
import { abortOnClientGone } from '../responseWriter.js';
import { readRequestJson } from '../requestSteps.js';
import { RequestTrace } from '../requestTrace.js';
import { gatewayOrigin } from '../gatewayOrigin.js';
import { UpstreamNetworkError, type UpstreamResponse } from '../../upstream/geminiClient.js';
import { UpstreamUnreachable } from '../../failures/failures.js';
import { answerJson, answerText, clientIdOf, keyScopeOf, recordOwned } from './ownedResources.js';
import { UPLOAD_REQUEST_HEADERS } from './uploadHeaders.js';

/**
 * The Files API's uploads, relayed to Gemini through a key of the pool, as `@google/genai` speaks
 * them (src/_uploader.ts of googleapis/js-genai):
 *
 * | client sends                                             | gemgate                                                   |
 * | -------------------------------------------------------- | --------------------------------------------------------- |
 * | `POST /upload/{v}/files`, `X-Goog-Upload-Protocol: resumable`, `…-Command: start`, `…-Header-Content-Length/-Type`, JSON metadata | starts the upload with a key of a project the client's policy allows; answers `x-goog-upload-url` pointing at itself (`/upload/{v}/files?upload_id=ID`, built from the request's Host) |
 * | `POST` that URL, `X-Goog-Upload-Command: upload` (or `upload, finalize`, `finalize`), `X-Goog-Upload-Offset`, the bytes | streams the bytes to Gemini's own session URL as they arrive, never holding the file; answers Gemini's status and `x-goog-upload-*` headers |
 * | the same, `query` / `cancel`                              | relayed the same way                                      |
 * | `POST /upload/{v}/files`, `X-Goog-Upload-Protocol: multipart` | streams the whole multipart body to Gemini in one request |
 *
 * When Gemini answers `x-goog-upload-status: final`, the new file's project (and the client) are
 * recorded before the client hears of it. The client sees neither Gemini's session URL nor the key:
 * `ID` is an opaque name bound to the client token that started the upload (UploadSessions), which
 * any other token, and any token after it ended or expired, is told does not exist.
 */

/** Upload headers a client sends that Gemini needs; nothing else is forwarded (its token least of all). */
const FORWARDED_REQUEST_HEADERS = [...UPLOAD_REQUEST_HEADERS, 'content-type', 'content-length'];

/** Upload headers of Gemini's answers a client reads; its session and control URLs are replaced. */
const RELAYED_ANSWER_HEADERS = [
  'x-goog-upload-status',
  'x-goog-upload-size-received',
  'x-goog-upload-chunk-granularity',
];

function headerOf(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function forwardedHeaders(req: Request, names = FORWARDED_REQUEST_HEADERS): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = headerOf(req, name);
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}

function relayAnswerHeaders(upstream: UpstreamResponse, res: Response): void {
  for (const name of RELAYED_ANSWER_HEADERS) {
    const value = upstream.headers[name];
    if (typeof value === 'string') res.setHeader(name, value);
  }
}

/**
 * Where the client sends the rest of its upload: this gateway, as the client reached it (the Host
 * it used, already checked against the allowed hosts). `@google/genai` keeps only the path and query
 * of it and puts its own base URL in front; other clients use it as it is.
 */
function sessionUrl(req: Request, version: string, session: UploadSession): string {
  return `${gatewayOrigin(req)}/upload/${version}/files?upload_id=${encodeURIComponent(session.id)}&upload_protocol=resumable`;
}

/** `POST /upload/{v}/files` without an upload id: a resumable upload starts, or a multipart one is sent whole. */
export async function startUpload(
  ctx: GatewayContext,
  req: Request,
  res: Response,
  version: 'v1beta' | 'v1',
): Promise<void> {
  const protocol = headerOf(req, 'x-goog-upload-protocol')?.trim().toLowerCase();
  if (protocol === 'multipart') return relayMultipart(ctx, req, res, version);
  if (protocol !== 'resumable' || headerOf(req, 'x-goog-upload-command')?.trim().toLowerCase() !== 'start') {
    req.resume();
    throw new GatewayError(
      400,
      'Start an upload with X-Goog-Upload-Protocol: resumable and X-Goog-Upload-Command: start (or send it whole with X-Goog-Upload-Protocol: multipart).',
      { code: 'invalid_upload' },
    );
  }
  const metadata = await readRequestJson(ctx, req, res);
  const abort = abortOnClientGone(res);
  let opened: OpenedCall;
  try {
    opened = await ctx.dispatcher.resource({
      method: 'POST',
      target: `upload/${version}/files`,
      headers: forwardedHeaders(
        req,
        FORWARDED_REQUEST_HEADERS.filter((name) => !name.startsWith('content-')),
      ),
      body: JSON.stringify(metadata),
      quotaModel: 'files',
      keyScope: keyScopeOf(ctx, res),
      signal: abort.signal,
    });
  } catch (error) {
    // Only an upload that could not even start is logged here; one that did is logged when it ends.
    new RequestTrace(ctx.usage, res, {
      clientId: clientIdOf(res),
      dialect: 'gemini',
      endpoint: 'files.upload',
      model: null,
      stream: false,
    }).failed(error);
    throw error;
  }
  await answerText(opened); // empty: what matters is in the headers
  const upstreamUrl = opened.response.headers['x-goog-upload-url'];
  if (typeof upstreamUrl !== 'string' || !/^https?:\/\//.test(upstreamUrl)) {
    throw new GatewayError(502, 'Gemini started the upload but gave no upload URL.', {
      code: 'upstream_protocol',
    });
  }
  const session = ctx.files.uploads.open({
    clientId: clientIdOf(res),
    projectId: opened.lease.projectId,
    keyId: opened.lease.keyId,
    apiKey: opened.lease.apiKey,
    upstreamUrl,
    apiVersion: version,
  });
  const url = sessionUrl(req, version, session);
  relayAnswerHeaders(opened.response, res);
  res.setHeader('x-goog-upload-url', url);
  res.setHeader('x-goog-upload-control-url', url);
  res.setHeader('x-gemgate-key-id', opened.lease.keyId);
  res.status(opened.response.status).end();
}

/** `POST /upload/{v}/files?upload_id=ID`: one command of a resumable upload, its bytes streamed through. */
export async function relayUploadCommand(
  ctx: GatewayContext,
  req: Request,
  res: Response,
  uploadId: string,
): Promise<void> {
  const session = ctx.files.uploads.take(uploadId, clientIdOf(res));
  if (!session) {
    req.resume();
    throw new GatewayError(
      404,
      'No upload with this upload_id: it finished, was cancelled or expired, or another client started it. Start the upload again.',
      { code: 'unknown_upload' },
    );
  }
  const trace = new RequestTrace(ctx.usage, res, {
    clientId: session.clientId,
    dialect: 'gemini',
    endpoint: 'files.upload',
    model: null,
    stream: false,
  });
  trace.key(session.keyId);
  const abort = abortOnClientGone(res);
  const hasBody =
    Number(headerOf(req, 'content-length') ?? 0) > 0 || headerOf(req, 'transfer-encoding') !== undefined;
  let upstream: UpstreamResponse;
  try {
    upstream = await ctx.client.resource({
      method: 'POST',
      target: session.upstreamUrl,
      apiKey: session.apiKey,
      headers: forwardedHeaders(req, [
        'x-goog-upload-command',
        'x-goog-upload-offset',
        'x-goog-upload-file-name',
        'content-length',
      ]),
      // The request itself is the body: bytes go on as they arrive, at the pace Gemini takes them.
      ...(hasBody ? { body: req } : {}),
      signal: abort.signal,
    });
  } catch (error) {
    const failure = error instanceof UpstreamNetworkError ? new UpstreamUnreachable(error.message) : error;
    trace.failed(failure);
    throw failure;
  }
  if (!hasBody) req.resume();
  const status = upstream.headers['x-goog-upload-status'];
  relayAnswerHeaders(upstream, res);
  res.setHeader('x-gemgate-key-id', session.keyId);
  const body = await answerText({ response: upstream });
  if (upstream.status >= 200 && upstream.status < 300 && status === 'final') {
    const file = fileOf(body);
    if (file) recordOwned(ctx, 'file', file, session.projectId, session.clientId);
    else ctx.logger.warn({ projectId: session.projectId }, 'a finished upload came back without its file');
    ctx.files.uploads.end(session.id);
    trace.ok();
  } else if (status === 'cancelled' || upstream.status === 404) {
    // Cancelled, or gone at Gemini (its sessions expire too): the id has nothing left to stand for.
    ctx.files.uploads.end(session.id);
    if (upstream.status >= 400) trace.failed(new GatewayError(upstream.status, body));
  } else if (upstream.status >= 400) {
    trace.failed(new GatewayError(upstream.status, body));
  }
  sendRelayed(res, upstream, body);
}

/** `X-Goog-Upload-Protocol: multipart`: metadata and bytes in one body, streamed to Gemini as they come. */
async function relayMultipart(
  ctx: GatewayContext,
  req: Request,
  res: Response,
  version: 'v1beta' | 'v1',
): Promise<void> {
  const trace = new RequestTrace(ctx.usage, res, {
    clientId: clientIdOf(res),
    dialect: 'gemini',
    endpoint: 'files.upload',
    model: null,
    stream: false,
  });
  const abort = abortOnClientGone(res);
  try {
    const opened = await ctx.dispatcher.resource({
      method: 'POST',
      target: `upload/${version}/files`,
      headers: forwardedHeaders(req, ['x-goog-upload-protocol', 'content-type', 'content-length']),
      body: req,
      // A stream can be sent once: a refused attempt goes back to the client, who can send it again.
      once: true,
      quotaModel: 'files',
      keyScope: keyScopeOf(ctx, res),
      signal: abort.signal,
    });
    trace.key(opened.lease.keyId);
    const answer = await answerJson(opened);
    const file = (answer as { file?: Record<string, unknown> }).file;
    if (file) recordOwned(ctx, 'file', file, opened.lease.projectId, clientIdOf(res));
    relayAnswerHeaders(opened.response, res);
    res.setHeader('x-gemgate-key-id', opened.lease.keyId);
    trace.ok();
    res.status(opened.response.status).json(answer);
  } catch (error) {
    req.resume();
    trace.failed(error);
    throw error;
  }
}

/** Gemini's answer to an upload command, as it came: status, upload headers and body. */
function sendRelayed(res: Response, upstream: UpstreamResponse, body: string): void {
  const type = upstream.headers['content-type'];
  if (typeof type === 'string') res.setHeader('content-type', type);
  res.status(upstream.status).end(body);
}

/** The `file` of a finished upload's answer (`{"file": {…}}`), if it is one. */
function fileOf(body: string): Record<string, unknown> | undefined {
  try {
    const file = (JSON.parse(body) as { file?: unknown } | null)?.file;
    return typeof file === 'object' && file !== null ? (file as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
