import type { Store } from '../../store/openStore.js';
import type { SecretStore } from '../../secrets/secretStore.js';
import type { GeminiClient } from '../../upstream/geminiClient.js';
import type { GatewayStatus } from '../../events/gatewayEvent.js';
import type { AdminSessions } from './sessions.js';
import type { AdminFeed } from './feed.js';
import type { TrafficMeter } from './trafficMeter.js';
import type { RecentEvents } from './recentEvents.js';
import type { OwnedResource } from '../../store/files.js';
import type {
  BackupImportRequest,
  BackupImportResponse,
  ClientPolicyView,
  ModelQuotaView,
  PriceView,
  RequestLogEntry,
  UsageGroup,
  UsageRow,
  UsageTotals,
} from './contract.js';

/** What the admin API needs from the running gateway, handed in by startGateway. */
export interface AdminContext {
  version: string;
  sessions: AdminSessions;
  store: Store;
  secrets: SecretStore;
  /** The gateway's own upstream client, so checks go where requests go (`upstream.baseUrl`). */
  client: GeminiClient;
  status(): GatewayStatus;
  feed: AdminFeed;
  traffic: TrafficMeter;
  events: RecentEvents;
  /** Keys, accounts or projects changed in the store: reload the pool, then tell the dashboards. */
  keysChanged(reason: string): Promise<void>;
  /** A setting (or price) changed in the store: apply it to the running gateway. */
  settingsChanged(name: string): Promise<void>;
  /** Filled in by the parts that own the data; absent parts answer `Pending` (see PENDING). */
  sources: AdminSources;
  /** Files and cached contents made through gemgate (the Files page). */
  files?: FilesAdminSource;
}

/**
 * Data owned by other parts of the gateway. Each is optional: until a part exists, its routes say
 * so (`{available: false, reason}`) instead of showing invented numbers.
 */
export interface AdminSources {
  /** Per-project, per-model RPM/RPD/TPM counters, limits and cooldowns (the key pool, issue 4). */
  quotas?: QuotaSource;
  /** The request log, usage and cost (issue 6). */
  usage?: UsageSource;
  /** Per-client policies (issue 6). */
  policies?: PolicySource;
  /** Prices per model (issue 6). */
  prices?: PriceSource;
  /** Encrypted backup export and import (issue 6). */
  backup?: BackupSource;
}

export interface QuotaSource {
  forProject(projectId: string, now: number): ModelQuotaView[];
  /** The latest cooldown that covers the project, any model, or null. */
  coolingUntil(projectId: string, now: number): number | null;
}

export interface UsageQuery {
  by: UsageGroup;
  since?: string;
  until?: string;
}

export interface RequestLogQuery {
  client?: string;
  model?: string;
  key?: string;
  status?: 'ok' | 'error';
  limit: number;
  before?: number;
}

export interface UsageSource {
  today(now: number): UsageTotals;
  summary(query: UsageQuery): { rows: UsageRow[]; totals: UsageTotals };
  requests(query: RequestLogQuery): RequestLogEntry[];
}

export interface PolicySource {
  get(tokenId: string): { policy: ClientPolicyView; summary: string };
  /** Validates (throwing a 400-worthy error) and stores; `{}` removes every limit. */
  set(tokenId: string, policy: unknown): void;
}

export interface PriceSource {
  list(): PriceView[];
  /** Validates (throwing a 400-worthy error) and stores the user's price for the model. */
  set(price: unknown): void;
  reset(model: string): boolean;
}

export interface BackupSource {
  lastExportAt(): number | null;
  /** The encrypted file's content and a name to save it under. */
  export(passphrase: string): Promise<{ fileName: string; content: string }>;
  import(request: BackupImportRequest): Promise<BackupImportResponse>;
}

/** Why each absent source is absent, in words the dashboard shows as they are. */
export const PENDING = {
  quotas: 'Per-project quota counters come with the key pool (issue 4), which this build does not have yet.',
  usage: 'The usage log, tokens and cost come with issue 6, which this build does not have yet.',
  policies: 'Client policies come with issue 6, which this build does not have yet.',
  prices: 'Prices come with issue 6, which this build does not have yet.',
  backup: 'Backup and restore come with issue 6, which this build does not have yet.',
} as const satisfies Record<keyof AdminSources, string>;

/** What the dashboard's Files page needs: the registry of files and caches, and deleting at the owner. */
export interface FilesAdminSource {
  list(): OwnedResource[];
  /** Deletes at the owning project, then forgets it; false when gemgate has no such record. */
  delete(name: string): Promise<boolean>;
}
