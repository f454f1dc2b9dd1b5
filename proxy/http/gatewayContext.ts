import type { ResourceOwnership } from '../dispatch/fileOwnership.js';
import type { Logger } from '../log/logger.js';
import type { Settings } from '../config/settings.js';
import type { ResumeSettings } from '../resume/generation.js';
import type { ClientToken, ClientTokenRepository } from '../store/clientTokens.js';
import type { UpstreamDispatcher } from '../dispatch/upstreamDispatcher.js';
import type { GeminiClient } from '../upstream/geminiClient.js';
import type { KeyPool } from '../pool/keyPool.js';
import type { SignatureRouting } from '../dispatch/signatureRouting.js';
import type { ThoughtSignatureStore } from '../translate/openai/index.js';
import type { UsageHook } from '../usage/usageEntry.js';
import type { PolicyGate } from '../policy/policyGate.js';
import type { AdminContext } from './admin/adminContext.js';
import type { ResponseStore } from '../store/responses.js';
import type { OwnedResourceRepository } from '../store/files.js';
import type { OperationOwnerRepository } from '../store/operationOwners.js';
import type { InteractionOwnerRepository } from '../store/interactionOwners.js';
import type { InteractionDispatcher } from '../dispatch/interactionDispatcher.js';
import type { InteractionOwnership } from '../dispatch/interactionOwnership.js';
import type { UploadSessions } from '../dispatch/uploadSessions.js';
import type { ModelRouter } from '../dispatch/modelRouter.js';
import type { ProviderDispatcher } from '../dispatch/providerDispatcher.js';
import type { PublicFetch } from '../upstream/publicFetch.js';

/** Everything the HTTP layer needs, handed in by whoever starts the gateway. */
export interface GatewayContext {
  logger: Logger;
  settings(): Settings;
  /** The resume engine's settings as they stand (settings `resume.*`), before a client's policy. */
  resumeSettings(): ResumeSettings;
  /** The models to try, in order, when every project answers `model` overloaded (`models.fallbacks`). */
  fallbacks(model: string): readonly string[];
  tokens: ClientTokenRepository;
  pool: KeyPool;
  client: GeminiClient;
  dispatcher: UpstreamDispatcher;
  /** Which provider serves a model id (catalogues, `provider/model`, aliases). */
  models: ModelRouter;
  /** Chat Completions calls to other (OpenAI-compatible) providers, through their own pools. */
  providers: ProviderDispatcher;
  /** Thought signatures of tool calls sent to OpenAI-dialect clients, restored when they come back. */
  signatures: ThoughtSignatureStore;
  /** Which project minted which thought signature, to route conversations back to it. */
  routing: SignatureRouting;
  /** Responses clients asked to keep (`store: true`), for `previous_response_id` and GET/DELETE. */
  responses: ResponseStore;
  /** The request log: every route reports each finished request here (see usage/requestTrace.ts). */
  usage: UsageHook;
  /** Client policies: `admit` before any upstream call, `visibleModels` for model lists. */
  policies: PolicyGate;
  /**
   * The Files API and cachedContents: which project owns each file and cache made through gemgate
   * (routing itself is `dispatcher.ownership`), and the uploads under way.
   */
  files: {
    registry: OwnedResourceRepository;
    uploads: UploadSessions;
    /** Which project may read what a request names; the dispatcher routes by the same rules. */
    ownership: ResourceOwnership;
  };
  /** Who started each long-running operation (Veo), so that its polls reach that project's keys. */
  operations: OperationOwnerRepository;
  /** Fetches the images and files clients give by URL, from public addresses only (remoteMedia.ts). */
  publicFetch: PublicFetch;
  /**
   * Gemini's Interactions API: its calls through the pool, which project and client own each stored
   * interaction, and where a call about one must go.
   */
  interactions: {
    dispatcher: InteractionDispatcher;
    owners: InteractionOwnerRepository;
    ownership: InteractionOwnership;
  };
  /** The dashboard and its admin API; absent, only the client-facing routes are served. */
  admin?: { context: AdminContext; rendererDir: string | undefined };
}

/** What the auth step leaves on `res.locals` for the handlers after it. */
export interface ClientLocals {
  client: ClientToken;
  credentialStyle: 'gemini' | 'openai';
}
