import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { openAIClientOnGateway } from './support/openaiClient.js';
import { faults } from './emulator/index.js';

/**
 * What a user of the `openai` SDK (v6) sees when the request is bad or Gemini fails: the SDK's error
 * class, status, code and message, through gemgate's real request handler, with Gemini's failures
 * played by the emulator. One key, so nothing fails over; each case uses a model of its own, so one
 * case's cooldown or leftover fault never reaches another.
 */
describe('the openai SDK against upstream errors, through the gateway', () => {
  const gateway = openAIClientOnGateway({ accounts: { main: { keys: 1 } } });

  it('bad input is a BadRequestError naming the field', async () => {
    const attempt = gateway.client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'robot', content: 'hi' } as unknown as OpenAI.ChatCompletionMessageParam],
    });
    await expect(attempt).rejects.toMatchObject({
      status: 400,
      param: 'messages[0].role',
      type: 'invalid_request_error',
    });
    await expect(attempt).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });

  it("Gemini's 429 for the only key is a RateLimitError saying until when every key rests", async () => {
    gateway.h.emulator.injectFault(faults.rateLimit({ retryDelay: '29s' }), { model: 'gemini-2.5-flash' });
    const attempt = gateway.client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'x' }],
    });
    await expect(attempt).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    await expect(attempt).rejects.toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
    await expect(attempt).rejects.toThrow(/rate-limited for gemini-2\.5-flash until .* \(in 29s\)/);
  });

  it("Gemini overloaded before the first byte is an InternalServerError carrying Google's message", async () => {
    gateway.h.emulator.injectFault(faults.overloaded(), { model: 'gemini-2.5-flash-lite' });
    const attempt = gateway.client.chat.completions.create({
      model: 'gemini-2.5-flash-lite',
      messages: [{ role: 'user', content: 'x' }],
    });
    await expect(attempt).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    await expect(attempt).rejects.toMatchObject({ status: 503 });
    await expect(attempt).rejects.toThrow(/The model is overloaded/);
  });

  it('a failure after streaming began reaches the SDK user as an APIError, not as a short answer', async () => {
    // Cut after 10 characters; every continuation then finds Gemini overloaded.
    gateway.h.emulator.injectFault(faults.cut(10), { model: 'gemini-2.5-pro' });
    for (let i = 0; i < 20; i++)
      gateway.h.emulator.injectFault(faults.overloaded(), { model: 'gemini-2.5-pro' });
    let content = '';
    let caught: unknown;
    try {
      const stream = await gateway.client.chat.completions.create({
        model: 'gemini-2.5-pro',
        messages: [{ role: 'user', content: 'x' }],
        stream: true,
      });
      for await (const chunk of stream) content += chunk.choices[0]?.delta.content ?? '';
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(OpenAI.APIError);
    expect((caught as Error).message).toMatch(/overloaded/);
    expect(content).toBe([...gateway.h.emulator.expectedText('x')].slice(0, 10).join(''));
  });
});
