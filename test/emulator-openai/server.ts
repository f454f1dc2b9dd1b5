import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultAnswer } from '../emulator/answers.js';
import { chunkCodePoints, codePointLength, tailCodePoints } from '../emulator/text.js';
import { recordIssuedKey } from '../support/keyCanaries.js';
import type { ChatFault, FaultFilter } from './faults.js';

export interface OpenAIEmulatorOptions {
  host?: string;
  port?: number;
  /** Characters (code points) of answer text per streamed chunk. */
  chunkChars?: number;
  /** The models it serves (and lists at GET /models). */
  models?: string[];
  /** The embedding models it serves at /embeddings (and lists at GET /models too). */
  embeddingModels?: string[];
  /**
   * How it continues a last assistant turn: DashScope's partial mode (`"partial": true`) and
   * DeepSeek's prefix completion (`"prefix": true`). By default, DashScope's only.
   */
  continuation?: { partial?: boolean; prefix?: boolean };
  /** Where the API hangs off: DashScope's compatible mode by default. */
  pathPrefix?: string;
  /**
   * How its keys begin: `sk-` (DashScope's, DeepSeek's) by default; other services' keys have other
   * shapes, e.g. Groq's `gsk_` (https://console.groq.com/docs/quickstart).
   */
  keyPrefix?: string;
}

export type KeyState = 'valid' | 'invalid' | 'arrearage';

export interface RecordedChat {
  at: number;
  /** The key it was called with (tests only; gemgate must never log it). */
  key: string | undefined;
  body: Record<string, unknown>;
  stream: boolean;
  /** Whether the caller read the answer to its end or hung up first. */
  ended?: 'finished' | 'caller-closed';
}

export interface OpenAIEmulator {
  /** The server's origin. */
  url: string;
  /** The API root a client is configured with: `${url}/compatible-mode/v1`. */
  baseUrl: string;
  /** Every Chat Completions call that reached the emulator, in order. */
  readonly requests: RecordedChat[];
  /** Every embeddings call that reached the emulator, in order (`stream` is always false). */
  readonly embeddingRequests: RecordedChat[];
  /** How many times GET /models was asked. */
  modelListCalls: number;
  newKey(): string;
  setKeyState(key: string, state: KeyState): void;
  injectFault(fault: ChatFault, filter?: FaultFilter): void;
  pendingFaults(): number;
  /** The answer to a prompt (the last user message's text), instead of the default one. */
  setAnswer(prompt: string, text: string): void;
  /** The whole answer a prompt gets when nothing goes wrong. */
  expectedText(prompt: string): string;
  /** The vector an embedding model gives a text, in `dimensions` (its default when not asked). */
  expectedEmbedding(text: string, dimensions?: number): number[];
  reset(): void;
  close(): Promise<void>;
}

type Message = Record<string, unknown> & { role?: unknown; content?: unknown };
type Usage = {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
};

const DEFAULT_MODELS = ['qwen-plus', 'qwen-max', 'qwen-flash', 'qwen-turbo'];
const DEFAULT_EMBEDDING_MODELS = ['text-embedding-v4'];
/** text-embedding-v4's dimensions, the default first (Model Studio's embedding page, below). */
const EMBEDDING_DIMENSIONS = [1024, 2048, 1536, 768, 512, 256, 128, 64];
/** Model Studio's documented batch size for text-embedding-v3 and v4: at most 10 inputs a call. */
const EMBEDDING_BATCH = 10;

/**
 * The emulator. Shapes, as DashScope's compatible mode documents them
 * (https://www.alibabacloud.com/help/en/model-studio/compatibility-of-openai-with-dashscope):
 *
 * - keys: `sk-` and 32 hex digits, in `Authorization: Bearer`; an unknown key gets 401
 *   `InvalidApiKey`, an overdue account 400 `Arrearage` (https://www.alibabacloud.com/help/en/model-studio/error-code);
 * - errors: `{"error": {"message", "type", "param", "code"}, "request_id"}`;
 * - a streamed answer: a first chunk with `delta: {"content": "", "role": "assistant"}`, content
 *   chunks, a chunk with `finish_reason`, then (with `stream_options.include_usage`) a chunk with
 *   `choices: []` and the usage, then `data: [DONE]`; every chunk carries `usage: null` until then;
 * - usage: `prompt_tokens`, `completion_tokens`, `total_tokens`, `prompt_tokens_details.cached_tokens`;
 * - partial mode: a last assistant turn with `"partial": true` is continued from its text
 *   (https://www.alibabacloud.com/help/en/model-studio/partial-mode);
 * - embeddings (https://www.alibabacloud.com/help/en/model-studio/embedding-interfaces-compatible-with-openai):
 *   `input` a string or up to 10 strings, `dimensions` one of text-embedding-v4's (1024 by default),
 *   `encoding_format` float or base64; the answer `{"data": [{"embedding", "index", "object":
 *   "embedding"}], "model", "object": "list", "usage": {"prompt_tokens", "total_tokens"}, "id"}`.
 *   Vectors are a pure function of the text, so a test can tell which text became which vector.
 *
 * Answers are deterministic (the Gemini emulator's default answers, a pure function of the
 * prompt). A continuation is recognised in each style: partial/prefix (the last assistant turn is
 * the start of the answer), or in words (an assistant turn holding the start, then a user turn).
 */
class Emulator implements OpenAIEmulator {
  url = '';
  baseUrl = '';
  readonly requests: RecordedChat[] = [];
  readonly embeddingRequests: RecordedChat[] = [];
  modelListCalls = 0;
  private readonly keys = new Map<string, KeyState>();
  private readonly faults: Array<{ fault: ChatFault; filter: FaultFilter }> = [];
  private readonly answers = new Map<string, string>();
  private readonly server: Server;
  private readonly prefix: string;
  private readonly models: string[];
  private readonly embeddingModels: string[];
  private readonly chunkChars: number;

  constructor(private readonly options: OpenAIEmulatorOptions) {
    this.prefix = options.pathPrefix ?? '/compatible-mode/v1';
    this.models = options.models ?? DEFAULT_MODELS;
    this.embeddingModels = options.embeddingModels ?? DEFAULT_EMBEDDING_MODELS;
    this.chunkChars = Math.max(1, options.chunkChars ?? 12);
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        process.stderr.write(`openai emulator: ${error instanceof Error ? error.stack : String(error)}\n`);
        if (!res.headersSent) sendError(res, 500, 'InternalError', 'An internal error has occured.');
        else res.destroy();
      });
    });
  }

  async listen(): Promise<void> {
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, host, () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://${host}:${port}`;
    this.baseUrl = `${this.url}${this.prefix}`;
  }

  newKey(): string {
    const key = `${this.options.keyPrefix ?? 'sk-'}${randomBytes(16).toString('hex')}`;
    recordIssuedKey(key);
    this.keys.set(key, 'valid');
    return key;
  }

  setKeyState(key: string, state: KeyState): void {
    this.keys.set(key, state);
  }

  injectFault(fault: ChatFault, filter: FaultFilter = {}): void {
    this.faults.push({ fault, filter });
  }

  pendingFaults(): number {
    return this.faults.length;
  }

  setAnswer(prompt: string, text: string): void {
    this.answers.set(prompt, text);
  }

  expectedText(prompt: string): string {
    return this.answers.get(prompt) ?? defaultAnswer(prompt);
  }

  reset(): void {
    this.requests.length = 0;
    this.embeddingRequests.length = 0;
    this.faults.length = 0;
    this.answers.clear();
    this.modelListCalls = 0;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://emulator.invalid').pathname;
    const key = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (req.method === 'GET' && path === `${this.prefix}/models`) {
      this.modelListCalls++;
      if (this.refused(res, key)) return;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          object: 'list',
          data: [...this.models, ...this.embeddingModels].map((id) => ({
            id,
            object: 'model',
            created: 1_700_000_000,
            owned_by: 'system',
          })),
        }),
      );
      return;
    }
    if (req.method === 'POST' && path === `${this.prefix}/chat/completions`)
      return this.chat(req, res, raw, key);
    if (req.method === 'POST' && path === `${this.prefix}/embeddings`) return this.embed(res, raw, key);
    sendError(res, 404, 'InvalidURL', 'Invalid URL provided in your request.');
  }

  /** Answers a refused key (and says so): missing or unknown 401, overdue 400. */
  private refused(res: ServerResponse, key: string | undefined): boolean {
    const state = key === undefined ? 'invalid' : (this.keys.get(key) ?? 'invalid');
    if (state === 'invalid') {
      sendError(res, 401, 'InvalidApiKey', 'Invalid API-key provided.');
      return true;
    }
    if (state === 'arrearage') {
      sendError(res, 400, 'Arrearage', 'Access denied, please make sure your account is in good standing.');
      return true;
    }
    return false;
  }

  private async chat(req: IncomingMessage, res: ServerResponse, raw: string, key: string | undefined) {
    const body = jsonBodyOf(raw);
    if (!body) return sendError(res, 400, 'InvalidParameter', INVALID_PARAMETERS);
    const recorded: RecordedChat = { at: Date.now(), key, body, stream: body.stream === true };
    this.requests.push(recorded);
    res.on('close', () => {
      recorded.ended = res.writableFinished ? 'finished' : 'caller-closed';
    });
    if (this.refused(res, key)) return;
    if (typeof body.model !== 'string' || body.model === '') {
      return sendError(res, 400, 'BadRequest.EmptyModel', 'Required parameter "model" missing from request.');
    }
    if (!this.models.includes(body.model))
      return sendError(res, 404, 'ModelNotFound', 'Model can not be found.');
    const messages = body.messages;
    if (
      !Array.isArray(messages) ||
      messages.length === 0 ||
      messages.some((m) => typeof m !== 'object' || m === null)
    ) {
      return sendError(
        res,
        400,
        'InvalidParameter',
        'Either "prompt" or "messages" must exist and cannot both be none.',
      );
    }
    const malformed = (messages as Message[]).findIndex((message) => !wellFormed(message));
    if (malformed >= 0) {
      return sendError(
        res,
        400,
        'InvalidParameter',
        `Required parameter(s) missing or invalid, please check the request parameters: messages[${malformed}].`,
      );
    }
    const marked = (messages as Message[]).findIndex((m) => m.partial === true || m.prefix === true);
    if (
      marked >= 0 &&
      (marked !== messages.length - 1 || (messages[marked] as Message).role !== 'assistant')
    ) {
      return sendError(
        res,
        400,
        'InvalidParameter',
        "Only the last message may continue a prefix, and it must be the assistant's.",
      );
    }
    const fault = this.takeFault(key);
    if (fault?.kind === 'http') return sendFault(res, fault, key);
    const plan = this.plan(messages as Message[], fault);
    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const usage = usageOf(messages as Message[], plan.text);
    if (body.stream === true) {
      const includeUsage =
        (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
      return this.stream(
        res,
        { id, created, model: body.model, text: plan.text, usage, includeUsage },
        fault,
      );
    }
    const completion = JSON.stringify({
      choices: [
        {
          message: { role: 'assistant', content: plan.text },
          finish_reason: 'stop',
          index: 0,
          logprobs: null,
        },
      ],
      object: 'chat.completion',
      usage,
      created,
      system_fingerprint: null,
      model: body.model,
      id,
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    if (fault?.kind === 'cut') {
      await write(res, completion.slice(0, Math.floor(completion.length / 2)));
      return void res.destroy();
    }
    if (fault?.kind === 'stall') await sleep(fault.ms);
    res.end(completion);
  }

  /** What to say: the answer, or what is left of it for a continuation. */
  private plan(messages: Message[], fault: ChatFault | undefined): { text: string } {
    if (fault?.kind === 'emptyStop') return { text: '' };
    const supports = { partial: true, prefix: false, ...this.options.continuation };
    const n = messages.length;
    const last = messages[n - 1]!;
    if (
      last.role === 'assistant' &&
      ((supports.partial && last.partial === true) || (supports.prefix && last.prefix === true))
    ) {
      const full = this.answerTo(messages.slice(0, -1));
      const said = textOf(last);
      return { text: full.startsWith(said) ? full.slice(said.length) : full };
    }
    if (n >= 3 && last.role === 'user' && messages[n - 2]!.role === 'assistant') {
      const full = this.answerTo(messages.slice(0, -2));
      const said = textOf(messages[n - 2]!);
      if (said.length > 0 && full.length > said.length && full.startsWith(said)) {
        const rest = full.slice(said.length);
        return { text: fault?.kind === 'repeatOverlap' ? tailCodePoints(said, fault.chars) + rest : rest };
      }
    }
    return { text: this.answerTo(messages) };
  }

  private answerTo(messages: Message[]): string {
    const lastUser = [...messages].reverse().find((m) => m.role === 'user');
    return this.expectedText(lastUser ? textOf(lastUser) : '');
  }

  private embed(res: ServerResponse, raw: string, key: string | undefined): void {
    const body = jsonBodyOf(raw);
    if (!body) return sendError(res, 400, 'InvalidParameter', INVALID_PARAMETERS);
    this.embeddingRequests.push({ at: Date.now(), key, body, stream: false });
    if (this.refused(res, key)) return;
    if (typeof body.model !== 'string' || body.model === '') {
      return sendError(res, 400, 'BadRequest.EmptyModel', 'Required parameter "model" missing from request.');
    }
    if (!this.embeddingModels.includes(body.model))
      return sendError(res, 404, 'ModelNotFound', 'Model can not be found.');
    const inputs = typeof body.input === 'string' ? [body.input] : body.input;
    if (
      !Array.isArray(inputs) ||
      inputs.length === 0 ||
      inputs.some((input) => typeof input !== 'string' || input === '')
    ) {
      return sendError(
        res,
        400,
        'InvalidParameter',
        'Value error, contents is neither str nor list of str.: input.contents',
      );
    }
    if (inputs.length > EMBEDDING_BATCH) {
      return sendError(
        res,
        400,
        'InvalidParameter',
        `Value error, batch size is invalid, it should not be larger than ${EMBEDDING_BATCH}.: input.contents`,
      );
    }
    const dimensions = body.dimensions ?? EMBEDDING_DIMENSIONS[0];
    if (typeof dimensions !== 'number' || !EMBEDDING_DIMENSIONS.includes(dimensions)) {
      return sendError(
        res,
        400,
        'InvalidParameter',
        `Value error, dimension is invalid, it should be one of ${EMBEDDING_DIMENSIONS.join(', ')}.`,
      );
    }
    const format = body.encoding_format ?? 'float';
    if (format !== 'float' && format !== 'base64') {
      return sendError(res, 400, 'InvalidParameter', "encoding_format must be 'float' or 'base64'.");
    }
    const fault = this.takeFault(key);
    if (fault?.kind === 'http') return sendFault(res, fault, key);
    const tokens = (inputs as string[]).reduce((sum, input) => sum + codePointLength(input), 0);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        data: (inputs as string[]).map((input, index) => {
          const vector = embeddingOf(input, dimensions);
          return {
            embedding:
              format === 'float' ? vector : Buffer.from(new Float32Array(vector).buffer).toString('base64'),
            index,
            object: 'embedding',
          };
        }),
        model: body.model,
        object: 'list',
        usage: { prompt_tokens: tokens, total_tokens: tokens },
        id: randomUUID(),
      }),
    );
  }

  expectedEmbedding(text: string, dimensions = EMBEDDING_DIMENSIONS[0]!): number[] {
    return embeddingOf(text, dimensions);
  }

  private takeFault(key: string | undefined): ChatFault | undefined {
    const index = this.faults.findIndex(({ filter }) => filter.key === undefined || filter.key === key);
    if (index < 0) return undefined;
    return this.faults.splice(index, 1)[0]!.fault;
  }

  private async stream(
    res: ServerResponse,
    answer: { id: string; created: number; model: string; text: string; usage: Usage; includeUsage: boolean },
    fault: ChatFault | undefined,
  ): Promise<void> {
    const at =
      fault && 'afterChars' in fault ? Math.min(fault.afterChars, codePointLength(answer.text)) : undefined;
    const chunk = (choices: unknown[], usage: Usage | null = null) =>
      `data: ${JSON.stringify({ choices, object: 'chat.completion.chunk', usage, created: answer.created, system_fingerprint: null, model: answer.model, id: answer.id })}\n\n`;
    const delta = (content: string, finish: string | null = null, role?: string) => [
      { delta: role ? { content, role } : { content }, finish_reason: finish, index: 0, logprobs: null },
    ];
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    await write(res, chunk(delta('', null, 'assistant')));
    let sent = 0;
    for (const piece of chunkCodePoints(answer.text, this.chunkChars, at === undefined ? [] : [at])) {
      if (at !== undefined && sent >= at) {
        if (fault!.kind === 'cut') return void res.destroy();
        if (fault!.kind === 'endWithoutFinish') return void res.end();
        if (fault!.kind === 'halfFrame') {
          const event = chunk(delta(piece));
          return void res.end(event.slice(0, Math.floor(event.length / 2)));
        }
        if (fault!.kind === 'stall') await sleep(fault!.ms);
      }
      await write(res, chunk(delta(piece)));
      sent += codePointLength(piece);
    }
    if (at !== undefined && sent >= at && fault!.kind !== 'stall') {
      // The fault was placed at the very end: the finish_reason is what never arrives.
      if (fault!.kind === 'cut') return void res.destroy();
      return void res.end();
    }
    await write(res, chunk(delta('', 'stop')));
    if (answer.includeUsage) await write(res, chunk([], answer.usage));
    res.end('data: [DONE]\n\n');
  }
}

export async function startOpenAIEmulator(options: OpenAIEmulatorOptions = {}): Promise<OpenAIEmulator> {
  const emulator = new Emulator(options);
  await emulator.listen();
  return emulator;
}

/** A unit vector made from the text's SHA-256 (repeated as needed): the same text, the same vector. */
function embeddingOf(text: string, dimensions: number): number[] {
  const vector: number[] = [];
  for (let block = 0; vector.length < dimensions; block++) {
    const digest = createHash('sha256').update(`${block}:${text}`).digest();
    for (let i = 0; i < digest.length && vector.length < dimensions; i++) vector.push(digest[i]! / 255 - 0.5);
  }
  const norm = Math.hypot(...vector);
  // Rounded to float32, as the vector travels when asked for in base64.
  return vector.map((value) => Math.fround(value / norm));
}

const INVALID_PARAMETERS = 'Required parameter(s) missing or invalid, please check the request parameters.';

/** A JSON object body, or undefined for anything else (DashScope answers those 400 InvalidParameter). */
function jsonBodyOf(raw: string): Record<string, unknown> | undefined {
  try {
    const body = JSON.parse(raw) as unknown;
    return typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** An injected error answer, with its Retry-After, quoting the caller's key when the fault says so. */
function sendFault(
  res: ServerResponse,
  fault: Extract<ChatFault, { kind: 'http' }>,
  key: string | undefined,
): void {
  const headers: Record<string, string> =
    fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
  const message = fault.quotesKey ? `${fault.message} ${key ?? ''}.` : fault.message;
  sendError(res, fault.status, fault.code, message, headers);
}

function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ error: { message, type: code, param: null, code }, request_id: randomUUID() }));
}

const ROLES = new Set(['system', 'user', 'assistant', 'tool']);

/** A role it knows, and content that is text, a list of typed parts, or (an assistant's) nothing. */
function wellFormed(message: Message): boolean {
  if (typeof message.role !== 'string' || !ROLES.has(message.role)) return false;
  const content = message.content;
  if (typeof content === 'string') return true;
  if (content === null || content === undefined) return message.role === 'assistant';
  return (
    Array.isArray(content) &&
    content.every(
      (part) =>
        typeof part === 'object' && part !== null && typeof (part as { type?: unknown }).type === 'string',
    )
  );
}

function textOf(message: Message): string {
  const content = message.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => part as { type?: unknown; text?: unknown })
    .filter((part) => part.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text as string)
    .join('\n');
}

/** About four characters a token, as tokenizers average on mixed text; never zero. */
function tokens(text: string): number {
  return Math.max(1, Math.ceil(codePointLength(text) / 4));
}

function usageOf(messages: Message[], answer: string): Usage {
  const prompt = messages.reduce((sum, message) => sum + 4 + tokens(textOf(message)), 0);
  const completion = answer.length === 0 ? 0 : tokens(answer);
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: 0 },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Writes and waits until the bytes are handed to the socket, so a fault after it cuts in the right place. */
function write(res: ServerResponse, data: string): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    res.write(data, () => resolve());
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
