import { describe, expect, it } from 'vitest';
import { SpellingConflict, toLowerCamelFields } from './lowerCamelFields.js';

describe('toLowerCamelFields', () => {
  const cases: Array<[string, unknown, unknown]> = [
    [
      'a file named in snake_case',
      { contents: [{ role: 'user', parts: [{ file_data: { file_uri: 'files/a', mime_type: 'x/y' } }] }] },
      { contents: [{ role: 'user', parts: [{ fileData: { fileUri: 'files/a', mimeType: 'x/y' } }] }] },
    ],
    [
      'a cache and a system instruction',
      { cached_content: 'cachedContents/c', system_instruction: { parts: [{ text: 'be brief' }] } },
      { cachedContent: 'cachedContents/c', systemInstruction: { parts: [{ text: 'be brief' }] } },
    ],
    [
      'countTokens wrapping a generate request',
      { generate_content_request: { model: 'models/m', contents: [] } },
      { generateContentRequest: { model: 'models/m', contents: [] } },
    ],
    [
      'lowerCamel already: unchanged',
      { generationConfig: { thinkingConfig: { thinkingBudget: 0 } } },
      { generationConfig: { thinkingConfig: { thinkingBudget: 0 } } },
    ],
    [
      'nested config fields',
      { generation_config: { thinking_config: { include_thoughts: true }, max_output_tokens: 5 } },
      { generationConfig: { thinkingConfig: { includeThoughts: true }, maxOutputTokens: 5 } },
    ],
    [
      "a function call's arguments and a function's result are the caller's own",
      {
        contents: [
          { parts: [{ function_call: { name: 'f', args: { user_id: 1, nested_obj: { a_b: 2 } } } }] },
          { parts: [{ function_response: { name: 'f', response: { row_count: 3 } } }] },
        ],
      },
      {
        contents: [
          { parts: [{ functionCall: { name: 'f', args: { user_id: 1, nested_obj: { a_b: 2 } } } }] },
          { parts: [{ functionResponse: { name: 'f', response: { row_count: 3 } } }] },
        ],
      },
    ],
    [
      "a Schema's property names are kept, its fields are not",
      {
        tools: [
          {
            function_declarations: [
              {
                name: 'f',
                parameters: {
                  type: 'OBJECT',
                  properties: { user_id: { type: 'STRING', min_length: '1' } },
                  required: ['user_id'],
                  property_ordering: ['user_id'],
                },
              },
            ],
          },
        ],
      },
      {
        tools: [
          {
            functionDeclarations: [
              {
                name: 'f',
                parameters: {
                  type: 'OBJECT',
                  properties: { user_id: { type: 'STRING', minLength: '1' } },
                  required: ['user_id'],
                  propertyOrdering: ['user_id'],
                },
              },
            ],
          },
        ],
      },
    ],
    [
      'a JSON Schema given as JSON is the caller’s own',
      {
        generation_config: {
          response_json_schema: { properties: { a_b: { type: 'string' } }, min_items: 1 },
        },
      },
      { generationConfig: { responseJsonSchema: { properties: { a_b: { type: 'string' } }, min_items: 1 } } },
    ],
    [
      'strings are never renamed',
      { contents: [{ parts: [{ text: 'file_data' }] }] },
      { contents: [{ parts: [{ text: 'file_data' }] }] },
    ],
  ];

  it.each(cases)('%s', (_name, input, expected) => {
    expect(toLowerCamelFields(input)).toEqual(expected);
  });

  it('refuses a field given in both spellings, naming it', () => {
    const both = {
      contents: [
        { parts: [{ fileData: { fileUri: 'files/mine' }, file_data: { file_uri: 'files/theirs' } }] },
      ],
    };
    expect(() => toLowerCamelFields(both)).toThrow(SpellingConflict);
    expect(() => toLowerCamelFields(both)).toThrow(/contents\[0\]\.parts\[0\]\.fileData/);
    expect(() => toLowerCamelFields({ cachedContent: 'a', cached_content: 'b' })).toThrow(/cachedContent/);
  });

  it('keeps a field named __proto__ as data, not as a prototype', () => {
    const body = JSON.parse('{"__proto__": {"polluted": true}, "contents": []}') as unknown;
    const out = toLowerCamelFields(body) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
