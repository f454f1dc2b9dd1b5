import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './openStore.js';
import { UsageRequestRepository, UsageRequestWriter, type UsageRow } from './usageRequests.js';
import { RequestLogRepository, type UsageLogFilter } from './requestLog.js';
import { UsageTotalsRepository } from './usageTotals.js';
import { tempDataDir } from '../../test/support/dataDir.js';

describe('the request log table', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  function open(): Store {
    const { dir, cleanup } = tempDataDir('usage-requests');
    const store = openStore(dir);
    cleanups.push(() => {
      store.close();
      cleanup();
    });
    return store;
  }

  function row(over: Partial<UsageRow> & { at: number }): UsageRow {
    return {
      requestId: `req-${over.at}`,
      day: '2026-11-26',
      clientId: null,
      dialect: 'openai',
      endpoint: 'chat.completions',
      model: 'gemini-2.5-flash',
      provider: 'gemini',
      stream: 1,
      keyId: null,
      projectId: null,
      accountId: null,
      status: 200,
      outcome: 'complete',
      attempts: 1,
      resumes: 0,
      causes: null,
      promptTokens: 10,
      outputTokens: 5,
      thoughtsTokens: 2,
      cachedTokens: 0,
      toolPromptTokens: 0,
      totalTokens: 17,
      costUsd: 0.01,
      ttfbMs: 3,
      totalMs: 7.6,
      errorClass: null,
      attemptDetail: null,
      clientMessage: null,
      ...over,
    };
  }

  it('stores a request once, however often its row is written, and reads it back as written', () => {
    const store = open();
    const writer = new UsageRequestWriter(store.db);
    const first = row({ at: 1_000, causes: 'frame-cut', attemptDetail: '[]' });
    writer.insertAll([first]);
    writer.insertAll([first, row({ at: 2_000 })]);

    const log = new UsageRequestRepository(store.db);
    expect(log.latest(10).map(({ id: _id, ...stored }) => stored)).toEqual([row({ at: 2_000 }), first]);
    expect(log.latest(1, 1_500).map((stored) => stored.at)).toEqual([2_000]);
    expect(log.deleteBefore(1_500)).toBe(1);
    expect(log.latest(10).map((stored) => stored.at)).toEqual([2_000]);
  });

  it("narrows the dashboard's list by token (id or name), key (id or masked form), model and outcome, and pages back", () => {
    const store = open();
    const token = store.tokens.create('phone').record;
    const account = store.accounts.create('alice', 'primary');
    const project = store.projects.create(account.id, 'p', null);
    store.keys.insert({
      id: 'key_one',
      accountId: account.id,
      projectId: project.id,
      masked: 'AIza…abcd',
      fingerprint: 'f'.repeat(64),
      state: 'active',
      createdAt: 0,
    });
    new UsageRequestWriter(store.db).insertAll([
      row({ at: 1, clientId: token.id, keyId: 'key_one' }),
      row({ at: 2, clientId: token.id, model: 'gemini-2.5-pro', errorClass: 'stream_incomplete' }),
      row({ at: 3, keyId: 'key_one', status: 429, errorClass: 'rate_limit_exceeded' }),
      row({ at: 4 }),
    ]);
    const log = new RequestLogRepository(store.db);
    const ats = (filter: UsageLogFilter) => log.page(filter).map((e) => e.at);

    expect(ats({ limit: 10 })).toEqual([4, 3, 2, 1]);
    expect(ats({ limit: 2 })).toEqual([4, 3]);
    expect(ats({ limit: 2, before: 3 })).toEqual([2, 1]);
    expect(ats({ limit: 10, client: 'phone' })).toEqual([2, 1]);
    expect(ats({ limit: 10, client: token.id })).toEqual([2, 1]);
    expect(ats({ limit: 10, key: 'AIza…abcd' })).toEqual([3, 1]);
    expect(ats({ limit: 10, key: 'key_one', status: 'ok' })).toEqual([1]);
    expect(ats({ limit: 10, status: 'error' })).toEqual([3, 2]);
    expect(ats({ limit: 10, model: 'gemini-2.5-pro', client: 'phone' })).toEqual([2]);
    expect(log.page({ limit: 1, before: 2 })[0]).toMatchObject({
      clientName: 'phone',
      masked: 'AIza…abcd',
      promptTokens: 10,
      outputTokens: 5,
      thoughtsTokens: 2,
      totalMs: 7.6,
    });
  });

  it('pages back through requests of the same instant without skipping any, and narrows to refusals', () => {
    const store = open();
    new UsageRequestWriter(store.db).insertAll([
      row({ at: 5, requestId: 'a' }),
      row({ at: 5, requestId: 'b', outcome: 'rejected', status: 403, errorClass: 'model_not_allowed' }),
      row({ at: 5, requestId: 'c' }),
      row({ at: 4, requestId: 'd' }),
    ]);
    const log = new RequestLogRepository(store.db);
    const first = log.page({ limit: 2 });
    const last = first.at(-1)!;
    const rest = log.page({ limit: 10, before: last.at, beforeId: last.id });
    expect([...first, ...rest].map((entry) => entry.id)).toHaveLength(4);
    expect(new Set([...first, ...rest].map((entry) => entry.id)).size).toBe(4);
    expect(log.page({ limit: 10, status: 'refused' }).map((entry) => entry.errorClass)).toEqual([
      'model_not_allowed',
    ]);
  });

  it('reads one request whole, with what its client was told, and says which values the filters can take', () => {
    const store = open();
    const token = store.tokens.create('phone').record;
    new UsageRequestWriter(store.db).insertAll([
      row({
        at: 1,
        clientId: token.id,
        keyId: 'key_x',
        status: 403,
        outcome: 'rejected',
        errorClass: 'model_not_allowed',
        clientMessage: 'This token may not use gemini-2.5-pro.',
      }),
      row({ at: 2, model: 'gemini-2.5-pro' }),
    ]);
    const log = new RequestLogRepository(store.db);
    const [, refused] = log.page({ limit: 10 });
    expect(log.get(refused!.id)).toMatchObject({
      clientName: 'phone',
      clientMessage: 'This token may not use gemini-2.5-pro.',
      status: 403,
    });
    expect(log.get(999)).toBeUndefined();
    expect(log.choices()).toEqual({
      clients: [{ id: token.id, name: 'phone' }],
      models: ['gemini-2.5-flash', 'gemini-2.5-pro'],
      keys: [{ id: 'key_x', masked: null }],
    });
  });

  it("counts each key's requests and failures since a moment, and its last good answer", () => {
    const store = open();
    new UsageRequestWriter(store.db).insertAll([
      row({ at: 10, keyId: 'key_a' }),
      row({ at: 100, keyId: 'key_a', errorClass: 'rate_limit_exceeded', status: 429 }),
      row({ at: 101, keyId: 'key_a' }),
      row({ at: 50, keyId: 'key_b' }),
      row({ at: 1, keyId: 'key_c' }),
    ]);
    const activity = new RequestLogRepository(store.db).keyActivity(100, 5);
    expect(activity).toEqual(
      expect.arrayContaining([
        { keyId: 'key_a', requests: 2, failed: 1, lastOkAt: 101 },
        { keyId: 'key_b', requests: 0, failed: 0, lastOkAt: 50 },
      ]),
    );
    expect(activity).toHaveLength(2);
  });

  it("sums a day, a window and each client's known spend per day", () => {
    const store = open();
    new UsageRequestWriter(store.db).insertAll([
      row({ at: 1, day: '2026-11-25', clientId: 'tok_a', costUsd: 0.5 }),
      row({ at: 2, day: '2026-11-26', clientId: 'tok_a', costUsd: 0.25 }),
      row({ at: 3, day: '2026-11-26', clientId: 'tok_a', costUsd: null, errorClass: 'failed' }),
      row({ at: 4, day: '2026-11-26', clientId: 'tok_b', costUsd: 1 }),
    ]);
    const totals = new UsageTotalsRepository(store.db);

    expect(totals.day('2026-11-26')).toEqual({ requests: 3, costUsd: 1.25 });
    expect(totals.clientSpendByDay('2026-11-26')).toEqual(
      expect.arrayContaining([
        { clientId: 'tok_a', day: '2026-11-26', usd: 0.25 },
        { clientId: 'tok_b', day: '2026-11-26', usd: 1 },
      ]),
    );
    expect(totals.clientSpendByDay('2026-11-26')).toHaveLength(2);
    const window = totals.breakdown(2, 4);
    expect(window.total).toMatchObject({ requests: 2, errors: 1, costUsd: 0.25, unpriced: 1 });
    expect(window.byClient).toEqual([expect.objectContaining({ clientId: 'tok_a', requests: 2 })]);
  });
});
