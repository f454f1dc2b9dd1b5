import type { Dispatcher } from 'undici';
import { request, type Agent } from './undiciCore.js';

export interface UpstreamResponse {
  status: number;
  headers: Dispatcher.ResponseData['headers'];
  body: Dispatcher.ResponseData['body'];
}

/** The upstream could not be reached or dropped the connection: never the key's fault. */
export class UpstreamNetworkError extends Error {
  override name = 'UpstreamNetworkError';
}

export interface UpstreamRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  headers: Record<string, string>;
  body?: Dispatcher.RequestOptions['body'];
  signal?: AbortSignal;
  /** Longest wait for the response headers (default: the agent's). */
  headersTimeoutMs?: number;
}

/**
 * One HTTP call to an upstream (Gemini, or an OpenAI-compatible provider) through a keep-alive
 * pool. A failure to reach it is an UpstreamNetworkError naming only the origin (never the path or
 * query, where a credential might be); the client hanging up is passed on as it is.
 */
export async function sendUpstream(
  agent: Agent,
  url: string,
  call: UpstreamRequest,
): Promise<UpstreamResponse> {
  try {
    const response = await request(url, {
      method: call.method,
      dispatcher: agent,
      headers: call.headers,
      body: call.body,
      signal: call.signal,
      ...(call.headersTimeoutMs === undefined ? {} : { headersTimeout: call.headersTimeoutMs }),
    });
    return { status: response.statusCode, headers: response.headers, body: response.body };
  } catch (error) {
    if (call.signal?.aborted) throw error;
    throw new UpstreamNetworkError(`Could not reach ${new URL(url).origin}: ${(error as Error).message}`);
  }
}
