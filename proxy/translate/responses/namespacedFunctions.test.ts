import { describe, expect, it } from 'vitest';
import type { GenerateContentResponse } from '../../gemini/types.js';
import { InputError } from '../../failures/inputError.js';
import { codexNamespaceTurn } from './__fixtures__/requests.js';
import { testStreamOptions } from './__fixtures__/streamOptions.js';
import { fromGeminiToResponse } from './fromGeminiToResponse.js';
import { namespacedFunctions, qualifiedName } from './namespacedFunctions.js';
import { parseResponsesRequest } from './parseResponsesRequest.js';
import { toGeminiResponsesRequest } from './toGeminiResponsesRequest.js';

const codex = parseResponsesRequest(codexNamespaceTurn);

describe('namespace tools: declared qualified, reported with their namespace, accepted back', () => {
  it.each([
    [null, 'close_agent', 'close_agent'],
    [undefined, 'close_agent', 'close_agent'],
    ['multi_agent_v1', 'close_agent', 'multi_agent_v1.close_agent'],
  ])('qualifiedName(%s, %s) is %s', (namespace, name, qualified) => {
    expect(qualifiedName(namespace, name)).toBe(qualified);
  });

  it("Codex's request: each function of the namespace declared as namespace.name, after its own functions", () => {
    const { body, namespaces } = toGeminiResponsesRequest(codex);
    expect(body.tools?.[0]?.functionDeclarations?.map((declaration) => declaration.name)).toEqual([
      'exec_command',
      'multi_agent_v1.close_agent',
      'multi_agent_v1.resume_agent',
    ]);
    expect(body.tools?.[0]?.functionDeclarations?.[1]?.description).toBe(
      'Tools for spawning and managing sub-agents.\n\nClose an agent and any open descendants when they are no longer needed.',
    );
    expect(namespaces).toEqual(namespacedFunctions(codex.tools));
    expect(namespaces.get('multi_agent_v1.resume_agent')).toEqual({
      namespace: 'multi_agent_v1',
      name: 'resume_agent',
    });
  });

  it('a call Gemini makes by the qualified name comes back as a function_call with name and namespace', () => {
    const call: GenerateContentResponse = {
      candidates: [
        {
          index: 0,
          finishReason: 'STOP',
          content: {
            role: 'model',
            parts: [{ functionCall: { name: 'multi_agent_v1.close_agent', args: { target: '7' } } }],
          },
        },
      ],
    };
    const options = { ...testStreamOptions(), namespaces: namespacedFunctions(codex.tools) };
    const { response, calls } = fromGeminiToResponse(call, undefined, options);
    expect(response.output).toEqual([
      {
        type: 'function_call',
        id: 'fc_1',
        call_id: 'call_1',
        name: 'close_agent',
        namespace: 'multi_agent_v1',
        arguments: '{"target":"7"}',
        status: 'completed',
      },
    ]);
    // Gemini's name, which the function's output must carry back.
    expect(calls).toEqual([['call_1', 'multi_agent_v1.close_agent']]);
  });

  it('the call sent back with its namespace, and its output, reach Gemini under the qualified name', () => {
    const followUp = parseResponsesRequest({
      ...codexNamespaceTurn,
      input: [
        ...codexNamespaceTurn.input,
        {
          type: 'function_call',
          call_id: 'call_1',
          name: 'close_agent',
          namespace: 'multi_agent_v1',
          arguments: '{"target":"7"}',
        },
        { type: 'function_call_output', call_id: 'call_1', output: 'closed' },
      ],
    });
    const { body } = toGeminiResponsesRequest(followUp);
    expect(body.contents.slice(-2)).toEqual([
      {
        role: 'model',
        parts: [{ functionCall: { name: 'multi_agent_v1.close_agent', args: { target: '7' } } }],
      },
      {
        role: 'user',
        parts: [{ functionResponse: { name: 'multi_agent_v1.close_agent', response: { output: 'closed' } } }],
      },
    ]);
  });

  it.each<[string, unknown[], string, string]>([
    [
      'a function named like a namespace function',
      [
        { type: 'function', name: 'ns.f' },
        { type: 'namespace', name: 'ns', tools: [{ type: 'function', name: 'f' }] },
      ],
      'tools[1].tools[0].name',
      'invalid_value',
    ],
    [
      'a custom tool inside a namespace',
      [{ type: 'namespace', name: 'ns', tools: [{ type: 'custom', name: 'patch' }] }],
      'tools[0].tools[0].type',
      'unsupported_parameter',
    ],
  ])('400 for %s', (_name, tools, param, code) => {
    let error: unknown;
    try {
      toGeminiResponsesRequest(parseResponsesRequest({ model: 'gemini-2.5-flash', input: 'hi', tools }));
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ status: 400, param, code });
  });
});
