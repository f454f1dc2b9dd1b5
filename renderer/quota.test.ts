import { describe, expect, it } from 'vitest';
import type { AccountView, KeyView, ModelQuotaView, ProjectView } from '../proxy/http/admin/contract';
import { dayReading, limitSource, modelsInUse, poolQuota, standingOf } from './quota';
import { formatClock } from './format';

const NOW = 1_000_000;
const MIDNIGHT_PT = NOW + 20 * 3600_000;

function quota(
  over: Partial<ModelQuotaView> & { used?: number; limit?: number | null } = {},
): ModelQuotaView {
  const { used = 0, limit = 250, ...rest } = over;
  return {
    model: 'gemini-2.5-pro',
    rpm: { used: 0, limit: 5, resetsAt: NOW + 30_000 },
    rpd: { used, limit, resetsAt: MIDNIGHT_PT },
    tpm: { used: 0, limit: 250_000, resetsAt: NOW + 30_000 },
    cooldownUntil: null,
    cooldownScope: null,
    atLimitUntil: null,
    ...rest,
  };
}

const key = (state: KeyView['state']): KeyView => ({
  id: `key_${state}`,
  masked: 'AIza…abcd',
  accountId: 'acc',
  projectId: 'prj',
  provider: 'gemini',
  state,
  stateReason: null,
  stateSince: null,
  why: '',
  lastCheckedAt: null,
  createdAt: 0,
  coolingUntil: null,
  activity: { today: 0, failedToday: 0, lastOkAt: null },
});

function project(gcpProject: string, models: ModelQuotaView[], keys = [key('active')]): ProjectView {
  return { id: gcpProject, label: gcpProject, gcpProject, provider: 'gemini', keys, quotas: { models } };
}

function account(
  label: string,
  projects: ProjectView[],
  state: AccountView['state'] = 'active',
): AccountView {
  return { id: label, label, tier: 'primary', state, createdAt: 0, projects };
}

describe("a project's standing for a model", () => {
  it.each<[string, ModelQuotaView, string, number | null]>([
    ['serving', quota({ used: 3 }), 'ok', null],
    [
      'a 429 that named the daily quota',
      quota({ used: 3, cooldownUntil: MIDNIGHT_PT, cooldownScope: 'day' }),
      'exhausted',
      MIDNIGHT_PT,
    ],
    ['its own day count at the limit', quota({ used: 250 }), 'exhausted', MIDNIGHT_PT],
    [
      'a 429 for the minute',
      quota({ cooldownUntil: NOW + 29_000, cooldownScope: 'minute' }),
      'resting',
      NOW + 29_000,
    ],
    ['a cooldown that already ended', quota({ cooldownUntil: NOW - 1, cooldownScope: 'minute' }), 'ok', null],
    ['our minute count at its limit', quota({ atLimitUntil: NOW + 30_000 }), 'at-limit', NOW + 30_000],
  ])('%s', (_case, view, state, until) => {
    expect(standingOf(view, NOW)).toEqual({ state, until });
  });
});

describe("a day's bar", () => {
  it.each<[string, ModelQuotaView, { fill: number; text: string; usedUp: boolean }]>([
    [
      'counts against the limit in force',
      quota({ used: 6 }),
      { fill: 6 / 250, text: '6 of 250', usedUp: false },
    ],
    [
      'reads full when Google named the limit it learned',
      quota({ used: 3, limit: 3, cooldownUntil: MIDNIGHT_PT, cooldownScope: 'day' }),
      { fill: 1, text: '3 of 3 · used up for today', usedUp: true },
    ],
    [
      'reads "3 of 3" when Google named 3, even if gemgate counted the request Google refused',
      quota({ used: 4, limit: 3, cooldownUntil: MIDNIGHT_PT, cooldownScope: 'day' }),
      { fill: 1, text: '3 of 3 · used up for today', usedUp: true },
    ],
    [
      'reads full, never "3 of 250", when Google said the day is used up before gemgate knew the limit',
      quota({ used: 3, limit: 250, cooldownUntil: MIDNIGHT_PT, cooldownScope: 'day' }),
      { fill: 1, text: '3 counted · used up for today', usedUp: true },
    ],
    [
      'says when no limit is known',
      quota({ used: 4, limit: null }),
      { fill: 0, text: '4 (no limit known)', usedUp: false },
    ],
  ])('%s', (_case, view, reading) => {
    expect(dayReading(view, NOW)).toMatchObject(reading);
  });
});

describe("a project's detail", () => {
  it('shows only the models it used today or that rest', () => {
    const used = quota({ model: 'gemini-2.5-flash', used: 2 });
    const resting = quota({ model: 'gemini-2.5-pro', cooldownUntil: NOW + 1000, cooldownScope: 'minute' });
    const idle = quota({ model: 'made-up-model' });
    const listing = quota({ model: 'models.list', used: 1 });
    expect(modelsInUse(project('p', [used, resting, idle, listing]), NOW).map((q) => q.model)).toEqual([
      'gemini-2.5-flash',
      'gemini-2.5-pro',
    ]);
  });
});

describe('the pool-wide quota per model', () => {
  const pool = [
    account('alice', [
      project('alice-1', [quota({ used: 3, limit: 3, cooldownUntil: MIDNIGHT_PT, cooldownScope: 'day' })]),
      project('alice-2', [quota({ used: 40 })]),
    ]),
    account('bob', [
      project('bob-1', [quota({ used: 10 }), quota({ model: 'gemini-2.5-flash', used: 1, limit: null })]),
    ]),
    // A dead key's project, and a disabled account, carry nothing.
    account('carol', [project('carol-1', [quota({ used: 5 })], [key('dead')])]),
    account('dave', [project('dave-1', [quota({ used: 7 })])], 'disabled'),
  ];

  it('adds up what is left today over the projects that can serve, the exhausted one at 0', () => {
    const [pro] = poolQuota(pool, NOW);
    expect(pro).toMatchObject({
      model: 'gemini-2.5-pro',
      leftToday: 0 + 210 + 240,
      usedToday: 53,
      servingNow: 2,
      nextReset: MIDNIGHT_PT,
      unknownLimits: 0,
    });
    expect(
      pro!.carriers.map((carrier) => [carrier.account, carrier.project, carrier.standing.state]),
    ).toEqual([
      ['alice', 'alice-1', 'exhausted'],
      ['alice', 'alice-2', 'ok'],
      ['bob', 'bob-1', 'ok'],
    ]);
  });

  it('says when a limit is unknown instead of counting it as zero, and names no reset for it', () => {
    expect(poolQuota(pool, NOW).find((row) => row.model === 'gemini-2.5-flash')).toMatchObject({
      leftToday: null,
      unknownLimits: 1,
      nextReset: null,
    });
  });

  it('names the earliest moment more frees up: a pause that ends before the day does', () => {
    const pausing = [
      account('erin', [
        project('erin-1', [quota({ used: 1, cooldownUntil: NOW + 29_000, cooldownScope: 'minute' })]),
      ]),
    ];
    expect(poolQuota(pausing, NOW)[0]).toMatchObject({ nextReset: NOW + 29_000, servingNow: 0 });
  });
});

describe('where a limit comes from', () => {
  it.each<[string, Parameters<typeof limitSource>[0], string | null]>([
    [
      'learned from a 429',
      { source: 'learned', tier: 'FreeTier', learnedAt: NOW - 60_000 },
      `limit Google named (FreeTier), ${formatClock(NOW - 60_000, NOW)}`,
    ],
    ['a rule of the user', { source: 'rule', learnedAt: null, tier: null }, 'limit set by your rule'],
    ["gemgate's default", { source: 'default', learnedAt: null, tier: null }, "gemgate's default limit"],
    ['not said', {}, null],
  ])('%s', (_case, meter, words) => {
    expect(limitSource(meter, NOW)).toBe(words);
  });
});
