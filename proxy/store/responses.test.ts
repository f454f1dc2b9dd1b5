import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './openStore.js';
import { FileSecretStore } from '../secrets/fileStore.js';
import {
  RESPONSE_KEY_SECRET_ID,
  RESPONSE_STORE_LIMITS,
  ResponseStore,
  type ResponseStoreLimits,
} from './responses.js';
import type { ConversationState } from '../translate/responses/index.js';
import { tempDataDir } from '../../test/support/dataDir.js';

const PASSPHRASE = 'store test passphrase';
const DAY = 24 * 60 * 60 * 1000;

/** A turn whose text says which response it belongs to. */
const turn = (name: string): ConversationState => ({
  contents: [
    { role: 'user', parts: [{ text: `question ${name}` }] },
    { role: 'model', parts: [{ text: `answer ${name}`, thoughtSignature: `sig-${name}` }] },
  ],
  systemTexts: [`system ${name}`],
  calls: [[`call_${name}`, 'lookup']],
});
const record = (name: string) => ({ response: { id: name, object: 'response' }, turn: turn(name) });
/** An answer's message item, as a Response's output holds it. */
const answer = {
  type: 'message',
  role: 'assistant',
  id: 'msg_a',
  content: [{ type: 'output_text', text: 'A' }],
};

describe('ResponseStore', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  /** A real database and secrets file in a fresh data folder; `reopen` plays a gateway restart. */
  function open(limits: Partial<ResponseStoreLimits> = {}) {
    const { dir, cleanup } = tempDataDir('responses');
    const stores: Store[] = [];
    let now = 1_767_000_000_000;
    const clock = {
      advance: (ms: number) => {
        now += ms;
      },
    };
    const make = () => {
      const store = openStore(dir);
      stores.push(store);
      const secrets = FileSecretStore.open(dir, PASSPHRASE);
      return {
        store,
        secrets,
        responses: new ResponseStore(store.db, secrets, { ...RESPONSE_STORE_LIMITS, ...limits }, () => now),
      };
    };
    const first = make();
    const alice = first.store.tokens.create('alice').record.id;
    const bob = first.store.tokens.create('bob').record.id;
    cleanups.push(() => {
      stores.forEach((store) => store.close());
      cleanup();
    });
    return { ...first, alice, bob, clock, reopen: make };
  }

  it('gives a stored response back to its client only', async () => {
    const { responses, alice, bob } = open();
    await responses.ready();
    responses.save(alice, 'resp_1', null, record('one'));
    expect(await responses.get(alice, 'resp_1')).toEqual(record('one'));
    expect(await responses.get(bob, 'resp_1')).toBeUndefined();
    expect(await responses.conversation(bob, 'resp_1')).toBeUndefined();
    expect(responses.delete(bob, 'resp_1')).toBe(false);
    expect(responses.delete(alice, 'resp_1')).toBe(true);
    expect(await responses.get(alice, 'resp_1')).toBeUndefined();
  });

  it('reads a conversation back along its chain, oldest turn first', async () => {
    const { responses, alice } = open();
    await responses.ready();
    responses.save(alice, 'resp_1', null, record('one'));
    responses.save(alice, 'resp_2', 'resp_1', record('two'));
    responses.save(alice, 'resp_3', 'resp_2', record('three'));
    const conversation = await responses.conversation(alice, 'resp_3');
    expect(conversation?.contents.map((content) => content.parts[0]!.text)).toEqual([
      'question one',
      'answer one',
      'question two',
      'answer two',
      'question three',
      'answer three',
    ]);
    expect(conversation?.systemTexts).toEqual(['system one', 'system two', 'system three']);
    expect(conversation?.calls.map(([id]) => id)).toEqual(['call_one', 'call_two', 'call_three']);
    // A gap anywhere in the chain: the conversation cannot be continued.
    responses.delete(alice, 'resp_2');
    expect(await responses.conversation(alice, 'resp_3')).toBeUndefined();
  });

  it('seals what it keeps with a key from the secret store, the same key after a restart', async () => {
    const { responses, alice, secrets, store, reopen } = open();
    expect(await secrets.get(RESPONSE_KEY_SECRET_ID)).toBeNull();
    // Looking something up never makes a key.
    expect(await responses.get(alice, 'resp_missing')).toBeUndefined();
    expect(await secrets.get(RESPONSE_KEY_SECRET_ID)).toBeNull();
    await responses.ready();
    responses.save(alice, 'resp_1', null, record('one'));
    const row = JSON.stringify(store.db.prepare('SELECT * FROM stored_responses').all());
    expect(row).not.toContain('question one');
    expect(row).not.toContain('sig-one');
    expect(await secrets.get(RESPONSE_KEY_SECRET_ID)).toMatch(/^[A-Za-z0-9+/]{43}=$/);

    const restarted = reopen();
    expect(await restarted.responses.get(alice, 'resp_1')).toEqual(record('one'));
  });

  it('treats a row it cannot open as gone: altered, moved to another client, or sealed with a lost key', async () => {
    const { responses, alice, bob, store, secrets, reopen } = open();
    await responses.ready();
    responses.save(alice, 'resp_1', null, record('one'));
    responses.save(alice, 'resp_2', null, record('two'));
    responses.save(alice, 'resp_3', null, record('three'));
    const sealed = store.db
      .prepare("SELECT sealed FROM stored_responses WHERE id = 'resp_1'")
      .pluck()
      .get() as string;
    const altered = JSON.parse(sealed) as { data: string };
    altered.data = `${altered.data.startsWith('A') ? 'B' : 'A'}${altered.data.slice(1)}`;
    store.db
      .prepare("UPDATE stored_responses SET sealed = ? WHERE id = 'resp_1'")
      .run(JSON.stringify(altered));
    store.db.prepare("UPDATE stored_responses SET client_id = ? WHERE id = 'resp_2'").run(bob);
    expect(await responses.get(alice, 'resp_1')).toBeUndefined();
    expect(await responses.get(bob, 'resp_2')).toBeUndefined();
    expect(store.db.prepare('SELECT id FROM stored_responses').pluck().all()).toEqual(['resp_3']);

    await secrets.delete(RESPONSE_KEY_SECRET_ID);
    const restarted = reopen();
    expect(await restarted.responses.get(alice, 'resp_3')).toBeUndefined();
  });

  it('forgets a response not used for the expiry period; using it (or continuing from it) keeps it', async () => {
    const { responses, alice, clock } = open({ ttlMs: 10 * DAY });
    await responses.ready();
    responses.save(alice, 'resp_old', null, record('old'));
    responses.save(alice, 'resp_used', null, record('used'));
    clock.advance(6 * DAY);
    expect(await responses.conversation(alice, 'resp_used')).toBeDefined();
    clock.advance(6 * DAY);
    expect(await responses.get(alice, 'resp_old')).toBeUndefined();
    expect(await responses.get(alice, 'resp_used')).toBeDefined();
  });

  it('keeps each client within its count and bytes, dropping its least recently used first', async () => {
    const { responses, alice, bob, clock, store } = open({ maxPerClient: 3 });
    await responses.ready();
    for (const name of ['1', '2', '3']) {
      responses.save(alice, `resp_${name}`, null, record(name));
      clock.advance(1000);
    }
    responses.save(bob, 'resp_bob', null, record('bob'));
    await responses.get(alice, 'resp_1'); // now the most recently used
    clock.advance(1000);
    responses.save(alice, 'resp_4', null, record('4'));
    const ids = store.db.prepare('SELECT id FROM stored_responses ORDER BY id').pluck().all();
    expect(ids).toEqual(['resp_1', 'resp_3', 'resp_4', 'resp_bob']);
  });

  it('keeps all clients together within the total bytes, but always the response just stored', async () => {
    const size = (await sealedSize()) + 1;
    const { responses, alice, bob, clock, store } = open({ maxBytesTotal: size * 2 });
    await responses.ready();
    responses.save(alice, 'resp_a', null, record('a'));
    clock.advance(1000);
    responses.save(bob, 'resp_b', null, record('b'));
    clock.advance(1000);
    responses.save(alice, 'resp_c', null, record('c'));
    expect(store.db.prepare('SELECT id FROM stored_responses ORDER BY id').pluck().all()).toEqual([
      'resp_b',
      'resp_c',
    ]);

    const tiny = open({ maxBytesPerClient: 10 });
    await tiny.responses.ready();
    tiny.responses.save(tiny.alice, 'resp_big', null, record('big'));
    expect(await tiny.responses.get(tiny.alice, 'resp_big')).toBeDefined();
  });

  /** The sealed size of one test record. */
  async function sealedSize(): Promise<number> {
    const probe = open();
    await probe.responses.ready();
    probe.responses.save(probe.alice, 'resp_probe', null, record('x'));
    return probe.store.db.prepare('SELECT bytes FROM stored_responses').pluck().get() as number;
  }

  it('goes with its client token', async () => {
    const { responses, alice, store } = open();
    await responses.ready();
    responses.save(alice, 'resp_1', null, record('one'));
    store.db.prepare('DELETE FROM client_tokens WHERE id = ?').run(alice);
    expect(store.db.prepare('SELECT COUNT(*) FROM stored_responses').pluck().get()).toBe(0);
  });

  it('finds the items of its stored responses by id, input and output alike, for their own client only', async () => {
    const { responses, alice, bob, reopen } = open();
    await responses.ready();
    const question = {
      type: 'message',
      role: 'user',
      id: 'msg_q',
      content: [{ type: 'input_text', text: 'Q' }],
    };
    const reasoning = { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'gemgate.1.e30' };
    responses.save(alice, 'resp_1', null, {
      response: { id: 'resp_1', object: 'response', output: [reasoning, answer] },
      turn: turn('one'),
      inputItems: [question],
    });
    expect(await responses.items(alice, ['rs_1', 'msg_q', 'msg_a', 'msg_nope'])).toEqual(
      new Map<string, unknown>([
        ['rs_1', reasoning],
        ['msg_q', question],
        ['msg_a', answer],
      ]),
    );
    expect((await responses.items(bob, ['rs_1', 'msg_q'])).size).toBe(0);
    // After a restart, through the same sealing key.
    const again = reopen();
    expect((await again.responses.items(alice, ['msg_a'])).get('msg_a')).toEqual(answer);
    expect(await again.responses.get(alice, 'resp_1')).toMatchObject({ inputItems: [question] });
  });

  it('an item sent back in a later stored response is found there; deleting a response takes its items', async () => {
    const { responses, alice } = open();
    await responses.ready();
    responses.save(alice, 'resp_1', null, {
      response: { id: 'resp_1', output: [answer] },
      turn: turn('one'),
    });
    responses.save(alice, 'resp_2', null, {
      response: { id: 'resp_2', output: [] },
      turn: turn('two'),
      inputItems: [answer],
    });
    responses.delete(alice, 'resp_1');
    expect((await responses.items(alice, ['msg_a'])).get('msg_a')).toEqual(answer);
    responses.delete(alice, 'resp_2');
    expect((await responses.items(alice, ['msg_a'])).size).toBe(0);
  });
});
