import { openDatabase, type Db } from './database.js';
import { AccountRepository } from './accounts.js';
import { ProjectRepository } from './projects.js';
import { KeyRepository } from './keys.js';
import { ClientTokenRepository } from './clientTokens.js';
import { SettingsRepository } from './settings.js';
import { LearnedLimitRepository } from './learnedLimits.js';

/** The database and its repositories: everything but the secrets. */
export interface Store {
  dataDir: string;
  db: Db;
  accounts: AccountRepository;
  projects: ProjectRepository;
  keys: KeyRepository;
  tokens: ClientTokenRepository;
  settings: SettingsRepository;
  /** Limits learned from Google's 429s. */
  learnedLimits: LearnedLimitRepository;
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
    learnedLimits: new LearnedLimitRepository(db),
    close: () => db.close(),
  };
}
