import { describe, expect, it } from 'vitest';
import { LruThoughtSignatureStore } from '../openai/thoughtSignatureStore.js';
import { cherryStudioFollowUp, codexShellStep, openaiSdkToolRoundTrip } from './__fixtures__/requests.js';
import { parseResponsesRequest } from './parseResponsesRequest.js';
import { toGeminiResponsesRequest } from './toGeminiResponsesRequest.js';

const translate = (body: unknown) => toGeminiResponsesRequest(parseResponsesRequest(body));

/** Real client bodies, and the exact Gemini request each becomes. */
describe('toGeminiResponsesRequest', () => {
  it('the openai SDK tool loop: the call with the signature its reasoning item carried, then its output', () => {
    expect(translate(openaiSdkToolRoundTrip)).toEqual({
      model: 'gemini-3-flash-preview',
      stream: false,
      store: true,
      parallelToolCalls: true,
      body: {
        contents: [
          { role: 'user', parts: [{ text: 'What is the weather in Paris?' }] },
          {
            role: 'model',
            parts: [
              {
                functionCall: { name: 'get_weather', args: { city: 'Paris' } },
                thoughtSignature: 'CtEBsig1',
              },
            ],
          },
          {
            role: 'user',
            parts: [{ functionResponse: { name: 'get_weather', response: { temperature: 21, unit: 'C' } } }],
          },
        ],
        tools: [
          {
            functionDeclarations: [
              {
                name: 'get_weather',
                description: 'Weather for a city',
                parametersJsonSchema: {
                  type: 'object',
                  properties: { city: { type: 'string' } },
                  required: ['city'],
                  additionalProperties: false,
                },
              },
            ],
          },
        ],
      },
      turn: expect.objectContaining({ calls: [['call_1', 'get_weather']] }),
      droppedTools: [],
      namespaces: new Map(),
    });
  });

  it('Codex: instructions and developer text as the system instruction, a shell call without signature on 2.5', () => {
    const translated = translate(codexShellStep);
    expect(translated.stream).toBe(true);
    expect(translated.parallelToolCalls).toBe(false);
    expect(translated.body.systemInstruction).toEqual({
      parts: [
        {
          text: 'You are Codex, a coding agent running in a terminal.\n\n<permissions instructions>workspace-write</permissions instructions>',
        },
      ],
    });
    expect(translated.body.contents).toEqual([
      {
        role: 'user',
        parts: [
          { text: '<environment_context><cwd>/work/app</cwd></environment_context>' },
          { text: 'List the files.' },
        ],
      },
      {
        role: 'model',
        parts: [{ functionCall: { name: 'shell', args: { command: ['ls', '-la'], workdir: '/work/app' } } }],
      },
      {
        role: 'user',
        parts: [
          {
            functionResponse: {
              name: 'shell',
              response: { output: 'total 8\n-rw-r--r-- 1 me me 12 README.md\n' },
            },
          },
        ],
      },
    ]);
    expect(translated.body.toolConfig).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
    // 2.5 Pro: medium effort is a budget; summaries asked for.
    expect(translated.body.generationConfig).toEqual({
      thinkingConfig: { thinkingBudget: 8192, includeThoughts: true },
    });
  });

  it('Cherry Studio: the whole history, the image inline, sampling settings', () => {
    const translated = translate(cherryStudioFollowUp);
    expect(translated.body).toEqual({
      systemInstruction: { parts: [{ text: 'You are a helpful assistant.' }] },
      contents: [
        {
          role: 'user',
          parts: [
            { text: 'What is on this picture?' },
            { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
          ],
        },
        { role: 'model', parts: [{ text: 'A single pixel.' }] },
        { role: 'user', parts: [{ text: 'What colour is it?' }] },
      ],
      generationConfig: {
        maxOutputTokens: 4096,
        temperature: 0.7,
        thinkingConfig: { thinkingBudget: 1024, includeThoughts: true },
      },
    });
  });

  it('stores unless asked not to, as OpenAI does: store defaults to on', () => {
    expect(translate({ model: 'm', input: 'hi' }).store).toBe(true);
    expect(translate({ model: 'm', input: 'hi', store: true }).store).toBe(true);
    expect(translate({ model: 'm', input: 'hi', store: false }).store).toBe(false);
  });

  it('a client that drops reasoning items still gets its signature back from what gemgate remembers', () => {
    const signatures = new LruThoughtSignatureStore();
    signatures.remember('call_1', 'CtEBremembered');
    const body = {
      ...openaiSdkToolRoundTrip,
      input: openaiSdkToolRoundTrip.input.filter((item) => !('type' in item) || item.type !== 'reasoning'),
    };
    const translated = toGeminiResponsesRequest(parseResponsesRequest(body), { signatures });
    expect(translated.body.contents[1]!.parts[0]!.thoughtSignature).toBe('CtEBremembered');
  });
});
