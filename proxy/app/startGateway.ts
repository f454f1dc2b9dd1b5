import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Gateway, GatewayOptions } from './gateway.js';
import type { GatewayContext } from '../http/gatewayContext.js';
import { fallbacksOf, type Settings } from '../config/settings.js';
import { EventBus } from '../events/eventBus.js';
import { createLogger, type Logger } from '../log/logger.js';
import { openStore } from '../store/openStore.js';
import { openSecretStore } from '../secrets/openSecretStore.js';
import { GeminiClient } from '../upstream/geminiClient.js';
import { PublicFetch } from '../upstream/publicFetch.js';
import { ResourceOwnership } from '../dispatch/fileOwnership.js';
import { UPLOAD_SESSION_LIMITS, UploadSessions } from '../dispatch/uploadSessions.js';
import { InteractionDispatcher } from '../dispatch/interactionDispatcher.js';
import { InteractionOwnership } from '../dispatch/interactionOwnership.js';
import { LruThoughtSignatureStore } from '../translate/openai/index.js';
import { UpstreamDispatcher } from '../dispatch/upstreamDispatcher.js';
import { ProviderDispatcher } from '../dispatch/providerDispatcher.js';
import { ModelRouter } from '../dispatch/modelRouter.js';
import { ProviderClient } from '../upstream/openaiCompatible/providerClient.js';
import { SignatureRouting } from '../dispatch/signatureRouting.js';
import { AlertService } from '../alerts/alertService.js';
import { createRequestHandler } from '../http/createApp.js';
import { ResponseStore } from '../store/responses.js';
import { AdminFeed } from '../http/admin/feed.js';
import { findRendererDir } from '../http/admin/dashboardRoutes.js';
import { startPoolRuntime } from './poolRuntime.js';
import { resumeSettingsOf } from '../resume/resumeSettings.js';
import { startUsageServices } from './usageServices.js';
import { buildServices } from './services.js';
import { GatewayStatusBoard } from './gatewayStatus.js';
import { wireAdmin } from './adminWiring.js';
import { watchExternalChanges } from './externalChanges.js';
import { GatewayServer, SERVER_TIMEOUTS, type ServerTimeouts } from './gatewayServer.js';
import { startIdleMemoryTrim } from './idleMemoryTrim.js';
import { packageVersion } from './packageVersion.js';
import { filesAdminSource } from '../http/admin/fileAdminRoutes.js';

export { SERVER_TIMEOUTS, type ServerTimeouts } from './gatewayServer.js';

/** How often records of files and caches Google has deleted by now are dropped. */
const OWNED_PRUNE_MS = 60 * 60_000;

const NO_FALLBACKS: readonly string[] = [];

/**
 * Setting `models.fallbacks` by first model, read by fallbacksOf itself so the chains are parsed
 * in one place (the first chain naming a model wins, as there).
 */
function fallbackChainsOf(settings: Settings): ReadonlyMap<string, readonly string[]> {
  const chains = new Map<string, readonly string[]>();
  for (const chain of settings['models.fallbacks']) {
    const first = chain.split('>')[0]!;
    if (!chains.has(first)) chains.set(first, fallbacksOf(settings, first));
  }
  return chains;
}

export interface StartGatewayExtras {
  logger?: Logger;
  /** Socket timeouts of the HTTP server; the defaults (SERVER_TIMEOUTS) suit users, tests shorten them. */
  serverTimeouts?: Partial<ServerTimeouts>;
}

/**
 * Opens the data folder and the secret store, loads the key pool and starts listening. The same
 * function serves `gemgate serve` and the desktop app. It only wires the parts together; each
 * part's behaviour lives in its own module.
 */
export async function startGateway(
  options: GatewayOptions,
  extras: StartGatewayExtras = {},
): Promise<Gateway> {
  const env = options.env ?? process.env;
  const logger = extras.logger ?? createLogger();
  const here = path.dirname(fileURLToPath(import.meta.url));
  const store = openStore(options.dataDir);
  // What has started so far, stopped in reverse if a later step fails (a port in use, say), so a
  // failed start leaves no timer or connection behind for the host that retries.
  const started: Array<() => unknown> = [];
  try {
    const secrets = await openSecretStore(options.dataDir, env);
    const events = new EventBus();
    let settings: Settings = store.settings.all();

    const client = new GeminiClient(settings['upstream.baseUrl'], settings['upstream.requestTimeoutMs']);
    started.push(() => client.close());
    // One client for every other provider: undici keeps its connections per origin.
    const providerClient = new ProviderClient(settings['upstream.requestTimeoutMs']);
    started.push(() => providerClient.close());
    const services = buildServices(store, { secrets, client, providerClient });
    // Images and files clients give by URL: public addresses only, unless fetch.allowHosts says more.
    const publicFetch = new PublicFetch(() => settings['fetch.allowHosts']);
    started.push(() => publicFetch.close());
    const poolRuntime = await startPoolRuntime({
      store,
      secrets,
      checker: services.checks,
      events,
      logger,
      settings: () => settings,
    });
    started.push(() => poolRuntime.close());

    // Files and cached contents made through gemgate, by owning project (see dispatch/fileOwnership.ts).
    // Interactions made through gemgate, by owning project and client (see dispatch/interactionOwnership.ts).
    const { ownedResources, interactionOwners } = store;
    const ownership = new ResourceOwnership(ownedResources);
    const dispatcher = new UpstreamDispatcher(poolRuntime.pool, client, { ownership });
    // Which provider serves a model; read again whenever providers or aliases change.
    const models = new ModelRouter();
    const loadRoutes = () => models.load(store.providers.list(), settings['models.aliases']);
    loadRoutes();
    const providers = new ProviderDispatcher((name) => poolRuntime.providerPool(name), providerClient);
    const pruneOwned = setInterval(() => ownedResources.pruneExpired(), OWNED_PRUNE_MS);
    pruneOwned.unref();
    started.push(() => clearInterval(pruneOwned));
    const feed = new AdminFeed();
    const usageServices = startUsageServices({
      store,
      services,
      events,
      logger,
      settings: () => settings,
      poolKeys: () => poolRuntime.keys(),
      // Told once the rows are in the log, so a dashboard that reloads sees them.
      onWritten: (rows) => feed.publish('usage', { at: rows.at(-1)!.at }),
    });
    started.push(() => usageServices.close());
    const alerts = new AlertService(events, logger, () => ({
      webhookUrl: settings['alerts.webhookUrl'],
      foldWindowMs: settings['alerts.foldWindowSeconds'] * 1000,
    }));
    started.push(() => alerts.close());
    // Derived from the settings once per change, not on every request that reads them.
    const parseEveryFrame = env.GEMGATE_PARSE_EVERY_FRAME === '1';
    let resumeSettings = resumeSettingsOf(settings, parseEveryFrame);
    let fallbackChains = fallbackChainsOf(settings);
    const applySettings = () => {
      settings = store.settings.all();
      resumeSettings = resumeSettingsOf(settings, parseEveryFrame);
      fallbackChains = fallbackChainsOf(settings);
      client.setBaseUrl(settings['upstream.baseUrl']);
      // Prices live beside the settings and are read again with them, and so do providers.
      services.prices.reload();
      loadRoutes();
    };

    const server = new GatewayServer({ ...SERVER_TIMEOUTS, ...extras.serverTimeouts });
    const status = new GatewayStatusBoard({
      url: () => server.url,
      keys: () => poolRuntime.keyStatus(),
      today: () => usageServices.today(),
      resumeEnabled: () => settings['resume.enabled'],
    });
    const admin = wireAdmin({
      version: packageVersion(here),
      feed,
      services,
      client,
      pool: { describe: () => poolRuntime.describe() },
      events,
      status,
      reloadKeys: async () => {
        await poolRuntime.reload();
        loadRoutes();
      },
      applySettings,
      files: filesAdminSource(ownedResources, dispatcher),
      boundUrl: () => server.boundUrl,
    });
    started.push(() => admin.close());

    const ctx: GatewayContext = {
      logger,
      settings: () => settings,
      resumeSettings: () => resumeSettings,
      fallbacks: (model) => fallbackChains.get(model) ?? NO_FALLBACKS,
      tokens: store.tokens,
      pool: poolRuntime.pool,
      client,
      dispatcher,
      models,
      providers,
      signatures: new LruThoughtSignatureStore(),
      routing: new SignatureRouting(),
      responses: new ResponseStore(store.db, secrets),
      usage: usageServices.usage,
      policies: usageServices.policies,
      files: {
        registry: ownedResources,
        ownership,
        // Kept in the database too: an upload id outlives a restart (its key is looked up by id).
        uploads: new UploadSessions(UPLOAD_SESSION_LIMITS, Date.now, {
          book: store.uploadSessions,
          apiKeyOf: (keyId) => poolRuntime.keys().get(keyId)?.apiKey,
        }),
      },
      operations: store.operations,
      publicFetch,
      interactions: {
        dispatcher: new InteractionDispatcher(poolRuntime.pool, client),
        owners: interactionOwners,
        ownership: new InteractionOwnership(interactionOwners),
      },
      admin: { context: admin.context, rendererDir: options.rendererDir ?? findRendererDir(here) },
    };
    const url = await server.listen(
      createRequestHandler(ctx),
      options.host ?? '127.0.0.1',
      options.port ?? settings['server.port'],
    );

    // An event (a key disabled, the pool down or back) is a change of status too. Only once
    // listening: the status includes the URL.
    events.on(() => status.announce());
    // Other processes (the CLI, a second window) change keys and settings: catch up within a second.
    const stopWatching = watchExternalChanges(store.db, {
      async onChange() {
        try {
          applySettings();
          await poolRuntime.reload();
        } finally {
          status.announce();
          feed.publish('keys', { reason: 'changed outside the dashboard' });
        }
      },
      onError: (error) => logger.error({ err: error }, 'could not reload keys'),
    });
    const stopMemoryTrim = startIdleMemoryTrim({ requestsTotal: () => admin.traffic.requestsTotal });

    logger.info({ url, keys: poolRuntime.keyStatus().total, secretStore: secrets.kind }, 'gateway started');

    const gateway: Gateway = {
      url,
      secretStore: secrets.description ?? secrets.kind,
      status: () => status.current(),
      setResumeEnabled(enabled) {
        store.settings.set('resume.enabled', enabled);
        applySettings();
        status.announce();
        feed.publish('settings', { name: 'resume.enabled' });
      },
      createClientToken(name) {
        const { record, token } = store.tokens.create(name);
        feed.publish('tokens', { reason: `token ${record.name} created` });
        return { id: record.id, token };
      },
      createLoginToken: () => admin.sessions.issueLoginToken(),
      loginUrl: () => `${url}/?token=${gateway.createLoginToken()}`,
      onEvent: (listener) => events.on(listener),
      onAlert: (listener) => alerts.onAlert(listener),
      onStatusChange: (listener) => status.onChange(listener),
      async close() {
        stopWatching();
        clearInterval(pruneOwned);
        stopMemoryTrim();
        // Open dashboards hold event streams: end them so the server can close at once.
        admin.close();
        await server.close();
        await client.close();
        await providerClient.close();
        await publicFetch.close();
        // After the server: requests that finished while it closed are in the saved counters and log.
        await poolRuntime.close();
        await usageServices.close();
        // After the log: an answer it recorded as incomplete on the way out is still an alert.
        await alerts.close();
        store.close();
        logger.info('gateway stopped');
      },
    };
    return gateway;
  } catch (error) {
    for (const stop of started.reverse()) {
      try {
        await stop();
      } catch (stopError) {
        logger.warn({ err: stopError }, 'could not stop a part of a gateway that failed to start');
      }
    }
    store.close();
    throw error;
  }
}
