import type { Blob } from '../../gemini/types.js';
import type { ChatRequest } from './chatRequestSchema.js';
import { invalidRequest } from './openAIError.js';
import { DEFAULT_MAX_INLINE_BYTES, formatBytes, geminiFileUri } from './toUserParts.js';

/** The subset of WHATWG fetch this needs; the route passes global fetch or an undici dispatcher-bound one. */
export type FetchLike = (url: string, init: { signal: AbortSignal; redirect: 'follow' }) => Promise<Response>;

export interface RemoteMediaOptions {
  fetch: FetchLike;
  /** Largest image or file accepted, in bytes; defaults to Gemini's inline limit. */
  maxBytes?: number;
  timeoutMs?: number;
}

/**
 * The one asynchronous step of request translation, kept apart so everything else stays a plain
 * function: OpenAI clients may reference images by http(s) URL, Gemini only takes bytes inline (or its
 * own File API), so gemgate downloads them first.
 *
 * Each distinct URL is fetched once, all in parallel, through the injected fetcher, and read only up
 * to the size limit (the download is abandoned as soon as it is exceeded, whatever Content-Length
 * claims). Any failure is a 400 naming the first field that used the URL, with the reason, because
 * the client can fix it (a dead link, a private URL) and Gemini would fail on it anyway.
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
 * Fetches images by URL, each once, all in parallel: `firstUse` maps each URL to the request field
 * that first used it, which a failure's 400 names. Shared by every dialect that takes image URLs.
 */
export function fetchRemoteImages(
  firstUse: ReadonlyMap<string, string>,
  options: RemoteMediaOptions,
): Promise<Map<string, Blob>> {
  return fetchAll(firstUse, options, IMAGE);
}

/**
 * Fetches files by URL (the Responses API's `input_file.file_url`: a PDF, a text, a recording), each
 * once, all in parallel, with the same limits and 400s as images. The type is the one the server
 * declares; when it declares none (or only octet-stream), a PDF is known by its `%PDF-` signature and
 * anything else is refused, since Gemini needs the type with the bytes.
 */
export function fetchRemoteFiles(
  firstUse: ReadonlyMap<string, string>,
  options: RemoteMediaOptions,
): Promise<Map<string, Blob>> {
  return fetchAll(firstUse, options, FILE);
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

async function fetchAll(
  firstUse: ReadonlyMap<string, string>,
  options: RemoteMediaOptions,
  kind: RemoteKind,
): Promise<Map<string, Blob>> {
  const entries = await Promise.all(
    [...firstUse].map(async ([url, param]) => [url, await fetchOne(url, param, options, kind)] as const),
  );
  return new Map(entries);
}

async function fetchOne(
  url: string,
  param: string,
  options: RemoteMediaOptions,
  kind: RemoteKind,
): Promise<Blob> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_INLINE_BYTES;
  const fail = (reason: string) =>
    invalidRequest(`Could not fetch the ${kind.noun} at '${param}' (${url}): ${reason}.`, param, kind.code);

  let response: Response;
  try {
    response = await options.fetch(url, {
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      redirect: 'follow',
    });
  } catch (err) {
    throw fail(err instanceof Error && err.name === 'TimeoutError' ? 'timed out' : describe(err));
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw fail(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw fail(`it is ${formatBytes(declared)}, more than the ${formatBytes(maxBytes)} limit`);
  }

  let bytes: Buffer;
  try {
    bytes = await readLimited(response, maxBytes);
  } catch (err) {
    if (err instanceof TooLarge) throw fail(`it is larger than the ${formatBytes(maxBytes)} limit`);
    throw fail(describe(err));
  }

  const mimeType = kind.mimeTypeOf(response.headers.get('content-type'), bytes);
  if (!mimeType) throw fail(kind.untyped);
  return { mimeType, data: bytes.toString('base64') };
}

class TooLarge extends Error {}

async function readLimited(response: Response, maxBytes: number): Promise<Buffer> {
  if (!response.body) return Buffer.from(await response.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new TooLarge();
    }
    chunks.push(value);
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

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
  }
  return String(err);
}
