import { UsageQueries } from '../proxy/usage/usageQueries.js';
import { PriceTable } from '../proxy/usage/priceTable.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { runCli } from './support/cli.js';
import { waitForUsageRows } from './support/usageLog.js';
import { openStore } from '../proxy/store/openStore.js';
import { requestLogSource } from '../proxy/http/admin/requestLogSource.js';
import { usageLogSource } from '../proxy/http/admin/usageLogSource.js';

const IMAGEN = 'imagen-4.0-generate-001';

/**
 * A model without a price (Imagen: retired, so gemgate ships none) costs "no price", never $0, in
 * `gemgate usage`, the dashboard's data and `gemgate prices`, which names it among the models in use.
 */
describe('models in use without a price', () => {
  let h: Harness;
  const cli = (...args: string[]) =>
    runCli(args, {
      env: {
        GEMGATE_DATA_DIR: h.dataDir,
        GEMGATE_SECRET_STORE: 'file',
        GEMGATE_PASSPHRASE: 'harness passphrase',
      },
    });

  beforeAll(async () => {
    h = await startHarness({ accounts: { alice: { keys: 1 } } });
    const post = (route: string, body: unknown) =>
      fetch(`${h.url}${route}`, {
        method: 'POST',
        headers: { 'x-goog-api-key': h.token, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect(
      (await post(`/v1beta/models/${IMAGEN}:predict`, { instances: [{ prompt: 'a kite' }] })).status,
    ).toBe(200);
    expect(
      (
        await post('/v1beta/models/gemini-2.5-flash:generateContent', {
          contents: [{ role: 'user', parts: [{ text: 'hello' }] }],
        })
      ).status,
    ).toBe(200);
    await waitForUsageRows(h.dataDir, 2);
  });
  afterAll(() => h.close());

  it('shows "no price" in `gemgate usage`, and null (not 0) in its JSON', async () => {
    const json = JSON.parse((await cli('usage', '--json', '--requests', '5')).stdout) as {
      byModel: Array<{ model: string; priced: boolean; costUsd: number | null }>;
      unpricedModels: Array<{ model: string; requests: number }>;
      requests: Array<{ model: string; costUsd: number | null }>;
    };
    expect(json.byModel.find((row) => row.model === IMAGEN)).toMatchObject({ priced: false, costUsd: null });
    expect(json.byModel.find((row) => row.model === 'gemini-2.5-flash')).toMatchObject({ priced: true });
    expect(json.byModel.find((row) => row.model === 'gemini-2.5-flash')!.costUsd).toBeGreaterThan(0);
    expect(json.unpricedModels).toEqual([expect.objectContaining({ model: IMAGEN, requests: 1 })]);
    expect(json.requests.find((row) => row.model === IMAGEN)!.costUsd).toBeNull();

    const text = (await cli('usage', '--requests', '5')).stdout;
    expect(text).toMatch(new RegExp(`No price for ${IMAGEN}`));
    const byModel = text.split('By model:')[1]!.split('By key:')[0]!;
    expect(byModel).toMatch(new RegExp(`${IMAGEN}.*no price`));
    expect(byModel).not.toMatch(new RegExp(`${IMAGEN}.*\\$0\\.00`));
  });

  it('gives the dashboard null costs for it, never $0', () => {
    const store = openStore(h.dataDir);
    try {
      const source = usageLogSource(new UsageQueries(store, new PriceTable(store)), store.usageTotals);
      const rows = source.summary({ by: 'model' }).rows;
      expect(rows.find((row) => row.group === IMAGEN)).toMatchObject({
        costUsd: null,
        priced: false,
        unpriced: 1,
      });
      const entries = requestLogSource(store).page({ limit: 10 }).entries;
      expect(entries.find((entry) => entry.model === IMAGEN)!.costUsd).toBeNull();
      expect(entries.find((entry) => entry.model === 'gemini-2.5-flash')!.costUsd).toBeGreaterThan(0);
    } finally {
      store.close();
    }
  });

  it('`gemgate prices list` names the models in use without a price, until the user prices them', async () => {
    const listed = JSON.parse((await cli('prices', 'list', '--json')).stdout) as {
      prices: Array<{ model: string }>;
      unpriced: Array<{ provider: string; model: string; requests: number }>;
    };
    expect(listed.unpriced).toEqual([
      expect.objectContaining({ provider: 'gemini', model: IMAGEN, requests: 1 }),
    ]);
    // Retired models are gone from the shipped table.
    expect(listed.prices.map((price) => price.model)).not.toContain(IMAGEN);
    expect(listed.prices.map((price) => price.model)).not.toContain('gemini-2.0-flash');
    expect((await cli('prices', 'list')).stdout).toMatch(
      new RegExp(`In use without a price[^\\n]*\\n[\\s\\S]*${IMAGEN}\\s+1`),
    );

    expect((await cli('prices', 'set', IMAGEN, '--input', '0', '--output', '0')).code).toBe(0);
    const after = JSON.parse((await cli('prices', 'list', '--json')).stdout) as { unpriced: unknown[] };
    expect(after.unpriced).toEqual([]);
    expect((await cli('prices', 'list')).stdout).toMatch(/Every model used in the last 30 days has a price/);
  });
});
