import { GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { faults, type Fault } from './emulator/index.js';
import { readInteractionStream, type InteractionEvent } from './emulator/interaction-sse.js';
import { openStore, type Store } from '../proxy/store/openStore.js';
import { InteractionOwnerRepository } from '../proxy/store/interactionOwners.js';
import { tokenWithPolicy } from './support/policyToken.js';
import { waitForUsageRows } from './support/usageLog.js';

/**
 * Interactions that Gemini cuts off, through gemgate, read by the real @google/genai 3.6.1 SDK: every
 * fault of the emulator, streamed and whole, ends as one complete interaction with its text exact; a
 * background run is reattached; an answer that cannot be completed says so.
 */
const MODEL = 'gemini-2.5-flash';
const PROMPT = 'Describe a quiet harbour at dawn';

describe('interactions Gemini cuts off, completed through gemgate', () => {
  let h: Harness;
  let ai: GoogleGenAI;
  let store: Store;

  beforeAll(async () => {
    h = await startHarness({
      accounts: { a: { keys: 1 }, b: { keys: 1 }, c: { keys: 1 } },
      emulator: { chunkChars: 16 },
      settings: { 'resume.stallTimeoutMs': 1000 },
    });
    ai = new GoogleGenAI({ apiKey: h.token, httpOptions: { baseUrl: h.url } });
    store = openStore(h.dataDir);
  });
  afterAll(async () => {
    store.close();
    await h.close();
  });
  beforeEach(() => {
    expect(h.emulator.pendingFaults()).toBe(0);
  });

  const expected = () => h.emulator.expectedText(PROMPT);
  const owners = () => new InteractionOwnerRepository(store.db);

  /** A streamed create read by the SDK, as an application reads it. */
  async function streamedBySdk(body: Record<string, unknown> = { model: MODEL, input: PROMPT }) {
    const stream = await ai.interactions.create({ ...body, stream: true } as Parameters<
      typeof ai.interactions.create
    >[0] & { stream: true });
    const events: InteractionEvent[] = [];
    for await (const event of stream) events.push(event as unknown as InteractionEvent);
    const text = events
      .filter((event) => event.event_type === 'step.delta')
      .map((event) => event.delta as { type: string; text?: string })
      .filter((delta) => delta.type === 'text')
      .map((delta) => delta.text)
      .join('');
    return { events, text };
  }

  it.each([
    ['cut mid-answer', faults.cut(41)],
    ['half an event, then a clean end', faults.halfFrame(33)],
    ['a clean end without its completion', faults.endWithoutFinish(70)],
    ['silent past the stall timeout', faults.stall(20, 2500)],
    ['a repeat of the last words at the seam', faults.cut(52)],
  ] as Array<[string, Fault]>)('completes a stream %s, exact, as one interaction', async (name, fault) => {
    h.emulator.injectFault(fault);
    if (name.startsWith('a repeat')) h.emulator.injectFault(faults.repeatOverlap(9));
    const { events, text } = await streamedBySdk();
    expect(text).toBe(expected());
    const created = events.filter((event) => event.event_type === 'interaction.created');
    expect(created).toHaveLength(1);
    const last = events.at(-1)!;
    expect(last.event_type).toBe('interaction.completed');
    expect((last.interaction as { id: string }).id).toBe((created[0]!.interaction as { id: string }).id);
  });

  it('completes a whole interaction whose stream was cut, and reads it back whole', async () => {
    h.emulator.injectFault(faults.cut(60));
    const interaction = await ai.interactions.create({ model: MODEL, input: PROMPT });
    expect(interaction.status).toBe('completed');
    expect(interaction.output_text).toBe(expected());
    expect(interaction.steps.map((step) => step.type)).toEqual(['thought', 'model_output']);
    const got = await ai.interactions.get(interaction.id);
    expect(got.id).toBe(interaction.id);
    expect(got.output_text).toBe(expected());
    expect(got.steps.map((step) => step.type)).toEqual(['user_input', 'model_output']);
  });

  it('fails over before the first byte: a 503 and a 429 cost the client nothing', async () => {
    h.emulator.injectFault(faults.overloaded());
    h.emulator.injectFault(faults.rateLimit({ retryDelay: '20s' }));
    const since = h.emulator.requests.length;
    const { text } = await streamedBySdk();
    expect(text).toBe(expected());
    // One request of the client's, three keys tried by gemgate: the SDK never had to retry.
    expect(h.emulator.requests.slice(since).map((r) => r.action)).toEqual([
      'interactions.create',
      'interactions.create',
      'interactions.create',
    ]);
  });

  it('logs a resumed interaction once, with every attempt billed', async () => {
    // A client of its own, so that its one row is found however the log's batches fall.
    const token = h.gateway.createClientToken('logged');
    const client = new GoogleGenAI({ apiKey: token.token, httpOptions: { baseUrl: h.url } });
    h.emulator.injectFault(faults.cut(30));
    const stream = await client.interactions.create({ model: MODEL, input: PROMPT, stream: true });
    for await (const _event of stream) {
      // read to the end
    }
    const mine = async () => (await waitForUsageRows(h.dataDir, 1)).filter((r) => r.client_id === token.id);
    let rows = await mine();
    for (let i = 0; rows.length === 0 && i < 100; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      rows = await mine();
    }
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({
      endpoint: 'interactions.create',
      model: MODEL,
      attempts: 2,
      resumes: 1,
      stream: 1,
    });
    expect(Number(row.prompt_tokens)).toBeGreaterThan(0);
    expect(Number(row.cost_usd)).toBeGreaterThan(0);
  });

  it('reattaches to a background run whose stream dropped, after the last event the client got', async () => {
    h.emulator.injectFault(faults.cut(45));
    const since = h.emulator.requests.length;
    const res = await fetch(`${h.url}/v1/interactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': h.token },
      body: JSON.stringify({ model: MODEL, input: PROMPT, stream: true, background: true }),
    });
    const read = await readInteractionStream(res);
    expect(read).toMatchObject({ done: true, text: expected() });
    const ids = read.events.map((event) => event.event_id);
    expect(new Set(ids).size).toBe(ids.length);
    const calls = h.emulator.requests.slice(since);
    expect(calls.map((r) => r.action)).toEqual(['interactions.create', 'interactions.get']);
    expect(calls[1]!.query).toMatchObject({ stream: 'true', last_event_id: expect.stringMatching(/^evt_/) });
    const id = (read.events[0]!.interaction as { id: string }).id;
    expect(owners().ownerOf(id)).toMatchObject({ headId: id, background: true });
  });

  it('ends an answer it cannot complete with an error event the SDK yields', async () => {
    const token = tokenWithPolicy(h.dataDir, 'no-resume', { resume: false });
    const client = new GoogleGenAI({ apiKey: token, httpOptions: { baseUrl: h.url } });
    h.emulator.injectFault(faults.cut(25));
    const stream = await client.interactions.create({ model: MODEL, input: PROMPT, stream: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.event_type);
    expect(types.at(-1)).toBe('error');
    expect(types).not.toContain('interaction.completed');
  });

  it('keeps a follow-up on a resumed interaction on the whole answer', async () => {
    h.emulator.injectFault(faults.cut(38));
    const { events } = await streamedBySdk();
    const id = (events[0]!.interaction as { id: string }).id;
    const head = owners().ownerOf(id)!.headId;
    expect(head).not.toBe(id);
    const next = await ai.interactions.create({
      model: MODEL,
      input: 'And the boats?',
      previous_interaction_id: id,
    });
    expect(next.output_text).toBe(h.emulator.expectedText('And the boats?'));
    const sent = h.emulator.requests.at(-1)!.body as { previous_interaction_id: string };
    expect(sent.previous_interaction_id).toBe(head);
    // Deleting the client's interaction deletes every attempt of it at Google.
    await ai.interactions.delete(id);
    const deleted = h.emulator.requests.filter((r) => r.action === 'interactions.delete').map((r) => r.path);
    expect(deleted).toEqual(expect.arrayContaining([`/v1/interactions/${id}`, `/v1/interactions/${head}`]));
  });
});
