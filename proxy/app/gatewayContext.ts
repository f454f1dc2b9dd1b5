import type { Logger } from '../log/logger.js';
import type { Settings } from '../config/settings.js';
import type { ClientToken, ClientTokenRepository } from '../store/clientTokens.js';
import type { UpstreamDispatcher } from '../dispatch/upstreamDispatcher.js';
import type { GeminiClient } from '../upstream/geminiClient.js';
import type { KeyPool } from '../pool/keyPool.js';
import type { AdminContext } from '../http/admin/adminContext.js';

/** Everything the HTTP layer needs, handed in by whoever starts the gateway. */
export interface GatewayContext {
  logger: Logger;
  settings(): Settings;
  tokens: ClientTokenRepository;
  pool: KeyPool;
  client: GeminiClient;
  dispatcher: UpstreamDispatcher;
  /** Host names accepted in the Host header besides IP literals and localhost. */
  allowedHosts: ReadonlySet<string>;
  /** The dashboard and its admin API; absent, only the client-facing routes are served. */
  admin?: { context: AdminContext; rendererDir: string | undefined };
}

/** What the auth step leaves on `res.locals` for the handlers after it. */
export interface ClientLocals {
  client: ClientToken;
  credentialStyle: 'gemini' | 'openai';
}
