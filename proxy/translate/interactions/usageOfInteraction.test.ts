import { describe, expect, it } from 'vitest';
import { interactionUsageOf } from './interactionUsageOf.js';
import { usageOfInteraction } from './usageOfInteraction.js';

describe('an interaction usage is Gemini usage under other names', () => {
  it.each([
    ['input', { total_input_tokens: 12 }, { promptTokenCount: 12 }],
    ['cached', { total_cached_tokens: 4 }, { cachedContentTokenCount: 4 }],
    ['output', { total_output_tokens: 30 }, { candidatesTokenCount: 30 }],
    ['thoughts', { total_thought_tokens: 7 }, { thoughtsTokenCount: 7 }],
    ['tool use', { total_tool_use_tokens: 3 }, { toolUsePromptTokenCount: 3 }],
    ['total', { total_tokens: 49 }, { totalTokenCount: 49 }],
    [
      'input by modality',
      {
        input_tokens_by_modality: [
          { modality: 'text', tokens: 8 },
          { modality: 'image', tokens: 258 },
        ],
      },
      {
        promptTokensDetails: [
          { modality: 'TEXT', tokenCount: 8 },
          { modality: 'IMAGE', tokenCount: 258 },
        ],
      },
    ],
    [
      'cached by modality',
      { cached_tokens_by_modality: [{ modality: 'text', tokens: 4 }] },
      { cacheTokensDetails: [{ modality: 'TEXT', tokenCount: 4 }] },
    ],
    [
      'output by modality',
      { output_tokens_by_modality: [{ modality: 'audio', tokens: 64 }] },
      { candidatesTokensDetails: [{ modality: 'AUDIO', tokenCount: 64 }] },
    ],
  ])('%s', (_name, usage, metadata) => {
    expect(usageOfInteraction(usage)).toEqual(metadata);
    expect(interactionUsageOf(metadata)).toEqual(usage);
  });

  it('tool use by modality reads one way only (Gemini reports it, gemgate never writes it back)', () => {
    expect(usageOfInteraction({ tool_use_tokens_by_modality: [{ modality: 'text', tokens: 2 }] })).toEqual({
      toolUsePromptTokensDetails: [{ modality: 'TEXT', tokenCount: 2 }],
    });
  });

  it('invents nothing: no usage, or an empty one, is none', () => {
    expect(usageOfInteraction(undefined)).toBeUndefined();
    expect(usageOfInteraction({})).toBeUndefined();
    expect(interactionUsageOf(undefined)).toBeUndefined();
  });
});
