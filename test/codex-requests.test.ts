import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codexNamespaceTurn } from '../proxy/translate/responses/__fixtures__/requests.js';
import { startHarness, type Harness } from './support/harness.js';

type SentRequest = {
  contents: Array<{ role: string; parts: Array<Record<string, unknown>> }>;
  tools?: Array<Record<string, unknown>>;
  toolConfig?: Record<string, unknown>;
};
const lastSent = (h: Harness) => h.emulator.requests.at(-1)!.body as SentRequest;

/**
 * Codex CLI's request shapes through the real openai SDK: its namespace tool of sub-agent functions and
 * the web_search tool it always sends, streamed, stateless (`store: false`), as recorded from Codex 0.171.
 */
describe("Codex's requests", () => {
  let h: Harness;
  let client: OpenAI;
  beforeAll(async () => {
    h = await startHarness({ accounts: { main: { keys: 1 } } });
    client = new OpenAI({ apiKey: h.token, baseURL: `${h.url}/v1`, maxRetries: 0 });
    h.emulator.setAnswer('Close agent 7.', {
      functionCalls: [{ name: 'multi_agent_v1.close_agent', args: { target: '7' } }],
    });
  });
  afterAll(() => h.close());

  const codexTurn = (model: string, input: unknown[] = codexNamespaceTurn.input) =>
    client.responses
      .create({
        ...codexNamespaceTurn,
        model,
        input,
      } as unknown as OpenAI.Responses.ResponseCreateParamsStreaming)
      .withResponse();

  /** The answer's text (the SDK adds `output_text` to whole responses only, not to streamed events). */
  const textOf = (response: OpenAI.Responses.Response) =>
    response.output
      .flatMap((item) => (item.type === 'message' ? item.content : []))
      .map((part) => (part.type === 'output_text' ? part.text : ''))
      .join('');

  async function finalOf(stream: AsyncIterable<OpenAI.Responses.ResponseStreamEvent>) {
    let final: OpenAI.Responses.Response | undefined;
    for await (const event of stream) if (event.type === 'response.completed') final = event.response;
    return final!;
  }

  it('on Gemini 2.5: a call inside the namespace comes back with its namespace, search dropped and said so; the follow-up is answered', async () => {
    const { data, response } = await codexTurn('gemini-2.5-flash');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-gemgate-tools-dropped')).toBe('web_search');
    const first = await finalOf(data);
    const sent = lastSent(h);
    expect(sent.tools).toEqual([{ functionDeclarations: expect.any(Array) }]);
    const call = first.output.find((item) => item.type === 'function_call')!;
    expect(call).toMatchObject({
      name: 'close_agent',
      namespace: 'multi_agent_v1',
      arguments: '{"target":"7"}',
      status: 'completed',
    });

    // Codex keeps the history itself (store: false) and sends the call back with its output.
    const followUp = await codexTurn('gemini-2.5-flash', [
      ...codexNamespaceTurn.input,
      ...first.output,
      { type: 'function_call_output', call_id: call.call_id, output: 'agent 7 closed' },
    ]);
    const answer = await finalOf(followUp.data);
    const resent = lastSent(h);
    expect(resent.contents.slice(-2)).toEqual([
      {
        role: 'model',
        parts: [
          {
            functionCall: { name: 'multi_agent_v1.close_agent', args: { target: '7' } },
            thoughtSignature: expect.any(String),
          },
        ],
      },
      {
        role: 'user',
        parts: [
          {
            functionResponse: { name: 'multi_agent_v1.close_agent', response: { output: 'agent 7 closed' } },
          },
        ],
      },
    ]);
    expect(answer.status).toBe('completed');
    expect(textOf(answer)).toBe(h.emulator.expectedAnswer(resent as never, 'gemini-2.5-flash'));
  });

  it("on Gemini 3: search beside the functions, as Google's tool combination asks, and nothing dropped", async () => {
    const { data, response } = await codexTurn('gemini-3-flash-preview');
    expect(response.headers.get('x-gemgate-tools-dropped')).toBeNull();
    const first = await finalOf(data);
    expect(first.status).toBe('completed');
    const sent = lastSent(h);
    expect(sent.tools).toEqual([{ functionDeclarations: expect.any(Array) }, { googleSearch: {} }]);
    expect(sent.toolConfig).toMatchObject({ includeServerSideToolInvocations: true });
    expect(first.output.find((item) => item.type === 'function_call')).toMatchObject({
      name: 'close_agent',
      namespace: 'multi_agent_v1',
    });
  });

  describe("on Gemini 3: Google's own search (toolCall / toolResponse parts) goes back to Gemini in the model's turn, as https://ai.google.dev/gemini-api/docs/tool-combination asks", () => {
    const question = 'Search the web for agent 8, then close it.';
    const withQuestion = [
      codexNamespaceTurn.input[0]!,
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: question }] },
    ];
    beforeAll(() => {
      h.emulator.setAnswer(question, {
        functionCalls: [{ name: 'multi_agent_v1.close_agent', args: { target: '8' } }],
        grounding: {
          queries: ['agent 8'],
          sources: [
            {
              uri: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/a8',
              title: 'agents.example',
            },
          ],
        },
      });
    });

    /** One turn as Codex sends it, streamed or whole; the Response it ends with. */
    async function turn(
      input: unknown[],
      extra: { stream: boolean; store?: boolean; previous_response_id?: string },
    ): Promise<OpenAI.Responses.Response> {
      const params = { ...codexNamespaceTurn, model: 'gemini-3-flash-preview', input, ...extra };
      if (!extra.stream)
        return client.responses.create(
          params as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming,
        );
      return finalOf(
        await client.responses.create(params as unknown as OpenAI.Responses.ResponseCreateParamsStreaming),
      );
    }

    it.each([
      ['streamed', true],
      ['whole', false],
    ])(
      'stateless (store: false), %s: the reasoning item carries them and turn 2 puts them back before the call',
      async (_name, stream) => {
        const first = await turn(withQuestion, { stream });
        expect(first.status).toBe('completed');
        expect(JSON.stringify(first.output)).not.toContain('GOOGLE_SEARCH_WEB');
        const call = first.output.find((item) => item.type === 'function_call')!;
        expect(call).toMatchObject({ name: 'close_agent', namespace: 'multi_agent_v1' });

        await turn(
          [
            ...withQuestion,
            ...first.output,
            { type: 'function_call_output', call_id: call.call_id, output: 'agent 8 closed' },
          ],
          {
            stream,
          },
        );
        expectSearchBeforeTheCall(lastSent(h).contents);
      },
    );

    it('stored (store: true, previous_response_id): the stored turn keeps them and replays them before the call', async () => {
      const first = await turn(withQuestion, { stream: true, store: true });
      const call = first.output.find((item) => item.type === 'function_call')!;
      await turn([{ type: 'function_call_output', call_id: call.call_id, output: 'agent 8 closed' }], {
        stream: true,
        store: true,
        previous_response_id: first.id,
      });
      expectSearchBeforeTheCall(lastSent(h).contents);
    });

    /** The model turn of turn 2 is [toolCall, toolResponse (same id), functionCall with a real signature]. */
    function expectSearchBeforeTheCall(contents: SentRequest['contents']) {
      const modelTurn = contents.find((content) => content.role === 'model')!;
      expect(modelTurn.parts).toEqual([
        {
          toolCall: {
            id: expect.stringMatching(/^srch_/),
            toolType: 'GOOGLE_SEARCH_WEB',
            args: { queries: ['agent 8'] },
          },
        },
        {
          toolResponse: {
            id: expect.stringMatching(/^srch_/),
            toolType: 'GOOGLE_SEARCH_WEB',
            response: expect.any(Object),
          },
        },
        {
          functionCall: { name: 'multi_agent_v1.close_agent', args: { target: '8' } },
          thoughtSignature: expect.any(String),
        },
      ]);
      const [searched, found, called] = modelTurn.parts as Array<Record<string, { id?: string } | string>>;
      expect((searched!['toolCall'] as { id: string }).id).toBe(
        (found!['toolResponse'] as { id: string }).id,
      );
      expect(called!['thoughtSignature']).not.toBe('skip_thought_signature_validator');
      expect(contents.at(-1)).toMatchObject({
        role: 'user',
        parts: [{ functionResponse: { response: { output: 'agent 8 closed' } } }],
      });
    }
  });
});
