import type { SpendCap } from '../upstream/spendCap.js';
import { nextPacificMonthStart } from './pacificTime.js';

/**
 * Prepaid credits can be bought at any moment and nothing tells gemgate: it asks again after this
 * long, one call an hour, rather than every request or never.
 */
export const PREPAY_RECHECK_MS = 60 * 60_000;

/**
 * Until when a project whose spending limit is reached is left alone, for every model: until the
 * limit can change by itself. A monthly cap (the project's own, or its billing account's tier cap)
 * counts from zero when the Pacific month turns; prepaid credits can be bought any time, so the
 * project is asked again after an hour. A user who raises a cap sooner runs `gemgate limits resume`.
 *
 * | cap             | left alone until               |
 * | --------------- | ------------------------------ |
 * | project-monthly | the next month, Pacific time   |
 * | billing-monthly | the next month, Pacific time   |
 * | prepay          | an hour from now               |
 */
export function spendCapUntil(cap: SpendCap, now: number): number {
  return cap === 'prepay' ? now + PREPAY_RECHECK_MS : nextPacificMonthStart(now);
}
