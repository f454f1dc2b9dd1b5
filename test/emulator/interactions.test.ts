import { GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { faults, startEmulator } from './index.js';
import { readInteractionStream, type InteractionEvent } from './interaction-sse.js';
import type { Emulator } from './types.js';
import { InteractionFold } from '../../proxy/translate/interactions/interactionOfEvents.js';

/**
 * The emulator's Interactions API, read by the real @google/genai 3.6.1 SDK (ai.interactions) and by
 * a strict reader of its event streams: the shapes the SDK parses, the order of events, stored state
 * per project, background runs, and the faults gemgate must survive.
 */
let emu: Emulator;
let key: string;
let ai: GoogleGenAI;
beforeAll(async () => {
  emu = await startEmulator({ chunkChars: 16 });
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.reset();
  key = emu.newKey();
  ai = sdkFor(key);
});

const sdkFor = (apiKey: string) => new GoogleGenAI({ apiKey, httpOptions: { baseUrl: emu.url } });
const MODEL = 'gemini-2.5-flash';
const PROMPT = 'Describe a quiet harbour at dawn';
/** No retries: a test sees each status the emulator answers. */
const ONCE = { maxRetries: 0 };

function post(path: string, body: unknown, apiKey = key, accept = 'application/json'): Promise<Response> {
  return fetch(`${emu.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-goog-api-key': apiKey, accept },
    body: JSON.stringify(body),
  });
}

/** The steps a stream's events build, as a whole interaction lists them (gemgate's own fold). */
function stepsOf(events: InteractionEvent[]): unknown[] {
  const fold = new InteractionFold();
  for (const event of events) fold.add(event);
  return fold.interaction()?.steps ?? [];
}

describe('create', () => {
  it('answers a whole interaction the SDK reads: id, status, thought and text steps, usage', async () => {
    const interaction = await ai.interactions.create({ model: MODEL, input: PROMPT });
    expect(interaction.id).toMatch(/^v1_/);
    expect(interaction.status).toBe('completed');
    expect(interaction.output_text).toBe(emu.expectedText(PROMPT));
    expect(interaction.steps.map((step) => step.type)).toEqual(['thought', 'model_output']);
    expect(interaction.steps[0]).toMatchObject({ type: 'thought', signature: expect.any(String) });
    const usage = interaction.usage!;
    expect(usage.total_input_tokens).toBeGreaterThan(0);
    expect(usage.total_output_tokens).toBeGreaterThan(0);
    expect(usage.total_thought_tokens).toBeGreaterThan(0);
    expect(usage.total_tokens).toBe(
      usage.total_input_tokens! + usage.total_output_tokens! + usage.total_thought_tokens!,
    );
    expect(emu.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/v1/interactions',
      action: 'interactions.create',
      model: MODEL,
      apiKey: key,
    });
  });

  it('streams the same answer as events in order, named as their event_type, ending with [DONE]', async () => {
    const res = await post(
      '/v1/interactions',
      { model: MODEL, input: PROMPT, stream: true },
      key,
      'text/event-stream',
    );
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const read = await readInteractionStream(res);
    expect(read).toMatchObject({ done: true, leftover: '', text: emu.expectedText(PROMPT) });
    const types = read.events.map((event) => event.event_type);
    expect(types.slice(0, 5)).toEqual([
      'interaction.created',
      'interaction.status_update',
      'step.start',
      'step.stop',
      'step.start',
    ]);
    expect(types.at(-1)).toBe('interaction.completed');
    expect(types.filter((type) => type === 'step.delta').length).toBeGreaterThan(3);
    const created = read.events[0]!.interaction as Record<string, unknown>;
    const completed = read.events.at(-1)!.interaction as Record<string, unknown>;
    expect(created).toMatchObject({ status: 'in_progress', object: 'interaction', model: MODEL });
    expect(completed).toMatchObject({ id: created.id, status: 'completed' });

    // The steps the events build are the steps a whole create answers, usage the same.
    const whole = await ai.interactions.create({ model: MODEL, input: PROMPT });
    const normalize = (steps: unknown[]) =>
      JSON.parse(JSON.stringify(steps).replace(/"signature":"[^"]+"/g, '"signature":"…"')) as unknown;
    expect(normalize(stepsOf(read.events))).toEqual(normalize(whole.steps));
    // The SDK adds `initial_input_tokens` when it merges continuation hops (mergeUsages); the wire has none.
    expect(whole.usage).toEqual({ ...(completed.usage as object), initial_input_tokens: expect.any(Number) });
  });

  it('is read by the SDK as a stream of typed events', async () => {
    const stream = await ai.interactions.create({ model: MODEL, input: PROMPT, stream: true });
    let text = '';
    let last = '';
    for await (const event of stream) {
      if (event.event_type === 'step.delta' && event.delta.type === 'text') text += event.delta.text;
      last = event.event_type;
    }
    expect(text).toBe(emu.expectedText(PROMPT));
    expect(last).toBe('interaction.completed');
  });

  it('refuses bad bodies with the Interactions error envelope', async () => {
    const cases: Array<[unknown, number, string]> = [
      [{ input: 'hi' }, 400, 'invalid_request'],
      [{ model: MODEL, agent: 'deep-research-pro-preview-12-2025', input: 'hi' }, 400, 'invalid_request'],
      [{ model: MODEL }, 400, 'invalid_request'],
      [{ model: 'no-such-model', input: 'hi' }, 404, 'not_found'],
      [{ model: MODEL, input: 'hi', store: false, background: true }, 400, 'invalid_request'],
      [{ model: MODEL, input: 'hi', store: false, previous_interaction_id: 'v1_x' }, 400, 'invalid_request'],
      [{ model: MODEL, input: 'hi', previous_interaction_id: 'v1_unknown' }, 404, 'not_found'],
      [{ agent: 'deep-research-pro-preview-12-2025', input: 'hi' }, 400, 'invalid_request'],
      [{ model: MODEL, input: [{ type: 'bogus' }] }, 400, 'invalid_request'],
    ];
    for (const [body, status, code] of cases) {
      const res = await post('/v1beta/interactions', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      const answer = (await res.json()) as { error: { code: string; message: string } };
      expect(answer.error.code).toBe(code);
      expect(answer.error.message.length).toBeGreaterThan(0);
    }
  });

  it('answers the rest of a cut answer when asked to continue it', async () => {
    const full = emu.expectedText(PROMPT);
    const said = [...full].slice(0, 40).join('');
    const interaction = await ai.interactions.create({
      model: MODEL,
      input: [
        { type: 'user_input', content: [{ type: 'text', text: PROMPT }] },
        { type: 'model_output', content: [{ type: 'text', text: said }] },
        { type: 'user_input', content: [{ type: 'text', text: 'Continue exactly where you stopped.' }] },
      ],
    });
    expect(said + interaction.output_text).toBe(full);
  });
});

describe('stored interactions', () => {
  it('carries a conversation through previous_interaction_id, in its project only', async () => {
    const first = await ai.interactions.create({ model: MODEL, input: 'first question' });
    const second = await ai.interactions.create({
      model: MODEL,
      input: 'second question',
      previous_interaction_id: first.id,
    });
    expect(second.output_text).toBe(emu.expectedText('second question'));
    expect(second.previous_interaction_id).toBe(first.id);
    const body = emu.requests.at(-1)!.body as { previous_interaction_id?: string };
    expect(body.previous_interaction_id).toBe(first.id);

    const stranger = sdkFor(emu.newKey());
    await expect(
      stranger.interactions.create({ model: MODEL, input: 'x', previous_interaction_id: first.id }, ONCE),
    ).rejects.toMatchObject({ status: 404 });
    await expect(stranger.interactions.get(first.id, {}, ONCE)).rejects.toMatchObject({ status: 404 });

    const sameProject = emu.newKey();
    emu.setProject(sameProject, 'shared');
    emu.setProject(key, 'shared');
    const mine = await ai.interactions.create({ model: MODEL, input: 'in shared' });
    expect((await sdkFor(sameProject).interactions.get(mine.id)).id).toBe(mine.id);
  });

  it('gets its input and output steps, and deletes', async () => {
    const made = await ai.interactions.create({ model: MODEL, input: PROMPT });
    const got = await ai.interactions.get(made.id);
    expect(got.steps.map((step) => step.type)).toEqual(['user_input', 'thought', 'model_output']);
    expect(got.output_text).toBe(made.output_text);
    expect(made.usage).toMatchObject(got.usage!);
    const raw = await fetch(`${emu.url}/v1/interactions/${made.id}?include_input=true`, {
      headers: { 'x-goog-api-key': key },
    });
    expect(((await raw.json()) as { input: unknown }).input).toBe(PROMPT);

    await ai.interactions.delete(made.id);
    await expect(ai.interactions.get(made.id, {}, ONCE)).rejects.toMatchObject({ status: 404 });
    await expect(ai.interactions.delete(made.id, {}, ONCE)).rejects.toMatchObject({ status: 404 });
  });

  it('keeps nothing of store: false', async () => {
    const made = await ai.interactions.create({ model: MODEL, input: PROMPT, store: false });
    expect(made.output_text).toBe(emu.expectedText(PROMPT));
    await expect(ai.interactions.get(made.id, {}, ONCE)).rejects.toMatchObject({ status: 404 });
  });
});

describe('background runs and agents', () => {
  it('answers in_progress at once, is found running by the first poll and done by the next', async () => {
    const started = await ai.interactions.create({ model: MODEL, input: PROMPT, background: true });
    expect(started.status).toBe('in_progress');
    expect(started.steps).toEqual([]);
    expect((await ai.interactions.get(started.id)).status).toBe('in_progress');
    const done = await ai.interactions.get(started.id);
    expect(done.status).toBe('completed');
    expect(done.output_text).toBe(emu.expectedText(PROMPT));
  });

  it('cancels a run in progress, and refuses to cancel a finished one', async () => {
    const started = await ai.interactions.create({ model: MODEL, input: PROMPT, background: true });
    const cancelled = await ai.interactions.cancel(started.id);
    expect(cancelled.status).toBe('cancelled');
    expect((await ai.interactions.get(started.id)).status).toBe('cancelled');
    const finished = await ai.interactions.create({ model: MODEL, input: PROMPT });
    await expect(ai.interactions.cancel(finished.id, {}, ONCE)).rejects.toMatchObject({ status: 400 });
    expect(emu.requests.filter((r) => r.action === 'interactions.cancel').map((r) => r.path)).toEqual([
      `/v1/interactions/${started.id}/cancel`,
      `/v1/interactions/${finished.id}/cancel`,
    ]);
  });

  it('runs a Deep Research agent in the background to a report', async () => {
    const agent = 'deep-research-pro-preview-12-2025';
    const started = await ai.interactions.create({ agent, input: PROMPT, background: true });
    expect(started).toMatchObject({ status: 'in_progress', agent });
    let polled = await ai.interactions.get(started.id);
    while (polled.status === 'in_progress') polled = await ai.interactions.get(started.id);
    expect(polled.status).toBe('completed');
    expect(polled.output_text).toBe(emu.expectedText(PROMPT));
    expect(emu.requests.find((r) => r.action === 'interactions.create')?.model).toBe(agent);
  });

  it('streams a background run with event ids, and replays it after one', async () => {
    const res = await post(
      '/v1/interactions',
      { model: MODEL, input: PROMPT, stream: true, background: true },
      key,
      'text/event-stream',
    );
    const first = await readInteractionStream(res);
    expect(first.events.every((event) => typeof event.event_id === 'string')).toBe(true);
    const id = (first.events[0]!.interaction as { id: string }).id;
    const resumeAt = first.events[6]!;
    const replayed = await ai.interactions.get(id, {
      stream: true,
      last_event_id: resumeAt.event_id as string,
    });
    const after: InteractionEvent[] = [];
    for await (const event of replayed) after.push(event as unknown as InteractionEvent);
    expect(after).toEqual(first.events.slice(7));
  });
});

describe('faults', () => {
  it('cuts a stream after N characters and leaves the interaction failed with what was sent', async () => {
    emu.injectFault(faults.cut(50));
    const res = await post(
      '/v1/interactions',
      { model: MODEL, input: PROMPT, stream: true },
      key,
      'text/event-stream',
    );
    const read = await readInteractionStream(res);
    expect(read.error).toBeDefined();
    expect(read.done).toBe(false);
    expect(read.text).toBe([...emu.expectedText(PROMPT)].slice(0, 50).join(''));
    expect(read.events.some((event) => event.event_type === 'interaction.completed')).toBe(false);
    const id = (read.events[0]!.interaction as { id: string }).id;
    const stored = await ai.interactions.get(id);
    expect(stored.status).toBe('failed');
    expect(stored.output_text).toBe(read.text);
  });

  it('ends a stream cleanly without its completion, or with half an event', async () => {
    emu.injectFault(faults.endWithoutFinish(30));
    const ended = await readInteractionStream(
      await post('/v1/interactions', { model: MODEL, input: PROMPT, stream: true }, key, 'text/event-stream'),
    );
    expect(ended).toMatchObject({ done: false, leftover: '' });
    expect(ended.error).toBeUndefined();
    expect(ended.text).toBe([...emu.expectedText(PROMPT)].slice(0, 30).join(''));

    emu.injectFault(faults.halfFrame(30));
    const half = await readInteractionStream(
      await post('/v1/interactions', { model: MODEL, input: PROMPT, stream: true }, key, 'text/event-stream'),
    );
    expect(half.done).toBe(false);
    expect(half.leftover.length).toBeGreaterThan(0);
  });

  it('plays 429 and 503 the way generate does, and a real quota per project and model', async () => {
    emu.injectFault(faults.rateLimit({ retryDelay: '7s' }));
    const limited = await post('/v1/interactions', { model: MODEL, input: PROMPT });
    expect(limited.status).toBe(429);
    const body = (await limited.json()) as {
      error: { status: string; details: Array<Record<string, unknown>> };
    };
    expect(body.error.status).toBe('RESOURCE_EXHAUSTED');
    expect(body.error.details.find((d) => d.retryDelay)?.retryDelay).toBe('7s');

    emu.injectFault(faults.overloaded(), { model: MODEL });
    await expect(ai.interactions.create({ model: MODEL, input: PROMPT }, ONCE)).rejects.toMatchObject({
      status: 503,
    });

    const fresh = emu.newKey();
    emu.setProject(fresh, 'metered');
    emu.setQuota({ projectId: 'metered', model: MODEL, rpm: 1 });
    expect((await post('/v1/interactions', { model: MODEL, input: PROMPT }, fresh)).status).toBe(200);
    expect((await post('/v1/interactions', { model: MODEL, input: PROMPT }, fresh)).status).toBe(429);
  });

  it('stalls a stream and then carries on', async () => {
    emu.injectFault(faults.stall(20, 150));
    const started = Date.now();
    const read = await readInteractionStream(
      await post('/v1/interactions', { model: MODEL, input: PROMPT, stream: true }, key, 'text/event-stream'),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(read.text).toBe(emu.expectedText(PROMPT));
    expect(read.done).toBe(true);
  });
});
