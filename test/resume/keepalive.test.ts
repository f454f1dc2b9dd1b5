import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { faults } from '../emulator/index.js';

/** A long silence from Gemini (thinking, or a stall shorter than the stall timeout) keeps the client's connection alive. */
describe('keep-alive while Gemini is silent', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ settings: { 'resume.keepAliveMs': 1000, 'resume.stallTimeoutMs': 5000 } });
  });
  afterAll(() => h.close());

  const post = (path: string, body: unknown, headers: Record<string, string>) =>
    fetch(`${h.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('sends SSE comments in both dialects, and the answer still arrives whole', async () => {
    h.emulator.injectFault(faults.stall(30, 2600));
    const native = await (
      await post(
        '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
        { contents: [{ role: 'user', parts: [{ text: 'wait for it' }] }] },
        { 'x-goog-api-key': h.token },
      )
    ).text();
    expect(native).toMatch(/\n: keep-alive\n\n/);
    const text = native
      .split(/\r?\n\r?\n/)
      .filter((event) => event.startsWith('data: '))
      .map((event) =>
        (
          JSON.parse(event.slice(6)) as {
            candidates: Array<{ content: { parts: Array<{ text?: string }> } }>;
          }
        ).candidates[0]!.content.parts.map((p) => p.text ?? '').join(''),
      )
      .join('');
    expect(text).toBe(h.emulator.expectedText('wait for it'));

    h.emulator.injectFault(faults.stall(30, 2600));
    const openai = await (
      await post(
        '/v1/chat/completions',
        { model: 'gemini-2.5-flash', stream: true, messages: [{ role: 'user', content: 'wait for it' }] },
        { authorization: `Bearer ${h.token}` },
      )
    ).text();
    expect(openai).toMatch(/: keep-alive\n\n/);
    expect(openai.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });

  it("sends Anthropic's ping events on a Messages stream, and the answer still arrives whole", async () => {
    h.emulator.injectFault(faults.stall(30, 2600));
    const body = await (
      await post(
        '/v1/messages',
        {
          model: 'gemini-2.5-flash',
          max_tokens: 1000,
          stream: true,
          messages: [{ role: 'user', content: 'wait for it' }],
        },
        { 'x-api-key': h.token, 'anthropic-version': '2023-06-01' },
      )
    ).text();
    const frames = body.split('\n\n').filter(Boolean);
    // One ping after message_start, as Anthropic sends it, and more while Gemini is silent.
    expect(frames.filter((frame) => frame === 'event: ping\ndata: {"type":"ping"}').length).toBeGreaterThan(
      1,
    );
    expect(body).not.toContain(': keep-alive');
    const text = frames
      .map(
        (frame) =>
          JSON.parse(frame.split('\n')[1]!.slice('data: '.length)) as {
            type: string;
            delta?: { text?: string };
          },
      )
      .map((event) => (event.type === 'content_block_delta' ? (event.delta?.text ?? '') : ''))
      .join('');
    expect(text).toBe(h.emulator.expectedText('wait for it'));
    expect(frames.at(-1)).toBe('event: message_stop\ndata: {"type":"message_stop"}');
  });
});
