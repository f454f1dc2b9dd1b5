import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { chatboxImageAndToolCall } from '../proxy/translate/openai/__fixtures__/requests/chatbox.js';
import {
  cherryGemini25ExtraBody,
  cherryGemini3ToolRoundTrip,
} from '../proxy/translate/openai/__fixtures__/requests/cherryStudio.js';
import { clineReadFile } from '../proxy/translate/openai/__fixtures__/requests/cline.js';
import { rooCodeToolResult } from '../proxy/translate/openai/__fixtures__/requests/rooCode.js';
import type { GenerateContentRequest } from '../proxy/gemini/types.js';

const PLACEHOLDER = 'skip_thought_signature_validator';

/** Replaces every occurrence of a string anywhere in a JSON value. */
function replaceDeep<T>(value: T, from: string, to: string): T {
  return JSON.parse(JSON.stringify(value).split(from).join(to)) as T;
}

/**
 * Request bodies exactly as Cherry Studio, ChatBox, Roo Code and Cline send them (sources cited in
 * each fixture file), replayed through the gateway over HTTP: the Gemini request the emulator
 * receives and the answer the client reads are both asserted. Gemini 3 refuses a signature it did
 * not mint, so the fixtures' recorded signatures stand in as Google's placeholder here; Roo Code
 * never echoes signatures, and gemgate, not having minted that call, sends the placeholder itself.
 */
const FIXTURES = [
  {
    client: 'Cherry Studio, Gemini 3 tool round trip with an image',
    body: replaceDeep(cherryGemini3ToolRoundTrip.body, 'CsoBAXLI2nz7w1BB3x0Fe1Ty8w==', PLACEHOLDER),
    expected: replaceDeep(
      cherryGemini3ToolRoundTrip.expected.body,
      'CsoBAXLI2nz7w1BB3x0Fe1Ty8w==',
      PLACEHOLDER,
    ),
    model: cherryGemini3ToolRoundTrip.expected.model,
  },
  {
    client: 'Cherry Studio, Gemini 2.5 with extra_body thinking_config',
    body: cherryGemini25ExtraBody.body,
    expected: cherryGemini25ExtraBody.expected.body,
    model: cherryGemini25ExtraBody.expected.model,
  },
  {
    client: 'ChatBox, image and tool call',
    body: chatboxImageAndToolCall.body,
    expected: chatboxImageAndToolCall.expected.body,
    model: chatboxImageAndToolCall.expected.model,
  },
  {
    client: 'Roo Code, tool result mid-task',
    body: rooCodeToolResult.body,
    expected: replaceDeep(
      rooCodeToolResult.expected.body,
      rooCodeToolResult.rememberedSignature,
      PLACEHOLDER,
    ),
    model: rooCodeToolResult.expected.model,
  },
  {
    client: 'Cline, read_file result',
    body: clineReadFile.body,
    expected: clineReadFile.expected.body,
    model: clineReadFile.expected.model,
  },
];

describe('client request shapes replayed through the gateway', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  for (const fixture of FIXTURES) {
    it(fixture.client, async () => {
      const response = await fetch(`${h.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(fixture.body),
      });
      expect(response.status).toBe(200);
      const sent = h.emulator.requests.at(-1)!;
      expect(sent.model).toBe(fixture.model);
      expect(sent.action).toBe('streamGenerateContent');
      expect(sent.body).toEqual(fixture.expected);

      const events = (await response.text()).split('\n\n').filter((event) => event.startsWith('data: '));
      expect(events.at(-1)).toBe('data: [DONE]');
      let content = '';
      let finish: string | null = null;
      for (const event of events.slice(0, -1)) {
        const chunk = JSON.parse(event.slice(6)) as {
          choices: Array<{ delta: { content?: string }; finish_reason: string | null }>;
        };
        content += chunk.choices[0]?.delta.content ?? '';
        finish = chunk.choices[0]?.finish_reason ?? finish;
      }
      expect(content).toBe(h.emulator.expectedAnswer(sent.body as GenerateContentRequest, fixture.model));
      expect(finish).toBe('stop');
    });
  }
});
