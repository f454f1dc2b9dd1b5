import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Gateway, GatewayOptions, GatewayStatus } from './gatewayApi.js';
import type { GatewayContext } from '../http/gatewayContext.js';
import { EventBus } from '../events/eventBus.js';
import { startPoolRuntime } from './poolRuntime.js';
import { openStore } from '../store/openStore.js';
import { openSecretStore } from '../secrets/openSecretStore.js';
import { createLogger, type Logger } from '../log/logger.js';
import { GeminiClient } from '../upstream/geminiClient.js';
import { UpstreamDispatcher } from '../dispatch/upstreamDispatcher.js';
import { ResourceOwnership } from '../dispatch/fileOwnership.js';
import { UploadSessions } from '../dispatch/uploadSessions.js';
import { OwnedResourceRepository } from '../store/files.js';
import { createRequestHandler } from '../http/createApp.js';
import { LruThoughtSignatureStore } from '../translate/openai/index.js';
import { SignatureRouting } from '../dispatch/signatureRouting.js';
import type { Settings } from '../config/settings.js';
import { startUsageServices } from './usageServices.js';
import { AdminSessions } from '../http/admin/sessions.js';
import { AdminFeed } from '../http/admin/feed.js';
import { TrafficMeter } from '../http/admin/trafficMeter.js';
import { RecentEvents } from '../http/admin/recentEvents.js';
import { startTrafficTicker } from '../http/admin/trafficTicker.js';
import { startIdleMemoryTrim } from './idleMemoryTrim.js';
import { findRendererDir } from '../http/admin/dashboardRoutes.js';
import { eventView, statusView } from '../http/admin/views.js';
import type { AdminContext } from '../http/admin/adminContext.js';
import { packageVersion } from './packageVersion.js';
import { poolQuotaSource } from '../http/admin/poolQuotaSource.js';
import { usageLogSource } from '../http/admin/usageLogSource.js';
import { backupSource, policySource, priceSource } from '../http/admin/usageExtrasSources.js';
import { filesAdminSource } from '../http/admin/fileAdminRoutes.js';

/** How often to look for changes other processes (the CLI) made to the database. */
const CHANGE_POLL_MS = 1000;

/** How often records of files and caches Google has deleted by now are dropped. */
const OWNED_PRUNE_MS = 60 * 60_000;

export interface StartGatewayExtras {
  logger?: Logger;
  /** Socket timeouts of the HTTP server; the defaults (SERVER_TIMEOUTS) suit users, tests shorten them. */
  serverTimeouts?: Partial<ServerTimeouts>;
}

export interface ServerTimeouts {
  /** Longest a client may take to send a request's headers (a slow-loris trickles them). */
  headersMs: number;
  /** Longest a client may take to send a whole request, body included. Answers may stream for long. */
  requestMs: number;
  /** How long an idle keep-alive connection stays open. */
  keepAliveMs: number;
  /** How often the server looks for connections past those limits (Node's default is 30 s). */
  checkIntervalMs: number;
}

export const SERVER_TIMEOUTS: ServerTimeouts = {
  headersMs: 20_000,
  requestMs: 120_000,
  keepAliveMs: 5_000,
  checkIntervalMs: 1_000,
};

/**
 * Opens the data folder and the secret store, loads the key pool and starts listening. The same
 * function serves `gemgate serve` and the desktop app.
 */
export async function startGateway(
  options: GatewayOptions,
  extras: StartGatewayExtras = {},
): Promise<Gateway> {
  const env = options.env ?? process.env;
  const logger = extras.logger ?? createLogger();
  const store = openStore(options.dataDir);
  try {
    const secrets = await openSecretStore(options.dataDir, env);
    const events = new EventBus();
    let settings: Settings = store.settings.all();

    const client = new GeminiClient(settings['upstream.baseUrl'], settings['upstream.requestTimeoutMs']);
    // The key pool: loading, persistence, events and dead-key re-checks live in poolRuntime.ts.
    const poolRuntime = await startPoolRuntime({
      store,
      secrets,
      client,
      events,
      logger,
      settings: () => settings,
    });
    const pool = poolRuntime.pool;
    const reloadKeys = () => poolRuntime.reload();

    // Files and cached contents made through gemgate, by owning project (see dispatch/fileOwnership.ts).
    const ownedResources = new OwnedResourceRepository(store.db);
    const dispatcher = new UpstreamDispatcher(pool, client, {
      ownership: new ResourceOwnership(ownedResources),
    });
    const pruneOwned = setInterval(() => ownedResources.pruneExpired(), OWNED_PRUNE_MS);
    pruneOwned.unref();
    // The dashboard's live feed: usage rows, events and status changes are published to it.
    const feed = new AdminFeed();
    const usageServices = startUsageServices({
      store,
      events,
      logger,
      settings: () => settings,
      poolKeys: () => poolRuntime.keys(),
      onRecorded: (row) => feed.publish('usage', { at: row.at }),
    });
    const here = path.dirname(fileURLToPath(import.meta.url));
    const sessions = new AdminSessions();
    const traffic = new TrafficMeter();
    const recentEvents = new RecentEvents();
    events.on((event) => {
      const view = eventView(event);
      recentEvents.add(view);
      feed.publish('event', view);
    });
    const applySettings = () => {
      settings = store.settings.all();
      client.setBaseUrl(settings['upstream.baseUrl']);
      // Prices live beside the settings and are read again with them.
      usageServices.reload();
    };
    const adminContext: AdminContext = {
      version: packageVersion(here),
      sessions,
      store,
      secrets,
      client,
      status: () => status(),
      feed,
      traffic,
      events: recentEvents,
      async keysChanged(reason) {
        await reloadKeys();
        notifyStatus();
        feed.publish('keys', { reason });
      },
      async settingsChanged() {
        applySettings();
        // Pool settings (strategy, stickiness) take effect when the pool reloads.
        await reloadKeys();
        notifyStatus();
      },
      sources: {
        quotas: poolQuotaSource(pool),
        usage: usageLogSource(store.db),
        policies: policySource(store),
        prices: priceSource(store),
        backup: backupSource(store, secrets),
      },
      files: filesAdminSource(ownedResources, dispatcher),
    };
    const ctx: GatewayContext = {
      logger,
      settings: () => settings,
      tokens: store.tokens,
      pool,
      client,
      dispatcher,
      signatures: new LruThoughtSignatureStore(),
      routing: new SignatureRouting(),
      usage: usageServices.usage,
      policies: usageServices.policies,
      files: { registry: ownedResources, uploads: new UploadSessions() },
      admin: { context: adminContext, rendererDir: options.rendererDir ?? findRendererDir(here) },
    };

    // Slow or idle clients must not hold sockets forever (slow-loris); answers may stream for long.
    const timeouts = { ...SERVER_TIMEOUTS, ...extras.serverTimeouts };
    const server = http.createServer(
      { connectionsCheckingInterval: timeouts.checkIntervalMs },
      createRequestHandler(ctx),
    );
    server.headersTimeout = timeouts.headersMs;
    server.requestTimeout = timeouts.requestMs;
    server.keepAliveTimeout = timeouts.keepAliveMs;
    const host = options.host ?? '127.0.0.1';
    const port = options.port ?? settings['server.port'];
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${urlHost === '0.0.0.0' ? '127.0.0.1' : urlHost}:${address.port}`;

    // Other processes (the CLI, a second window) change keys and settings: notice within a second.
    let dataVersion = store.db.pragma('data_version', { simple: true });
    let reloading = false;
    const watcher = setInterval(() => {
      const current = store.db.pragma('data_version', { simple: true });
      if (current === dataVersion || reloading) return;
      dataVersion = current;
      applySettings();
      reloading = true;
      reloadKeys()
        .catch((error: unknown) => logger.error({ err: error }, 'could not reload keys'))
        .finally(() => {
          reloading = false;
          notifyStatus();
          feed.publish('keys', { reason: 'changed outside the dashboard' });
        });
    }, CHANGE_POLL_MS);
    watcher.unref();

    const statusListeners = new Set<(status: GatewayStatus) => void>();
    const status = (): GatewayStatus => {
      const keys = poolRuntime.keyStatus();
      return {
        url,
        keys,
        today: usageServices.today(),
        resumeEnabled: settings['resume.enabled'],
        health:
          keys.total === 0
            ? 'empty'
            : keys.healthy === 0
              ? 'down'
              : keys.healthy < keys.total
                ? 'degraded'
                : 'healthy',
      };
    };
    const notifyStatus = () => {
      const current = status();
      for (const listener of statusListeners) listener(current);
      feed.publish('status', statusView(current));
    };
    const stopTicker = startTrafficTicker(traffic, feed);
    const stopMemoryTrim = startIdleMemoryTrim({ requestsTotal: () => traffic.requestsTotal });
    events.on(() => notifyStatus());

    logger.info({ url, keys: poolRuntime.keyStatus().total, secretStore: secrets.kind }, 'gateway started');

    const gateway: Gateway = {
      url,
      status,
      setResumeEnabled(enabled) {
        store.settings.set('resume.enabled', enabled);
        applySettings();
        notifyStatus();
        feed.publish('settings', { name: 'resume.enabled' });
      },
      createClientToken(name) {
        const { record, token } = store.tokens.create(name);
        feed.publish('tokens', { reason: `token ${record.name} created` });
        return { id: record.id, token };
      },
      createLoginToken() {
        return sessions.issueLoginToken();
      },
      loginUrl() {
        return `${url}/?token=${gateway.createLoginToken()}`;
      },
      onEvent: (listener) => events.on(listener),
      onStatusChange(listener) {
        statusListeners.add(listener);
        return () => statusListeners.delete(listener);
      },
      async close() {
        clearInterval(watcher);
        clearInterval(pruneOwned);
        stopTicker();
        stopMemoryTrim();
        // Open dashboards hold event streams: end them so the server can close at once.
        feed.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          setTimeout(() => server.closeAllConnections(), 3000).unref();
        });
        await client.close();
        // After the server: requests that finished while it closed are in the saved counters and log.
        await poolRuntime.close();
        await usageServices.close();
        store.close();
        logger.info('gateway stopped');
      },
    };
    return gateway;
  } catch (error) {
    store.close();
    throw error;
  }
}
