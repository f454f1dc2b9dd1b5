import { describe, expect, it } from 'vitest';
import type { Content, GenerateContentResponse } from '../../proxy/gemini/types.js';
import { faults, readSseFrames } from './index.js';
import { ask, call, emulatorPerFile, model, sse, user } from './testing.js';
import { headCodePoints, tailCodePoints } from './text.js';

const t = emulatorPerFile();

const PROMPT = 'Write about resumable streams';
const CONTINUE = 'Continue exactly where you stopped.';

describe('continuations', () => {
  it('answer only the remainder, so cut + continuation is the whole answer', async () => {
    t.emu.injectFault(faults.cut(57));
    const first = await readSseFrames(await sse(t.emu, ask(PROMPT), { key: t.key }));
    expect(first.error).toBeDefined();
    const contents: Content[] = [user(PROMPT), model(first.text), user(CONTINUE)];
    const second = await readSseFrames(
      await sse(t.emu, { contents }, { key: t.key, model: 'gemini-3-pro-preview' }),
    );
    expect(second.finishReason).toBe('STOP');
    expect(first.text + second.text).toBe(t.emu.expectedText(PROMPT));
    expect(t.emu.expectedAnswer({ contents })).toBe(second.text);
  });

  it('repeatOverlap first repeats the last N characters already said', async () => {
    const full = t.emu.expectedText(PROMPT);
    const said = headCodePoints(full, 80);
    t.emu.injectFault(faults.repeatOverlap(12));
    const res = await call(t.emu, { contents: [user(PROMPT), model(said), user(CONTINUE)] }, { key: t.key });
    const text = ((await res.json()) as GenerateContentResponse).candidates?.[0]?.content?.parts?.[0]?.text;
    expect(text).toBe(tailCodePoints(said, 12) + full.slice(said.length));
  });

  it('follow a chain of cut attempts', async () => {
    const full = t.emu.expectedText(PROMPT);
    const a = headCodePoints(full, 30);
    const b = full.slice(a.length, a.length + 40);
    const contents = [user(PROMPT), model(a), user(CONTINUE), model(b), user(CONTINUE)];
    const read = await readSseFrames(await sse(t.emu, { contents }, { key: t.key }));
    expect(a + b + read.text).toBe(full);
  });

  it('continue scripted answers too', async () => {
    t.emu.setAnswer(PROMPT, { text: 'One, two, three, four, five.' });
    const contents = [user(PROMPT), model('One, two, '), user(CONTINUE)];
    const read = await readSseFrames(await sse(t.emu, { contents }, { key: t.key }));
    expect(read.text).toBe('three, four, five.');
  });

  it('answer the last user turn normally when the model turn is not a prefix', async () => {
    const contents = [user(PROMPT), model('Something the emulator never said.'), user('And now?')];
    const read = await readSseFrames(await sse(t.emu, { contents }, { key: t.key }));
    expect(read.text).toBe(t.emu.expectedText('And now?'));
  });

  it('ignore thought parts of the model turn', async () => {
    const full = t.emu.expectedText(PROMPT);
    const said = headCodePoints(full, 33);
    const contents: Content[] = [
      user(PROMPT),
      { role: 'model', parts: [{ text: 'thinking…', thought: true }, { text: said }] },
      user(CONTINUE),
    ];
    const read = await readSseFrames(await sse(t.emu, { contents }, { key: t.key }));
    expect(said + read.text).toBe(full);
  });
});
