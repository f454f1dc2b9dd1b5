import type { Content, GenerateContentRequest, GoogleErrorBody, Tool } from '../../proxy/gemini/types.js';
import { googleError, invalidArgument } from './errors.js';
import { newResourceId, type Outcome } from './files.js';

/**
 * Context caching as Gemini keeps it (https://ai.google.dev/api/caching): a cached content belongs
 * to the project of the key that created it and to one model; it lives for its `ttl` (one hour when
 * unset, https://ai.google.dev/gemini-api/docs/caching) or until its `expireTime`; only that
 * expiration can be changed afterwards. Through any other project's key, and once it has expired,
 * it answers 403 PERMISSION_DENIED "CachedContent not found (or permission denied)" (the wording
 * proxy/upstream/classifyOutcome.ts recognises; no public issue quotes the whole body, so only the
 * status and this message are copied). A cache whose contents name another project's file is refused
 * with that file's 403, as generateContent is (google-gemini/deprecated-generative-ai-python#617).
 */

export const DEFAULT_CACHE_TTL_MS = 3_600_000;

export interface EmulatedCache {
  id: string;
  projectId: string;
  /** `models/…`, as stored and returned. */
  model: string;
  displayName?: string;
  contents?: Content[];
  systemInstruction?: Content;
  tools?: Tool[];
  toolConfig?: unknown;
  totalTokenCount: number;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
}

export function cacheNotReadable(): GoogleErrorBody {
  return googleError(403, 'PERMISSION_DENIED', 'CachedContent not found (or permission denied)');
}

/**
 * The smallest context Gemini caches: 1,024 tokens for the Flash models, 4,096 for the Pro ones
 * ("Cached content is too small. total_token_count=896, min_total_token_count=1024" for
 * gemini-2.5-flash, BerriAI/litellm#17696; "…=416, min_total_token_count=4096",
 * zyddnys/manga-image-translator#929).
 */
export function minCacheTokens(modelId: string): number {
  return /-pro\b/.test(modelId) ? 4096 : 1024;
}

/** "300s", "1.5s" (google.protobuf.Duration in JSON) -> milliseconds; undefined when malformed. */
export function parseTtl(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+(?:\.\d{1,9})?)s$/.exec(value.trim());
  return match ? Math.round(Number(match[1]) * 1000) : undefined;
}

/** The expiration asked for: `ttl` or `expireTime` (exclusive), the default ttl when neither. */
export function expirationFrom(
  body: { ttl?: unknown; expireTime?: unknown },
  now: number,
  fallbackTtlMs: number | undefined,
): Outcome<number> {
  if (body.ttl !== undefined && body.expireTime !== undefined) {
    return { ok: false, error: invalidArgument('Only one of ttl and expire_time can be set.') };
  }
  if (body.ttl !== undefined) {
    const ttl = parseTtl(body.ttl);
    if (ttl === undefined || ttl <= 0) {
      return {
        ok: false,
        error: invalidArgument(
          `Invalid value at 'cached_content.ttl' (google.protobuf.Duration), ${JSON.stringify(body.ttl)}`,
        ),
      };
    }
    return { ok: true, value: now + ttl };
  }
  if (body.expireTime !== undefined) {
    const at = typeof body.expireTime === 'string' ? Date.parse(body.expireTime) : NaN;
    if (!Number.isFinite(at)) {
      return {
        ok: false,
        error: invalidArgument(
          `Invalid value at 'cached_content.expire_time' (type.googleapis.com/google.protobuf.Timestamp), ${JSON.stringify(body.expireTime)}`,
        ),
      };
    }
    if (at <= now) return { ok: false, error: invalidArgument('expire_time must be in the future.') };
    return { ok: true, value: at };
  }
  if (fallbackTtlMs === undefined) {
    return { ok: false, error: invalidArgument('Either ttl or expire_time must be set in the update.') };
  }
  return { ok: true, value: now + fallbackTtlMs };
}

export class CacheBook {
  private readonly caches = new Map<string, EmulatedCache>();

  constructor(private readonly now: () => number) {}

  add(cache: Omit<EmulatedCache, 'id' | 'createdAt' | 'updatedAt'>, now = this.now()): EmulatedCache {
    const stored: EmulatedCache = { ...cache, id: newResourceId(), createdAt: now, updatedAt: now };
    this.caches.set(stored.id, stored);
    return stored;
  }

  live(id: string): EmulatedCache | undefined {
    const cache = this.caches.get(id);
    if (!cache) return undefined;
    if (cache.expiresAt <= this.now()) {
      this.caches.delete(id);
      return undefined;
    }
    return cache;
  }

  readable(id: string, projectId: string): Outcome<EmulatedCache> {
    const cache = this.live(id);
    if (!cache || cache.projectId !== projectId) return { ok: false, error: cacheNotReadable() };
    return { ok: true, value: cache };
  }

  listFor(projectId: string): EmulatedCache[] {
    return [...this.caches.keys()]
      .map((id) => this.live(id))
      .filter((cache): cache is EmulatedCache => cache?.projectId === projectId)
      .sort((a, b) => b.createdAt - a.createdAt || a.id.localeCompare(b.id));
  }

  delete(id: string): void {
    this.caches.delete(id);
  }

  /**
   * What a generate request naming `cachedContent` may not do: use another project's (or an expired)
   * cache, set what the cache already fixes ("CachedContent can not be used with GenerateContent
   * request setting system_instruction, tools or tool_config. Proposed fix: …", vercel/ai#3333), or
   * name another model than the cache's (a 400; the wording here is the emulator's own).
   */
  refusal(req: GenerateContentRequest, projectId: string, modelId: string): GoogleErrorBody | undefined {
    if (typeof req.cachedContent !== 'string') return undefined;
    const id = /^cachedContents\/([^/]+)$/.exec(req.cachedContent)?.[1];
    if (!id) {
      return invalidArgument(
        `Invalid cached_content name "${req.cachedContent}": expected cachedContents/{id}.`,
      );
    }
    const found = this.readable(id, projectId);
    if (!found.ok) return found.error;
    if (found.value.model !== `models/${modelId}`) {
      return invalidArgument(
        `The request's model (models/${modelId}) is not the model of ${req.cachedContent} (${found.value.model}).`,
      );
    }
    if (req.systemInstruction !== undefined || req.tools !== undefined || req.toolConfig !== undefined) {
      return invalidArgument(
        'CachedContent can not be used with GenerateContent request setting system_instruction, tools or tool_config. Proposed fix: move those values to CachedContent from GenerateContent request.',
      );
    }
    return undefined;
  }

  clear(): void {
    this.caches.clear();
  }
}

/** The REST representation (https://ai.google.dev/api/caching#CachedContent); contents are never returned. */
export function cacheResource(cache: EmulatedCache): Record<string, unknown> {
  return {
    name: `cachedContents/${cache.id}`,
    model: cache.model,
    ...(cache.displayName ? { displayName: cache.displayName } : {}),
    createTime: new Date(cache.createdAt).toISOString(),
    updateTime: new Date(cache.updatedAt).toISOString(),
    expireTime: new Date(cache.expiresAt).toISOString(),
    usageMetadata: { totalTokenCount: cache.totalTokenCount },
  };
}
