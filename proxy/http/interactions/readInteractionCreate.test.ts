import { describe, expect, it } from 'vitest';
import { GatewayError } from '../gatewayError.js';
import { readInteractionCreate, withStorePolicy } from './readInteractionCreate.js';

const MODEL = 'gemini-2.5-flash';

describe('a create request, as gemgate decides by it', () => {
  it.each([
    [
      'a model run',
      { model: MODEL, input: 'Hi' },
      { name: MODEL, agent: false, stream: false, background: false, store: true },
    ],
    [
      'the models/ prefix',
      { model: `models/${MODEL}`, input: 'Hi' },
      { name: MODEL, body: { model: MODEL, input: 'Hi' } },
    ],
    [
      'an agent in the background, streamed',
      { agent: 'deep-research-pro-preview-12-2025', input: 'Q', background: true, stream: true },
      { name: 'deep-research-pro-preview-12-2025', agent: true, stream: true, background: true },
    ],
    ['not stored', { model: MODEL, input: 'Hi', store: false }, { store: false }],
    ['a follow-up', { model: MODEL, input: 'Hi', previous_interaction_id: 'v1_a' }, { previousId: 'v1_a' }],
  ])('%s', (_name, body, read) => {
    expect(readInteractionCreate(body)).toMatchObject(read);
  });

  it.each([
    ['not an object', ['model'], /JSON object/],
    ['both model and agent', { model: MODEL, agent: 'a' }, /either model or agent/],
    ['neither', { input: 'Hi' }, /model or agent is required/],
    ['an empty model', { model: '' }, /model or agent is required/],
    ['stream as a string', { model: MODEL, stream: 'yes' }, /stream must be a boolean/],
    ['store as a number', { model: MODEL, store: 0 }, /store must be a boolean/],
    ['an empty previous id', { model: MODEL, previous_interaction_id: '' }, /previous_interaction_id/],
  ])('refuses %s with a 400', (_name, body, message) => {
    const read = () => readInteractionCreate(body);
    expect(read).toThrow(GatewayError);
    expect(read).toThrow(message);
  });

  it('sends every create of a client whose policy stores nothing with store: false', () => {
    const read = readInteractionCreate({ model: MODEL, input: 'Hi', store: true });
    expect(withStorePolicy(read, {})).toBe(read);
    expect(withStorePolicy(read, { storeInteractions: false })).toMatchObject({
      store: false,
      body: { model: MODEL, input: 'Hi', store: false },
    });
  });

  it.each([
    [
      'a follow-up',
      { model: MODEL, previous_interaction_id: 'v1_a' },
      /previous_interaction_id needs a stored/,
    ],
    ['a background run', { model: MODEL, background: true }, /background: true needs a stored/],
  ])('refuses %s for a client whose policy stores nothing', (_name, body, message) => {
    expect(() => withStorePolicy(readInteractionCreate(body), { storeInteractions: false })).toThrow(message);
  });

  it('leaves the client’s body untouched', () => {
    const body = { model: `models/${MODEL}`, input: 'Hi' };
    withStorePolicy(readInteractionCreate(body), { storeInteractions: false });
    expect(body).toEqual({ model: `models/${MODEL}`, input: 'Hi' });
  });
});
