import { describe, expect, it } from 'vitest';
import { modelTraits } from '../../models/modelTraits.js';
import type { MessagesRequest } from './messagesRequestSchema.js';
import { toThinkingConfig } from './toThinkingConfig.js';

type Asked = Pick<MessagesRequest, 'thinking' | 'output_config'>;
const adaptive = { type: 'adaptive' } as const;
const budget = (budget_tokens: number) => ({ type: 'enabled', budget_tokens }) as const;

describe('toThinkingConfig', () => {
  it.each<[string, Asked, string, unknown]>([
    ['nothing asked: the model default', {}, 'gemini-2.5-flash', undefined],
    [
      'effort alone: thinking as hard, not shown',
      { output_config: { effort: 'low' } },
      'gemini-2.5-flash',
      { thinkingBudget: 1024 },
    ],
    [
      'disabled on 2.5 Flash: off',
      { thinking: { type: 'disabled' } },
      'gemini-2.5-flash',
      { thinkingBudget: 0 },
    ],
    [
      'disabled on 2.5 Pro: its least',
      { thinking: { type: 'disabled' } },
      'gemini-2.5-pro',
      { thinkingBudget: 128 },
    ],
    [
      'disabled on Gemini 3 Pro: low',
      { thinking: { type: 'disabled' } },
      'gemini-3-pro-preview',
      { thinkingLevel: 'low' },
    ],
    [
      'a budget on 2.5: that budget, shown',
      { thinking: budget(4000) },
      'gemini-2.5-flash',
      { thinkingBudget: 4000, includeThoughts: true },
    ],
    [
      'a budget past 2.5 Flash’s range: its most',
      { thinking: budget(64000) },
      'gemini-2.5-flash',
      { thinkingBudget: 24576, includeThoughts: true },
    ],
    [
      'a budget below Flash-Lite’s range: its least',
      { thinking: budget(100) },
      'gemini-2.5-flash-lite',
      { thinkingBudget: 512, includeThoughts: true },
    ],
    [
      'a budget wins over effort',
      { thinking: budget(2048), output_config: { effort: 'max' } },
      'gemini-2.5-pro',
      { thinkingBudget: 2048, includeThoughts: true },
    ],
    [
      'a small budget on Gemini 3 Flash: low',
      { thinking: budget(1024) },
      'gemini-3-flash-preview',
      { thinkingLevel: 'low', includeThoughts: true },
    ],
    [
      'a middling budget on Gemini 3 Flash: medium',
      { thinking: budget(8000) },
      'gemini-3-flash-preview',
      { thinkingLevel: 'medium', includeThoughts: true },
    ],
    [
      'a middling budget on Gemini 3 Pro: high (it has no medium)',
      { thinking: budget(8000) },
      'gemini-3-pro-preview',
      { thinkingLevel: 'high', includeThoughts: true },
    ],
    ['adaptive: dynamic, shown', { thinking: adaptive }, 'gemini-2.5-pro', { includeThoughts: true }],
    [
      "Claude Code's adaptive + high effort on Gemini 3 Pro",
      { thinking: adaptive, output_config: { effort: 'high' } },
      'gemini-3-pro-preview',
      { thinkingLevel: 'high', includeThoughts: true },
    ],
    [
      'max effort on 2.5: xhigh’s budget',
      { thinking: adaptive, output_config: { effort: 'max' } },
      'gemini-2.5-flash',
      { thinkingBudget: 24576, includeThoughts: true },
    ],
    [
      'display omitted: thinking without its text',
      { thinking: { type: 'adaptive', display: 'omitted' }, output_config: { effort: 'medium' } },
      'gemini-2.5-flash',
      { thinkingBudget: 8192 },
    ],
    [
      'between_tools: like adaptive',
      { thinking: { type: 'between_tools' } },
      'gemini-2.5-flash',
      { includeThoughts: true },
    ],
    [
      'a model that does not think: nothing',
      { thinking: adaptive, output_config: { effort: 'high' } },
      'gemini-2.0-flash',
      undefined,
    ],
  ])('%s', (_name, asked, model, expected) => {
    const config = toThinkingConfig(asked, modelTraits(model));
    expect(config).toEqual(expected);
    expect(config && 'thinkingLevel' in config && 'thinkingBudget' in config).toBeFalsy();
  });
});
