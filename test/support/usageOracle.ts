import type { TappedCall } from './usageTap.js';

/** gemini-2.5-flash's shipped prices (USD per 1M tokens), written out again as the tests' oracle. */
const FLASH = { input: 0.3, output: 2.5, cached: 0.03 };

/** What the upstream calls a request drew on cost at FLASH prices (thoughts billed as output). */
export function expectedCost(calls: TappedCall[]): number {
  return calls.reduce((sum, { usage }) => {
    const prompt = usage?.promptTokenCount ?? 0;
    const cached = usage?.cachedContentTokenCount ?? 0;
    const output = (usage?.candidatesTokenCount ?? 0) + (usage?.thoughtsTokenCount ?? 0);
    return sum + ((prompt - cached) * FLASH.input + cached * FLASH.cached + output * FLASH.output) / 1e6;
  }, 0);
}
