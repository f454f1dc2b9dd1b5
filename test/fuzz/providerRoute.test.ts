import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { rawRequest, type RawResponse } from '../support/http.js';
import { anyChatBody, plausibleChatRequest } from './arbitraries.js';
import { chatFaults, type ChatFault } from '../emulator-openai/index.js';

/**
 * The route to an OpenAI-compatible provider under generated requests and generated cuts: every
 * answer is a 200 or a 4xx in OpenAI's shape, never a 5xx or a dropped connection; what reached
 * the provider is the client's body with only the model id (and include_usage) changed; and a
 * stream cut anywhere, in any way, reaches the client whole, exactly once.
 */
const RUNS = Number(process.env.FUZZ_HTTP_RUNS ?? 150);
const CUT_RUNS = Number(process.env.FUZZ_CUT_RUNS ?? 60);

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    settings: { 'resume.stallTimeoutMs': 1000 },
    providers: {
      qwen: { continuation: 'partial', accounts: { a: { keys: 1 }, b: { keys: 1 } } },
      worded: {
        continuation: 'prompt',
        sameServiceAs: 'qwen',
        models: ['qwen-turbo'],
        accounts: { a: { keys: 1 } },
      },
    },
  });
});
afterAll(async () => {
  await h?.close();
});

const emulator = () => h.providers.qwen!.emulator;

function post(body: unknown): Promise<RawResponse> {
  return rawRequest(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
    body: JSON.stringify(body),
  });
}

/** The text of an SSE answer, and whether it ended properly ([DONE]) or with an error event. */
function streamed(body: string): { text: string; done: boolean; error: boolean } {
  let text = '';
  let done = false;
  let error = false;
  for (const event of body.split('\n\n')) {
    const data = event
      .split('\n')
      .find((line) => line.startsWith('data: '))
      ?.slice(6);
    if (data === undefined) continue;
    if (data === '[DONE]') {
      done = true;
      continue;
    }
    const chunk = JSON.parse(data) as { error?: unknown; choices?: Array<{ delta?: { content?: string } }> };
    if (chunk.error) error = true;
    text += chunk.choices?.[0]?.delta?.content ?? '';
  }
  return { text, done, error };
}

describe('the provider route under generated requests', () => {
  it('any body to a provider model: 200 or a 4xx in OpenAI shape, relayed with only the model changed', async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(anyChatBody, plausibleChatRequest),
        fc.constantFrom('qwen/qwen-plus', 'qwen-max', 'worded/qwen-turbo'),
        async (generated, model) => {
          const body =
            typeof generated === 'object' && generated !== null && !Array.isArray(generated)
              ? { ...(generated as Record<string, unknown>), model }
              : generated;
          const from = emulator().requests.length;
          const response = await post(body);
          const context = `${response.status} ${response.body.slice(0, 300)}`;
          expect(response.status, context).toBeLessThan(500);
          if (response.status !== 200) {
            expect(response.status, context).toBeGreaterThanOrEqual(400);
            const error = (JSON.parse(response.body) as { error: Record<string, unknown> }).error;
            expect(typeof error.message).toBe('string');
            return;
          }
          answered++;
          const client = body as Record<string, unknown>;
          for (const sent of emulator().requests.slice(from)) {
            const { model: sentModel, stream_options: sentOptions, ...rest } = sent.body;
            const { model: _model, stream_options: clientOptions, ...asked } = client;
            expect(sentModel).toBe(String(model).replace(/^(qwen|worded)\//, ''));
            // As the client's JSON carried it (-0 travels as 0).
            expect(rest).toEqual(JSON.parse(JSON.stringify(asked)));
            if (client.stream === true) {
              expect(sentOptions).toEqual({ ...(clientOptions as object), include_usage: true });
            }
          }
        },
      ),
      { numRuns: RUNS },
    );
    expect(answered).toBeGreaterThan(RUNS / 4);
  });

  it('a stream cut anywhere, in any way, in either continuation style, reaches the client whole and once', async () => {
    const fault: fc.Arbitrary<(at: number) => ChatFault> = fc.constantFrom(
      (at: number) => chatFaults.cut(at),
      (at: number) => chatFaults.endWithoutFinish(at),
      (at: number) => chatFaults.halfFrame(at),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
        fc.nat({ max: 400 }),
        fault,
        // At least the seam's MIN_OVERLAP: a shorter repeat is kept by design (proxy/resume/seam.ts).
        fc.integer({ min: 8, max: 60 }),
        fc.constantFrom('qwen/qwen-plus', 'worded/qwen-turbo'),
        async (prompt, position, makeFault, repeat, model) => {
          emulator().reset();
          // A cut inside the answer: one after its last character asks a model to continue
          // something finished, which no continuation style can answer exactly.
          const at = position % [...emulator().expectedText(prompt)].length;
          emulator().injectFault(makeFault(at));
          // Asked in words, a model may repeat what it said before the cut.
          if (model.startsWith('worded/') && at >= repeat)
            emulator().injectFault(chatFaults.repeatOverlap(repeat));
          const response = await post({ model, stream: true, messages: [{ role: 'user', content: prompt }] });
          expect(response.status).toBe(200);
          const { text, done, error } = streamed(response.body);
          expect(error, response.body.slice(-300)).toBe(false);
          expect(done).toBe(true);
          expect(text).toBe(emulator().expectedText(prompt));
        },
      ),
      { numRuns: CUT_RUNS },
    );
  });
});
