import type { Db } from './database.js';
import type { ContinuationStyle } from '../config/providerPresets.js';

export type { ContinuationStyle };

/** The one provider that needs no row: Gemini, served through the built-in client. */
export const GEMINI_PROVIDER = 'gemini';

export type ProviderKind = 'openai-compatible';
/** Where the model list came from: typed in, fetched from GET /models, or to fetch with the first key. */
export type ModelsSource = 'manual' | 'fetched' | 'pending';

/** An upstream other than Gemini, as stored. Its keys live in the secret store like Gemini's. */
export interface ProviderRecord {
  name: string;
  kind: ProviderKind;
  /** The API root that `/chat/completions` and `/models` hang off, without a trailing slash. */
  baseUrl: string;
  models: string[];
  modelsSource: ModelsSource;
  continuation: ContinuationStyle;
  /** The preset it was made from (its prices, its continuation), or null for a hand-made one. */
  preset: string | null;
  createdAt: number;
}

interface ProviderRow {
  name: string;
  kind: ProviderKind;
  base_url: string;
  models: string;
  models_source: ModelsSource;
  continuation: ContinuationStyle;
  preset: string | null;
  created_at: number;
}

const toProvider = (row: ProviderRow): ProviderRecord => ({
  name: row.name,
  kind: row.kind,
  baseUrl: row.base_url,
  models: parseModels(row.models),
  modelsSource: row.models_source,
  continuation: row.continuation,
  preset: row.preset,
  createdAt: row.created_at,
});

function parseModels(json: string): string[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/** The `providers` table. */
export class ProviderRepository {
  constructor(private readonly db: Db) {}

  /** In the order they were added: a model id two providers share goes to the older one. */
  list(): ProviderRecord[] {
    return (this.db.prepare('SELECT * FROM providers ORDER BY created_at, rowid').all() as ProviderRow[]).map(
      toProvider,
    );
  }

  get(name: string): ProviderRecord | undefined {
    const row = this.db.prepare('SELECT * FROM providers WHERE name = ?').get(name) as
      ProviderRow | undefined;
    return row && toProvider(row);
  }

  insert(provider: ProviderRecord): void {
    this.db
      .prepare(
        `INSERT INTO providers (name, kind, base_url, models, models_source, continuation, preset, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        provider.name,
        provider.kind,
        provider.baseUrl,
        JSON.stringify(provider.models),
        provider.modelsSource,
        provider.continuation,
        provider.preset,
        provider.createdAt,
      );
  }

  setModels(name: string, models: readonly string[], source: ModelsSource): void {
    this.db
      .prepare('UPDATE providers SET models = ?, models_source = ? WHERE name = ?')
      .run(JSON.stringify(models), source, name);
  }

  delete(name: string): boolean {
    return this.db.prepare('DELETE FROM providers WHERE name = ?').run(name).changes > 0;
  }
}
