import { describe, expect, it } from 'vitest';
import { ask, call, emulatorPerFile, errorOf } from './testing.js';

const t = emulatorPerFile();

describe('request validation', () => {
  it('refuses a body that is not JSON', async () => {
    let error = await errorOf(await call(t.emu, '{"contents": [}', { key: t.key }));
    expect(error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    expect(error.message).toMatch(/^Invalid JSON payload received\. Unexpected token\.\n.*\n\^$/s);
    error = await errorOf(await call(t.emu, '{"contents": [', { key: t.key }));
    expect(error.message).toBe(
      'Invalid JSON payload received. Unexpected end of string. Expected a value.\n\n^',
    );
  });

  it('refuses unknown top-level and generationConfig fields, naming each', async () => {
    const res = await call(
      t.emu,
      { ...ask('hi'), temperature: 1, generationConfig: { effortLevel: 'HIGH', topK: 3 } },
      { key: t.key },
    );
    const error = await errorOf(res);
    expect(error.message).toBe(
      'Invalid JSON payload received. Unknown name "temperature": Cannot find field.\n' +
        'Invalid JSON payload received. Unknown name "effortLevel" at \'generation_config\': Cannot find field.',
    );
    expect(error.details?.[0]).toEqual({
      '@type': 'type.googleapis.com/google.rpc.BadRequest',
      fieldViolations: [
        { description: 'Invalid JSON payload received. Unknown name "temperature": Cannot find field.' },
        {
          field: 'generation_config',
          description:
            'Invalid JSON payload received. Unknown name "effortLevel" at \'generation_config\': Cannot find field.',
        },
      ],
    });
    const part = await errorOf(
      await call(
        t.emu,
        { contents: [{ role: 'user', parts: [{ text: 'x', role: 'user' }] }] },
        { key: t.key },
      ),
    );
    expect(part.message).toBe(
      'Invalid JSON payload received. Unknown name "role" at \'contents[0].parts[0]\': Cannot find field.',
    );
  });

  it('refuses a string where a Content belongs', async () => {
    const error = await errorOf(await call(t.emu, { contents: ['hi'] }, { key: t.key }));
    expect(error.message).toBe(
      'Invalid JSON payload received. Invalid value at \'contents[0]\' (type.googleapis.com/google.ai.generativelanguage.v1beta.Content), "hi"',
    );
    expect(
      (await errorOf(await call(t.emu, { ...ask('x'), systemInstruction: 'Be brief' }, { key: t.key })))
        .message,
    ).toMatch(/Invalid value at 'system_instruction'/);
  });

  it('accepts snake_case field names, as the proto JSON mapping does', async () => {
    const res = await call(
      t.emu,
      {
        contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
        system_instruction: { parts: [{ text: 'Be brief' }] },
        generation_config: { max_output_tokens: 50, thinking_config: { include_thoughts: true } },
      },
      { key: t.key },
    );
    expect(res.status).toBe(200);
  });

  it('refuses empty contents and empty parts', async () => {
    expect(await errorOf(await call(t.emu, { contents: [] }, { key: t.key }))).toEqual({
      code: 400,
      message: '* GenerateContentRequest.contents: contents is not specified\n',
      status: 'INVALID_ARGUMENT',
    });
    expect((await errorOf(await call(t.emu, {}, { key: t.key }))).message).toMatch(
      /contents is not specified/,
    );
    expect(
      (await errorOf(await call(t.emu, { contents: [{ role: 'user', parts: [] }] }, { key: t.key }))).message,
    ).toBe('* GenerateContentRequest.contents[0].parts: contents.parts must not be empty.\n');
    expect(
      (
        await errorOf(
          await call(t.emu, { contents: [{ role: 'assistant', parts: [{ text: 'x' }] }] }, { key: t.key }),
        )
      ).message,
    ).toBe('Please use a valid role: user, model.');
  });

  it('enforces the thinking configuration rules', async () => {
    const thinking = (thinkingConfig: object) => ask('hi', { generationConfig: { thinkingConfig } });
    const both = await errorOf(
      await call(t.emu, thinking({ thinkingLevel: 'low', thinkingBudget: 100 }), {
        key: t.key,
        model: 'gemini-3-pro-preview',
      }),
    );
    expect(both.message).toBe('You can only set only one of thinking budget and thinking level.');
    const level25 = await errorOf(
      await call(t.emu, thinking({ thinkingLevel: 'low' }), { key: t.key, model: 'gemini-2.5-flash' }),
    );
    expect(level25.message).toBe('thinking_level is not supported for this model.');
    const bad = await errorOf(
      await call(t.emu, thinking({ thinkingLevel: 'extreme' }), {
        key: t.key,
        model: 'gemini-3-flash-preview',
      }),
    );
    expect(bad.message).toMatch(/^Invalid value at 'generation_config\.thinking_config\.thinking_level'/);
    const pro0 = await errorOf(
      await call(t.emu, thinking({ thinkingBudget: 0 }), { key: t.key, model: 'gemini-2.5-pro' }),
    );
    expect(pro0.message).toBe('Budget 0 is invalid. This model only works in thinking mode.');
    expect(
      (await call(t.emu, thinking({ thinkingLevel: 'high' }), { key: t.key, model: 'gemini-3-pro-preview' }))
        .status,
    ).toBe(200);
    expect(
      (await call(t.emu, thinking({ thinkingBudget: 1024 }), { key: t.key, model: 'gemini-2.5-flash' }))
        .status,
    ).toBe(200);
  });

  it('404s an unknown model, or a method the model does not support', async () => {
    const unknown = await call(t.emu, ask('hi'), { key: t.key, model: 'gemini-1.5-flash' });
    expect(unknown.status).toBe(404);
    expect(await errorOf(unknown)).toEqual({
      code: 404,
      message:
        'models/gemini-1.5-flash is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.',
      status: 'NOT_FOUND',
    });
    const embed = await errorOf(
      await call(t.emu, ask('hi'), { key: t.key, model: 'gemini-embedding-001', version: 'v1' }),
    );
    expect(embed.message).toMatch(
      /^models\/gemini-embedding-001 is not found for API version v1, or is not supported for generateContent\./,
    );
    const stream = await errorOf(
      await call(t.emu, ask('hi'), {
        key: t.key,
        model: 'nope',
        action: 'streamGenerateContent',
        query: { alt: 'sse' },
      }),
    );
    expect(stream.message).toMatch(/is not supported for StreamGenerateContent\./);
    const embedOnGemini = await errorOf(
      await call(t.emu, { content: { parts: [{ text: 'x' }] } }, { key: t.key, action: 'embedContent' }),
    );
    expect(embedOnGemini.message).toMatch(/is not supported for embedContent\./);
  });

  it('answers an unknown action or a wrong method with the 404 page', async () => {
    expect((await call(t.emu, ask('hi'), { key: t.key, action: 'predict' })).status).toBe(404);
    const get = await call(t.emu, undefined, { key: t.key, method: 'GET' });
    expect(get.status).toBe(404);
  });

  it.each<[string, string, Record<string, unknown>, string | null]>([
    ['2.5, search beside functions', 'gemini-2.5-flash', {}, 'Tool use with function calling is unsupported'],
    [
      '2.5, with the flag Gemini 3 wants',
      'gemini-2.5-flash',
      { toolConfig: { includeServerSideToolInvocations: true } },
      'Tool call context circulation is not enabled for models/gemini-2.5-flash',
    ],
    [
      '3, without the flag',
      'gemini-3-flash-preview',
      {},
      'Please enable tool_config.include_server_side_tool_invocations to use Built-in tools with Function calling.',
    ],
    [
      '3, with the flag',
      'gemini-3-flash-preview',
      { toolConfig: { includeServerSideToolInvocations: true } },
      null,
    ],
  ])('search beside functions, %s: as Google answers it', async (_name, model, extra, message) => {
    const tools = [{ functionDeclarations: [{ name: 'f' }] }, { googleSearch: {} }];
    const res = await call(t.emu, { ...ask('hi'), tools, ...extra }, { key: t.key, model });
    if (message === null) {
      expect(res.status).toBe(200);
      return;
    }
    expect(await errorOf(res)).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message });
  });
});
