import { describe, expect, it } from 'vitest';
import { SignatureRouting } from './signatureRouting.js';
import type { GenerateContentRequest } from '../gemini/types.js';

const turn = (signature: string): GenerateContentRequest => ({
  contents: [
    { role: 'user', parts: [{ text: 'weather?' }] },
    { role: 'model', parts: [{ functionCall: { name: 'f', args: {} }, thoughtSignature: signature }] },
    { role: 'user', parts: [{ functionResponse: { name: 'f', response: { ok: true } } }] },
  ],
});

describe('SignatureRouting', () => {
  it('prefers the project that minted the conversation’s signatures', () => {
    const routing = new SignatureRouting();
    routing.record('sig-from-a', 'prj_a');
    expect(routing.preferredProject(turn('sig-from-a'))).toBe('prj_a');
    expect(routing.preferredProject(turn('never-seen'))).toBeUndefined();
  });

  it('swaps a foreign signature for the placeholder, and leaves the minter’s and unknown ones alone', () => {
    const routing = new SignatureRouting();
    routing.record('sig-from-a', 'prj_a');
    const request = turn('sig-from-a');
    expect(routing.adaptFor(request, 'prj_a')).toBe(request);
    expect(routing.adaptFor(request, 'prj_b').contents[1]!.parts[0]!.thoughtSignature).toBe(
      'skip_thought_signature_validator',
    );
    expect(request.contents[1]!.parts[0]!.thoughtSignature).toBe('sig-from-a');
    const unknown = turn('never-seen');
    expect(routing.adaptFor(unknown, 'prj_b')).toBe(unknown);
  });
});
