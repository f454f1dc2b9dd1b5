import type { Blob } from '../../gemini/types.js';
import type { RemoteFetch } from '../../upstream/publicFetch.js';
import { inBatches } from '../../util/inBatches.js';
import type { ChatRequest } from './chatRequestSchema.js';
import { invalidRequest } from './openAIError.js';
import { DEFAULT_MAX_INLINE_BYTES, formatBytes, geminiFileUri } from './toUserParts.js';

/**
 * How a URL is fetched: gemgate's own fetcher (upstream/publicFetch.ts, public addresses only) in
 * the gateway; any WHATWG fetch in tests.
 */
export type FetchLike = RemoteFetch;

export interface RemoteMediaOptions {
  fetch: FetchLike;
  /** Largest image or file accepted, in bytes; defaults to Gemini's inline limit. */
  maxBytes?: number;
  timeoutMs?: number;
  /** Shared by every URL of one request, images and files alike: how many, and how many bytes in all. */
  allowance?: FetchAllowance;
  /** Aborted when the client has gone: the downloads for it stop. */
  signal?: AbortSignal;
}

/** URLs fetched at once for one request. */
const PARALLEL_FETCHES = 4;

/**
 * What one request may have fetched for it, over all its URLs: at most `maxUrls` URLs and
 * `maxBytes` bytes counted as they travel on to Gemini (base64, as if the client had sent them
 * inline), each piece reserved first with `reserve` (the gateway's body budget, which then holds
 * fetched media as it holds request bodies).
 */
export class FetchAllowance {
  private urls = 0;
  private bytes = 0;

  constructor(
    readonly limits: { maxUrls: number; maxBytes: number },
    private readonly reserve: (bytes: number) => Promise<void> = async () => {},
  ) {}

  /** Counts `count` more URLs; a 400 naming `param` past the cap. */
  claimUrls(count: number, param: string | undefined, code: string): void {
    this.urls += count;
    if (this.urls > this.limits.maxUrls) {
      throw invalidRequest(
        `This request gives ${this.urls} images and files by URL; gemgate fetches at most ${this.limits.maxUrls} for one request. Send fewer, or send them as data.`,
        param ?? null,
        code,
      );
    }
  }

  /** Counts a piece of `raw` bytes just downloaded; false past the byte cap (nothing reserved then). */
  async take(raw: number): Promise<boolean> {
    const inline = Math.ceil((raw * 4) / 3);
    if (this.bytes + inline > this.limits.maxBytes) return false;
    this.bytes += inline;
    await this.reserve(inline);
    return true;
  }
}

/**
 * The one asynchronous step of request translation, kept apart so everything else stays a plain
 * function: OpenAI clients may reference images by http(s) URL, Gemini only takes bytes inline (or its
 * own File API), so gemgate downloads them first.
 *
 * Each distinct URL is fetched once, a few at a time, through the injected fetcher, and read only up
 * to the size limits (the download is abandoned as soon as one is exceeded, whatever Content-Length
 * claims). Any failure is a 400 naming the first field that used the URL, with the reason, because
 * the client can fix it (a dead link, a private URL) and Gemini would fail on it anyway. A URL that
 * could not be reached, whatever the reason (refused as not public, nothing listening, no answer in
 * time), gets one and the same reason, so that the answer tells nothing about a network gemgate
 * will not fetch from.
 */
export async function fetchRemoteMedia(
  request: ChatRequest,
  options: RemoteMediaOptions,
): Promise<Map<string, Blob>> {
  const firstUse = new Map<string, string>();
  request.messages.forEach((message, messageIndex) => {
    if (message.role !== 'user' || typeof message.content === 'string') return;
    message.content.forEach((part, partIndex) => {
      if (part.type !== 'image_url' || !/^https?:\/\//i.test(part.image_url.url)) return;
      // A Files API file is read by Gemini itself, through its URI: nothing to download.
      if (geminiFileUri(part.image_url.url)) return;
      if (!firstUse.has(part.image_url.url)) {
        firstUse.set(part.image_url.url, `messages[${messageIndex}].content[${partIndex}].image_url.url`);
      }
    });
  });
  return fetchRemoteImages(firstUse, options);
}

/**
 * Fetches images by URL, each once: `firstUse` maps each URL to the request field that first used
 * it, which a failure's 400 names. Shared by every dialect that takes image URLs.
 */
export function fetchRemoteImages(
  firstUse: ReadonlyMap<string, string>,
  options: RemoteMediaOptions,
): Promise<Map<string, Blob>> {
  return fetchAll(firstUse, options, IMAGE);
}

/**
 * Fetches files by URL (the Responses API's `input_file.file_url`: a PDF, a text, a recording), each
 * once, with the same limits and 400s as images. The type is the one the server declares; when it
 * declares none (or only octet-stream), a PDF is known by its `%PDF-` signature and anything else is
 * refused, since Gemini needs the type with the bytes.
 */
export function fetchRemoteFiles(
  firstUse: ReadonlyMap<string, string>,
  options: RemoteMediaOptions,
): Promise<Map<string, Blob>> {
  return fetchAll(firstUse, options, FILE);
}

/**
 * Fetches again media fetched for an earlier request (a stored conversation keeps the URL, not the
 * bytes): `known` maps each URL to the field to name in a 400 and the type it had then.
 */
export async function fetchRemoteAgain(
  known: ReadonlyMap<string, { param: string; mimeType: string }>,
  options: RemoteMediaOptions,
): Promise<Map<string, Blob>> {
  const firstUse = new Map([...known].map(([url, { param }]) => [url, param]));
  const fetched = await fetchAll(firstUse, options, AGAIN);
  return new Map([...fetched].map(([url, blob]) => [url, { ...blob, mimeType: known.get(url)!.mimeType }]));
}

/** What is fetched: its name in a 400, the error code, and how its type is told. */
interface RemoteKind {
  noun: 'image' | 'file';
  code: 'invalid_image_url' | 'invalid_file_url';
  mimeTypeOf(contentType: string | null, bytes: Buffer): string | undefined;
  /** Why mimeTypeOf found none, for the 400. */
  untyped: string;
}

const IMAGE: RemoteKind = {
  noun: 'image',
  code: 'invalid_image_url',
  mimeTypeOf: imageMimeType,
  untyped: 'the response is not an image',
};

const FILE: RemoteKind = {
  noun: 'file',
  code: 'invalid_file_url',
  mimeTypeOf: fileMimeType,
  untyped: 'the server does not say what type of file it is (no Content-Type), and it is not a PDF',
};

/** Media fetched before: its type is known already (fetchRemoteAgain sets it). */
const AGAIN: RemoteKind = {
  noun: 'file',
  code: 'invalid_file_url',
  mimeTypeOf: () => 'application/octet-stream',
  untyped: '',
};

async function fetchAll(
  firstUse: ReadonlyMap<string, string>,
  options: RemoteMediaOptions,
  kind: RemoteKind,
): Promise<Map<string, Blob>> {
  // Most requests name no URL: no controller, no signal, nothing to wait for.
  if (firstUse.size === 0) return new Map();
  const pending = [...firstUse];
  options.allowance?.claimUrls(pending.length, pending[0]?.[1], kind.code);
  // The first failure fails the request: the other downloads stop with it.
  const stop = new AbortController();
  const each = {
    ...options,
    signal: options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal,
  };
  // In the order the request gave them, whichever finished first.
  const blobs = await inBatches(pending, PARALLEL_FETCHES, async ([url, param]) => {
    try {
      return await fetchOne(url, param, each, kind);
    } catch (error) {
      stop.abort(error);
      throw error;
    }
  });
  return new Map(pending.map(([url], index) => [url, blobs[index]!]));
}

async function fetchOne(
  url: string,
  param: string,
  options: RemoteMediaOptions,
  kind: RemoteKind,
): Promise<Blob> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_INLINE_BYTES;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const fail = (reason: string) =>
    invalidRequest(`Could not fetch the ${kind.noun} at '${param}' (${url}): ${reason}.`, param, kind.code);
  const unreachable = () =>
    fail(
      `it could not be reached within ${timeoutMs / 1000} s (gemgate fetches from public internet addresses only, unless the fetch.allowHosts setting names others)`,
    );
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;

  let response: Awaited<ReturnType<FetchLike>>;
  try {
    response = await options.fetch(url, { signal });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw unreachable();
  }
  if (response.status < 200 || response.status > 299) {
    await stopReading(response);
    throw fail(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await stopReading(response);
    throw fail(`it is ${formatBytes(declared)}, more than the ${formatBytes(maxBytes)} limit`);
  }

  let bytes: Buffer;
  try {
    bytes = await readLimited(response, maxBytes, options.allowance);
  } catch (error) {
    if (error instanceof TooLarge) throw fail(`it is larger than the ${formatBytes(maxBytes)} limit`);
    if (error instanceof OverAllowance) {
      throw fail(
        `the images and files fetched for this request come to more than ${formatBytes(error.maxBytes)} sent inline, the most one request may`,
      );
    }
    if (options.signal?.aborted) throw error;
    throw unreachable();
  }

  const mimeType = kind.mimeTypeOf(response.headers.get('content-type'), bytes);
  if (!mimeType) throw fail(kind.untyped);
  return { mimeType, data: bytes.toString('base64') };
}

class TooLarge extends Error {}

class OverAllowance extends Error {
  constructor(readonly maxBytes: number) {
    super('over the allowance');
  }
}

/** Stops a download whose bytes are not wanted. */
async function stopReading(response: Awaited<ReturnType<FetchLike>>): Promise<void> {
  await response.body?.[Symbol.asyncIterator]().return?.();
}

async function readLimited(
  response: Awaited<ReturnType<FetchLike>>,
  maxBytes: number,
  allowance: FetchAllowance | undefined,
): Promise<Buffer> {
  if (!response.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  // Leaving the loop (a throw) stops the download.
  for await (const chunk of response.body) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new TooLarge();
    if (allowance && !(await allowance.take(chunk.byteLength))) {
      throw new OverAllowance(allowance.limits.maxBytes);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The declared Content-Type, unless it says nothing (missing, octet-stream); else a PDF by its signature. */
function fileMimeType(contentType: string | null, bytes: Buffer): string | undefined {
  const declared = contentType?.split(';')[0]?.trim().toLowerCase();
  if (declared && declared !== 'application/octet-stream' && declared !== 'binary/octet-stream')
    return declared;
  return bytes.subarray(0, 5).toString('latin1') === '%PDF-' ? 'application/pdf' : undefined;
}

/** Trust an image/* Content-Type; otherwise (missing, octet-stream) look at the magic bytes. */
function imageMimeType(contentType: string | null, bytes: Buffer): string | undefined {
  const declared = contentType?.split(';')[0]?.trim().toLowerCase();
  if (declared?.startsWith('image/')) return declared;
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
  if (
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  ) {
    return 'image/webp';
  }
  if (
    bytes
      .subarray(4, 12)
      .toString('latin1')
      .match(/^ftyp(heic|heix|mif1)/)
  )
    return 'image/heic';
  return undefined;
}
