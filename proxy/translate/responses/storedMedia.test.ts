import { describe, expect, it } from 'vitest';
import type { Blob, Content } from '../../gemini/types.js';
import { storedMediaUrls, withFetchedAgain, withoutFetchedBytes } from './storedMedia.js';

const URL_A = 'https://media.example/cat.png';
const GEMINI_FILE = 'https://generativelanguage.googleapis.com/v1beta/files/abc';
const fetchedA: Blob = { mimeType: 'image/png', data: 'iVBORw0KGgo=' };
const sentAsData: Blob = { mimeType: 'image/jpeg', data: '/9j/4AAQ' };

describe('stored responses keep media fetched by URL as their URL', () => {
  const cases: Array<[string, Content[], Content[]]> = [
    [
      'bytes fetched from a URL become that URL',
      [{ role: 'user', parts: [{ text: 'look' }, { inlineData: { ...fetchedA } }] }],
      [{ role: 'user', parts: [{ text: 'look' }, { fileData: { fileUri: URL_A, mimeType: 'image/png' } }] }],
    ],
    [
      'media the client sent as data stay as they are',
      [{ role: 'user', parts: [{ inlineData: sentAsData }] }],
      [{ role: 'user', parts: [{ inlineData: sentAsData }] }],
    ],
    [
      "Gemini's own files stay as they are",
      [{ role: 'user', parts: [{ fileData: { fileUri: GEMINI_FILE } }] }],
      [{ role: 'user', parts: [{ fileData: { fileUri: GEMINI_FILE } }] }],
    ],
  ];

  it.each(cases)('%s', (_name, turn, stored) => {
    expect(withoutFetchedBytes(turn, new Map([[URL_A, fetchedA]]))).toEqual(stored);
  });

  it('reading back: the URLs to fetch again, then their bytes inline where the URL was', () => {
    const history = {
      contents: [
        {
          role: 'user',
          parts: [
            { fileData: { fileUri: URL_A, mimeType: 'image/png' } },
            { fileData: { fileUri: GEMINI_FILE } },
          ],
        },
        { role: 'model', parts: [{ text: 'a cat' }] },
      ],
      systemTexts: [],
      calls: [],
    };
    expect([...storedMediaUrls(history)]).toEqual([
      [URL_A, { param: 'previous_response_id', mimeType: 'image/png' }],
    ]);
    expect(storedMediaUrls(undefined).size).toBe(0);
    expect(withFetchedAgain(history, new Map([[URL_A, fetchedA]])).contents[0]!.parts).toEqual([
      { inlineData: fetchedA },
      { fileData: { fileUri: GEMINI_FILE } },
    ]);
  });
});
