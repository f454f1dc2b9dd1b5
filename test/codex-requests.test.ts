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
});
