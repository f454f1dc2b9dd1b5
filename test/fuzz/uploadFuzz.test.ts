import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';

/**
 * The resumable upload protocol through gemgate under generated command sequences: right and wrong
 * offsets, unknown commands, finalizes that do not fit, queries, other clients' tokens and made-up
 * upload ids. Every answer is a 2xx or a 4xx with a Google-shaped body, never a 5xx; a refused
 * command changes nothing (a model of the upload says what the bytes must be); and when the upload
 * ends, the file holds exactly the bytes that were accepted.
 */
const RUNS = Number(process.env.FUZZ_UPLOAD_RUNS ?? 25);
const DECLARED = 96;

let h: Harness;
let stranger: string;
beforeAll(async () => {
  h = await startHarness();
  stranger = h.gateway.createClientToken('stranger').token;
});
afterAll(async () => {
  await h?.close();
});

type Step =
  | { kind: 'upload'; offset: 'right' | number; bytes: Uint8Array; finalize: boolean }
  | { kind: 'query' }
  | { kind: 'unknown-command'; command: string }
  | { kind: 'stranger' }
  | { kind: 'made-up-id'; id: string };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('upload' as const),
      offset: fc.oneof(fc.constant('right' as const), fc.integer({ min: -5, max: DECLARED + 5 })),
      bytes: fc.uint8Array({ minLength: 0, maxLength: 40 }),
      finalize: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'query' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('unknown-command' as const),
      command: fc.constantFrom('bogus', '', 'start', 'cancel-not', 'uploadx'),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'stranger' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('made-up-id' as const), id: fc.string({ maxLength: 30 }) }),
  },
);

async function expectGoogleShaped(response: Response, label: string): Promise<void> {
  expect(response.status, label).toBeLessThan(500);
  if (response.status < 400) return;
  const body = (await response.json()) as { error?: { code?: unknown; message?: unknown; status?: unknown } };
  expect(body.error?.code, label).toBe(response.status);
  expect(typeof body.error?.message, label).toBe('string');
  expect(typeof body.error?.status, label).toBe('string');
}

describe('the upload protocol under generated commands', () => {
  it('answers every command cleanly, and the file holds exactly the bytes accepted', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const start = await fetch(`${h.url}/upload/v1beta/files`, {
          method: 'POST',
          headers: {
            'x-goog-api-key': h.token,
            'x-goog-upload-protocol': 'resumable',
            'x-goog-upload-command': 'start',
            'x-goog-upload-header-content-length': String(DECLARED),
            'x-goog-upload-header-content-type': 'application/octet-stream',
          },
          body: '{}',
        });
        expect(start.status).toBe(200);
        const url = start.headers.get('x-goog-upload-url')!;
        const send = (headers: Record<string, string>, body?: Uint8Array, target = url, token = h.token) =>
          fetch(target, {
            method: 'POST',
            headers: { 'x-goog-api-key': token, ...headers },
            ...(body ? { body: new Uint8Array(body) } : {}),
          });

        // What the upload must hold, as far as the protocol goes.
        let accepted = Buffer.alloc(0);
        let final: { sha256Hash: string; sizeBytes: string } | undefined;
        for (const [index, current] of steps.entries()) {
          const label = `step ${index} ${JSON.stringify({ ...current, bytes: undefined })}`;
          if (final) break;
          if (current.kind === 'upload') {
            const offset = current.offset === 'right' ? accepted.length : current.offset;
            const response = await send(
              {
                'x-goog-upload-command': current.finalize ? 'upload, finalize' : 'upload',
                'x-goog-upload-offset': String(offset),
              },
              current.bytes,
            );
            await expectGoogleShaped(response.clone(), label);
            const total = accepted.length + current.bytes.length;
            const fits =
              offset === accepted.length && total <= DECLARED && (!current.finalize || total === DECLARED);
            expect(response.status < 400, label).toBe(fits);
            if (!fits) continue;
            accepted = Buffer.concat([accepted, current.bytes]);
            if (current.finalize) {
              expect(response.headers.get('x-goog-upload-status'), label).toBe('final');
              final = ((await response.json()) as { file: { sha256Hash: string; sizeBytes: string } }).file;
            }
          } else if (current.kind === 'query') {
            const response = await send({ 'x-goog-upload-command': 'query' });
            expect(response.status, label).toBe(200);
            expect(response.headers.get('x-goog-upload-size-received'), label).toBe(String(accepted.length));
          } else if (current.kind === 'unknown-command') {
            await expectGoogleShaped(await send({ 'x-goog-upload-command': current.command }), label);
          } else if (current.kind === 'stranger') {
            const response = await send(
              { 'x-goog-upload-command': 'upload', 'x-goog-upload-offset': '0' },
              new Uint8Array(3),
              url,
              stranger,
            );
            expect(response.status, label).toBe(404);
            await expectGoogleShaped(response, label);
          } else {
            const target = `${h.url}/upload/v1beta/files?upload_id=${encodeURIComponent(current.id)}`;
            const response = await send({ 'x-goog-upload-command': 'query' }, undefined, target);
            expect(response.status, label).toBe(404);
            await expectGoogleShaped(response, label);
          }
        }
        if (!final) {
          // Finish it properly: whatever came before, the file is exactly the accepted bytes and the rest.
          const rest = Buffer.alloc(DECLARED - accepted.length, 0x5a);
          const response = await send(
            { 'x-goog-upload-command': 'upload, finalize', 'x-goog-upload-offset': String(accepted.length) },
            rest,
          );
          expect(response.status).toBe(200);
          accepted = Buffer.concat([accepted, rest]);
          final = ((await response.json()) as { file: { sha256Hash: string; sizeBytes: string } }).file;
        }
        expect(final.sizeBytes).toBe(String(DECLARED));
        expect(final.sha256Hash).toBe(createHash('sha256').update(accepted).digest('base64'));
      }),
      { numRuns: RUNS },
    );
  });
});
