import { GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { faults } from './emulator/index.js';
import { readInteractionStream, type InteractionEvent } from './emulator/interaction-sse.js';
import { openStore, type Store } from '../proxy/store/openStore.js';
import { InteractionOwnerRepository } from '../proxy/store/interactionOwners.js';
import { tokenWithPolicy } from './support/policyToken.js';
import { waitForUsageRows } from './support/usageLog.js';

/**
 * Google's Interactions API through gemgate, with the real @google/genai 3.6.1 SDK (`ai.interactions`)
 * on a pool of three projects: whole and streamed interactions exactly as Google answers them, a cut
 * stream completed as one interaction, follow-ups, gets, deletes and cancels at the project that stored
 * the interaction and for its own client only, background runs polled to the end.
 */
const MODEL = 'gemini-2.5-flash';
const PROMPT = 'Describe a quiet harbour at dawn';
/** The SDK retries 429 and 5xx itself; these tests look at each answer gemgate gives. */
const ONCE = { maxRetries: 0 };

describe('Interactions API through a pool of three projects', () => {
  let h: Harness;
  let ai: GoogleGenAI;
  let store: Store;
  /** Gemini key -> gemgate project. */
  const projectOfKey = new Map<string, string>();

  beforeAll(async () => {
    h = await startHarness({
      accounts: { a: { keys: 2 }, b: { keys: 1 }, c: { keys: 1 } },
      emulator: { chunkChars: 16 },
    });
    ai = sdkFor(h.token);
    store = openStore(h.dataDir);
    for (const keys of Object.values(h.keys)) {
      for (const { id, key } of keys) projectOfKey.set(key, store.keys.get(id)!.projectId);
    }
  });
  afterAll(async () => {
    store.close();
    await h.close();
  });

  const sdkFor = (token: string) => new GoogleGenAI({ apiKey: token, httpOptions: { baseUrl: h.url } });
  const owners = () => new InteractionOwnerRepository(store.db);
  /** The emulator's calls of `action` since request number `since`. */
  const calls = (since: number, action: string) =>
    h.emulator.requests.slice(since).filter((r) => r.action === action);
  const projectsOf = (since: number, action: string) =>
    new Set(calls(since, action).map((r) => projectOfKey.get(r.apiKey ?? '')));
  /** The same request straight to the emulator, with a key of its own: what Google answers. */
  const direct = () =>
    new GoogleGenAI({ apiKey: h.emulator.newKey(), httpOptions: { baseUrl: h.emulator.url } });
  /** Ids, signatures and times differ between two interactions (and HTTP headers); everything else must not. */
  const comparable = (value: unknown) =>
    JSON.parse(
      JSON.stringify(value, (key, field: unknown) => (key === 'sdkHttpResponse' ? undefined : field))
        .replace(/v1_[A-Za-z0-9_-]+/g, 'v1_…')
        .replace(/"signature":"[^"]+"/g, '"signature":"…"')
        .replace(/"(created|updated)":"[^"]+"/g, '"$1":"…"'),
    ) as unknown;
  const streamed = (token: string, body: Record<string, unknown>) =>
    fetch(`${h.url}/v1/interactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': token, accept: 'text/event-stream' },
      body: JSON.stringify({ ...body, stream: true }),
    });

  it('answers a whole interaction exactly as Google does, and records who owns it', async () => {
    const since = h.emulator.requests.length;
    const interaction = await ai.interactions.create({ model: MODEL, input: PROMPT });
    const served = projectsOf(since, 'interactions.create');
    const google = await direct().interactions.create({ model: MODEL, input: PROMPT });
    expect(comparable(interaction)).toEqual(comparable(google));
    expect(interaction.output_text).toBe(h.emulator.expectedText(PROMPT));
    const owner = owners().ownerOf(interaction.id);
    expect(owner).toMatchObject({ headId: interaction.id, model: MODEL, background: false });
    expect(served).toEqual(new Set([owner!.projectId]));
  });

  it('streams an interaction exactly as Google does, event for event', async () => {
    const read = await readInteractionStream(await streamed(h.token, { model: MODEL, input: PROMPT }));
    const google = await readInteractionStream(
      await fetch(`${h.emulator.url}/v1/interactions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-goog-api-key': h.emulator.newKey() },
        body: JSON.stringify({ model: MODEL, input: PROMPT, stream: true }),
      }),
    );
    expect(read).toMatchObject({ done: true, leftover: '', text: h.emulator.expectedText(PROMPT) });
    expect(comparable(read.events)).toEqual(comparable(google.events));
  });

  it('completes a stream Gemini cuts off: one interaction, its text exact at the seam, its closing event', async () => {
    h.emulator.injectFault(faults.cut(57));
    const since = h.emulator.requests.length;
    const read = await readInteractionStream(await streamed(h.token, { model: MODEL, input: PROMPT }));
    expect(read).toMatchObject({ done: true, leftover: '', text: h.emulator.expectedText(PROMPT) });
    expect(read.error).toBeUndefined();
    const types = read.events.map((event) => event.event_type);
    expect(types.filter((type) => type === 'interaction.created')).toHaveLength(1);
    expect(types.at(-1)).toBe('interaction.completed');
    const id = (read.events[0]!.interaction as { id: string }).id;
    expect((read.events.at(-1)!.interaction as { id: string; status: string }).id).toBe(id);
    expectWellNumbered(read.events);
    const creates = calls(since, 'interactions.create');
    expect(creates).toHaveLength(2);
    // The continuation went where the cut interaction's conversation is: the same project.
    expect(new Set(creates.map((r) => projectOfKey.get(r.apiKey ?? ''))).size).toBe(1);

    // Read back later, it is one interaction with the whole answer, and follow-ups see all of it.
    const got = await ai.interactions.get(id);
    expect(got.output_text).toBe(h.emulator.expectedText(PROMPT));
    const head = owners().ownerOf(id)!.headId;
    expect(head).not.toBe(id);
    const next = await ai.interactions.create({
      model: MODEL,
      input: 'And then?',
      previous_interaction_id: id,
    });
    expect(next.previous_interaction_id).toBe(id);
    expect(
      (h.emulator.requests.at(-1)!.body as { previous_interaction_id: string }).previous_interaction_id,
    ).toBe(head);
  });

  it('serves five follow-ups each by the project that stored the first', async () => {
    const since = h.emulator.requests.length;
    let turn = await ai.interactions.create({ model: MODEL, input: 'first question' });
    const project = owners().ownerOf(turn.id)!.projectId;
    for (let i = 1; i <= 5; i++) {
      turn = await ai.interactions.create({
        model: MODEL,
        input: `follow-up ${i}`,
        previous_interaction_id: turn.id,
      });
      expect(turn.output_text).toBe(h.emulator.expectedText(`follow-up ${i}`));
      expect(owners().ownerOf(turn.id)!.projectId).toBe(project);
    }
    expect(calls(since, 'interactions.create')).toHaveLength(6);
    expect(projectsOf(since, 'interactions.create')).toEqual(new Set([project]));
  });

  it('gets and deletes its own interaction, at its project', async () => {
    const made = await ai.interactions.create({ model: MODEL, input: PROMPT });
    const project = owners().ownerOf(made.id)!.projectId;
    const since = h.emulator.requests.length;
    const got = await ai.interactions.get(made.id);
    expect(got.id).toBe(made.id);
    expect(got.steps.map((step) => step.type)).toEqual(['user_input', 'thought', 'model_output']);
    expect(got.output_text).toBe(made.output_text);
    await ai.interactions.delete(made.id);
    expect(projectsOf(since, 'interactions.get')).toEqual(new Set([project]));
    expect(projectsOf(since, 'interactions.delete')).toEqual(new Set([project]));
    await expect(ai.interactions.get(made.id, {}, ONCE)).rejects.toMatchObject({ status: 404 });
    expect(owners().ownerOf(made.id)).toBeUndefined();
  });

  it('hides another token’s interaction as Google hides a stranger’s, without asking Google', async () => {
    const mine = await ai.interactions.create({ model: MODEL, input: PROMPT });
    const stranger = sdkFor(h.gateway.createClientToken('stranger').token);
    const since = h.emulator.requests.length;
    await expect(stranger.interactions.get(mine.id, {}, ONCE)).rejects.toMatchObject({ status: 404 });
    await expect(stranger.interactions.delete(mine.id, {}, ONCE)).rejects.toMatchObject({ status: 404 });
    await expect(stranger.interactions.cancel(mine.id, {}, ONCE)).rejects.toMatchObject({ status: 404 });
    await expect(
      stranger.interactions.create({ model: MODEL, input: 'x', previous_interaction_id: mine.id }, ONCE),
    ).rejects.toMatchObject({ status: 404 });
    expect(h.emulator.requests.length).toBe(since);
    expect((await ai.interactions.get(mine.id)).id).toBe(mine.id);
  });

  it('polls a background interaction to completion at its project, and cancels one', async () => {
    const started = await ai.interactions.create({ model: MODEL, input: PROMPT, background: true });
    expect(started.status).toBe('in_progress');
    const project = owners().ownerOf(started.id)!.projectId;
    const since = h.emulator.requests.length;
    let polled = await ai.interactions.get(started.id);
    while (polled.status === 'in_progress') polled = await ai.interactions.get(started.id);
    expect(polled.status).toBe('completed');
    expect(polled.output_text).toBe(h.emulator.expectedText(PROMPT));
    expect(projectsOf(since, 'interactions.get')).toEqual(new Set([project]));

    const agent = 'deep-research-pro-preview-12-2025';
    const research = await ai.interactions.create({ agent, input: 'Harbours of Norway', background: true });
    const cancelled = await ai.interactions.cancel(research.id);
    expect(cancelled.status).toBe('cancelled');
    expect(projectsOf(since, 'interactions.cancel')).toEqual(
      new Set([owners().ownerOf(research.id)!.projectId]),
    );
  });

  it('tells a client its interaction’s project is cooling down with a 429 and when to come back', async () => {
    const first = await ai.interactions.create({ model: MODEL, input: PROMPT });
    const project = owners().ownerOf(first.id)!.projectId;
    for (const [key, owner] of projectOfKey) {
      if (owner === project) h.emulator.injectFault(faults.rateLimit({ retryDelay: '40s' }), { key });
    }
    const res = await fetch(`${h.url}/v1/interactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': h.token },
      body: JSON.stringify({ model: MODEL, input: 'next', previous_interaction_id: first.id }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(30);
    // Every other project still takes new conversations.
    expect((await ai.interactions.create({ model: MODEL, input: 'elsewhere' })).status).toBe('completed');
  });

  it('keeps the interactions of a client whose policy says so from being stored', async () => {
    const token = tokenWithPolicy(h.dataDir, 'no-store', { storeInteractions: false });
    const client = sdkFor(token);
    const made = await client.interactions.create({ model: MODEL, input: PROMPT, store: true });
    expect(made.output_text).toBe(h.emulator.expectedText(PROMPT));
    expect((h.emulator.requests.at(-1)!.body as { store: boolean }).store).toBe(false);
    expect(owners().ownerOf(made.id)).toBeUndefined();
    await expect(
      client.interactions.create({ model: MODEL, input: 'x', background: true }, ONCE),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('holds a client to its policy: models it may use, its rate', async () => {
    const token = tokenWithPolicy(h.dataDir, 'pro-only', { allowModels: ['gemini-2.5-pro'], rpm: 1 });
    const since = h.emulator.requests.length;
    const refused = await fetch(`${h.url}/v1/interactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': token },
      body: JSON.stringify({ model: MODEL, input: PROMPT }),
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'model_not_allowed' } });
    const client = sdkFor(token);
    expect((await client.interactions.create({ model: 'gemini-2.5-pro', input: PROMPT })).status).toBe(
      'completed',
    );
    await expect(
      client.interactions.create({ model: 'gemini-2.5-pro', input: PROMPT }, ONCE),
    ).rejects.toMatchObject({ status: 429 });
    expect(calls(since, 'interactions.create')).toHaveLength(1);
  });

  it('logs each interaction with its tokens and cost in the request log', async () => {
    const rows = await waitForUsageRows(h.dataDir, 10);
    const creates = rows.filter((row) => row.endpoint === 'interactions.create' && row.status === 200);
    expect(creates.length).toBeGreaterThan(0);
    expect(creates[0]).toMatchObject({ dialect: 'gemini', model: MODEL });
    expect(Number(creates[0]!.prompt_tokens)).toBeGreaterThan(0);
    expect(Number(creates[0]!.output_tokens)).toBeGreaterThan(0);
    expect(Number(creates[0]!.cost_usd)).toBeGreaterThan(0);
  });
});

/** Every step the client saw starts once, stops once, in order, and its deltas fall in between. */
function expectWellNumbered(events: InteractionEvent[]): void {
  const open = new Set<number>();
  let next = 0;
  for (const event of events) {
    const index = event.index as number;
    if (event.event_type === 'step.start') {
      expect(index).toBe(next++);
      open.add(index);
    }
    if (event.event_type === 'step.delta') expect(open.has(index)).toBe(true);
    if (event.event_type === 'step.stop') expect(open.delete(index)).toBe(true);
  }
  expect(open.size).toBe(0);
}
