import { describe, expect, it } from 'vitest';
import { fileNameOf, resourceNamesOf, ResourceOwnership, type OwnershipBook } from './fileOwnership.js';
import { ForeignResource, MixedOwners } from '../failures/failures.js';
import type { OwnedResource } from '../store/files.js';

const part = (fileUri: string) => ({ fileData: { mimeType: 'application/pdf', fileUri } });
const user = (...parts: object[]) => ({ role: 'user', parts });

describe('resourceNamesOf: the files and caches a request names, where Gemini reads them', () => {
  it.each([
    ['a generate request', { contents: [user(part('files/a'), { text: 'hi' })] }, ['files/a']],
    [
      'a full URI, v1beta or v1, each name once',
      {
        contents: [
          user(part('https://generativelanguage.googleapis.com/v1beta/files/a')),
          user(part('https://generativelanguage.googleapis.com/v1/files/a'), part('files/b')),
        ],
      },
      ['files/a', 'files/b'],
    ],
    [
      'the system instruction',
      { contents: [user({ text: 'x' })], systemInstruction: user(part('files/s')) },
      ['files/s'],
    ],
    [
      'a cached content',
      { contents: [user({ text: 'x' })], cachedContent: 'cachedContents/c1' },
      ['cachedContents/c1'],
    ],
    [
      'countTokens with a whole generate request',
      { generateContentRequest: { contents: [user(part('files/g'))], cachedContent: 'cachedContents/c2' } },
      ['files/g', 'cachedContents/c2'],
    ],
    [
      'not Files API URIs: YouTube, gs://, another host’s path, a download URI',
      {
        contents: [
          user(
            part('https://www.youtube.com/watch?v=9hE5-98ZeCg'),
            part('gs://bucket/report.pdf'),
            part('https://example.com/some/files/report.pdf'),
            part('https://generativelanguage.googleapis.com/v1beta/files/a:download'),
          ),
        ],
        cachedContent: 'not-a-cache',
      },
      [],
    ],
    ['a malformed body', { contents: 'nope', systemInstruction: 3 }, []],
    ['null', null, []],
  ])('%s', (_name, body, names) => {
    expect(resourceNamesOf(body)).toEqual(names);
  });

  it('reads a file name from a full URI or a bare name', () => {
    expect(fileNameOf('https://generativelanguage.googleapis.com/v1beta/files/abc-1')).toBe('files/abc-1');
    expect(fileNameOf('files/abc-1')).toBe('files/abc-1');
    expect(fileNameOf('files/')).toBeUndefined();
    expect(fileNameOf(42)).toBeUndefined();
  });
});

/** A registry in memory, shaped like the store's. */
function bookOf(records: Array<Pick<OwnedResource, 'name' | 'projectId' | 'clientId'>>): OwnershipBook & {
  lookups: number;
} {
  const book = {
    lookups: 0,
    isEmpty: () => records.length === 0,
    getMany(names: readonly string[]) {
      book.lookups++;
      const found = new Map<string, OwnedResource>();
      for (const record of records) {
        if (names.includes(record.name)) found.set(record.name, record as OwnedResource);
      }
      return found;
    },
  };
  return book;
}

describe('ResourceOwnership', () => {
  const book = bookOf([
    { name: 'files/a', projectId: 'prj_1', clientId: 'tok_alice' },
    { name: 'files/b', projectId: 'prj_1', clientId: 'tok_alice' },
    { name: 'cachedContents/c', projectId: 'prj_1', clientId: 'tok_alice' },
    { name: 'files/z', projectId: 'prj_2', clientId: 'tok_alice' },
    { name: 'files/bobs', projectId: 'prj_2', clientId: 'tok_bob' },
  ]);
  const ownership = new ResourceOwnership(book);

  it('sends a request to the one project that owns what it names', () => {
    expect(ownership.ownerOf({ contents: [user(part('files/a'), part('files/b'))] })).toEqual({
      projectId: 'prj_1',
      resource: 'files/a',
    });
    expect(
      ownership.ownerOf({ contents: [user(part('files/b'))], cachedContent: 'cachedContents/c' }),
    ).toMatchObject({
      projectId: 'prj_1',
    });
    expect(ownership.ownerOf({ contents: [user(part('files/unknown'), { text: 'x' })] })).toBeUndefined();
  });

  it('refuses files of two projects in one request, naming them', () => {
    const mixed = () => ownership.ownerOf({ contents: [user(part('files/a'), part('files/z'))] });
    expect(mixed).toThrow(MixedOwners);
    expect(mixed).toThrow(/files\/a, files\/z/);
  });

  it("refuses another client's file as Gemini refuses a stranger, and lets unknown names through", () => {
    expect(() => ownership.assertVisibleTo({ contents: [user(part('files/bobs'))] }, 'tok_alice')).toThrow(
      ForeignResource,
    );
    expect(() =>
      ownership.assertVisibleTo({ contents: [user(part('files/bobs'))] }, 'tok_bob'),
    ).not.toThrow();
    expect(() =>
      ownership.assertVisibleTo({ contents: [user(part('files/elsewhere'))] }, 'tok_bob'),
    ).not.toThrow();
  });

  it('asks the store nothing while it holds nothing, nor for a request naming nothing', () => {
    const empty = bookOf([]);
    const idle = new ResourceOwnership(empty);
    expect(idle.ownerOf({ contents: [user(part('files/a'))] })).toBeUndefined();
    expect(empty.lookups).toBe(0);
    const before = book.lookups;
    ownership.ownerOf({ contents: [user({ text: 'no files here' })] });
    expect(book.lookups).toBe(before);
  });

  it('falls back to learning owners from refusals for files made elsewhere', () => {
    const learned = new ResourceOwnership();
    const body = { contents: [user(part('files/direct'))] };
    expect(learned.preferredProject(body)).toBeUndefined();
    learned.learn(body, 'prj_9');
    expect(learned.preferredProject({ generateContentRequest: body })).toBe('prj_9');
  });
});
