import { describe, expect, it } from 'vitest';
import { InputError } from '../../failures/inputError.js';
import { parseEmbeddingsRequest } from './parseEmbeddingsRequest.js';

function errorOf(body: unknown): InputError {
  try {
    parseEmbeddingsRequest(body);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected a 400');
}

describe('parseEmbeddingsRequest', () => {
  it('accepts a string or an array of strings, dimensions and encoding_format', () => {
    expect(parseEmbeddingsRequest({ model: 'gemini-embedding-001', input: 'hello' })).toEqual({
      model: 'gemini-embedding-001',
      inputs: ['hello'],
      encodingFormat: 'float',
    });
    expect(
      parseEmbeddingsRequest({
        model: 'gemini-embedding-001',
        input: ['a', 'b'],
        dimensions: 768,
        encoding_format: 'base64',
        user: 'ignored',
      }),
    ).toEqual({
      model: 'gemini-embedding-001',
      inputs: ['a', 'b'],
      dimensions: 768,
      encodingFormat: 'base64',
    });
  });

  it('refuses token arrays with an explanation, naming the field', () => {
    const single = errorOf({ model: 'm', input: [1, 2, 3] });
    expect(single.param).toBe('input');
    expect(single.message).toMatch(/Token arrays are not supported/);
    expect(errorOf({ model: 'm', input: ['ok', [1, 2]] }).param).toBe('input[1]');
  });

  it('refuses empty input, empty strings and wrong types', () => {
    expect(errorOf({ model: 'm', input: [] }).param).toBe('input');
    expect(errorOf({ model: 'm', input: ['a', ''] }).param).toBe('input[1]');
    expect(errorOf({ model: 'm', input: 'x', encoding_format: 'int8' }).param).toBe('encoding_format');
    expect(errorOf({ model: 'm', input: 'x', dimensions: 0 }).param).toBe('dimensions');
    expect(errorOf({ model: 'm', input: { text: 'x' } }).param).toBe('input');
    expect(errorOf({ input: 'x' }).param).toBe('model');
  });
});
