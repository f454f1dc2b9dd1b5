import { describe, expect, it } from 'vitest';
import { modelTraits } from '../../models/modelTraits.js';
import { thinkingForEffort } from './reasoningEffortTable.js';

const efforts = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] as const;
const forModel = (model: string) => efforts.map((e) => thinkingForEffort(e, modelTraits(model)));

describe('reasoning_effort table', () => {
  it('Gemini 3 Pro gets only the levels it accepts (low, high)', () => {
    expect(forModel('gemini-3-pro-preview').map((t) => t?.thinkingLevel)).toEqual([
      'low',
      'low',
      'low',
      'high',
      'high',
      'high',
    ]);
  });

  it('Gemini 3 Flash gets the matching level, none -> minimal', () => {
    expect(forModel('gemini-3-flash-preview').map((t) => t?.thinkingLevel)).toEqual([
      'minimal',
      'minimal',
      'low',
      'medium',
      'high',
      'high',
    ]);
  });

  it("Gemini 2.5 Flash gets Google's 1K / 8K / 24K budgets, none switches thinking off", () => {
    expect(forModel('gemini-2.5-flash').map((t) => t?.thinkingBudget)).toEqual([
      0, 1024, 1024, 8192, 24576, 24576,
    ]);
  });

  it('Gemini 2.5 Pro cannot switch thinking off, so none is its 128-token minimum', () => {
    expect(thinkingForEffort('none', modelTraits('gemini-2.5-pro'))).toEqual({ thinkingBudget: 128 });
  });

  it('never sets both fields', () => {
    for (const model of [
      'gemini-3-pro-preview',
      'gemini-3-flash-preview',
      'gemini-2.5-flash',
      'gemini-2.5-pro',
    ]) {
      for (const t of forModel(model)) expect(Object.keys(t ?? {})).toHaveLength(1);
    }
  });

  it('auto and non-thinking models leave thinking to the model', () => {
    expect(thinkingForEffort('auto', modelTraits('gemini-3-pro-preview'))).toBeUndefined();
    expect(thinkingForEffort('high', modelTraits('gemini-2.0-flash'))).toBeUndefined();
    expect(thinkingForEffort('high', modelTraits('gemma-3-27b-it'))).toBeUndefined();
  });
});
