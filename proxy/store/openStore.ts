import { openDatabase, type Db } from './database.js';
import { AccountRepository } from './accounts.js';
import { ProjectRepository } from './projects.js';
import { KeyRepository } from './keys.js';
import { ClientTokenRepository } from './clientTokens.js';
import { SettingsRepository } from './settings.js';

/** The database and its repositories: everything but the secrets. */
export interface Store {
  dataDir: string;
  db: Db;
  accounts: AccountRepository;
  projects: ProjectRepository;
  keys: KeyRepository;
  tokens: ClientTokenRepository;
  settings: SettingsRepository;
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
    close: () => db.close(),
  };
}
