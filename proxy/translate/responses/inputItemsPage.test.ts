import { describe, expect, it } from 'vitest';
import { inputItemsPage } from './inputItemsPage.js';
import type { StoredItem } from './storedInputItems.js';
import type { InputError } from '../../failures/inputError.js';

const ITEMS: StoredItem[] = ['a', 'b', 'c', 'd', 'e'].map((name) => ({ id: `msg_${name}`, type: 'message' }));
const ids = (query: Record<string, unknown>) => {
  const page = inputItemsPage(ITEMS, query);
  return [page.data.map((item) => item.id.slice(4)).join(''), page.has_more, page.first_id, page.last_id];
};

describe('inputItemsPage', () => {
  it.each([
    ['newest first by default', {}, ['edcba', false, 'msg_e', 'msg_a']],
    ['in the order given with order=asc', { order: 'asc' }, ['abcde', false, 'msg_a', 'msg_e']],
    ['limit cuts the page and says more follow', { limit: '2' }, ['ed', true, 'msg_e', 'msg_d']],
    [
      'after the last id of a page comes the next',
      { limit: '2', after: 'msg_d' },
      ['cb', true, 'msg_c', 'msg_b'],
    ],
    ['the last page has no more', { limit: '2', after: 'msg_b' }, ['a', false, 'msg_a', 'msg_a']],
    ['after, in ascending order', { order: 'asc', after: 'msg_c' }, ['de', false, 'msg_d', 'msg_e']],
    ['before an id', { order: 'asc', before: 'msg_c' }, ['ab', false, 'msg_a', 'msg_b']],
    ['include is accepted', { include: ['reasoning.encrypted_content'] }, ['edcba', false, 'msg_e', 'msg_a']],
    ['nothing after the last item', { after: 'msg_a' }, ['', false, null, null]],
  ])('%s', (_name, query, expected) => {
    expect(ids(query)).toEqual(expected);
  });

  it('is a list object, as the openai SDK pages it', () => {
    expect(inputItemsPage(ITEMS, { limit: 1 })).toEqual({
      object: 'list',
      data: [ITEMS[4]],
      first_id: 'msg_e',
      last_id: 'msg_e',
      has_more: true,
    });
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '101' }, 'limit'],
    [{ limit: 'many' }, 'limit'],
    [{ order: 'newest' }, 'order'],
    [{ after: 'msg_zz' }, 'after'],
    [{ include: ['everything'] }, 'include'],
  ])('%j is a 400 naming %s', (query, param) => {
    let error: InputError | undefined;
    try {
      inputItemsPage(ITEMS, query);
    } catch (caught) {
      error = caught as InputError;
    }
    expect(error).toMatchObject({ status: 400, param });
  });
});
