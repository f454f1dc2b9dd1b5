import { describe, expect, it } from 'vitest';
import { toFunctionResponsePayload } from './toFunctionResponsePayload.js';

describe('toFunctionResponsePayload', () => {
  it('passes a JSON object result through as the response', () => {
    expect(toFunctionResponsePayload('{"temperature": 21, "unit": "C"}')).toEqual({
      temperature: 21,
      unit: 'C',
    });
  });

  it('wraps plain text, as Roo Code and Cline send it', () => {
    expect(toFunctionResponsePayload('File written: src/app.ts')).toEqual({
      output: 'File written: src/app.ts',
    });
  });

  it('wraps a JSON array parsed, so the model still sees structure', () => {
    expect(toFunctionResponsePayload('[1, 2]')).toEqual({ output: [1, 2] });
  });

  it('keeps scalars and broken JSON as the text the tool produced', () => {
    expect(toFunctionResponsePayload('42')).toEqual({ output: '42' });
    expect(toFunctionResponsePayload('{not json')).toEqual({ output: '{not json' });
    expect(toFunctionResponsePayload('')).toEqual({ output: '' });
  });
});
