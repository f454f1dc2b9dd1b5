import type { Db } from './database.js';

/**
 * A price the user set, as stored: USD per 1M tokens; null where the user set no such rate. The
 * rules a price must follow, and the defaults it overrides, live in proxy/usage.
 */
export interface StoredPrice {
  model: string;
  input: number;
  output: number;
  cached: number | null;
  longThreshold: number | null;
  inputLong: number | null;
  outputLong: number | null;
  cachedLong: number | null;
  /** Tiers by prompt length, as JSON text; null when the price has none. */
  tiers: string | null;
  updatedAt: number;
}

interface PriceRow {
  model: string;
  input: number;
  output: number;
  cached: number | null;
  long_threshold: number | null;
  input_long: number | null;
  output_long: number | null;
  cached_long: number | null;
  tiers: string | null;
  updated_at: number;
}

const toStored = (row: PriceRow): StoredPrice => ({
  model: row.model,
  input: row.input,
  output: row.output,
  cached: row.cached,
  longThreshold: row.long_threshold,
  inputLong: row.input_long,
  outputLong: row.output_long,
  cachedLong: row.cached_long,
  tiers: row.tiers,
  updatedAt: row.updated_at,
});

/** The user's rows of the price table, `model_prices`, one per model. */
export class PriceRowRepository {
  constructor(private readonly db: Db) {}

  /** Every row, by model. */
  list(): StoredPrice[] {
    return (this.db.prepare('SELECT * FROM model_prices ORDER BY model').all() as PriceRow[]).map(toStored);
  }

  /** Creates or replaces the model's row. */
  put(price: StoredPrice): void {
    this.db
      .prepare(
        `INSERT INTO model_prices (model, input, output, cached, long_threshold, input_long, output_long, cached_long, tiers, updated_at)
         VALUES (@model, @input, @output, @cached, @longThreshold, @inputLong, @outputLong, @cachedLong, @tiers, @updatedAt)
         ON CONFLICT(model) DO UPDATE SET input = excluded.input, output = excluded.output, cached = excluded.cached,
           long_threshold = excluded.long_threshold, input_long = excluded.input_long,
           output_long = excluded.output_long, cached_long = excluded.cached_long, tiers = excluded.tiers,
           updated_at = excluded.updated_at`,
      )
      .run({
        model: price.model,
        input: price.input,
        output: price.output,
        cached: price.cached,
        longThreshold: price.longThreshold,
        inputLong: price.inputLong,
        outputLong: price.outputLong,
        cachedLong: price.cachedLong,
        tiers: price.tiers,
        updatedAt: price.updatedAt,
      });
  }

  /** Drops the model's row; false when it had none. */
  remove(model: string): boolean {
    return this.db.prepare('DELETE FROM model_prices WHERE model = ?').run(model).changes > 0;
  }
}
