import { describe, expect, it } from 'vitest';
import { retiredSince } from './retiredModels.js';

describe('retired models', () => {
  const table: Array<[string, string | undefined]> = [
    ['gemini-2.0-flash', '2026-06-01'],
    ['gemini-2.0-flash-001', '2026-06-01'],
    ['gemini-2.0-flash-lite', '2026-06-01'],
    ['models/gemini-2.0-flash-lite-001', '2026-06-01'],
    ['gemini-3-pro-preview', '2026-03-09'],
    ['imagen-4.0-generate-001', '2026-08-17'],
    ['imagen-4.0-ultra-generate-001', '2026-08-17'],
    ['imagen-3.0-generate-002', '2025-11-10'],
    ['gemini-2.0-flashy', undefined],
    ['gemini-2.5-flash', undefined],
    ['gemini-3.1-pro-preview', undefined],
    ['gemini-3-flash-preview', undefined],
  ];
  for (const [model, since] of table) {
    it(`${model}: ${since ?? 'served'}`, () => expect(retiredSince(model)).toBe(since));
  }
});
