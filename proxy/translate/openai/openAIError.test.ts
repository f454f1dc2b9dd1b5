import { describe, expect, it } from 'vitest';
import { formatParamPath, invalidRequest } from './openAIError.js';
import { InputError } from '../../failures/inputError.js';

describe('invalidRequest', () => {
  it('is the one input error, naming the field and the reason as OpenAI does', () => {
    const err = invalidRequest(
      "Invalid value: 'robot'. Supported roles are ...",
      'messages[2].role',
      'invalid_value',
    );
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toBe("Invalid value: 'robot'. Supported roles are ...");
    expect(err.param).toBe('messages[2].role');
    expect(err.code).toBe('invalid_value');
  });

  it('spells zod paths the way OpenAI spells param', () => {
    expect(formatParamPath(['messages', 2, 'content', 0, 'image_url', 'url'])).toBe(
      'messages[2].content[0].image_url.url',
    );
    expect(formatParamPath(['input', 3])).toBe('input[3]');
    expect(formatParamPath([])).toBe('');
  });
});
