import type { Db } from '../store/database.js';
import { DEFAULT_PRICES } from './defaultPrices.js';
import { parseModelPrice, type ModelPrice } from './modelPrice.js';

interface PriceRow {
  model: string;
  input: number;
  output: number;
  cached: number | null;
  long_threshold: number | null;
  input_long: number | null;
  output_long: number | null;
  cached_long: number | null;
  updated_at: number;
}

export interface PriceListing extends ModelPrice {
  /** `default`: shipped with gemgate; `user`: set with `gemgate prices set` (wins over a default). */
  source: 'default' | 'user';
  updatedAt: number | null;
}

const toPrice = (row: PriceRow): ModelPrice =>
  parseModelPrice({
    model: row.model,
    input: row.input,
    output: row.output,
    cached: row.cached ?? undefined,
    longThreshold: row.long_threshold ?? undefined,
    inputLong: row.input_long ?? undefined,
    outputLong: row.output_long ?? undefined,
    cachedLong: row.cached_long ?? undefined,
  });

/**
 * The price table: the user's rows in SQLite over the shipped defaults. Only the user's rows are
 * stored, so a newer gemgate's defaults reach every model the user did not price themselves.
 */
export class PriceRepository {
  constructor(private readonly db: Db) {}

  /** Rows the user set, by model. */
  overrides(): ModelPrice[] {
    return (this.db.prepare('SELECT * FROM model_prices ORDER BY model').all() as PriceRow[]).map(toPrice);
  }

  /** Effective prices by model: defaults, then the user's rows on top. */
  effective(): Map<string, ModelPrice> {
    const prices = new Map(DEFAULT_PRICES.map((price) => [price.model, price]));
    for (const price of this.overrides()) prices.set(price.model, price);
    return prices;
  }

  list(): PriceListing[] {
    const rows = new Map(
      (this.db.prepare('SELECT * FROM model_prices').all() as PriceRow[]).map((row) => [row.model, row]),
    );
    const listing: PriceListing[] = DEFAULT_PRICES.filter((price) => !rows.has(price.model)).map((price) => ({
      ...price,
      source: 'default',
      updatedAt: null,
    }));
    for (const row of rows.values())
      listing.push({ ...toPrice(row), source: 'user', updatedAt: row.updated_at });
    return listing.sort((a, b) => a.model.localeCompare(b.model));
  }

  set(raw: unknown, now = Date.now()): ModelPrice {
    const price = parseModelPrice(raw);
    this.db
      .prepare(
        `INSERT INTO model_prices (model, input, output, cached, long_threshold, input_long, output_long, cached_long, updated_at)
         VALUES (@model, @input, @output, @cached, @longThreshold, @inputLong, @outputLong, @cachedLong, @updatedAt)
         ON CONFLICT(model) DO UPDATE SET input = excluded.input, output = excluded.output, cached = excluded.cached,
           long_threshold = excluded.long_threshold, input_long = excluded.input_long,
           output_long = excluded.output_long, cached_long = excluded.cached_long, updated_at = excluded.updated_at`,
      )
      .run({
        cached: null,
        longThreshold: null,
        inputLong: null,
        outputLong: null,
        cachedLong: null,
        ...price,
        updatedAt: now,
      });
    return price;
  }

  /** Drops the user's row: the model goes back to its shipped default, or to unpriced. */
  reset(model: string): boolean {
    return this.db.prepare('DELETE FROM model_prices WHERE model = ?').run(model).changes > 0;
  }
}
