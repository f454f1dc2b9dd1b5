import { describe, expect, it } from 'vitest';
import { UNLIMITED } from './limits.js';
import { MINUTE_MS, QuotaState } from './quotaState.js';

/** 2026-01-15 12:00:00 PST, on a whole minute. */
const MINUTE = Date.parse('2026-01-15T20:00:00Z');
const DAY_END = Date.parse('2026-01-16T08:00:00Z');

function used(at: number) {
  const state = new QuotaState('p1', 'gemini-2.5-flash', UNLIMITED);
  state.roll(at, DAY_END);
  state.minuteRequests = 3;
  state.minuteTokens = 300;
  state.dayRequests = 7;
  return state;
}

describe('quota state: windows', () => {
  it('keeps the minute’s counts from its first to its last millisecond', () => {
    const state = used(MINUTE + 10);
    state.roll(MINUTE, DAY_END);
    state.roll(MINUTE + MINUTE_MS - 1, DAY_END);
    expect([state.minuteStart, state.minuteRequests, state.minuteTokens]).toEqual([MINUTE, 3, 300]);
  });

  it('starts a new minute when the clock reaches it, keeping the day’s count', () => {
    const state = used(MINUTE + 10);
    state.roll(MINUTE + MINUTE_MS + 5, DAY_END);
    expect([state.minuteStart, state.minuteRequests, state.minuteTokens]).toEqual([MINUTE + MINUTE_MS, 0, 0]);
    expect(state.dayRequests).toBe(7);
  });

  it('starts over when the clock is set back to an earlier minute', () => {
    const state = used(MINUTE + 10);
    state.roll(MINUTE - 1, DAY_END);
    expect([state.minuteStart, state.minuteRequests]).toEqual([MINUTE - MINUTE_MS, 0]);
  });

  it('starts a new day when the day’s end moves on', () => {
    const state = used(MINUTE + 10);
    state.dayExhaustedReported = true;
    state.roll(MINUTE + 20, DAY_END + 24 * 3600_000);
    expect([state.dayRequests, state.dayExhaustedReported, state.minuteRequests]).toEqual([0, false, 3]);
  });
});
