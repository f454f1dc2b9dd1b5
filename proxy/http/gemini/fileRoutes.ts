import { pipeline } from 'node:stream/promises';
import { Router, type Request, type Response } from 'express';
import type { GatewayContext } from '../gatewayContext.js';
import type { OwnedKind, OwnedResource } from '../../store/files.js';
import { UpstreamFailure } from '../../failures/failures.js';
import { abortOnClientGone } from '../responseWriter.js';
import { relayUploadCommand, startUpload } from './uploadRelay.js';
import { decodePathSegment } from '../pathSegment.js';
import {
  answerJson,
  clientIdOf,
  expiryOf,
  nextPageToken,
  ownRecord,
  pageOf,
  speaksGemini,
} from './ownedResources.js';

/**
 * The Files API (https://ai.google.dev/api/files) in Gemini's own shapes, served from gemgate's
 * registry of what each client uploaded and read from the project that owns each file:
 *
 * | route                                   | does                                                           |
 * | --------------------------------------- | -------------------------------------------------------------- |
 * | `POST /upload/{v}/files`                | an upload (uploadRelay.ts)                                     |
 * | `GET /{v}/files?pageSize=&pageToken=`   | the client's own files, newest first, as their owners now see them |
 * | `GET /{v}/files/{id}`                   | one of the client's files, from its owner                      |
 * | `DELETE /{v}/files/{id}`                | deletes it at its owner, then forgets it                      |
 * | `GET /{v}/files/{id}:download`          | its bytes, streamed from its owner (Gemini serves generated files only) |
 *
 * A file another client uploaded, or one gemgate never saw, is answered as Gemini answers a
 * stranger: 403 "…or it may not exist". `{v}` is v1beta or v1; under /v1/ only for a caller that
 * authenticates the Gemini way, since /v1/files is OpenAI's too.
 */
export function fileRoutes(ctx: GatewayContext): Router {
  const router = Router();

  router.post(/^\/upload\/(v1beta|v1)\/files\/?$/, async (req, res, next) => {
    const version = versionOf(req);
    if (!speaksGemini(version, res)) return next();
    const uploadId = req.query.upload_id;
    if (typeof uploadId === 'string') return relayUploadCommand(ctx, req, res, uploadId);
    return startUpload(ctx, req, res, version);
  });

  router.get(/^\/(v1beta|v1)\/files\/?$/, async (req, res, next) => {
    if (!speaksGemini(versionOf(req), res)) return next();
    res.json(await listPage(ctx, req, res, 'file', FILES_PAGE));
  });

  router.get(/^\/(v1beta|v1)\/files\/[^/]+$/, async (req, res, next) => {
    const version = versionOf(req);
    if (!speaksGemini(version, res)) return next();
    const { id, download } = fileIdOf(req);
    const record = ownRecord(ctx, res, `files/${id}`);
    const abort = abortOnClientGone(res);
    if (download) return downloadFile(ctx, req, res, record, version, abort.signal);
    const opened = await atOwner(ctx, record, () =>
      ctx.dispatcher.resource({
        method: 'GET',
        target: `${version}/files/${encodeURIComponent(id)}`,
        quotaModel: 'files',
        owner: { projectId: record.projectId, resource: record.name },
        signal: abort.signal,
      }),
    );
    const file = await answerJson(opened);
    ctx.files.registry.refresh(record.name, file, expiryOf('file', file, record.createdAt));
    res.setHeader('x-gemgate-key-id', opened.lease.keyId);
    res.json(file);
  });

  router.delete(/^\/(v1beta|v1)\/files\/[^/:]+$/, async (req, res, next) => {
    const version = versionOf(req);
    if (!speaksGemini(version, res)) return next();
    const { id } = fileIdOf(req);
    const record = ownRecord(ctx, res, `files/${id}`);
    const opened = await atOwner(ctx, record, () =>
      ctx.dispatcher.resource({
        method: 'DELETE',
        target: `${version}/files/${encodeURIComponent(id)}`,
        quotaModel: 'files',
        owner: { projectId: record.projectId, resource: record.name },
        signal: abortOnClientGone(res).signal,
      }),
    );
    const answer = await answerJson(opened);
    ctx.files.registry.delete(record.name);
    res.setHeader('x-gemgate-key-id', opened.lease.keyId);
    res.json(answer);
  });

  return router;
}

/** Gemini's own page sizes for files.list: 10 unless asked, at most 100. */
/** Google's own page sizes for files.list (https://ai.google.dev/api/files#method:-files.list). */
const FILES_PAGE: ListPaging = { field: 'files', defaultSize: 10, maxSize: 100 };

/** Upstream pages read per project when refreshing a list (100 files each). */
const REFRESH_PAGES = 10;

export function versionOf(req: Request): 'v1beta' | 'v1' {
  return /^\/(?:upload\/)?v1\//.test(req.path) ? 'v1' : 'v1beta';
}

function fileIdOf(req: Request): { id: string; download: boolean } {
  const last = decodePathSegment(req.path.split('/').pop() ?? '');
  const download = last.endsWith(':download');
  return { id: download ? last.slice(0, -':download'.length) : last, download };
}

/**
 * Calls the owner about a resource; when the owner answers that it does not exist (deleted there,
 * or expired early), the registry forgets it too before the client gets Gemini's answer.
 */
export async function atOwner<T>(
  ctx: GatewayContext,
  record: OwnedResource,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (
      error instanceof UpstreamFailure &&
      (error.status === 404 || error.verdict.kind === 'resource-denied')
    ) {
      ctx.files.registry.delete(record.name);
    }
    throw error;
  }
}

/** How one kind of resource is listed: the answer's field and Google's page sizes for it. */
export interface ListPaging {
  field: 'files' | 'cachedContents';
  defaultSize: number;
  maxSize: number;
}

/**
 * One page of the client's files or cached contents (`pageSize`, `pageToken`), from gemgate's
 * registry, refreshed from their owners; a client never sees another client's resources.
 */
export async function listPage(
  ctx: GatewayContext,
  req: Request,
  res: Response,
  kind: OwnedKind,
  paging: ListPaging,
): Promise<Record<string, unknown>> {
  const page = pageOf(req, paging.defaultSize, paging.maxSize);
  const listed = ctx.files.registry.listForClient(clientIdOf(res), kind, page);
  const kept = await refreshFromOwners(
    ctx,
    kind,
    listed.resources,
    versionOf(req),
    abortOnClientGone(res).signal,
  );
  const token = nextPageToken(
    page.offset,
    kept.length,
    listed.total - (listed.resources.length - kept.length),
  );
  return {
    ...(kept.length > 0 ? { [paging.field]: kept.map((record) => record.resource) } : {}),
    ...(token ? { nextPageToken: token } : {}),
  };
}

/**
 * The client's page of resources, as their owners see them now: each owner project's own list is
 * read (a few upstream calls, one per project on the page), what it still has is refreshed, and what
 * it no longer has is forgotten. An owner that cannot answer now leaves its entries as last seen.
 */
export async function refreshFromOwners(
  ctx: GatewayContext,
  kind: OwnedKind,
  records: OwnedResource[],
  version: 'v1beta' | 'v1',
  signal: AbortSignal,
): Promise<OwnedResource[]> {
  const byProject = new Map<string, OwnedResource[]>();
  for (const record of records)
    byProject.set(record.projectId, [...(byProject.get(record.projectId) ?? []), record]);
  const gone = new Set<string>();
  const fresh = new Map<string, Record<string, unknown>>();
  await Promise.all(
    [...byProject].map(async ([projectId, group]) => {
      const listing = await ownerListing(ctx, kind, projectId, group[0]!.name, version, signal);
      if (!listing) return;
      for (const record of group) {
        const current = listing.resources.get(record.name);
        if (current) {
          fresh.set(record.name, current);
          ctx.files.registry.refresh(record.name, current, expiryOf(kind, current, record.createdAt));
        } else if (listing.complete) {
          gone.add(record.name);
          ctx.files.registry.delete(record.name);
        }
      }
    }),
  );
  return records
    .filter((record) => !gone.has(record.name))
    .map((record) => ({ ...record, resource: fresh.get(record.name) ?? record.resource }));
}

async function ownerListing(
  ctx: GatewayContext,
  kind: OwnedKind,
  projectId: string,
  resource: string,
  version: 'v1beta' | 'v1',
  signal: AbortSignal,
): Promise<{ resources: Map<string, Record<string, unknown>>; complete: boolean } | undefined> {
  const field = kind === 'file' ? 'files' : 'cachedContents';
  const resources = new Map<string, Record<string, unknown>>();
  let pageToken: string | undefined;
  try {
    for (let page = 0; page < REFRESH_PAGES; page++) {
      const query = new URLSearchParams({
        pageSize: kind === 'file' ? '100' : '1000',
        ...(pageToken ? { pageToken } : {}),
      });
      const opened = await ctx.dispatcher.resource({
        method: 'GET',
        target: `${version}/${field}?${query}`,
        quotaModel: field,
        owner: { projectId, resource },
        signal,
      });
      const answer = await answerJson(opened);
      const items = Array.isArray(answer[field]) ? (answer[field] as Array<Record<string, unknown>>) : [];
      for (const item of items) if (typeof item.name === 'string') resources.set(item.name, item);
      pageToken =
        typeof answer.nextPageToken === 'string' && answer.nextPageToken ? answer.nextPageToken : undefined;
      if (!pageToken) return { resources, complete: true };
    }
    return { resources, complete: false };
  } catch (error) {
    if (signal.aborted) throw error;
    ctx.logger.info({ err: error, projectId, kind }, 'could not refresh resources from their owner');
    return undefined;
  }
}

/** `:download`: the owner's bytes, streamed to the client with their type and length. */
async function downloadFile(
  ctx: GatewayContext,
  req: Request,
  res: Response,
  record: OwnedResource,
  version: 'v1beta' | 'v1',
  signal: AbortSignal,
): Promise<void> {
  const query = new URLSearchParams({ alt: typeof req.query.alt === 'string' ? req.query.alt : 'media' });
  const id = record.name.slice('files/'.length);
  const opened = await atOwner(ctx, record, () =>
    ctx.dispatcher.resource({
      method: 'GET',
      target: `${version}/files/${encodeURIComponent(id)}:download?${query}`,
      quotaModel: 'files',
      owner: { projectId: record.projectId, resource: record.name },
      signal,
    }),
  );
  res.status(opened.response.status);
  for (const name of ['content-type', 'content-length', 'content-disposition']) {
    const value = opened.response.headers[name];
    if (typeof value === 'string') res.setHeader(name, value);
  }
  res.setHeader('x-gemgate-key-id', opened.lease.keyId);
  await pipeline(opened.response.body, res);
}
