import type { Store } from '../../store/openStore.js';
import type { GeminiClient } from '../../upstream/geminiClient.js';
import type { GatewayStatus } from '../../events/gatewayEvent.js';
import type { AdminSessions } from './sessions.js';
import type { AdminFeed } from './feed.js';
import type { TrafficMeter } from './trafficMeter.js';
import type { RecentEvents } from './recentEvents.js';
import type { OwnedResource } from '../../store/files.js';
import type { KeyActivity } from '../../store/requestLog.js';
import type { KeyRegistry } from '../../keys/keyRegistry.js';
import type { KeyChecker } from '../../keys/checkKey.js';
import type { ProviderAdmin } from '../../keys/providerAdmin.js';
import type { ClientPolicies } from '../../policy/clientPolicies.js';
import type { PriceTable } from '../../usage/priceTable.js';
import type { Backups } from '../../backup/backups.js';
import type {
  ModelQuotaView,
  RequestChoicesResponse,
  RequestDetailResponse,
  RequestLogQuery,
  RequestLogResponse,
  UsageQuery,
  UsageRow,
  UsageTotals,
} from './contract.js';

// The queries are the contract's, as the routes parse them; named here too for the sources.
export type { RequestLogQuery, UsageQuery };

/** What the admin API needs from the running gateway, handed in by startGateway. */
export interface AdminContext {
  version: string;
  sessions: AdminSessions;
  store: Store;
  /** The gateway's own upstream client: where Gemini is (`upstream.baseUrl`). */
  client: GeminiClient;
  /** Adds keys (another provider's checked with it first) and removes them. */
  keys: KeyRegistry;
  /** Asks a key's provider whether it works, through the clients requests go through. */
  checks: KeyChecker;
  /** Other providers: added (checked for reachability), listed, removed with their keys. */
  providers: ProviderAdmin;
  status(): GatewayStatus;
  /** Where the server's socket is bound (`http://0.0.0.0:8787` on every interface): who else can reach it. */
  boundUrl(): string;
  feed: AdminFeed;
  traffic: TrafficMeter;
  events: RecentEvents;
  /** Keys, accounts or projects changed in the store: reload the pool, then tell the dashboards. */
  keysChanged(reason: string): Promise<void>;
  /** A setting (or price) changed in the store: apply it to the running gateway. */
  settingsChanged(name: string): Promise<void>;
  /** Per-client policies, validated as the gateway reads them. */
  policies: ClientPolicies;
  /** Prices per model: the shipped ones with the user's on top. */
  prices: PriceTable;
  /** Encrypted backup export and import. */
  backups: Backups;
  /** The parts of the gateway that own the data the dashboard shows. */
  sources: AdminSources;
  /** Files and cached contents made through gemgate (the Files page). */
  files: FilesAdminSource;
}

/**
 * Data owned by other parts of the gateway, behind small interfaces so that the admin routes
 * depend on what they show, not on the pool's, the usage log's or the backup's internals.
 */
export interface AdminSources {
  /** Per-project, per-model RPM/RPD/TPM counters, limits and cooldowns, as the key pool counts them. */
  quotas: QuotaSource;
  /** Usage and cost, from the request log. */
  usage: UsageSource;
  /** The request log itself: requests, one in detail, what each key did. */
  requests: RequestLogSource;
}

export interface QuotaSource {
  forProject(projectId: string, now: number): ModelQuotaView[];
  /** The latest cooldown that covers the project, any model, or null. */
  coolingUntil(projectId: string, now: number): number | null;
}

export interface UsageSource {
  today(now: number): UsageTotals;
  summary(query: UsageQuery): { rows: UsageRow[]; totals: UsageTotals };
  /** Each client's known spend today and this month (local calendar), as its spend limits count it. */
  spendByClient(now: number): ReadonlyMap<string, ClientSpend>;
}

export interface ClientSpend {
  todayUsd: number;
  monthUsd: number;
}

export interface RequestLogSource {
  page(query: RequestLogQuery): RequestLogResponse;
  /** Undefined when the log has no such request (pruned, or never). */
  detail(id: number): RequestDetailResponse | undefined;
  choices(): RequestChoicesResponse;
  /** Per key id: requests and failures since `since`, and its last good answer since `lookBack`. */
  keyActivity(since: number, lookBack: number): ReadonlyMap<string, KeyActivity>;
}

/** What the dashboard's Files page needs: the registry of files and caches, and deleting at the owner. */
export interface FilesAdminSource {
  list(): OwnedResource[];
  /** Deletes at the owning project, then forgets it; false when gemgate has no such record. */
  delete(name: string): Promise<boolean>;
}
