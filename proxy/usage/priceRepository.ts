import type { Db } from '../store/database.js';
import { PriceRowRepository, type StoredPrice } from '../store/prices.js';
import { ProviderRepository } from '../store/providers.js';
import { DEFAULT_PRICES } from './defaultPrices.js';
import { parseModelPrice, type ModelPrice } from './modelPrice.js';
import { providerDefaultPrices } from './providerPrices.js';

export interface PriceListing extends ModelPrice {
  /** `default`: shipped with gemgate; `user`: set with `gemgate prices set` (wins over a default). */
  source: 'default' | 'user';
  updatedAt: number | null;
}

/** A stored row read by this version's rules (rates it did not set stay absent). */
const toPrice = (row: StoredPrice): ModelPrice =>
  parseModelPrice({
    model: row.model,
    input: row.input,
    output: row.output,
    cached: row.cached ?? undefined,
    longThreshold: row.longThreshold ?? undefined,
    inputLong: row.inputLong ?? undefined,
    outputLong: row.outputLong ?? undefined,
    cachedLong: row.cachedLong ?? undefined,
    tiers: row.tiers ? (JSON.parse(row.tiers) as unknown) : undefined,
  });

/**
 * The price table: the user's rows in SQLite over the shipped defaults. Only the user's rows are
 * stored, so a newer gemgate's defaults reach every model the user did not price themselves.
 */
export class PriceRepository {
  private readonly rows: PriceRowRepository;
  private readonly providers: ProviderRepository;

  constructor(db: Db) {
    this.rows = new PriceRowRepository(db);
    this.providers = new ProviderRepository(db);
  }

  /** Shipped prices: Gemini's, and those of the providers made from a priced preset. */
  private defaults(): ModelPrice[] {
    return [...DEFAULT_PRICES, ...providerDefaultPrices(this.providers.list())];
  }

  /** Rows the user set, by model. */
  overrides(): ModelPrice[] {
    return this.rows.list().map(toPrice);
  }

  /** Effective prices by model: defaults, then the user's rows on top. */
  effective(): Map<string, ModelPrice> {
    const prices = new Map(this.defaults().map((price) => [price.model, price]));
    for (const price of this.overrides()) prices.set(price.model, price);
    return prices;
  }

  list(): PriceListing[] {
    const rows = new Map(this.rows.list().map((row) => [row.model, row]));
    const listing: PriceListing[] = this.defaults()
      .filter((price) => !rows.has(price.model))
      .map((price) => ({
        ...price,
        source: 'default',
        updatedAt: null,
      }));
    for (const row of rows.values())
      listing.push({ ...toPrice(row), source: 'user', updatedAt: row.updatedAt });
    return listing.sort((a, b) => a.model.localeCompare(b.model));
  }

  set(raw: unknown, now = Date.now()): ModelPrice {
    const price = parseModelPrice(raw);
    this.rows.put({
      model: price.model,
      input: price.input,
      output: price.output,
      cached: price.cached ?? null,
      longThreshold: price.longThreshold ?? null,
      inputLong: price.inputLong ?? null,
      outputLong: price.outputLong ?? null,
      cachedLong: price.cachedLong ?? null,
      tiers: price.tiers ? JSON.stringify(price.tiers) : null,
      updatedAt: now,
    });
    return price;
  }

  /** Drops the user's row: the model goes back to its shipped default, or to unpriced. */
  reset(model: string): boolean {
    return this.rows.remove(model);
  }
}
