import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { readUsageRows, type UsageLogRow } from './support/usageLog.js';
import { faults } from './emulator/index.js';
import { pngImage, readPng } from './emulator/png.js';
import { PCM_RATE, speechSeconds } from './emulator/pcm.js';
import type { GenerateContentRequest } from '../proxy/gemini/types.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * OpenAI's image and speech API, and image output in chat, through the real `openai` SDK, on a pool
 * of two projects (alice, bob), with Gemini played by the emulator.
 */
describe('images and speech in the OpenAI dialect', () => {
  let h: Harness;
  let client: OpenAI;
  let testStart = 0;
  beforeAll(async () => {
    h = await startHarness({
      accounts: { alice: { keys: 1 }, bob: { keys: 1 } },
      // A small request limit, so that going over it takes 21 MB, not 101.
      settings: { 'server.maxRequestMB': 20 },
    });
    client = new OpenAI({ apiKey: h.token, baseURL: `${h.url}/v1`, maxRetries: 0 });
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.emulator.requests.length = 0;
    testStart = Date.now();
  });

  const projectOf = (apiKey: string | undefined) =>
    Object.entries(h.keys).find(([, keys]) => keys.some((k) => k.key === apiKey))?.[0];
  const pngOf = (base64: string) => readPng(Buffer.from(base64, 'base64'));
  const fromDataUrl = (url: string) => {
    const match = /^data:(image\/png);base64,(.+)$/.exec(url);
    expect(match, url.slice(0, 40)).not.toBeNull();
    return match![2]!;
  };
  const sentBodies = (action: string) =>
    h.emulator.requests.filter((r) => r.action === action).map((r) => r.body as Record<string, unknown>);
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
  const status = (error: unknown) => ({
    status: (error as { status?: number }).status,
    param: (error as { param?: string }).param,
    message: (error as Error).message,
  });

  describe('images.generate', () => {
    it('Imagen: n images of the size asked for, as base64 PNG (retired, so unpriced)', async () => {
      const result = await client.images.generate({
        model: 'imagen-4.0-generate-001',
        prompt: 'A lighthouse at dusk',
        n: 2,
        size: '1792x1024',
      });
      expect(result.data).toHaveLength(2);
      for (const image of result.data!) {
        const { width, height } = pngOf(image.b64_json!);
        expect(width / height).toBeCloseTo(16 / 9, 1);
      }
      expect(sentBodies('predict')).toEqual([
        {
          instances: [{ prompt: 'A lighthouse at dusk' }],
          parameters: { sampleCount: 2, aspectRatio: '16:9' },
        },
      ]);
      const row = await logged('images.generations');
      expect(row).toMatchObject({ model: 'imagen-4.0-generate-001', status: 200, dialect: 'openai' });
      // Imagen is retired and ships no price: the cost is unknown, not $0.
      expect(row.cost_usd).toBeNull();
    });

    it('response_format url: a data URL, since gemgate keeps no files', async () => {
      const result = await client.images.generate({
        model: 'imagen-4.0-fast-generate-001',
        prompt: 'A red kite',
        response_format: 'url',
      });
      expect(pngOf(fromDataUrl(result.data![0]!.url!)).width).toBeGreaterThan(0);
    });

    it('a Gemini image model: one call per image, asking for text and image, quality as image size', async () => {
      const result = await client.images.generate({
        model: 'gemini-3-pro-image-preview',
        prompt: 'A banana in a tuxedo',
        n: 2,
        size: '1024x1536',
        quality: 'high',
      });
      expect(result.data).toHaveLength(2);
      expect(pngOf(result.data![0]!.b64_json!).height).toBeGreaterThan(
        pngOf(result.data![0]!.b64_json!).width,
      );
      const sent = sentBodies('streamGenerateContent') as unknown as GenerateContentRequest[];
      expect(sent).toHaveLength(2);
      expect(sent[0]!.generationConfig).toMatchObject({
        responseModalities: ['TEXT', 'IMAGE'],
        imageConfig: { aspectRatio: '2:3', imageSize: '2K' },
      });
    });

    it('a 429 before the first byte fails over to the other project', async () => {
      h.emulator.injectFault(faults.rateLimit({ retryDelay: '30s' }));
      const result = await client.images.generate({ model: 'gemini-2.5-flash-image', prompt: 'A fox' });
      expect(result.data).toHaveLength(1);
      const calls = h.emulator.requests.filter((r) => r.action === 'streamGenerateContent');
      expect(calls.map((r) => projectOf(r.apiKey))).toHaveLength(2);
      expect(projectOf(calls[0]!.apiKey)).not.toBe(projectOf(calls[1]!.apiKey));
    });

    it('an image the model would not draw: 400 content_policy_violation, the call still logged as billed', async () => {
      h.emulator.injectFault(faults.finish('IMAGE_SAFETY'), { model: 'gemini-2.5-flash-image' });
      const failure = await client.images
        .generate({ model: 'gemini-2.5-flash-image', prompt: 'Something it will not draw' })
        .catch((error: unknown) => error);
      expect(status(failure)).toMatchObject({ status: 400, param: 'prompt' });
      expect((failure as { code?: string }).code).toBe('content_policy_violation');
      expect(status(failure).message).toMatch(/IMAGE_SAFETY/);
      const row = await logged('images.generations');
      expect(row).toMatchObject({ status: 400, outcome: 'failed', attempts: 1 });
      expect(Number(row.prompt_tokens)).toBeGreaterThan(0);
      expect(row.cost_usd).toBeGreaterThan(0);
    });

    it('refuses what Google cannot do with a 400 naming the field', async () => {
      for (const [params, param] of [
        [{ model: 'gpt-image-1', prompt: 'x' }, 'model'],
        [{ model: 'imagen-4.0-generate-001', prompt: 'x', size: 'huge' }, 'size'],
        [{ model: 'imagen-4.0-generate-001', prompt: 'x', n: 11 }, 'n'],
        [{ model: 'gemini-2.5-flash-image', prompt: 'x', output_format: 'webp' }, 'output_format'],
        [{ model: 'imagen-4.0-generate-001', prompt: 'x', background: 'transparent' }, 'background'],
      ] as const) {
        const failure = await client.images.generate(params as never).catch((error: unknown) => error);
        expect(status(failure), JSON.stringify(params)).toMatchObject({ status: 400, param });
      }
      expect(h.emulator.requests).toHaveLength(0);
    });
  });

  describe('images.edit', () => {
    const png = (name: string, seed = 'photo') => toFile(pngImage(seed, 8, 8), name, { type: 'image/png' });

    it('sends the images and the instruction to a Gemini image model', async () => {
      const result = await client.images.edit({
        model: 'gemini-2.5-flash-image',
        image: [await png('a.png', 'a'), await png('b.png', 'b')],
        prompt: 'Put them side by side',
      });
      expect(pngOf(result.data![0]!.b64_json!).width).toBeGreaterThan(0);
      const [sent] = sentBodies('streamGenerateContent') as unknown as GenerateContentRequest[];
      const parts = sent!.contents[0]!.parts;
      expect(parts.map((p) => p.inlineData?.mimeType ?? p.text)).toEqual([
        'image/png',
        'image/png',
        'Put them side by side',
      ]);
    });

    it('refuses a file that is not an image, a mask, an Imagen model and oversized images', async () => {
      const text = await toFile(Buffer.from('just some text'), 'notes.png', { type: 'image/png' });
      const cases: Array<[Parameters<typeof client.images.edit>[0], string, number]> = [
        [{ model: 'gemini-2.5-flash-image', image: text, prompt: 'x' }, 'image', 400],
        [
          {
            model: 'gemini-2.5-flash-image',
            image: await png('a.png'),
            mask: await png('m.png'),
            prompt: 'x',
          },
          'mask',
          400,
        ],
        [{ model: 'imagen-4.0-generate-001', image: await png('a.png'), prompt: 'x' }, 'model', 400],
        [
          {
            model: 'gemini-2.5-flash-image',
            image: await toFile(Buffer.concat([PNG_SIGNATURE, Buffer.alloc(16 * 1024 * 1024)]), 'big.png', {
              type: 'image/png',
            }),
            prompt: 'x',
          },
          'image',
          400,
        ],
      ];
      for (const [params, param, code] of cases) {
        const failure = await client.images.edit(params).catch((error: unknown) => error);
        expect(status(failure), param).toMatchObject({ status: code, param });
      }
      expect(h.emulator.requests).toHaveLength(0);
    });

    it('a multipart body over the request limit (server.maxRequestMB) is a 413, refused before it is read', async () => {
      const form = new FormData();
      form.set('model', 'gemini-2.5-flash-image');
      form.set('prompt', 'x');
      form.set(
        'image',
        new Blob([Buffer.concat([PNG_SIGNATURE, Buffer.alloc(21 * 1024 * 1024)])]),
        'big.png',
      );
      const res = await fetch(`${h.url}/v1/images/edits`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.token}` },
        body: form,
      });
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('request_too_large');
    });

    it('a body that is not multipart is a 400 saying what is expected', async () => {
      const res = await fetch(`${h.url}/v1/images/edits`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gemini-2.5-flash-image', prompt: 'x' }),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
        /multipart\/form-data/,
      );
    });
  });

  describe('chat.completions with modalities', () => {
    it('a whole answer carries the image in message.images', async () => {
      const completion = await client.chat.completions.create({
        model: 'gemini-2.5-flash-image',
        modalities: ['text', 'image'] as never,
        messages: [{ role: 'user', content: 'Draw a lighthouse' }],
      });
      const message = completion.choices[0]!.message as unknown as {
        content: string;
        images: Array<{ type: string; image_url: { url: string } }>;
      };
      expect(message.content).toBe('Here is the image you asked for.');
      expect(message.images).toHaveLength(1);
      expect(message.images[0]!.type).toBe('image_url');
      expect(pngOf(fromDataUrl(message.images[0]!.image_url.url)).width).toBeGreaterThan(0);
      const [sent] = sentBodies('streamGenerateContent') as unknown as GenerateContentRequest[];
      expect(sent!.generationConfig?.responseModalities).toEqual(['TEXT', 'IMAGE']);
      const row = await logged('chat.completions');
      expect(row.cost_usd).toBeGreaterThan(0.039);
    });

    it('streamed: the image arrives as delta.images', async () => {
      const stream = await client.chat.completions.create({
        model: 'gemini-2.5-flash-image',
        modalities: ['text', 'image'] as never,
        messages: [{ role: 'user', content: 'Draw a harbour' }],
        stream: true,
      });
      const images: string[] = [];
      let text = '';
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta as {
          content?: string;
          images?: Array<{ image_url: { url: string } }>;
        };
        text += delta?.content ?? '';
        for (const image of delta?.images ?? []) images.push(image.image_url.url);
      }
      expect(text).toBe('Here is the image you asked for.');
      expect(images).toHaveLength(1);
      expect(pngOf(fromDataUrl(images[0]!)).width).toBeGreaterThan(0);
    });

    it('the next turn sends the image back, so the model edits its own picture', async () => {
      const first = await client.chat.completions.create({
        model: 'gemini-3-pro-image-preview',
        messages: [{ role: 'user', content: 'Draw a cat' }],
      });
      const made = (first.choices[0]!.message as unknown as { images: Array<{ image_url: { url: string } }> })
        .images;
      const second = await client.chat.completions.create({
        model: 'gemini-3-pro-image-preview',
        messages: [
          { role: 'user', content: 'Draw a cat' },
          { role: 'assistant', content: first.choices[0]!.message.content, images: made } as never,
          { role: 'user', content: 'Now give it a hat' },
        ],
      });
      const edited = (
        second.choices[0]!.message as unknown as { images: Array<{ image_url: { url: string } }> }
      ).images;
      expect(edited[0]!.image_url.url).not.toBe(made[0]!.image_url.url);
      const sent = sentBodies('streamGenerateContent').at(-1) as unknown as GenerateContentRequest;
      expect(sent.contents[1]!.parts.find((p) => p.inlineData)?.inlineData?.data).toBe(
        fromDataUrl(made[0]!.image_url.url),
      );
    });

    it('audio output in chat is a 400 that points to /v1/audio/speech', async () => {
      const failure = await client.chat.completions
        .create({
          model: 'gemini-2.5-flash-preview-tts',
          modalities: ['audio'],
          messages: [{ role: 'user', content: 'Say hi' }],
        })
        .catch((error: unknown) => error);
      expect(status(failure)).toMatchObject({ status: 400, param: 'modalities' });
      expect(status(failure).message).toMatch(/audio\/speech/);
    });
  });

  describe('audio.speech', () => {
    const input = 'Welcome to the gateway. Your build just finished.';
    const pcmBytes = Math.round(speechSeconds(input) * PCM_RATE) * 2;

    it('wav: a RIFF header for Gemini’s 24 kHz 16-bit mono PCM, with all of it', async () => {
      const response = await client.audio.speech.create({
        model: 'gemini-2.5-flash-preview-tts',
        voice: 'alloy',
        input,
        response_format: 'wav',
      });
      expect(response.headers.get('content-type')).toBe('audio/wav');
      const wav = Buffer.from(await response.arrayBuffer());
      expect(wav.subarray(0, 4).toString('ascii')).toBe('RIFF');
      expect(wav.subarray(8, 12).toString('ascii')).toBe('WAVE');
      expect(wav.readUInt32LE(24)).toBe(24_000);
      expect(wav.readUInt16LE(34)).toBe(16);
      expect(wav.readUInt32LE(40)).toBe(pcmBytes);
      expect(wav.length).toBe(44 + pcmBytes);
      const [sent] = sentBodies('streamGenerateContent') as unknown as GenerateContentRequest[];
      expect(sent!.generationConfig).toEqual({
        responseModalities: ['AUDIO'],
        speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Zephyr' } } },
      });
      const row = await logged('audio.speech');
      expect(row.cost_usd).toBeGreaterThan(speechSeconds(input) * 0.00032 * 0.99);
    });

    it('pcm: the raw samples; no format asked for: wav', async () => {
      const pcm = await client.audio.speech.create({
        model: 'gemini-2.5-flash-preview-tts',
        voice: 'Kore',
        input,
        response_format: 'pcm',
      });
      expect(Buffer.from(await pcm.arrayBuffer()).length).toBe(pcmBytes);
      const plain = await client.audio.speech.create({
        model: 'gemini-2.5-flash-preview-tts',
        voice: 'nova',
        input,
      });
      expect(plain.headers.get('content-type')).toBe('audio/wav');
    });

    it('a format gemgate cannot encode, an unknown voice or a text model: a 400 naming the field', async () => {
      for (const [params, param] of [
        [
          { model: 'gemini-2.5-flash-preview-tts', voice: 'alloy', input, response_format: 'mp3' },
          'response_format',
        ],
        [
          { model: 'gemini-2.5-flash-preview-tts', voice: 'alloy', input, response_format: 'opus' },
          'response_format',
        ],
        [{ model: 'gemini-2.5-flash-preview-tts', voice: 'robot', input }, 'voice'],
        [{ model: 'tts-1', voice: 'alloy', input }, 'model'],
        [{ model: 'gemini-2.5-flash-preview-tts', voice: 'alloy', input: 'x'.repeat(4097) }, 'input'],
      ] as const) {
        const failure = await client.audio.speech.create(params as never).catch((error: unknown) => error);
        expect(status(failure), JSON.stringify(params).slice(0, 80)).toMatchObject({ status: 400, param });
      }
      expect(h.emulator.requests).toHaveLength(0);
    });
  });

  describe('cut answers are replayed whole, never continued', () => {
    it('an image cut in half mid-stream: the client sees the text once and one whole image', async () => {
      h.emulator.injectFault(faults.halfMediaFrame(0), { model: 'gemini-2.5-flash-image' });
      const stream = await client.chat.completions.create({
        model: 'gemini-2.5-flash-image',
        messages: [{ role: 'user', content: 'Draw a cut image' }],
        stream: true,
      });
      const images: string[] = [];
      let text = '';
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta as {
          content?: string;
          images?: Array<{ image_url: { url: string } }>;
        };
        text += delta?.content ?? '';
        for (const image of delta?.images ?? []) images.push(image.image_url.url);
      }
      expect(text).toBe('Here is the image you asked for.');
      expect(images).toHaveLength(1);
      expect(pngOf(fromDataUrl(images[0]!)).width).toBeGreaterThan(0);
      const calls = h.emulator.requests.filter((r) => r.action === 'streamGenerateContent');
      expect(calls).toHaveLength(2);
      // A replay, not a continuation: the same request both times.
      expect(calls[1]!.body).toEqual(calls[0]!.body);
      const row = await logged('chat.completions');
      expect(row).toMatchObject({ attempts: 2, resumes: 1, causes: 'frame-cut' });
    });

    it('speech cut after its first piece: the client gets all of it, once', async () => {
      const input = 'A sentence long enough to come in several pieces of audio.';
      h.emulator.injectFault(faults.cutAfterMedia(1), { model: 'gemini-2.5-flash-preview-tts' });
      const response = await client.audio.speech.create({
        model: 'gemini-2.5-flash-preview-tts',
        voice: 'echo',
        input,
        response_format: 'pcm',
      });
      expect(Buffer.from(await response.arrayBuffer()).length).toBe(
        Math.round(speechSeconds(input) * PCM_RATE) * 2,
      );
      expect(h.emulator.requests.filter((r) => r.action === 'streamGenerateContent')).toHaveLength(2);
      const row = await logged('audio.speech');
      expect(row).toMatchObject({ attempts: 2, resumes: 1 });
      // Both attempts billed: the cut one for the half second it reported, the whole one in full.
      expect(row.cost_usd).toBeGreaterThan((speechSeconds(input) + 0.5) * 0.00032 * 0.99);
    });

    it('images.generate with a cut image: replayed whole', async () => {
      h.emulator.injectFault(faults.cutAfterMedia(0), { model: 'gemini-2.5-flash-image' });
      const result = await client.images.generate({ model: 'gemini-2.5-flash-image', prompt: 'A cut kite' });
      expect(result.data).toHaveLength(1);
      expect(h.emulator.requests.filter((r) => r.action === 'streamGenerateContent')).toHaveLength(2);
    });
  });
});
