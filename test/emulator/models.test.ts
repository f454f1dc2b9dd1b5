import { describe, expect, it } from 'vitest';
import type { GeminiModel, ListModelsResponse } from '../../proxy/gemini/types.js';
import { MODELS } from './index.js';
import { emulatorPerFile, errorOf, sdk } from './testing.js';

const t = emulatorPerFile();

async function list(version: string, query = ''): Promise<ListModelsResponse> {
  const res = await fetch(`${t.emu.url}/${version}/models${query}`, { headers: { 'x-goog-api-key': t.key } });
  expect(res.status).toBe(200);
  return (await res.json()) as ListModelsResponse;
}

describe('ListModels and GetModel', () => {
  it('lists the catalogue under v1beta and v1 with the documented fields', async () => {
    for (const version of ['v1beta', 'v1']) {
      const { models, nextPageToken } = await list(version);
      expect(nextPageToken).toBeUndefined();
      expect(models.map((m) => m.name)).toEqual([
        'models/gemini-2.5-pro',
        'models/gemini-2.5-flash',
        'models/gemini-2.5-flash-lite',
        'models/gemini-3-pro-preview',
        'models/gemini-3-flash-preview',
        'models/gemini-2.5-flash-image',
        'models/gemini-3-pro-image-preview',
        'models/gemini-2.5-flash-preview-tts',
        'models/gemini-2.5-pro-preview-tts',
        'models/imagen-4.0-generate-001',
        'models/imagen-4.0-fast-generate-001',
        'models/imagen-4.0-ultra-generate-001',
        'models/veo-3.0-generate-001',
        'models/gemini-embedding-001',
        'models/text-embedding-004',
      ]);
      const flash = models.find((m) => m.name === 'models/gemini-2.5-flash') as GeminiModel;
      expect(flash).toMatchObject({
        version: '001',
        displayName: 'Gemini 2.5 Flash',
        inputTokenLimit: 1048576,
        outputTokenLimit: 65536,
        thinking: true,
        maxTemperature: 2,
      });
      expect(flash.supportedGenerationMethods).toContain('generateContent');
      const embedding = models.find((m) => m.name === 'models/gemini-embedding-001') as GeminiModel;
      expect(embedding.supportedGenerationMethods).toContain('embedContent');
      expect(embedding.supportedGenerationMethods).not.toContain('generateContent');
    }
  });

  it('paginates with pageSize and pageToken', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await list('v1beta', `?pageSize=3${token ? `&pageToken=${token}` : ''}`);
      expect(page.models.length).toBeLessThanOrEqual(3);
      seen.push(...page.models.map((m) => m.name));
      token = page.nextPageToken;
      pages++;
    } while (token);
    expect(pages).toBe(Math.ceil(MODELS.length / 3));
    expect(seen).toHaveLength(MODELS.length);
    expect(new Set(seen).size).toBe(MODELS.length);
  });

  it('gets one model, and 404s an unknown one', async () => {
    const res = await fetch(`${t.emu.url}/v1beta/models/gemini-3-pro-preview?key=${t.key}`);
    expect(((await res.json()) as GeminiModel).displayName).toBe('Gemini 3 Pro Preview');
    const missing = await fetch(`${t.emu.url}/v1beta/models/gemini-1.0-pro`, {
      headers: { 'x-goog-api-key': t.key },
    });
    expect(missing.status).toBe(404);
    expect(await errorOf(missing)).toMatchObject({ code: 404, status: 'NOT_FOUND' });
  });

  it('serves the @google/genai SDK', async () => {
    const ai = sdk(t.emu, t.key);
    const names: string[] = [];
    for await (const m of await ai.models.list({ config: { pageSize: 2 } })) names.push(m.name ?? '');
    expect(names).toHaveLength(MODELS.length);
    expect((await ai.models.get({ model: 'gemini-2.5-pro' })).displayName).toBe('Gemini 2.5 Pro');
  });

  it('answers unknown paths with Google’s HTML 404 page', async () => {
    const res = await fetch(`${t.emu.url}/v2/whatever`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('That’s an error.');
  });
});
