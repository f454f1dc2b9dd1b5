import type { Store } from '../store/openStore.js';
import type { StoredPrice } from '../store/prices.js';
import { DEFAULT_PRICES } from './defaultPrices.js';
import { parseModelPrice, type ModelPrice } from './modelPrice.js';
import { providerDefaultPrices } from './providerPrices.js';

export interface PriceListing extends ModelPrice {
  /** `default`: shipped with gemgate; `user`: set with `gemgate prices set` (wins over a default). */
  source: 'default' | 'user';
  updatedAt: number | null;
}

/** The rates a price may leave unset: absent in a ModelPrice, null in its stored row. */
const OPTIONAL_RATES = ['cached', 'longThreshold', 'inputLong', 'outputLong', 'cachedLong'] as const;
type OptionalRates = Pick<StoredPrice, (typeof OPTIONAL_RATES)[number]>;

/** A stored row read by this version's rules (rates it did not set stay absent). */
const toPrice = (row: StoredPrice): ModelPrice =>
  parseModelPrice({
    model: row.model,
    input: row.input,
    output: row.output,
    ...Object.fromEntries(OPTIONAL_RATES.map((rate) => [rate, row[rate] ?? undefined])),
    tiers: row.tiers ? (JSON.parse(row.tiers) as unknown) : undefined,
  });

const toRow = (price: ModelPrice, updatedAt: number): StoredPrice => ({
  model: price.model,
  input: price.input,
  output: price.output,
  ...(Object.fromEntries(OPTIONAL_RATES.map((rate) => [rate, price[rate] ?? null])) as OptionalRates),
  tiers: price.tiers ? JSON.stringify(price.tiers) : null,
  updatedAt,
});

/**
 * The price table: the user's rows in SQLite over the shipped defaults. Only the user's rows are
 * stored, so a newer gemgate's defaults reach every model the user did not price themselves. The
 * effective table is read once and again on `reload` (the gateway prices every request with it);
 * built once (proxy/app/services.ts) for the gateway, its dashboard and the CLI.
 */
export class PriceTable {
  private current: Map<string, ModelPrice> | undefined;

  constructor(private readonly store: Pick<Store, 'priceRows' | 'providers'>) {}

  /** Effective prices by model: defaults, then the user's rows on top. */
  effective(): ReadonlyMap<string, ModelPrice> {
    return (this.current ??= this.read());
  }

  /** Another process (or the dashboard) changed prices or providers: read the table again. */
  reload(): void {
    this.current = this.read();
  }

  /** Rows the user set, by model. */
  overrides(): ModelPrice[] {
    return this.store.priceRows.list().map(toPrice);
  }

  list(): PriceListing[] {
    const rows = new Map(this.store.priceRows.list().map((row) => [row.model, row]));
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

  /** Validates and stores the user's price for its model. */
  set(raw: unknown, now = Date.now()): ModelPrice {
    const price = parseModelPrice(raw);
    this.store.priceRows.put(toRow(price, now));
    this.current = undefined;
    return price;
  }

  /** Drops the user's row: the model goes back to its shipped default, or to unpriced. */
  reset(model: string): boolean {
    this.current = undefined;
    return this.store.priceRows.remove(model);
  }

  /** Shipped prices: Gemini's, and those of the providers made from a priced preset. */
  private defaults(): ModelPrice[] {
    return [...DEFAULT_PRICES, ...providerDefaultPrices(this.store.providers.list())];
  }

  private read(): Map<string, ModelPrice> {
    const prices = new Map(this.defaults().map((price) => [price.model, price]));
    for (const price of this.overrides()) prices.set(price.model, price);
    return prices;
  }
}
