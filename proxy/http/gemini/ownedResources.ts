import type { Request, Response } from 'express';
import type { GatewayContext, ClientLocals } from '../gatewayContext.js';
import type { KeyScope } from '../../pool/keyPool.js';
import type { OwnedKind, OwnedResource } from '../../store/files.js';
import type { OpenedCall } from '../../dispatch/upstreamDispatcher.js';
import { GatewayError } from '../gatewayError.js';
import { redactSecrets } from '../../log/redact.js';

/**
 * What the Files API and cachedContents routes share: recording what a client created (and where),
 * reading Google's answers, and the keys a client may draw on for a call that names no model.
 */

/** Files live 48 hours at Google (https://ai.google.dev/gemini-api/docs/files), when the answer does not say. */
const FILE_TTL_MS = 48 * 3_600_000;

/** Gemini's answers here are small JSON documents; anything bigger is not one of them. */
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

/** The client's policy limits on accounts and tiers, without a model to admit (uploads, lookups). */
export function keyScopeOf(ctx: GatewayContext, res: Response): KeyScope {
  const policy = ctx.policies.policyOf((res.locals as ClientLocals).client);
  return {
    ...(policy.allowTiers ? { allowedTiers: policy.allowTiers } : {}),
    ...(policy.allowAccounts ? { allowedAccountIds: policy.allowAccounts } : {}),
  };
}

export function clientIdOf(res: Response): string {
  return (res.locals as ClientLocals).client.id;
}

/** `/v1/...` is OpenAI's too: there, these routes answer only a caller that authenticates Gemini's way. */
export function speaksGemini(version: string, res: Response): boolean {
  return version === 'v1beta' || (res.locals as ClientLocals).credentialStyle === 'gemini';
}

/** Reads an upstream answer's body as text, up to a bound, with any key in it masked. */
export async function answerText(opened: Pick<OpenedCall, 'response'>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of opened.response.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_ANSWER_BYTES) {
      opened.response.body.destroy();
      throw new GatewayError(502, 'Gemini sent an answer far larger than a Files API answer can be.');
    }
    chunks.push(chunk);
  }
  return redactSecrets(Buffer.concat(chunks).toString('utf8'));
}

export async function answerJson(opened: Pick<OpenedCall, 'response'>): Promise<Record<string, unknown>> {
  const text = await answerText(opened);
  try {
    const value = JSON.parse(text || '{}') as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // not JSON: said below
  }
  throw new GatewayError(502, 'Gemini answered with something that is not the JSON object expected.');
}

const stringOf = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
const timeOf = (value: unknown) => {
  const at = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(at) ? at : null;
};

/** A File (https://ai.google.dev/api/files#File) or a CachedContent, as the registry keeps it. */
export function ownedFrom(
  kind: OwnedKind,
  resource: Record<string, unknown>,
  projectId: string,
  clientId: string,
  now = Date.now(),
): OwnedResource | undefined {
  const name = stringOf(resource.name);
  const prefix = kind === 'file' ? 'files/' : 'cachedContents/';
  if (!name?.startsWith(prefix)) return undefined;
  const createdAt = timeOf(resource.createTime) ?? now;
  const size = Number(resource.sizeBytes);
  return {
    name,
    kind,
    projectId,
    clientId,
    displayName: stringOf(resource.displayName),
    mimeType: stringOf(resource.mimeType),
    sizeBytes: Number.isFinite(size) && kind === 'file' ? size : null,
    model: stringOf(resource.model),
    createdAt,
    expiresAt: expiryOf(kind, resource, createdAt),
    resource,
  };
}

export function expiryOf(
  kind: OwnedKind,
  resource: Record<string, unknown>,
  createdAt = Date.now(),
): number | null {
  return kind === 'file'
    ? (timeOf(resource.expirationTime) ?? createdAt + FILE_TTL_MS)
    : timeOf(resource.expireTime);
}

/**
 * Records what a client just created, before the client hears of it. A failure to record (the
 * project was removed meanwhile) is logged, not the client's problem: Gemini did create it.
 */
export function recordOwned(
  ctx: GatewayContext,
  kind: OwnedKind,
  resource: Record<string, unknown>,
  projectId: string,
  clientId: string,
): void {
  const owned = ownedFrom(kind, resource, projectId, clientId);
  if (!owned) {
    ctx.logger.warn({ kind, projectId }, 'Gemini created a resource without a name');
    return;
  }
  try {
    ctx.files.registry.record(owned);
    ctx.files.ownership.noteRecorded();
  } catch (error) {
    ctx.logger.error({ err: error, name: owned.name }, 'could not record the owner of a new resource');
  }
}

/** The client's own record of `name`, or the 403 Gemini gives a stranger (it may not exist). */
export function ownRecord(ctx: GatewayContext, res: Response, name: string): OwnedResource {
  const record = ctx.files.registry.get(name);
  if (!record || record.clientId !== clientIdOf(res)) {
    throw new GatewayError(403, notFoundText(name), {
      code: 'resource_not_accessible',
    });
  }
  return record;
}

export function notFoundText(name: string): string {
  return name.startsWith('files/')
    ? `You do not have permission to access the File ${name.slice('files/'.length)} or it may not exist.`
    : 'CachedContent not found (or permission denied)';
}

/** A page token over a client's own list: an offset, opaque to the client. */
export function pageOf(
  req: Request,
  defaultSize: number,
  maxSize: number,
): { offset: number; limit: number } {
  const requested = Number(req.query.pageSize);
  const limit =
    Number.isFinite(requested) && requested > 0 ? Math.min(Math.floor(requested), maxSize) : defaultSize;
  const token = req.query.pageToken;
  if (typeof token !== 'string' || token === '') return { offset: 0, limit };
  const match = /^offset:(\d{1,15})$/.exec(Buffer.from(token, 'base64url').toString());
  // gemgate's own tokens hold small offsets; one past any integer SQLite takes is not one of them.
  if (!match) throw new GatewayError(400, 'Invalid page token.', { code: 'invalid_page_token' });
  return { offset: Number(match[1]), limit };
}

export function nextPageToken(offset: number, shown: number, total: number): string | undefined {
  const next = offset + shown;
  return next < total ? Buffer.from(`offset:${next}`).toString('base64url') : undefined;
}
