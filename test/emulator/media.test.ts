import { describe, expect, it } from 'vitest';
import type { GenerateContentResponse, Part } from '../../proxy/gemini/types.js';
import { faults, readSseFrames } from './index.js';
import { ask, call, emulatorPerFile, errorOf, sdk, sse } from './testing.js';
import { readPng } from './png.js';
import { PCM_MIME_TYPE, PCM_RATE, speechSeconds } from './pcm.js';

const t = emulatorPerFile();

const partsOf = (r: GenerateContentResponse): Part[] => r.candidates?.[0]?.content?.parts ?? [];
const inline = (parts: Part[]) => parts.filter((p) => p.inlineData).map((p) => p.inlineData!);
const bytesOf = (data: string) => Buffer.from(data, 'base64');

function predict(body: unknown, model = 'imagen-4.0-generate-001', apiKey = t.key): Promise<Response> {
  return call(t.emu, body, { key: apiKey, model, action: 'predict' });
}

describe('Imagen predict', () => {
  it('answers sampleCount real PNGs in the documented shape, shaped by aspectRatio', async () => {
    const res = await predict({
      instances: [{ prompt: 'Robot holding a red skateboard' }],
      parameters: { sampleCount: 2, aspectRatio: '16:9' },
    });
    expect(res.status).toBe(200);
    const { predictions } = (await res.json()) as {
      predictions: Array<{ bytesBase64Encoded: string; mimeType: string }>;
    };
    expect(predictions).toHaveLength(2);
    for (const prediction of predictions) {
      expect(prediction.mimeType).toBe('image/png');
      const { width, height } = readPng(bytesOf(prediction.bytesBase64Encoded));
      expect(width / height).toBeCloseTo(16 / 9, 1);
    }
    expect(predictions[0]!.bytesBase64Encoded).not.toBe(predictions[1]!.bytesBase64Encoded);
  });

  it('makes four images by default, the same ones for the same prompt', async () => {
    const body = { instances: [{ prompt: 'A lighthouse' }] };
    const first = (await (await predict(body)).json()) as { predictions: unknown[] };
    const again = (await (await predict(body)).json()) as { predictions: unknown[] };
    expect(first.predictions).toHaveLength(4);
    expect(again).toEqual(first);
  });

  it('refuses a bad sampleCount or aspect ratio, and a model that does not predict', async () => {
    const bad = await predict({ instances: [{ prompt: 'x' }], parameters: { sampleCount: 9 } });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).message).toMatch(/sampleCount/);
    const ratio = await predict({ instances: [{ prompt: 'x' }], parameters: { aspectRatio: '2:1' } });
    expect(ratio.status).toBe(400);
    const notImagen = await predict({ instances: [{ prompt: 'x' }] }, 'gemini-2.5-flash');
    expect(notImagen.status).toBe(404);
  });

  it('applies quotas and injected faults to predict as to generate', async () => {
    t.emu.setQuota({ model: 'imagen-4.0-generate-001', rpm: 1 });
    expect((await predict({ instances: [{ prompt: 'one' }] })).status).toBe(200);
    const limited = await predict({ instances: [{ prompt: 'two' }] });
    expect(limited.status).toBe(429);
    expect((await errorOf(limited)).status).toBe('RESOURCE_EXHAUSTED');

    t.emu.reset();
    t.key = t.emu.newKey();
    t.emu.injectFault(faults.rateLimit());
    expect((await predict({ instances: [{ prompt: 'three' }] })).status).toBe(429);
    t.emu.injectFault(faults.cut(0));
    await expect(
      predict({ instances: [{ prompt: 'four' }] }).then((res) => res.arrayBuffer()),
    ).rejects.toThrow();
  });
});

describe('Gemini image models', () => {
  it('answer text and one PNG part, with IMAGE output tokens in usage', async () => {
    const res = await call(
      t.emu,
      ask('A banana in a tuxedo', { generationConfig: { imageConfig: { aspectRatio: '3:4' } } }),
      { key: t.key, model: 'gemini-2.5-flash-image' },
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as GenerateContentResponse;
    const parts = partsOf(body);
    expect(parts[0]!.text).toBeTruthy();
    const [image] = inline(parts);
    expect(image!.mimeType).toBe('image/png');
    const { width, height } = readPng(bytesOf(image!.data));
    expect(width / height).toBeCloseTo(3 / 4, 1);
    expect(body.usageMetadata?.candidatesTokensDetails).toContainEqual({
      modality: 'IMAGE',
      tokenCount: 1290,
    });
  });

  it('answer the image alone for responseModalities IMAGE, and refuse AUDIO', async () => {
    const only = (await (
      await call(t.emu, ask('A cat', { generationConfig: { responseModalities: ['IMAGE'] } }), {
        key: t.key,
        model: 'gemini-3-pro-image-preview',
      })
    ).json()) as GenerateContentResponse;
    expect(partsOf(only).filter((p) => !p.thought && typeof p.text === 'string' && p.text)).toEqual([]);
    expect(inline(partsOf(only))).toHaveLength(1);

    const audio = await call(t.emu, ask('A cat', { generationConfig: { responseModalities: ['AUDIO'] } }), {
      key: t.key,
      model: 'gemini-2.5-flash-image',
    });
    expect(audio.status).toBe(400);
    expect((await errorOf(audio)).message).toMatch(
      /accepts the following combination of response modalities/,
    );
  });

  it('stream the image in a frame of its own, and can cut that frame in half', async () => {
    const whole = await readSseFrames(
      await sse(t.emu, ask('A kite'), { key: t.key, model: 'gemini-2.5-flash-image' }),
    );
    const imageFrames = whole.frames.filter((f) => inline(partsOf(f)).length > 0);
    expect(imageFrames).toHaveLength(1);
    expect(whole.finishReason).toBe('STOP');

    t.emu.injectFault(faults.halfMediaFrame(0));
    const cut = await readSseFrames(
      await sse(t.emu, ask('A kite'), { key: t.key, model: 'gemini-2.5-flash-image' }),
    );
    expect(cut.frames.some((f) => inline(partsOf(f)).length > 0)).toBe(false);
    expect(cut.leftover.length).toBeGreaterThan(0);
    expect(cut.finishReason).toBeUndefined();
  });

  it('refuse an image from a text model', async () => {
    const res = await call(
      t.emu,
      ask('A cat', { generationConfig: { responseModalities: ['TEXT', 'IMAGE'] } }),
      {
        key: t.key,
        model: 'gemini-2.5-flash',
      },
    );
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toMatch(/\(IMAGE, TEXT\) is not supported/);
  });

  it('serve the @google/genai SDK with image output', async () => {
    const ai = sdk(t.emu, t.key);
    const answer = await ai.models.generateContent({
      model: 'gemini-2.5-flash-image',
      contents: 'A red bicycle',
      config: { responseModalities: ['TEXT', 'IMAGE'] },
    });
    const image = answer.candidates?.[0]?.content?.parts?.find((p) => p.inlineData)?.inlineData;
    expect(readPng(bytesOf(image!.data!)).width).toBe(64);
  });
});

describe('TTS models', () => {
  const speak = (text: string, voiceName = 'Kore') =>
    ask(text, {
      generationConfig: {
        responseModalities: ['AUDIO'],
        speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName } } },
      },
    });

  it('answer 24 kHz 16-bit PCM in one part, as long as the text asks', async () => {
    const text = 'Say cheerfully: Have a wonderful day!';
    const body = (await (
      await call(t.emu, speak(text), { key: t.key, model: 'gemini-2.5-flash-preview-tts' })
    ).json()) as GenerateContentResponse;
    const parts = inline(partsOf(body));
    expect(parts).toHaveLength(1);
    expect(parts[0]!.mimeType).toBe(PCM_MIME_TYPE);
    expect(bytesOf(parts[0]!.data).length).toBe(Math.round(speechSeconds(text) * PCM_RATE) * 2);
    expect(body.usageMetadata?.candidatesTokensDetails?.[0]?.modality).toBe('AUDIO');
  });

  it('stream the same audio in pieces', async () => {
    const text = 'A longer sentence, long enough for several pieces of audio.';
    const whole = (await (
      await call(t.emu, speak(text), { key: t.key, model: 'gemini-2.5-flash-preview-tts' })
    ).json()) as GenerateContentResponse;
    const streamed = await readSseFrames(
      await sse(t.emu, speak(text), { key: t.key, model: 'gemini-2.5-flash-preview-tts' }),
    );
    const pieces = streamed.frames.flatMap((f) => inline(partsOf(f)));
    expect(pieces.length).toBeGreaterThan(1);
    expect(Buffer.concat(pieces.map((p) => bytesOf(p.data)))).toEqual(
      bytesOf(inline(partsOf(whole))[0]!.data),
    );
  });

  it('refuse text output and unknown voices', async () => {
    const asText = await call(t.emu, ask('Hello'), { key: t.key, model: 'gemini-2.5-flash-preview-tts' });
    expect(asText.status).toBe(400);
    expect((await errorOf(asText)).message).toMatch(
      /^The requested combination of response modalities \(TEXT\)/,
    );
    const voice = await call(t.emu, speak('Hello', 'alloy'), {
      key: t.key,
      model: 'gemini-2.5-flash-preview-tts',
    });
    expect(voice.status).toBe(400);
  });
});

describe('Veo predictLongRunning', () => {
  it('starts an operation that the starting project polls to done, and no other project sees', async () => {
    const started = await call(
      t.emu,
      { instances: [{ prompt: 'A drone shot of a beach' }] },
      {
        key: t.key,
        model: 'veo-3.0-generate-001',
        action: 'predictLongRunning',
      },
    );
    expect(started.status).toBe(200);
    const { name } = (await started.json()) as { name: string };
    expect(name).toMatch(/^models\/veo-3\.0-generate-001\/operations\/\w+$/);

    const poll = (apiKey: string) =>
      fetch(`${t.emu.url}/v1beta/${name}`, { headers: { 'x-goog-api-key': apiKey } });
    const other = await poll(t.emu.newKey());
    expect(other.status).toBe(404);
    expect(await (await poll(t.key)).json()).toEqual({ name });
    const done = (await (await poll(t.key)).json()) as {
      done: boolean;
      response: { generateVideoResponse: { generatedSamples: Array<{ video: { uri: string } }> } };
    };
    expect(done.done).toBe(true);
    expect(done.response.generateVideoResponse.generatedSamples[0]!.video.uri).toMatch(/files\/.+:download/);
  });
});
