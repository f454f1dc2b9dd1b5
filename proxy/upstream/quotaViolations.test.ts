import { describe, expect, it } from 'vitest';
import type { GoogleErrorBody } from '../gemini/types.js';
import { fieldOfQuotaId, readQuotaViolations, tierOfQuotaId } from './quotaViolations.js';

describe('which limit a quota id names', () => {
  const table: Array<[string, ReturnType<typeof fieldOfQuotaId>, string | null]> = [
    ['GenerateRequestsPerMinutePerProjectPerModel-FreeTier', 'rpm', 'FreeTier'],
    ['GenerateRequestsPerDayPerProjectPerModel-FreeTier', 'rpd', 'FreeTier'],
    ['GenerateContentInputTokensPerModelPerMinute-FreeTier', 'tpm', 'FreeTier'],
    ['GenerateRequestsPerMinutePerProjectPerModel', 'rpm', null],
    ['GenerateRequestsPerDayPerProjectPerModel-Tier1', 'rpd', 'Tier1'],
    ['GenerateContentInputTokensPerModelPerDay-FreeTier', null, 'FreeTier'],
    ['ImagesPerMinutePerProjectPerModel-FreeTier', null, 'FreeTier'],
    ['', null, null],
  ];
  for (const [quotaId, field, tier] of table) {
    it(`${quotaId || '(none)'} -> ${field ?? 'nothing counted'}, tier ${tier ?? 'none'}`, () => {
      expect(fieldOfQuotaId(quotaId)).toBe(field);
      expect(tierOfQuotaId(quotaId)).toBe(tier);
    });
  }
});

describe('the limits a 429 states', () => {
  const body = (
    violations: unknown[],
    type = 'type.googleapis.com/google.rpc.QuotaFailure',
  ): GoogleErrorBody =>
    ({
      error: {
        code: 429,
        message: 'You exceeded your current quota',
        status: 'RESOURCE_EXHAUSTED',
        details: [{ '@type': type, violations }],
      },
    }) as GoogleErrorBody;

  it('reads each violation with a usable value', () => {
    expect(
      readQuotaViolations(
        body([
          {
            quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
            quotaDimensions: { location: 'global', model: 'gemini-3.8-flash' },
            quotaValue: '5',
          },
          { quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier', quotaValue: '20' },
        ]),
      ),
    ).toEqual([
      {
        field: 'rpm',
        value: 5,
        tier: 'FreeTier',
        quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
        model: 'gemini-3.8-flash',
      },
      {
        field: 'rpd',
        value: 20,
        tier: 'FreeTier',
        quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
        model: null,
      },
    ]);
  });

  it('learns nothing from a value of 0, a missing or odd value, an unknown quota, or another detail type', () => {
    const rpd = 'GenerateRequestsPerDayPerProjectPerModel-FreeTier';
    for (const violation of [
      { quotaId: rpd, quotaValue: '0' },
      { quotaId: rpd },
      { quotaId: rpd, quotaValue: '2.5' },
      { quotaId: rpd, quotaValue: '-3' },
      { quotaId: rpd, quotaValue: 20 },
      { quotaId: 'ImagesPerMinutePerProjectPerModel-FreeTier', quotaValue: '10' },
    ]) {
      expect(readQuotaViolations(body([violation])), JSON.stringify(violation)).toEqual([]);
    }
    expect(
      readQuotaViolations(body([{ quotaId: rpd, quotaValue: '3' }], 'type.googleapis.com/google.rpc.Help')),
    ).toEqual([]);
    expect(readQuotaViolations(undefined)).toEqual([]);
  });
});
