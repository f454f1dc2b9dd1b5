import { describe, expect, it } from 'vitest';
import type { BatchEmbedContentsResponse, EmbedContentResponse } from '../../proxy/gemini/types.js';
import { call, emulatorPerFile, errorOf, sdk } from './testing.js';

const t = emulatorPerFile();

const norm = (v: number[]): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

async function embed(model: string, body: object): Promise<number[]> {
  const res = await call(t.emu, body, { key: t.key, model, action: 'embedContent' });
  expect(res.status).toBe(200);
  return ((await res.json()) as EmbedContentResponse).embedding.values;
}

describe('embeddings', () => {
  it('are deterministic unit vectors of the model’s dimension', async () => {
    const a = await embed('gemini-embedding-001', { content: { parts: [{ text: 'hello' }] } });
    expect(a).toHaveLength(3072);
    expect(norm(a)).toBeCloseTo(1, 10);
    expect(await embed('gemini-embedding-001', { content: { parts: [{ text: 'hello' }] } })).toEqual(a);
    expect(await embed('gemini-embedding-001', { content: { parts: [{ text: 'bye' }] } })).not.toEqual(a);
    expect(await embed('text-embedding-004', { content: { parts: [{ text: 'hello' }] } })).toHaveLength(768);
  });

  it('honour outputDimensionality', async () => {
    const v = await embed('gemini-embedding-001', {
      content: { parts: [{ text: 'hello' }] },
      outputDimensionality: 256,
    });
    expect(v).toHaveLength(256);
    expect(norm(v)).toBeCloseTo(1, 10);
  });

  it('batch embeds in order', async () => {
    const requests = ['one', 'two', 'three'].map((text) => ({
      model: 'models/gemini-embedding-001',
      content: { parts: [{ text }] },
      outputDimensionality: 8,
    }));
    const res = await call(
      t.emu,
      { requests },
      { key: t.key, model: 'gemini-embedding-001', action: 'batchEmbedContents' },
    );
    const { embeddings } = (await res.json()) as BatchEmbedContentsResponse;
    expect(embeddings).toHaveLength(3);
    expect(embeddings[1]?.values).toEqual(
      await embed('gemini-embedding-001', { content: { parts: [{ text: 'two' }] }, outputDimensionality: 8 }),
    );
  });

  it('serve the SDK (which batches)', async () => {
    const res = await sdk(t.emu, t.key).models.embedContent({
      model: 'gemini-embedding-001',
      contents: ['a', 'b'],
      config: { outputDimensionality: 16 },
    });
    expect(res.embeddings?.map((e) => e.values?.length)).toEqual([16, 16]);
    expect(t.emu.requests.at(-1)?.action).toBe('batchEmbedContents');
  });

  it('refuse a missing content and unknown fields', async () => {
    const missing = await errorOf(
      await call(t.emu, {}, { key: t.key, model: 'gemini-embedding-001', action: 'embedContent' }),
    );
    expect(missing).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    const unknown = await errorOf(
      await call(
        t.emu,
        { content: { parts: [{ text: 'x' }] }, dims: 3 },
        { key: t.key, model: 'gemini-embedding-001', action: 'embedContent' },
      ),
    );
    expect(unknown.message).toBe('Invalid JSON payload received. Unknown name "dims": Cannot find field.');
  });
});
