import { describe, expect, it } from 'vitest';
import { decodeReasoningCarrier, encodeReasoningCarrier } from './reasoningCarrier.js';

describe('reasoningCarrier', () => {
  it('carries signatures by call_id there and back', () => {
    const signatures = new Map([
      ['call_1', 'CtEBAXLI2nwSIGpar1s'],
      ['call_2', 'Ck8B+/=='],
    ]);
    const carried = encodeReasoningCarrier(signatures);
    expect(carried).toMatch(/^gemgate\.1\.[A-Za-z0-9_-]+$/);
    expect(decodeReasoningCarrier(carried)).toEqual(signatures);
  });

  it('has nothing to carry without signatures', () => {
    expect(encodeReasoningCarrier(new Map())).toBeNull();
  });

  it.each([
    ['OpenAI reasoning from another provider', 'gAAAAABoXyz'],
    ['a damaged carrier', 'gemgate.1.%%%'],
    ['a carrier of something else', `gemgate.1.${Buffer.from('[1,2]').toString('base64url')}`],
    ['nothing', null],
  ])('ignores %s', (_name, content) => {
    expect(decodeReasoningCarrier(content)).toEqual(new Map());
  });
});
