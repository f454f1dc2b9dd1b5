import { openDatabase, type Db } from './database.js';
import { AccountRepository } from './accounts.js';
import { ProjectRepository } from './projects.js';
import { KeyRepository } from './keys.js';
import { ClientTokenRepository } from './clientTokens.js';
import { SettingsRepository } from './settings.js';
import { ProviderRepository } from './providers.js';
import { ClientPolicyRowRepository } from './clientPolicies.js';
import { PriceRowRepository } from './prices.js';
import { PoolStateRepository } from './poolState.js';
import { PoolLimitRepository } from './poolLimits.js';
import { UsageRequestRepository, UsageRequestWriter } from './usageRequests.js';
import { UsageTotalsRepository } from './usageTotals.js';
import { OwnedResourceRepository } from './files.js';
import { OperationOwnerRepository } from './operationOwners.js';
import { BackupTables } from './backupTables.js';
import { LearnedLimitRepository } from './learnedLimits.js';
import { InteractionOwnerRepository } from './interactionOwners.js';
import { UploadSessionRepository } from './uploadSessions.js';
import { RequestLogRepository } from './requestLog.js';

/**
 * The database and every repository over it, each built once: everything but the secrets (stored
 * responses are sealed with a key from the secret store, so the gateway builds their ResponseStore).
 * Code outside proxy/store reaches a table only through these.
 */
export interface Store {
  dataDir: string;
  db: Db;
  accounts: AccountRepository;
  projects: ProjectRepository;
  keys: KeyRepository;
  tokens: ClientTokenRepository;
  settings: SettingsRepository;
  providers: ProviderRepository;
  /** Client policies as stored JSON; proxy/policy reads and validates them. */
  policyRows: ClientPolicyRowRepository;
  /** The user's own prices as stored; proxy/usage puts them over the shipped defaults. */
  priceRows: PriceRowRepository;
  /** The pool's cooldowns and counters, saved across restarts. */
  poolState: PoolStateRepository;
  /** The user's quota-limit rules. */
  poolLimits: PoolLimitRepository;
  /** The request log: read and pruned here, written in batches by `usageWriter`. */
  usageRequests: UsageRequestRepository;
  usageWriter: UsageRequestWriter;
  usageTotals: UsageTotalsRepository;
  /** Files and cached contents made through gemgate, by owning project. */
  ownedResources: OwnedResourceRepository;
  /** Long-running operations (videos) and the project and client that started them. */
  operations: OperationOwnerRepository;
  /** What a backup reads and writes beyond the everyday repositories. */
  backupTables: BackupTables;
  /** Limits learned from Google's 429s. */
  learnedLimits: LearnedLimitRepository;
  /** Interactions made through gemgate, by owning project and client (issue 26). */
  interactionOwners: InteractionOwnerRepository;
  /** Resumable uploads in flight, so a chunk goes to the project that opened the session. */
  uploadSessions: UploadSessionRepository;
  /** The dashboard's request log: one row per request, newest first. */
  requestLog: RequestLogRepository;
  close(): void;
}

export function openStore(dataDir: string): Store {
  const db = openDatabase(dataDir);
  return {
    dataDir,
    db,
    accounts: new AccountRepository(db),
    projects: new ProjectRepository(db),
    keys: new KeyRepository(db),
    tokens: new ClientTokenRepository(db),
    settings: new SettingsRepository(db),
    providers: new ProviderRepository(db),
    policyRows: new ClientPolicyRowRepository(db),
    priceRows: new PriceRowRepository(db),
    poolState: new PoolStateRepository(db),
    poolLimits: new PoolLimitRepository(db),
    usageRequests: new UsageRequestRepository(db),
    usageWriter: new UsageRequestWriter(db),
    usageTotals: new UsageTotalsRepository(db),
    ownedResources: new OwnedResourceRepository(db),
    operations: new OperationOwnerRepository(db),
    backupTables: new BackupTables(db),
    learnedLimits: new LearnedLimitRepository(db),
    interactionOwners: new InteractionOwnerRepository(db),
    uploadSessions: new UploadSessionRepository(db),
    requestLog: new RequestLogRepository(db),
    close: () => db.close(),
  };
}
