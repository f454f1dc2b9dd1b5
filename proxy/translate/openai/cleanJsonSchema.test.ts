import { describe, expect, it } from 'vitest';
import { cleanJsonSchema } from './cleanJsonSchema.js';

describe('cleanJsonSchema', () => {
  it('removes $schema at every level but keeps every constraint Gemini understands as JSON Schema', () => {
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: {
        cwd: { type: ['string', 'null'], description: 'dir' },
        questions: {
          type: 'array',
          minItems: 1,
          items: {
            anyOf: [{ type: 'string' }, { $schema: 'x', type: 'object', additionalProperties: false }],
          },
        },
      },
      required: ['cwd'],
      additionalProperties: false,
      oneOf: [{ required: ['cwd'] }],
    };
    expect(cleanJsonSchema(schema)).toEqual({
      type: 'object',
      properties: {
        cwd: { type: ['string', 'null'], description: 'dir' },
        questions: {
          type: 'array',
          minItems: 1,
          items: { anyOf: [{ type: 'string' }, { type: 'object', additionalProperties: false }] },
        },
      },
      required: ['cwd'],
      additionalProperties: false,
      oneOf: [{ required: ['cwd'] }],
    });
  });

  it('keeps a property that happens to be named $schema', () => {
    const schema = { type: 'object', properties: { $schema: { type: 'string' } } };
    expect(cleanJsonSchema(schema)).toEqual(schema);
  });

  it('does not modify its input', () => {
    const schema = { $schema: 'x', type: 'object' };
    cleanJsonSchema(schema);
    expect(schema).toEqual({ $schema: 'x', type: 'object' });
  });
});
