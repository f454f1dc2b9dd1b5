import { describe, expect, it } from 'vitest';
import { parseChatRequest } from './parseChatRequest.js';
import { toResponseModalities } from './toResponseModalities.js';

const base = { model: 'gemini-2.5-flash-image', messages: [{ role: 'user', content: 'Draw a cat' }] };
const modalitiesFor = (modalities: unknown) =>
  toResponseModalities(parseChatRequest({ ...base, modalities }));

describe('toResponseModalities', () => {
  it.each([
    [undefined, undefined],
    [null, undefined],
    [[], undefined],
    [['text'], ['TEXT']],
    [
      ['text', 'image'],
      ['TEXT', 'IMAGE'],
    ],
    [
      ['image', 'text'],
      ['IMAGE', 'TEXT'],
    ],
    [['image'], ['IMAGE']],
    [['image', 'image'], ['IMAGE']],
  ])('%j -> %j', (modalities, expected) => {
    expect(modalitiesFor(modalities)).toEqual(expected);
  });

  it.each([[['audio']], [['text', 'audio']]])('%j is a 400 naming modalities', (modalities) => {
    expect(() => modalitiesFor(modalities)).toThrow(
      expect.objectContaining({ name: 'InputError', param: 'modalities' }),
    );
  });

  it('an unknown modality is a 400 naming it', () => {
    expect(() => parseChatRequest({ ...base, modalities: ['video'] })).toThrow(
      expect.objectContaining({ name: 'InputError', param: 'modalities[0]' }),
    );
  });
});
