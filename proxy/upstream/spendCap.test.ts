import { describe, expect, it } from 'vitest';
import type { GoogleErrorBody } from '../gemini/types.js';
import { spendCapOf, type SpendCap } from './spendCap.js';
import { quotaExceeded, spendCapExceeded } from '../../test/emulator/errors.js';

const said = (code: number, message: string): GoogleErrorBody => ({
  error: { code, message, status: 'RESOURCE_EXHAUSTED' },
});

describe('which spending limit a 429 is about', () => {
  const table: Array<[string, number, GoogleErrorBody, SpendCap | null]> = [
    ["the project's monthly cap", 429, spendCapExceeded('project-monthly'), 'project-monthly'],
    ["the billing account's monthly cap", 429, spendCapExceeded('billing-monthly'), 'billing-monthly'],
    ['prepaid credits', 429, spendCapExceeded('prepay'), 'prepay'],
    ['prepaid credits, as a 402', 402, said(402, 'Your prepayment credits are depleted.'), 'prepay'],
    [
      'the message cut short in a log',
      429,
      said(429, 'Your project has exceeded its monthly spending cap.'),
      'project-monthly',
    ],
    [
      'a per-minute quota ("check your plan and billing details")',
      429,
      quotaExceeded('rpm', 'gemini-2.5-flash', 5, 1000),
      null,
    ],
    ['the words on another status', 403, spendCapExceeded('prepay'), null],
    ['no body', 429, undefined as unknown as GoogleErrorBody, null],
  ];
  for (const [what, status, body, cap] of table) {
    it(`${what} -> ${cap ?? 'none'}`, () => expect(spendCapOf(status, body)).toBe(cap));
  }
});
