import type { Services } from './services.js';
import type { GeminiClient } from '../upstream/geminiClient.js';
import type { QuotaAwarePool } from '../pool/quotaAwarePool.js';
import type { EventBus } from '../events/eventBus.js';
import type { AdminContext, FilesAdminSource } from '../http/admin/adminContext.js';
import { AdminSessions } from '../http/admin/sessions.js';
import type { AdminFeed } from '../http/admin/feed.js';
import { TrafficMeter } from '../http/admin/trafficMeter.js';
import { RecentEvents } from '../http/admin/recentEvents.js';
import { startTrafficTicker } from '../http/admin/trafficTicker.js';
import { eventView, statusView } from '../http/admin/views.js';
import { poolQuotaSource } from '../http/admin/poolQuotaSource.js';
import { usageLogSource } from '../http/admin/usageLogSource.js';
import { requestLogSource } from '../http/admin/requestLogSource.js';
import type { GatewayStatusBoard } from './gatewayStatus.js';

export interface AdminWiringDeps {
  version: string;
  /** The live feed; made by the caller because the request log publishes to it too. */
  feed: AdminFeed;
  services: Services;
  client: GeminiClient;
  /** Every pool's standing (Gemini's and the other providers'). */
  pool: Pick<QuotaAwarePool, 'describe'>;
  events: EventBus;
  status: Pick<GatewayStatusBoard, 'current' | 'onChange' | 'announce'>;
  /** Reads keys, limits and pool settings from the store again. */
  reloadKeys(): Promise<void>;
  /** Reads settings and prices from the store again and applies them to the running gateway. */
  applySettings(): void;
  /** Files and cached contents made through gemgate, for the Files page. */
  files: FilesAdminSource;
  /** Where the server's socket is bound (`http://0.0.0.0:8787` on every interface). */
  boundUrl(): string;
}

export interface AdminWiring {
  /** What the admin API and the dashboard's routes are given (GatewayContext.admin). */
  context: AdminContext;
  /** Dashboard sessions, and the one-time login tokens the desktop app asks for. */
  sessions: AdminSessions;
  /** Requests in flight and per second, as the dashboard shows them. */
  traffic: TrafficMeter;
  /** Stops the traffic ticker and ends every open dashboard stream, so the server can close. */
  close(): void;
}

/**
 * The dashboard's side of the running gateway: its sessions, its live feed and what flows into it
 * (events, status changes, traffic), and the admin API's view of the gateway (AdminContext) with
 * the data sources the other parts own. A change made through the dashboard goes through the same
 * steps as one noticed from outside: read the store again, then tell every open dashboard.
 */
export function wireAdmin(deps: AdminWiringDeps): AdminWiring {
  const { services, status, feed } = deps;
  const sessions = new AdminSessions();
  const traffic = new TrafficMeter();
  const recentEvents = new RecentEvents();

  const stopEvents = deps.events.on((event) => {
    const view = eventView(event);
    recentEvents.add(view);
    feed.publish('event', view);
  });
  const stopStatus = status.onChange((current) => feed.publish('status', statusView(current)));
  const stopTicker = startTrafficTicker(traffic, feed);

  const context: AdminContext = {
    version: deps.version,
    sessions,
    store: services.store,
    keys: services.keys,
    checks: services.checks,
    providers: services.providers,
    policies: services.policies,
    prices: services.prices,
    backups: services.backups,
    client: deps.client,
    status: () => status.current(),
    boundUrl: deps.boundUrl,
    feed,
    traffic,
    events: recentEvents,
    async keysChanged(reason) {
      await deps.reloadKeys();
      status.announce();
      feed.publish('keys', { reason });
    },
    async settingsChanged() {
      deps.applySettings();
      // Pool settings (strategy, stickiness) take effect when the pool reloads.
      await deps.reloadKeys();
      status.announce();
    },
    sources: {
      quotas: poolQuotaSource(deps.pool),
      usage: usageLogSource(services.usage, services.store.usageTotals),
      requests: requestLogSource(services.store),
    },
    files: deps.files,
  };

  return {
    context,
    sessions,
    traffic,
    close() {
      stopTicker();
      stopEvents();
      stopStatus();
      feed.close();
    },
  };
}
