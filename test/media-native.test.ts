import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { readUsageRows, type UsageLogRow } from './support/usageLog.js';
import { faults } from './emulator/index.js';
import { readPng } from './emulator/png.js';
import { PCM_MIME_TYPE, PCM_RATE, speechSeconds } from './emulator/pcm.js';
import { DATABASE_FILE } from '../proxy/store/database.js';

/**
 * Imagen, Veo and Gemini's image and speech models in Gemini's own dialect, on a pool of two
 * projects (alice, bob), through the real @google/genai SDK where it still sends the call.
 */
describe('images, video and speech in the Gemini dialect', () => {
  let h: Harness;
  let ai: GoogleGenAI;
  beforeAll(async () => {
    h = await startHarness({ accounts: { alice: { keys: 1 }, bob: { keys: 1 } } });
    ai = new GoogleGenAI({ apiKey: h.token, httpOptions: { baseUrl: h.url } });
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.emulator.requests.length = 0;
  });

  const post = (route: string, body: unknown, token = h.token) =>
    fetch(`${h.url}${route}`, {
      method: 'POST',
      headers: { 'x-goog-api-key': token, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const predict = (body: unknown) => post('/v1beta/models/imagen-4.0-generate-001:predict', body);
  const projectOf = (apiKey: string | undefined) =>
    Object.entries(h.keys).find(([, keys]) => keys.some((k) => k.key === apiKey))?.[0];
  let testStart = 0;
  beforeEach(() => {
    testStart = Date.now();
  });
  /** The request log's row for this test's request to `endpoint` (the log is written in batches). */
  const logged = async (endpoint: string): Promise<UsageLogRow> => {
    for (let waited = 0; waited < 5000; waited += 25) {
      const row = readUsageRows(h.dataDir)
        .filter((r) => r.endpoint === endpoint && Number(r.at) >= testStart)
        .at(-1);
      if (row) return row;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`no ${endpoint} row in the usage log`);
  };

  it('Imagen :predict answers real PNGs through a pool key, priced per image', async () => {
    const res = await predict({
      instances: [{ prompt: 'A lighthouse at dusk' }],
      parameters: { sampleCount: 2, aspectRatio: '9:16' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-gemgate-key-id')).toMatch(/\S/);
    const { predictions } = (await res.json()) as {
      predictions: Array<{ bytesBase64Encoded: string; mimeType: string }>;
    };
    expect(predictions).toHaveLength(2);
    const { width, height } = readPng(Buffer.from(predictions[0]!.bytesBase64Encoded, 'base64'));
    expect(width / height).toBeCloseTo(9 / 16, 1);
    expect(h.emulator.requests.at(-1)!.apiKey).not.toBe(h.token);
    const row = await logged('predict');
    expect(row).toMatchObject({ model: 'imagen-4.0-generate-001', status: 200 });
    // Imagen is retired and ships no price: the cost is unknown, not $0.
    expect(row!.cost_usd).toBeNull();
  });

  it('a 429 before the first byte fails over to the other project', async () => {
    h.emulator.injectFault(faults.rateLimit({ retryDelay: '30s' }));
    const res = await predict({ instances: [{ prompt: 'A quiet harbour' }], parameters: { sampleCount: 1 } });
    expect(res.status).toBe(200);
    const calls = h.emulator.requests.filter((r) => r.action === 'predict');
    expect(calls).toHaveLength(2);
    expect(projectOf(calls[0]!.apiKey)).not.toBe(projectOf(calls[1]!.apiKey));
  });

  it('an Imagen answer cut off on the way is asked for again whole, and both attempts are billed', async () => {
    h.emulator.injectFault(faults.cut(0), { model: 'imagen-4.0-generate-001' });
    const res = await predict({ instances: [{ prompt: 'A red kite' }], parameters: { sampleCount: 1 } });
    expect(res.status).toBe(200);
    const { predictions } = (await res.json()) as { predictions: Array<{ bytesBase64Encoded: string }> };
    expect(readPng(Buffer.from(predictions[0]!.bytesBase64Encoded, 'base64')).width).toBeGreaterThan(0);
    expect(h.emulator.requests.filter((r) => r.action === 'predict')).toHaveLength(2);
    const row = await logged('predict');
    expect(row).toMatchObject({ attempts: 2, resumes: 1, causes: 'transport-error' });
    // Imagen is retired and ships no price: the cost is unknown, not $0.
    expect(row!.cost_usd).toBeNull();
  });

  it('gives up with a 502 after resume.maxAttempts cut answers', async () => {
    for (let i = 0; i < 5; i++)
      h.emulator.injectFault(faults.halfFrame(0), { model: 'imagen-4.0-generate-001' });
    const res = await predict({ instances: [{ prompt: 'A cut answer' }], parameters: { sampleCount: 1 } });
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/cut off/);
    h.emulator.reset();
  });

  it('passes Imagen’s own 400 back without blaming a key', async () => {
    const res = await predict({ instances: [{ prompt: 'x' }], parameters: { sampleCount: 12 } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { status: string } }).error.status).toBe('INVALID_ARGUMENT');
    const ok = await predict({ instances: [{ prompt: 'still fine' }], parameters: { sampleCount: 1 } });
    expect(ok.status).toBe(200);
  });

  it('Veo: the operation is polled through the project that started it, and only by its client', async () => {
    const started = await post('/v1beta/models/veo-3.0-generate-001:predictLongRunning', {
      instances: [{ prompt: 'A drone shot over a beach' }],
    });
    expect(started.status).toBe(200);
    const { name } = (await started.json()) as { name: string };
    const owner = projectOf(h.emulator.requests.at(-1)!.apiKey);
    type Poll = {
      done?: boolean;
      response?: { generateVideoResponse: { generatedSamples: Array<{ video: { uri: string } }> } };
    };
    let last: Poll = {};
    for (let polls = 0; polls < 4 && !last.done; polls++) {
      const poll = await fetch(`${h.url}/v1beta/${name}`, { headers: { 'x-goog-api-key': h.token } });
      expect(poll.status).toBe(200);
      last = (await poll.json()) as Poll;
    }
    expect(last.done).toBe(true);
    // The video's URI points at gemgate, and downloading it there reaches the project that made it.
    const uri = last.response!.generateVideoResponse.generatedSamples[0]!.video.uri;
    expect(uri).toMatch(new RegExp(`^${h.url}/v1beta/files/[a-z0-9-]+:download\\?alt=media$`));
    const video = await fetch(uri, { headers: { 'x-goog-api-key': h.token } });
    expect(video.status).toBe(200);
    const bytes = Buffer.from(await video.arrayBuffer());
    expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(bytes.toString('latin1')).toContain(`video ${/files\/([^:]+):/.exec(uri)![1]}`);
    expect(projectOf(h.emulator.requests.at(-1)!.apiKey)).toBe(owner);
    const polls = h.emulator.requests.filter((r) => r.action === 'operation');
    expect(polls.length).toBeGreaterThanOrEqual(2);
    for (const poll of polls) expect(projectOf(poll.apiKey)).toBe(owner);

    const strangerToken = h.gateway.createClientToken('stranger').token;
    const stranger = await fetch(`${h.url}/v1beta/${name}`, { headers: { 'x-goog-api-key': strangerToken } });
    expect(stranger.status).toBe(404);
    expect(((await stranger.json()) as { error: { status: string } }).error.status).toBe('NOT_FOUND');
    // The video is its client's file: another client is refused as Gemini refuses a stranger.
    expect((await fetch(uri, { headers: { 'x-goog-api-key': strangerToken } })).status).toBe(403);
    // The SDK downloads it by name through gemgate too (Node: to a path).
    const downloadPath = path.join(os.tmpdir(), `gemgate-veo-${process.pid}.mp4`);
    try {
      await ai.files.download({ file: `files/${/files\/([^:]+):/.exec(uri)![1]}`, downloadPath });
      expect(fs.readFileSync(downloadPath).equals(bytes)).toBe(true);
    } finally {
      fs.rmSync(downloadPath, { force: true });
    }
  });

  it('the @google/genai SDK reads an image model’s answer; its image is priced, its bytes never stored', async () => {
    const response = await ai.models.generateContent({
      model: 'gemini-2.5-flash-image',
      contents: 'A banana in a tuxedo',
      config: { responseModalities: ['TEXT', 'IMAGE'], imageConfig: { aspectRatio: '16:9' } },
    });
    const image = response.candidates?.[0]?.content?.parts?.find((p) => p.inlineData)?.inlineData;
    expect(image?.mimeType).toBe('image/png');
    const png = Buffer.from(image!.data!, 'base64');
    expect(readPng(png).width / readPng(png).height).toBeCloseTo(16 / 9, 1);
    const row = await logged('generateContent');
    const usage = response.usageMetadata!;
    expect(row!.cost_usd).toBeCloseTo(
      (usage.promptTokenCount! * 0.3 + (usage.candidatesTokenCount! - 1290) * 2.5) / 1e6 + 0.039,
      12,
    );
    // No user content on disk: not the image, not even a piece of it.
    const needle = image!.data!.slice(100, 160);
    for (const file of filesUnder(h.dataDir)) expect(fs.readFileSync(file, 'latin1')).not.toContain(needle);
    expect(fs.existsSync(path.join(h.dataDir, DATABASE_FILE))).toBe(true);
  });

  it('streams an image model’s answer, the image in its own chunk', async () => {
    const stream = await ai.models.generateContentStream({
      model: 'gemini-3-pro-image-preview',
      contents: 'A lighthouse',
    });
    const images: string[] = [];
    for await (const chunk of stream) {
      for (const part of chunk.candidates?.[0]?.content?.parts ?? [])
        if (part.inlineData && !part.thought) images.push(part.inlineData.data!);
    }
    expect(images).toHaveLength(1);
    expect(readPng(Buffer.from(images[0]!, 'base64')).width).toBeGreaterThan(0);
  });

  it('answers speech whole as one PCM part, however Gemini streamed it', async () => {
    const text = 'Say cheerfully: Have a wonderful day!';
    const response = await ai.models.generateContent({
      model: 'gemini-2.5-flash-preview-tts',
      contents: text,
      config: {
        responseModalities: ['AUDIO'],
        speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' } } },
      },
    });
    const parts = response.candidates?.[0]?.content?.parts ?? [];
    expect(parts).toHaveLength(1);
    expect(parts[0]!.inlineData!.mimeType).toBe(PCM_MIME_TYPE);
    expect(Buffer.from(parts[0]!.inlineData!.data!, 'base64').length).toBe(
      Math.round(speechSeconds(text) * PCM_RATE) * 2,
    );
  });

  it('names a model the ways Google’s clients do: percent-encoded, with a slash, tuned, Vertex-style', async () => {
    const body = { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] };
    for (const route of [
      '/v1beta/models/google%2Fgemini-2.5-flash:generateContent',
      '/v1beta/models/google/gemini-2.5-flash:generateContent',
      '/v1beta1/publishers/google/models/gemini-2.5-flash:generateContent',
    ]) {
      const res = await post(route, body);
      expect(res.status, route).toBe(200);
      expect(h.emulator.requests.at(-1)!.path).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent');
    }
    const tuned = await post('/v1beta/tunedModels/my-tuned-model-7:generateContent', body);
    // The emulator knows no tuned models: what matters is that the call went where Google serves them.
    expect(h.emulator.requests.at(-1)!.path).toBe(
      '/v1beta/tunedModels/my-tuned-model-7:streamGenerateContent',
    );
    expect(tuned.status).toBe(404);
  });

  it('serves the @google/genai SDK’s generateImages, which SDK 3 sends only in Vertex mode', async () => {
    const vertex = new GoogleGenAI({ vertexai: true, apiKey: h.token, httpOptions: { baseUrl: h.url } });
    const result = await vertex.models.generateImages({
      model: 'imagen-4.0-fast-generate-001',
      prompt: 'Robot holding a red skateboard',
      config: { numberOfImages: 2, aspectRatio: '4:3' },
    });
    expect(result.generatedImages).toHaveLength(2);
    const bytes = Buffer.from(result.generatedImages![0]!.image!.imageBytes!, 'base64');
    expect(readPng(bytes).width / readPng(bytes).height).toBeCloseTo(4 / 3, 1);
    expect(h.emulator.requests.at(-1)!.path).toBe('/v1beta/models/imagen-4.0-fast-generate-001:predict');
  });
});

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

describe('Veo operations on a project with two keys', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ accounts: { alice: { keys: 2, project: 'alice-shared' }, bob: { keys: 1 } } });
    for (const { key } of h.keys.alice!) h.emulator.setProject(key, 'alice-shared');
  });
  afterAll(() => h.close());

  it('polls with the very key that started the operation, while it can serve', async () => {
    const started: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${h.url}/v1beta/models/veo-3.0-generate-001:predictLongRunning`, {
        method: 'POST',
        headers: { 'x-goog-api-key': h.token },
        body: JSON.stringify({ instances: [{ prompt: `A video ${i}` }] }),
      });
      const { name } = (await res.json()) as { name: string };
      const starter = h.emulator.requests.at(-1)!.apiKey!;
      started.push(starter);
      for (let poll = 0; poll < 2; poll++) {
        const answer = await fetch(`${h.url}/v1beta/${name}`, { headers: { 'x-goog-api-key': h.token } });
        expect(answer.status).toBe(200);
        expect(h.emulator.requests.at(-1)!.apiKey).toBe(starter);
      }
    }
    // The pool spread the four videos over both of alice's keys and bob's, and each poll followed its video.
    expect(new Set(started).size).toBeGreaterThan(1);
  });

  it('still polls through the right key after the gateway restarts mid-video', async () => {
    const names: string[] = [];
    const starters: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${h.url}/v1beta/models/veo-3.0-generate-001:predictLongRunning`, {
        method: 'POST',
        headers: { 'x-goog-api-key': h.token },
        body: JSON.stringify({ instances: [{ prompt: `A long video ${i}` }] }),
      });
      names.push(((await res.json()) as { name: string }).name);
      starters.push(h.emulator.requests.at(-1)!.apiKey!);
    }
    await h.restart();
    for (const [i, name] of names.entries()) {
      const answer = await fetch(`${h.url}/v1beta/${name}`, { headers: { 'x-goog-api-key': h.token } });
      expect(answer.status).toBe(200);
      expect(h.emulator.requests.at(-1)!.apiKey).toBe(starters[i]);
    }
  });
});
