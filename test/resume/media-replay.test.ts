import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { faults } from '../emulator/index.js';

/**
 * How the resume engine treats image answers (proxy/resume/mediaAnswers.ts): held back until
 * whole, replayed when cut, and given as long a silence to draw in as thinking gets before a first
 * byte. The cut cases through every endpoint are in test/media-openai.test.ts.
 */
describe('resuming image answers', () => {
  let h: Harness;
  let client: OpenAI;
  beforeAll(async () => {
    h = await startHarness({
      accounts: { alice: { keys: 1 } },
      settings: { 'resume.stallTimeoutMs': 1000, 'resume.firstByteTimeoutMs': 6000 },
    });
    client = new OpenAI({ apiKey: h.token, baseURL: `${h.url}/v1`, maxRetries: 0 });
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.emulator.requests.length = 0;
  });

  const calls = () => h.emulator.requests.filter((r) => r.action === 'streamGenerateContent');

  it('a pause longer than the stall timeout before the image is waited out, not taken for a cut', async () => {
    h.emulator.injectFault(faults.stall(1_000_000, 2500), { model: 'gemini-2.5-flash-image' });
    const result = await client.images.generate({
      model: 'gemini-2.5-flash-image',
      prompt: 'A slow drawing',
    });
    expect(result.data).toHaveLength(1);
    expect(calls()).toHaveLength(1);
  });

  it('the same pause in a text answer is a stall, and the answer is resumed', async () => {
    h.emulator.injectFault(faults.stall(30, 2500), { model: 'gemini-2.5-flash' });
    const completion = await client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'A slow answer' }],
    });
    expect(completion.choices[0]!.message.content).toBe(h.emulator.expectedText('A slow answer'));
    expect(calls()).toHaveLength(2);
  });

  it('an image answer whose text went out before the cut shows that text once', async () => {
    h.emulator.injectFault(faults.cutAfterMedia(0), { model: 'gemini-3-pro-image-preview' });
    const completion = await client.chat.completions.create({
      model: 'gemini-3-pro-image-preview',
      messages: [{ role: 'user', content: 'Draw twice' }],
    });
    expect(completion.choices[0]!.message.content).toBe('Here is the image you asked for.');
    expect((completion.choices[0]!.message as unknown as { images: unknown[] }).images).toHaveLength(1);
    expect(calls()).toHaveLength(2);
    expect(calls()[1]!.body).toEqual(calls()[0]!.body);
  });
});
