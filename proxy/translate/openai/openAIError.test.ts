import { describe, expect, it } from 'vitest';
import { formatParamPath, invalidRequest, OpenAIError } from './openAIError.js';

describe('OpenAIError', () => {
  it('renders the body OpenAI clients parse: {error:{message,type,param,code}}', () => {
    const err = invalidRequest(
      "Invalid value: 'robot'. Supported roles are ...",
      'messages[2].role',
      'invalid_value',
    );
    expect(err).toBeInstanceOf(OpenAIError);
    expect(err.status).toBe(400);
    expect(err.toBody()).toEqual({
      error: {
        message: "Invalid value: 'robot'. Supported roles are ...",
        type: 'invalid_request_error',
        param: 'messages[2].role',
        code: 'invalid_value',
      },
    });
  });

  it('spells zod paths the way OpenAI spells param', () => {
    expect(formatParamPath(['messages', 2, 'content', 0, 'image_url', 'url'])).toBe(
      'messages[2].content[0].image_url.url',
    );
    expect(formatParamPath(['input', 3])).toBe('input[3]');
    expect(formatParamPath([])).toBe('');
  });
});
