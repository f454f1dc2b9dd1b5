import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GenerateContentRequest } from '../../proxy/gemini/types.js';
import { apiKeyOf, authError } from './auth.js';
import type { Call, EmulatorState } from './context.js';
import { handleControl } from './control.js';
import { internalError } from './errors.js';
import { FaultQueue } from './faults.js';
import { handleGet, handleList } from './handle-catalog.js';
import { handleCountTokens } from './handle-count.js';
import { handleBatchEmbed, handleEmbed } from './handle-embed.js';
import { handleGenerate } from './handle-generate.js';
import { handleOperation, handlePredict } from './handle-predict.js';
import { OperationBook } from './operations.js';
import { InteractionBook } from './interaction-book.js';
import { handleInteractions, matchInteractionsRoute } from './handle-interactions.js';
import { generateKey, KeyRegistry } from './keys.js';
import { FileBook } from './files.js';
import { CacheBook } from './caches.js';
import { handleFiles, matchFilesRoute } from './handle-files.js';
import { handleCaches, matchCachesRoute } from './handle-caches.js';
import { findModel } from './models.js';
import { baseAnswer, expectedVisibleText } from './plan.js';
import { QuotaBook } from './quota.js';
import { apiVersionOf, parseRoute } from './routes.js';
import { AnswerBook } from './scripted.js';
import type { FilesRoute } from './handle-files.js';
import type { CachesRoute } from './handle-caches.js';
import type {
  AddFileOptions,
  AnswerMatch,
  Emulator,
  EmulatorOptions,
  Fault,
  FaultFilter,
  KeyState,
  QuotaLimits,
  RecordedRequest,
  ScriptedAnswer,
} from './types.js';
import { normalizeGenerateRequest } from './validate.js';
import { sendError, sendNotFoundPage } from './wire.js';

const MAX_BODY_BYTES = 100 * 1024 * 1024;

/** The emulator: one node:http server, its programmable state, and the Emulator API over both. */
export class GeminiEmulator implements Emulator {
  url = '';
  readonly requests: RecordedRequest[] = [];
  private readonly keys = new KeyRegistry();
  private readonly quotas = new QuotaBook();
  private readonly faults = new FaultQueue();
  private readonly answers = new AnswerBook();
  private readonly files: FileBook;
  private readonly caches: CacheBook;
  private readonly operations = new OperationBook();
  private readonly interactions: InteractionBook;
  private readonly abort = new AbortController();
  private readonly server: Server;
  private readonly state: EmulatorState;
  private responses = 0;

  constructor(private readonly options: EmulatorOptions = {}) {
    const now = options.now ?? Date.now;
    this.files = new FileBook(now);
    this.caches = new CacheBook(now);
    this.interactions = new InteractionBook(now);
    this.state = {
      keys: this.keys,
      quotas: this.quotas,
      faults: this.faults,
      answers: this.answers,
      files: this.files,
      caches: this.caches,
      operations: this.operations,
      interactions: this.interactions,
      backgroundPolls: Math.max(0, options.backgroundPolls ?? 1),
      chunkChars: Math.max(1, options.chunkChars ?? 24),
      chunkDelayMs: Math.max(0, options.chunkDelayMs ?? 0),
      now,
      signal: this.abort.signal,
      nextResponseId: () =>
        createHash('sha256').update(`response:${++this.responses}`).digest('base64url').slice(0, 23),
    };
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        process.stderr.write(
          `gemini emulator: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
        );
        if (!res.headersSent) sendError(res, internalError());
        else res.destroy();
      });
    });
  }

  async listen(): Promise<void> {
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }

  async close(): Promise<void> {
    this.abort.abort();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  reset(): void {
    this.requests.length = 0;
    this.keys.reset();
    this.quotas.reset();
    this.faults.clear();
    this.answers.clear();
    this.files.clear();
    this.caches.clear();
    this.operations.clear();
    this.interactions.clear();
    this.responses = 0;
  }

  newKey(): string {
    return generateKey();
  }

  setKeyState(key: string, state: KeyState): void {
    this.keys.setState(key, state);
  }

  setProject(key: string, projectId: string): void {
    this.keys.setProject(key, projectId);
  }

  addFile(key: string, options: AddFileOptions = {}): string {
    const file = this.files.add(this.keys.projectOf(key), options);
    return `https://generativelanguage.googleapis.com/v1beta/files/${file.id}`;
  }

  setQuota(limits: QuotaLimits): void {
    this.quotas.setQuota(limits);
  }

  setAnswer(match: AnswerMatch, answer: ScriptedAnswer): void {
    this.answers.add(match, answer);
  }

  expectedText(prompt: string): string {
    return baseAnswer({ contents: [{ role: 'user', parts: [{ text: prompt }] }] }, this.answers).text;
  }

  expectedAnswer(req: GenerateContentRequest, model = 'gemini-2.5-flash'): string {
    const found = findModel(model);
    const normalized = normalizeGenerateRequest(req);
    if (!found || !normalized.ok)
      throw new Error(`expectedAnswer: unknown model ${model} or invalid request`);
    return expectedVisibleText(normalized.value, found, this.answers);
  }

  injectFault(fault: Fault, filter?: FaultFilter): void {
    this.faults.push(fault, filter);
  }

  pendingFaults(): number {
    return this.faults.size;
  }

  /**
   * The caller's key and the project it belongs to; or, for a key Gemini refuses, undefined once the
   * refusal is sent (`inArray` for a stream without alt=sse, whose errors come in a JSON array).
   */
  private authorize(
    res: ServerResponse,
    apiKey: string | undefined,
    inArray = false,
  ): { apiKey: string; projectId: string } | undefined {
    const refused = authError(this.keys, apiKey);
    if (refused || apiKey === undefined) {
      sendError(res, refused ?? internalError(), inArray);
      return undefined;
    }
    return { apiKey, projectId: this.keys.projectOf(apiKey) };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const rawBody = await readBody(req);
    if (rawBody === undefined) return void res.destroy();
    if (this.options.control && url.pathname.startsWith('/__emulator/'))
      return handleControl(this, req, res, url, rawBody);
    const method = req.method ?? 'GET';
    const route = parseRoute(method, url.pathname);
    const resource =
      matchFilesRoute(method, url.pathname, url.searchParams) ?? matchCachesRoute(method, url.pathname);
    const interaction = matchInteractionsRoute(method, url.pathname);
    const apiKey = apiKeyOf(req, url.searchParams);
    const recorded = this.record(req, url, rawBody, apiKey, route, resource?.action ?? interaction?.action);
    // Did the caller read the answer to the end, or hang up first? (gemgate must abort upstream calls
    // whose client went away.)
    res.on('close', () => {
      recorded.ended = res.writableFinished ? 'finished' : 'caller-closed';
    });
    // The commands of a resumable upload carry no key: the session URL itself is the credential.
    if (resource?.kind === 'upload-command') {
      return handleFiles(this.state, resource, { req, res, query: url.searchParams, rawBody });
    }
    if (resource) {
      const caller = this.authorize(res, apiKey);
      if (!caller) return;
      const { projectId } = caller;
      if (resource.action.startsWith('files.')) {
        const files = resource as FilesRoute;
        return handleFiles(this.state, files, { req, res, query: url.searchParams, rawBody, projectId });
      }
      const caches = resource as CachesRoute;
      return handleCaches(this.state, caches, { res, query: url.searchParams, rawBody, projectId });
    }
    if (interaction) {
      const caller = this.authorize(res, apiKey);
      if (!caller) return;
      return handleInteractions(this.state, interaction, {
        req,
        res,
        query: url.searchParams,
        rawBody,
        ...caller,
      });
    }
    if (!route) return sendNotFoundPage(res, url.pathname);
    const streamArray =
      route.kind === 'action' &&
      route.action === 'streamGenerateContent' &&
      url.searchParams.get('alt') !== 'sse';
    const caller = this.authorize(res, apiKey, streamArray);
    if (!caller) return;

    const call: Call = {
      req,
      res,
      apiVersion: route.apiVersion,
      modelId: route.kind === 'list' ? '' : route.modelId,
      ...caller,
      query: url.searchParams,
      rawBody,
    };
    if (route.kind === 'list') return handleList(call);
    if (route.kind === 'get') return handleGet(call);
    if (route.kind === 'operation') return handleOperation(this.state, call, route.name, this.url);
    switch (route.action) {
      case 'generateContent':
        return handleGenerate(this.state, call, false);
      case 'streamGenerateContent':
        return handleGenerate(this.state, call, true);
      case 'countTokens':
        return handleCountTokens(call, this.state);
      case 'embedContent':
        return handleEmbed(call);
      case 'batchEmbedContents':
        return handleBatchEmbed(call);
      case 'predict':
      case 'predictLongRunning':
        return handlePredict(this.state, call, route.action);
      default:
        return sendNotFoundPage(res, url.pathname);
    }
  }

  private record(
    req: IncomingMessage,
    url: URL,
    rawBody: Buffer,
    apiKey: string | undefined,
    route: ReturnType<typeof parseRoute>,
    resourceAction?: string,
  ): RecordedRequest {
    // Model and action are read loosely, so a 404 for an unknown action is still attributed.
    const loose = /\/models\/([^/:]+)(?::([A-Za-z]+))?/.exec(safeDecode(url.pathname));
    const apiVersion = apiVersionOf(url.pathname);
    const action =
      resourceAction ??
      (route?.kind === 'list'
        ? 'list'
        : route?.kind === 'get'
          ? 'get'
          : route?.kind === 'operation'
            ? 'operation'
            : loose?.[2]);
    let body: unknown;
    try {
      body = rawBody.length > 0 ? JSON.parse(rawBody.toString('utf8')) : undefined;
    } catch {
      body = undefined;
    }
    // An interaction names its model (or agent) in the body.
    const named = body as { model?: unknown; agent?: unknown } | undefined;
    const bodyModel = action === 'interactions.create' ? (named?.model ?? named?.agent) : undefined;
    const model = loose?.[1] ?? (typeof bodyModel === 'string' ? bodyModel : undefined);
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      ...(apiVersion ? { apiVersion } : {}),
      ...(model ? { model } : {}),
      ...(action ? { action } : {}),
      ...(apiKey !== undefined ? { apiKey } : {}),
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
      at: this.state.now(),
    };
    this.requests.push(recorded);
    return recorded;
  }
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** The whole request body, or undefined when the client went away or sent too much. */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(undefined));
    req.on('aborted', () => resolve(undefined));
  });
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = new GeminiEmulator(options);
  await emulator.listen();
  return emulator;
}
