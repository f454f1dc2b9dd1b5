import type { ServerResponse } from 'node:http';
import type { Content, GenerateContentRequest, Tool } from '../../proxy/gemini/types.js';
import type { EmulatorState } from './context.js';
import { parseJsonBody } from './context.js';
import { cacheResource, DEFAULT_CACHE_TTL_MS, expirationFrom, minCacheTokens } from './caches.js';
import { invalidArgument, modelNotFound, unknownFields } from './errors.js';
import { findModel, supports } from './models.js';
import { tallyRequest } from './tokens.js';
import type { ApiVersion } from './types.js';
import { normalizeGenerateRequest } from './validate.js';
import { sendError, sendJson } from './wire.js';

/**
 * cachedContents (https://ai.google.dev/api/caching), under /v1beta and /v1 alike:
 *   POST   /{v}/cachedContents                    create
 *   GET    /{v}/cachedContents?pageSize=&pageToken=  list
 *   GET    /{v}/cachedContents/{id}               get
 *   PATCH  /{v}/cachedContents/{id}?updateMask=   update: only ttl / expireTime
 *   DELETE /{v}/cachedContents/{id}               delete
 */
export type CachesRoute =
  | { kind: 'create'; apiVersion: ApiVersion; action: 'cachedContents.create' }
  | { kind: 'list'; apiVersion: ApiVersion; action: 'cachedContents.list' }
  | { kind: 'get'; apiVersion: ApiVersion; id: string; action: 'cachedContents.get' }
  | { kind: 'patch'; apiVersion: ApiVersion; id: string; action: 'cachedContents.patch' }
  | { kind: 'delete'; apiVersion: ApiVersion; id: string; action: 'cachedContents.delete' };

export function matchCachesRoute(method: string, pathname: string): CachesRoute | undefined {
  const match = /^\/(v1|v1beta)\/cachedContents(?:\/([^/:]+))?\/?$/.exec(pathname);
  if (!match) return undefined;
  const apiVersion = match[1] as ApiVersion;
  const id = match[2];
  if (id === undefined) {
    if (method === 'POST') return { kind: 'create', apiVersion, action: 'cachedContents.create' };
    if (method === 'GET') return { kind: 'list', apiVersion, action: 'cachedContents.list' };
    return undefined;
  }
  if (method === 'GET') return { kind: 'get', apiVersion, id, action: 'cachedContents.get' };
  if (method === 'PATCH') return { kind: 'patch', apiVersion, id, action: 'cachedContents.patch' };
  if (method === 'DELETE') return { kind: 'delete', apiVersion, id, action: 'cachedContents.delete' };
  return undefined;
}

export interface CachesCall {
  res: ServerResponse;
  query: URLSearchParams;
  rawBody: Buffer;
  projectId: string;
}

// https://ai.google.dev/api/caching#CachedContent (name and usageMetadata are output only, but sent back harmlessly).
const CACHE_FIELDS = new Set([
  'contents',
  'tools',
  'expireTime',
  'ttl',
  'name',
  'displayName',
  'model',
  'systemInstruction',
  'toolConfig',
]);
const UPDATABLE = new Set(['ttl', 'expireTime']);
const PAGE_DEFAULT = 100;
const PAGE_MAX = 1000;

const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export function handleCaches(state: EmulatorState, route: CachesRoute, call: CachesCall): void {
  switch (route.kind) {
    case 'create':
      return create(state, call, route.apiVersion);
    case 'list':
      return list(state, call);
    case 'get': {
      const found = state.caches.readable(route.id, call.projectId);
      return found.ok
        ? sendJson(call.res, 200, cacheResource(found.value))
        : sendError(call.res, found.error);
    }
    case 'patch':
      return patch(state, route.id, call);
    case 'delete': {
      const found = state.caches.readable(route.id, call.projectId);
      if (!found.ok) return sendError(call.res, found.error);
      state.caches.delete(route.id);
      return sendJson(call.res, 200, {});
    }
  }
}

function create(state: EmulatorState, call: CachesCall, apiVersion: ApiVersion): void {
  const parsed = parseJsonBody(call.rawBody);
  if (!parsed.ok) return sendError(call.res, parsed.error);
  const raw = parsed.value;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return sendError(call.res, unknownFields([{ name: '' }]));
  }
  const unknown = Object.keys(raw).filter((key) => !CACHE_FIELDS.has(camel(key)));
  if (unknown.length > 0) return sendError(call.res, unknownFields(unknown.map((name) => ({ name }))));
  const body = Object.fromEntries(Object.entries(raw).map(([key, value]) => [camel(key), value]));
  const modelName = typeof body.model === 'string' ? body.model : '';
  if (!modelName) return sendError(call.res, invalidArgument('cached_content.model is required.'));
  const modelId = modelName.replace(/^models\//, '');
  const model = findModel(modelId);
  if (!model || !supports(model, 'createCachedContent')) {
    return sendError(call.res, modelNotFound(modelId, apiVersion, 'createCachedContent'));
  }
  // The cached part of a request is shaped like the request's own contents, tools and instruction.
  const asRequest = normalizeGenerateRequest({
    contents: body.contents ?? [],
    ...(body.systemInstruction !== undefined ? { systemInstruction: body.systemInstruction } : {}),
    ...(body.tools !== undefined ? { tools: body.tools } : {}),
    ...(body.toolConfig !== undefined ? { toolConfig: body.toolConfig } : {}),
  });
  if (!asRequest.ok) return sendError(call.res, asRequest.error);
  const request: GenerateContentRequest = asRequest.value;
  const notYours = state.files.refusal(request, call.projectId);
  if (notYours) return sendError(call.res, notYours);
  const tokens = tallyRequest(request).total;
  const minimum = minCacheTokens(model.id);
  if (tokens < minimum) {
    return sendError(
      call.res,
      invalidArgument(
        `Cached content is too small. total_token_count=${tokens}, min_total_token_count=${minimum}`,
      ),
    );
  }
  const now = state.now();
  const expiry = expirationFrom(body, now, DEFAULT_CACHE_TTL_MS);
  if (!expiry.ok) return sendError(call.res, expiry.error);
  const cache = state.caches.add(
    {
      projectId: call.projectId,
      model: `models/${model.id}`,
      ...(typeof body.displayName === 'string' && body.displayName ? { displayName: body.displayName } : {}),
      ...(request.contents ? { contents: request.contents as Content[] } : {}),
      ...(request.systemInstruction ? { systemInstruction: request.systemInstruction } : {}),
      ...(request.tools ? { tools: request.tools as Tool[] } : {}),
      ...(request.toolConfig ? { toolConfig: request.toolConfig } : {}),
      totalTokenCount: tokens,
      expiresAt: expiry.value,
    },
    now,
  );
  sendJson(call.res, 200, cacheResource(cache));
}

function list(state: EmulatorState, call: CachesCall): void {
  const requested = Number(call.query.get('pageSize') ?? PAGE_DEFAULT);
  const pageSize =
    Number.isFinite(requested) && requested > 0 ? Math.min(Math.floor(requested), PAGE_MAX) : PAGE_DEFAULT;
  const token = call.query.get('pageToken');
  let offset = 0;
  if (token) {
    const match = /^caches:(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
    if (!match) return sendError(call.res, invalidArgument('Invalid page token.'));
    offset = Number(match[1]);
  }
  const caches = state.caches.listFor(call.projectId);
  const page = caches.slice(offset, offset + pageSize);
  const next = offset + page.length;
  sendJson(call.res, 200, {
    ...(page.length > 0 ? { cachedContents: page.map(cacheResource) } : {}),
    ...(next < caches.length ? { nextPageToken: Buffer.from(`caches:${next}`).toString('base64url') } : {}),
  });
}

/** Only the expiration can change (https://ai.google.dev/api/caching#method:-cachedcontents.patch). */
function patch(state: EmulatorState, id: string, call: CachesCall): void {
  const found = state.caches.readable(id, call.projectId);
  if (!found.ok) return sendError(call.res, found.error);
  const parsed = parseJsonBody(call.rawBody);
  if (!parsed.ok) return sendError(call.res, parsed.error);
  const raw = (typeof parsed.value === 'object' && parsed.value !== null ? parsed.value : {}) as Record<
    string,
    unknown
  >;
  const body = Object.fromEntries(Object.entries(raw).map(([key, value]) => [camel(key), value]));
  const mask = (call.query.get('updateMask') ?? call.query.get('update_mask') ?? '')
    .split(',')
    .map((field) => camel(field.trim()))
    .filter(Boolean);
  const fixed = [...mask, ...Object.keys(body).filter((key) => key !== 'name')].filter(
    (field) => !UPDATABLE.has(field),
  );
  if (fixed.length > 0) {
    return sendError(
      call.res,
      invalidArgument(`Only ttl or expire_time can be updated; not ${fixed.join(', ')}.`),
    );
  }
  const now = state.now();
  const expiry = expirationFrom(body, now, undefined);
  if (!expiry.ok) return sendError(call.res, expiry.error);
  const cache = found.value;
  cache.expiresAt = expiry.value;
  cache.updatedAt = now;
  sendJson(call.res, 200, cacheResource(cache));
}
