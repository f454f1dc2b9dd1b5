import { Agent } from '../undiciCore.js';
import { sendUpstream, type UpstreamResponse } from '../sendUpstream.js';

/** The OpenAI-compatible endpoints relayed to other providers. */
export type ProviderEndpoint = 'chat/completions' | 'embeddings';

export interface ProviderCall {
  /** The provider's API root, e.g. https://dashscope-intl.aliyuncs.com/compatible-mode/v1 */
  baseUrl: string;
  apiKey: string;
  body: unknown;
  signal?: AbortSignal;
  /** Longest wait for the response headers (default: the client's request timeout). */
  headersTimeoutMs?: number;
}

/**
 * Talks to OpenAI-compatible services over one keep-alive connection pool, shared by all of them
 * (undici keeps connections per origin). The key goes in `Authorization: Bearer`, as these services
 * expect it, never in the URL.
 */
export class ProviderClient {
  private readonly agent: Agent;

  constructor(requestTimeoutMs = 600_000) {
    this.agent = new Agent({
      keepAliveTimeout: 30_000,
      connections: 128,
      // Streams may think for minutes before the first byte; the resume engine watches for stalls.
      headersTimeout: requestTimeoutMs,
      bodyTimeout: requestTimeoutMs,
    });
  }

  /** POST {base}/{endpoint} with the body as given: the OpenAI-compatible endpoints gemgate relays. */
  post(endpoint: ProviderEndpoint, call: ProviderCall): Promise<UpstreamResponse> {
    return this.send(
      `${call.baseUrl}/${endpoint}`,
      'POST',
      call.apiKey,
      JSON.stringify(call.body),
      call.signal,
      call.headersTimeoutMs,
    );
  }

  /** GET {base}/models: the model list, and the cheapest way to learn whether a key works. */
  listModels(baseUrl: string, apiKey: string | undefined, signal?: AbortSignal): Promise<UpstreamResponse> {
    return this.send(`${baseUrl}/models`, 'GET', apiKey, undefined, signal);
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private async send(
    url: string,
    method: 'GET' | 'POST',
    apiKey: string | undefined,
    body: string | undefined,
    signal: AbortSignal | undefined,
    headersTimeoutMs?: number,
  ): Promise<UpstreamResponse> {
    return sendUpstream(this.agent, url, {
      method,
      headers: {
        accept: body === undefined ? 'application/json' : 'application/json, text/event-stream',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` }),
      },
      body,
      signal,
      headersTimeoutMs,
    });
  }
}

/** The model ids of an OpenAI-style model list (`{"object":"list","data":[{"id":…}]}`), in order. */
export function modelIdsOf(list: unknown): string[] | undefined {
  const data = (list as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return undefined;
  const ids = data
    .map((entry) => (entry as { id?: unknown } | null)?.id)
    .filter((id): id is string => typeof id === 'string' && id.length > 0);
  return [...new Set(ids)];
}
