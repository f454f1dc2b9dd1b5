import { describe, expect, it } from 'vitest';
import { matchesModel, modelListed, parseClientPolicy } from './clientPolicy.js';
import { RateWindow } from './rateWindow.js';
import { SpendTracker } from './spendTracker.js';
import { PolicyGate } from './policyGate.js';
import { PolicyRefusal, wholeSeconds } from '../failures/failures.js';
import type { ClientToken } from '../store/clientTokens.js';

const client: ClientToken = {
  id: 'tok_1',
  name: 'phone',
  prefix: 'gg-abcd',
  createdAt: 0,
  lastUsedAt: null,
  revokedAt: null,
};

function refusal(run: () => unknown): PolicyRefusal {
  try {
    run();
  } catch (error) {
    if (error instanceof PolicyRefusal) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('client policy', () => {
  it('matches models by name or * pattern, and hides listed ones', () => {
    expect(matchesModel('gemini-2.5-*', 'gemini-2.5-flash')).toBe(true);
    expect(matchesModel('gemini-2.5-*', 'gemini-3-pro-preview')).toBe(false);
    expect(matchesModel('gemini-2.5-flash', 'gemini-2.5-flash-lite')).toBe(false);
    const policy = parseClientPolicy({ allowModels: ['models/gemini-2.5-*'], hideModels: ['*-lite'] });
    expect(policy.allowModels).toEqual(['gemini-2.5-*']);
    expect(modelListed(policy, 'models/gemini-2.5-flash')).toBe(true);
    expect(modelListed(policy, 'models/gemini-2.5-flash-lite')).toBe(false);
    expect(modelListed(policy, 'models/gemini-3-pro-preview')).toBe(false);
  });

  it('refuses unknown fields and bad values, naming them', () => {
    expect(() => parseClientPolicy({ allowModel: ['x'] })).toThrow(/Unrecognized key/);
    expect(() => parseClientPolicy({ rpm: 0 })).toThrow(/rpm/);
    expect(() => parseClientPolicy({ allowTiers: ['gold'] })).toThrow(/allowTiers/);
  });

  it('counts requests over a sliding minute and says when a slot frees up', () => {
    const window = new RateWindow();
    expect(window.take('c', 2, 1_000).ok).toBe(true);
    expect(window.take('c', 2, 21_000).ok).toBe(true);
    expect(window.take('c', 2, 30_000)).toEqual({ ok: false, retryAfterMs: 31_000 });
    expect(window.take('other', 2, 30_000).ok).toBe(true);
    expect(window.take('c', 2, 61_001).ok).toBe(true);
  });

  it('tracks spend per local day and month, starting again when they turn', () => {
    let now = new Date(2026, 10, 26, 12).getTime();
    const spend = new SpendTracker(() => now);
    spend.add('c', now, 0.5);
    spend.add('c', now, 0.25);
    expect(spend.of('c')).toEqual({ today: 0.75, month: 0.75 });
    now = new Date(2026, 10, 27, 9).getTime();
    expect(spend.of('c')).toEqual({ today: 0, month: 0.75 });
    now = new Date(2026, 11, 1, 0, 5).getTime();
    expect(spend.of('c')).toEqual({ today: 0, month: 0 });
  });

  it('refuses a disallowed model, over rpm and over spend, naming the limit and when it frees up', () => {
    const now = new Date(2026, 10, 26, 12).getTime();
    const spend = new SpendTracker(() => now);
    const limits: string[] = [];
    let policy = parseClientPolicy({ allowModels: ['gemini-2.5-flash'], rpm: 1, dailyUsd: 1 });
    const gate = new PolicyGate({
      policyOf: () => policy,
      spend,
      rate: new RateWindow(),
      activeKeys: () => [{ tier: 'primary', accountId: 'acc_a' }],
      accountLabel: (id) => `label-of-${id}`,
      onSpendLimit: (_client, limit) => limits.push(limit),
      now: () => now,
    });
    const model = refusal(() => gate.admit(client, 'gemini-2.5-pro'));
    expect(model.limit).toBe('model');
    expect(model.message).toMatch(/"phone" \(tok_1\) may not use model gemini-2.5-pro.*allowModels/);
    expect(gate.admit(client, 'gemini-2.5-flash').keyScope).toEqual({});
    const rpm = refusal(() => gate.admit(client, 'gemini-2.5-flash'));
    expect([rpm.limit, wholeSeconds(rpm.retryAfterMs!)]).toEqual(['rpm', 60]);
    expect(rpm.message).toMatch(/limit of 1 requests per minute \(rpm\)/);
    spend.add(client.id, now, 1.2);
    const daily = refusal(() => gate.admit(client, 'gemini-2.5-flash'));
    expect(daily.limit).toBe('daily-spend');
    expect(daily.message).toMatch(/daily spend limit of \$1\.00 \(dailyUsd; spent \$1\.20 today\)/);
    refusal(() => gate.admit(client, 'gemini-2.5-flash'));
    expect(limits).toEqual(['daily']);

    policy = parseClientPolicy({ allowAccounts: ['acc_b'], resume: false });
    const scope = refusal(() => gate.admit(client, 'gemini-2.5-flash'));
    expect(scope.limit).toBe('keys');
    expect(scope.message).toMatch(/accounts label-of-acc_b/);
    policy = parseClientPolicy({ allowAccounts: ['acc_a'], resume: false });
    const admitted = gate.admit(client, 'gemini-2.5-flash');
    expect(admitted.keyScope).toEqual({ allowedAccountIds: ['acc_a'] });
    expect(
      admitted.resume({
        enabled: true,
        maxAttempts: 5,
        firstByteTimeoutMs: 1,
        stallTimeoutMs: 1,
        continuationThinking: 'least',
      }).maxAttempts,
    ).toBe(1);
  });

  it("limits a token to providers, matching another provider's models as model and as provider/model", () => {
    let policy = parseClientPolicy({
      allowProviders: ['gemini', 'qwen'],
      allowModels: ['gemini-*', 'qwen/qwen-plus'],
    });
    const gate = new PolicyGate({
      policyOf: () => policy,
      spend: new SpendTracker(),
      rate: new RateWindow(),
      activeKeys: () => [
        { tier: 'primary', accountId: 'acc_g' },
        { tier: 'primary', accountId: 'acc_q', provider: 'qwen' },
      ],
      accountLabel: (id) => id,
    });
    expect(gate.admit(client, 'qwen-plus', 'qwen').keyScope).toEqual({});
    expect(refusal(() => gate.admit(client, 'qwen-max', 'qwen')).limit).toBe('model');
    const provider = refusal(() => gate.admit(client, 'deepseek-chat', 'deepseek'));
    expect(provider.limit).toBe('provider');
    expect(provider.message).toMatch(/may not use provider deepseek.*allowProviders/);
    expect(modelListed(policy, 'qwen-plus', 'qwen')).toBe(true);
    expect(modelListed(policy, 'deepseek-chat', 'deepseek')).toBe(false);

    // A policy limited to accounts asks whether one of them has a key of the provider in question.
    policy = parseClientPolicy({ allowAccounts: ['acc_g'] });
    expect(refusal(() => gate.admit(client, 'qwen-plus', 'qwen')).message).toMatch(/of provider qwen/);
    expect(gate.admit(client, 'gemini-2.5-flash').keyScope).toEqual({ allowedAccountIds: ['acc_g'] });
    expect(() => parseClientPolicy({ allowProviders: ['Not A Name'] })).toThrow(/allowProviders/);
  });
});
