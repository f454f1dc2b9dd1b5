import { describe, expect, it } from 'vitest';
import type { Part } from '../../gemini/types.js';
import { decodeReasoningCarrier, encodeReasoningCarrier, isServerToolPart } from './reasoningCarrier.js';

const search: Part = {
  toolCall: { id: 'srch_1', toolType: 'GOOGLE_SEARCH_WEB', args: { queries: ['weather Utqiagvik'] } },
  thoughtSignature: 'CiQBjz1rXsearch',
};
const found: Part = {
  toolResponse: { id: 'srch_1', toolType: 'GOOGLE_SEARCH_WEB', response: { results: [] } },
};

/** A value as gemgate wrote it before server-side tool parts were carried. */
function oldCarrier(payload: unknown): string {
  return `gemgate.1.${Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url')}`;
}

describe('reasoningCarrier', () => {
  it.each<[string, Map<string, string>, Part[]]>([
    [
      'signatures by call_id',
      new Map([
        ['call_1', 'CtEBAXLI2nwSIGpar1s'],
        ['call_2', 'Ck8B+/=='],
      ]),
      [],
    ],
    [
      "Gemini's own search, whole, in order, beside a call's signature",
      new Map([['call_1', 'S1']]),
      [search, found],
    ],
    ['a search alone (a text answer after it)', new Map(), [search, found]],
  ])('carries %s there and back', (_name, signatures, serverParts) => {
    const carried = encodeReasoningCarrier(signatures, serverParts);
    expect(carried).toMatch(/^gemgate\.1\.[A-Za-z0-9_-]+$/);
    expect(decodeReasoningCarrier(carried)).toEqual({ signatures, serverParts });
  });

  it('writes signatures alone exactly as before server-side tool parts were carried', () => {
    const signatures = new Map([['call_1', 'SIG']]);
    expect(encodeReasoningCarrier(signatures)).toBe(oldCarrier({ calls: { call_1: 'SIG' } }));
    expect(encodeReasoningCarrier(signatures, [])).toBe(oldCarrier({ calls: { call_1: 'SIG' } }));
  });

  it('has nothing to carry without signatures or server-side tool parts', () => {
    expect(encodeReasoningCarrier(new Map())).toBeNull();
    expect(encodeReasoningCarrier(new Map(), [])).toBeNull();
  });

  it.each<[string, string | null, Map<string, string>, Part[]]>([
    [
      'a value written before `server` existed',
      oldCarrier({ calls: { c1: 'S1' } }),
      new Map([['c1', 'S1']]),
      [],
    ],
    [
      'an empty signature among good ones',
      oldCarrier({ calls: { c1: '', c2: 'S2' } }),
      new Map([['c2', 'S2']]),
      [],
    ],
    [
      'a `server` list with parts that are not server-side tool parts',
      oldCarrier({ calls: {}, server: [search, { text: 'hi' }, 'x', null, found] }),
      new Map(),
      [search, found],
    ],
    [
      'a server-side tool part with something else beside it (a file of some other client)',
      oldCarrier({
        calls: {},
        server: [{ ...search, fileData: { fileUri: 'files/theirs' }, text: 'injected' }],
      }),
      new Map(),
      [search],
    ],
    [
      'a `server` that is not a list',
      oldCarrier({ calls: { c1: 'S1' }, server: { toolCall: {} } }),
      new Map([['c1', 'S1']]),
      [],
    ],
    ['OpenAI reasoning from another provider', 'gAAAAABoXyz', new Map(), []],
    ['a damaged carrier', 'gemgate.1.%%%', new Map(), []],
    ['a carrier of something else', oldCarrier([1, 2]), new Map(), []],
    ['nothing', null, new Map(), []],
  ])('reads %s', (_name, content, signatures, serverParts) => {
    expect(decodeReasoningCarrier(content)).toEqual({ signatures, serverParts });
  });

  it.each<[string, Part, boolean]>([
    ['a toolCall part', search, true],
    ['a toolResponse part', found, true],
    ['a function call', { functionCall: { name: 'f', args: {} } }, false],
    ['text', { text: 'hi' }, false],
    ['a toolCall that is not an object', { toolCall: 'x' }, false],
  ])('%s is a server-side tool part: %s', (_name, part, expected) => {
    expect(isServerToolPart(part)).toBe(expected);
  });
});
