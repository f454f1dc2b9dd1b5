import type { Readable } from 'node:stream';
import { Agent } from './undiciCore.js';
import { sendUpstream, type UpstreamResponse } from './sendUpstream.js';

export type ApiVersion = 'v1beta' | 'v1';

export interface UpstreamCall {
  apiVersion: ApiVersion;
  /** Model id without the `models/` prefix, e.g. `gemini-2.5-flash`, or `tunedModels/{id}`. */
  model: string;
  /** `generateContent`, `streamGenerateContent`, `countTokens`, `embedContent`, `batchEmbedContents`, `predict`, `predictLongRunning`. */
  action: string;
  body: unknown;
  apiKey: string;
  signal?: AbortSignal;
  /** Longest wait for the response headers (default: the client's request timeout). */
  headersTimeoutMs?: number;
}

/**
 * A call to one of Gemini's resources other than a model's actions: the Files API, its uploads,
 * cachedContents. The body is sent as given: bytes of an upload are streamed, never held whole.
 */
export interface ResourceRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /**
   * A path under the API root with its query (`v1beta/files/abc`, `upload/v1beta/files`), or an
   * absolute URL Gemini handed out (an upload session's).
   */
  target: string;
  apiKey: string;
  headers?: Record<string, string>;
  body?: string | Buffer | Readable;
  signal?: AbortSignal;
  /** Longest wait for the response headers (a stream's first byte; default: the client's request timeout). */
  headersTimeoutMs?: number;
}

export { UpstreamNetworkError, type UpstreamResponse } from './sendUpstream.js';

/**
 * Talks to Gemini's REST API (or the emulator) over one keep-alive connection pool. The key goes in
 * the `x-goog-api-key` header, never in the URL, so it cannot leak through a logged URL.
 */
export class GeminiClient {
  private readonly agent: Agent;

  constructor(
    private baseUrl: string,
    private readonly requestTimeoutMs = 600_000,
  ) {
    this.agent = new Agent({
      keepAliveTimeout: 30_000,
      connections: 128,
      // Streams may think for minutes before the first byte; the resume engine owns stall detection.
      headersTimeout: requestTimeoutMs,
      bodyTimeout: requestTimeoutMs,
    });
  }

  setBaseUrl(baseUrl: string): void {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  get origin(): string {
    return this.baseUrl;
  }

  async post(call: UpstreamCall): Promise<UpstreamResponse> {
    const sse = call.action === 'streamGenerateContent' ? '?alt=sse' : '';
    // A tuned model is its own resource (`tunedModels/{id}`), not one of `models/`.
    const resource = call.model.startsWith('tunedModels/')
      ? `tunedModels/${encodeURIComponent(call.model.slice('tunedModels/'.length))}`
      : `models/${encodeURIComponent(call.model)}`;
    const url = `${this.baseUrl}/${call.apiVersion}/${resource}:${call.action}${sse}`;
    return this.send(url, 'POST', call.apiKey, JSON.stringify(call.body), call.signal, call.headersTimeoutMs);
  }

  async get(path: string, apiKey: string, signal?: AbortSignal): Promise<UpstreamResponse> {
    return this.send(`${this.baseUrl}/${path}`, 'GET', apiKey, undefined, signal);
  }

  /**
   * A Files API or cachedContents call. An absolute target gets the key only when it is on the API's
   * own origin: an upload session URL is a credential of its own, and a key never goes to another host.
   */
  async resource(call: ResourceRequest): Promise<UpstreamResponse> {
    const absolute = /^https?:\/\//i.test(call.target);
    const url = absolute ? call.target : `${this.baseUrl}/${call.target}`;
    const sameOrigin = new URL(url).origin === new URL(this.baseUrl).origin;
    const headers = { ...call.headers };
    // Bytes go with the type the client gave them, or none: only JSON bodies are typed here.
    if (typeof call.body !== 'string' && call.body !== undefined && !('content-type' in headers)) {
      headers['content-type'] = 'application/octet-stream';
    }
    return this.send(
      url,
      call.method,
      sameOrigin ? call.apiKey : undefined,
      call.body,
      call.signal,
      call.headersTimeoutMs,
      headers,
    );
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private async send(
    url: string,
    method: ResourceRequest['method'],
    apiKey: string | undefined,
    body: ResourceRequest['body'],
    signal: AbortSignal | undefined,
    headersTimeoutMs?: number,
    headers?: Record<string, string>,
  ): Promise<UpstreamResponse> {
    return sendUpstream(this.agent, url, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
        ...(apiKey === undefined ? {} : { 'x-goog-api-key': apiKey }),
      },
      body,
      signal,
      headersTimeoutMs,
    });
  }
}

/** Reads a JSON body, or undefined when it is not JSON (an HTML error page from a proxy, say). */
export async function readJsonBody(body: UpstreamResponse['body']): Promise<unknown> {
  const text = await body.text();
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
