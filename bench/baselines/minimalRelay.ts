import { Agent, request, type Dispatcher } from 'undici';

/**
 * What the two baseline relays share: the few lines any minimal Gemini relay has. Check the client's
 * key, swap in the real one, forward over a keep-alive pool, pipe the answer back. For the OpenAI
 * dialect, the smallest mapping that works (text messages to contents, text back to choices), the
 * way small OpenAI-to-Gemini proxies do it. No validation, no failover, no resuming, no logging.
 */
export interface RelayConfig {
  upstream: string;
  upstreamKey: string;
  clientToken: string;
}

export function relayConfigFromEnv(): RelayConfig & { port: number } {
  const { RELAY_UPSTREAM, RELAY_UPSTREAM_KEY, RELAY_CLIENT_TOKEN, RELAY_PORT } = process.env;
  if (!RELAY_UPSTREAM || !RELAY_UPSTREAM_KEY || !RELAY_CLIENT_TOKEN) {
    throw new Error('set RELAY_UPSTREAM, RELAY_UPSTREAM_KEY and RELAY_CLIENT_TOKEN');
  }
  return {
    upstream: RELAY_UPSTREAM,
    upstreamKey: RELAY_UPSTREAM_KEY,
    clientToken: RELAY_CLIENT_TOKEN,
    port: Number(RELAY_PORT ?? 0),
  };
}

export const upstreamAgent = new Agent({ keepAliveTimeout: 30_000, connections: 128 });

/** The client's key, wherever a Gemini or OpenAI client puts it. */
export function clientKeyOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const authorization = headers.authorization;
  if (typeof authorization === 'string' && authorization.startsWith('Bearer ')) return authorization.slice(7);
  const goog = headers['x-goog-api-key'];
  return typeof goog === 'string' ? goog : undefined;
}

export function forward(
  config: RelayConfig,
  pathAndQuery: string,
  body: unknown,
): Promise<Dispatcher.ResponseData> {
  return request(`${config.upstream}${pathAndQuery}`, {
    method: 'POST',
    dispatcher: upstreamAgent,
    headers: { 'content-type': 'application/json', 'x-goog-api-key': config.upstreamKey },
    body: JSON.stringify(body),
  });
}

interface ChatBody {
  model: string;
  stream?: boolean;
  messages: Array<{ role: string; content: string }>;
}

export interface GeminiChunk {
  candidates?: Array<{ content?: { parts?: Array<{ text?: string }> }; finishReason?: string }>;
  usageMetadata?: { promptTokenCount?: number; candidatesTokenCount?: number; totalTokenCount?: number };
}

/** OpenAI chat body -> the Gemini path and body a minimal relay sends. */
export function toGemini(chat: ChatBody, wholeAsStream = false): { path: string; body: unknown } {
  const system = chat.messages.filter((message) => message.role === 'system');
  const contents = chat.messages
    .filter((message) => message.role !== 'system')
    .map((message) => ({
      role: message.role === 'assistant' ? 'model' : 'user',
      parts: [{ text: message.content }],
    }));
  const body: Record<string, unknown> = { contents };
  if (system.length > 0)
    body.systemInstruction = { parts: system.map((message) => ({ text: message.content })) };
  const action = chat.stream || wholeAsStream ? 'streamGenerateContent?alt=sse' : 'generateContent';
  return { path: `/v1beta/models/${chat.model}:${action}`, body };
}

const textOf = (chunk: GeminiChunk) =>
  (chunk.candidates?.[0]?.content?.parts ?? []).map((part) => part.text ?? '').join('');

export function toCompletion(model: string, answer: GeminiChunk): unknown {
  return {
    id: `chatcmpl-${Date.now()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: textOf(answer) },
        finish_reason: answer.candidates?.[0]?.finishReason === 'MAX_TOKENS' ? 'length' : 'stop',
      },
    ],
    usage: {
      prompt_tokens: answer.usageMetadata?.promptTokenCount ?? 0,
      completion_tokens: answer.usageMetadata?.candidatesTokenCount ?? 0,
      total_tokens: answer.usageMetadata?.totalTokenCount ?? 0,
    },
  };
}

/**
 * The least a relay must do to stream a whole answer internally (so that it could notice a cut):
 * read Gemini's SSE, parse each frame, join the text and keep the last finishReason and usage, then
 * answer as generateContent would have. bench/wholeFloor.ts measures what this costs over calling
 * generateContent.
 */
export async function foldSse(body: AsyncIterable<Buffer>): Promise<GeminiChunk> {
  let buffer = '';
  let text = '';
  let finishReason: string | undefined;
  let usageMetadata: GeminiChunk['usageMetadata'];
  for await (const bytes of body) {
    buffer += bytes.toString('utf8');
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end === -1) break;
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 4);
      if (!frame.startsWith('data: ')) continue;
      const chunk = JSON.parse(frame.slice(6)) as GeminiChunk;
      text += textOf(chunk);
      finishReason = chunk.candidates?.[0]?.finishReason ?? finishReason;
      usageMetadata = chunk.usageMetadata ?? usageMetadata;
    }
  }
  return {
    candidates: [{ content: { parts: [{ text }] }, ...(finishReason ? { finishReason } : {}) }],
    ...(usageMetadata ? { usageMetadata } : {}),
  };
}

/** Gemini SSE bytes -> OpenAI chunk SSE text, frame by frame. */
export function sseMapper(model: string): { push(bytes: Buffer): string; end(): string } {
  const id = `chatcmpl-${Date.now()}`;
  const created = Math.floor(Date.now() / 1000);
  let buffer = '';
  const map = (json: string) => {
    const chunk = JSON.parse(json) as GeminiChunk;
    const reason = chunk.candidates?.[0]?.finishReason;
    const out = {
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [{ index: 0, delta: { content: textOf(chunk) }, finish_reason: reason ? 'stop' : null }],
    };
    return `data: ${JSON.stringify(out)}\n\n`;
  };
  return {
    push(bytes) {
      buffer += bytes.toString('utf8');
      let out = '';
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end === -1) break;
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 4);
        if (frame.startsWith('data: ')) out += map(frame.slice(6));
      }
      return out;
    },
    end() {
      return 'data: [DONE]\n\n';
    },
  };
}
