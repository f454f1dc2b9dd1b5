import { describe, expect, it } from 'vitest';
import { chatboxImageAndToolCall } from './__fixtures__/requests/chatbox.js';
import { cherryGemini25ExtraBody, cherryGemini3ToolRoundTrip } from './__fixtures__/requests/cherryStudio.js';
import { clineReadFile } from './__fixtures__/requests/cline.js';
import { ROO_TOOL_CALL_ID, rooCodeToolResult } from './__fixtures__/requests/rooCode.js';
import { parseChatRequest } from './parseChatRequest.js';
import { LruThoughtSignatureStore, SKIP_THOUGHT_SIGNATURE_VALIDATOR } from './thoughtSignatureStore.js';
import { toGeminiRequest, type GeminiRequestOptions } from './toGeminiRequest.js';

const translate = (body: unknown, options?: GeminiRequestOptions) =>
  toGeminiRequest(parseChatRequest(body), options);

describe('toGeminiRequest on request bodies recorded from real clients', () => {
  it('Cherry Studio, Gemini 3: image, MCP tool round trip with echoed signature, reasoning_effort high', () => {
    expect(translate(cherryGemini3ToolRoundTrip.body)).toEqual(cherryGemini3ToolRoundTrip.expected);
  });

  it('Cherry Studio, Gemini 2.5: extra_body.google.thinking_config becomes thinkingConfig', () => {
    expect(translate(cherryGemini25ExtraBody.body)).toEqual(cherryGemini25ExtraBody.expected);
  });

  it('ChatBox: image first, tool call and JSON tool result, models/ prefix, no usage chunk asked for', () => {
    expect(translate(chatboxImageAndToolCall.body)).toEqual(chatboxImageAndToolCall.expected);
  });

  it('Roo Code: strict tools, parallel_tool_calls false, signature restored from the store', () => {
    const signatures = new LruThoughtSignatureStore();
    signatures.remember(ROO_TOOL_CALL_ID, rooCodeToolResult.rememberedSignature);
    expect(translate(rooCodeToolResult.body, { signatures })).toEqual(rooCodeToolResult.expected);
  });

  it('Roo Code after a gateway restart: the placeholder keeps Gemini 3 from rejecting the history', () => {
    const translated = translate(rooCodeToolResult.body, { signatures: new LruThoughtSignatureStore() });
    expect(translated.body.contents[1]?.parts[0]?.thoughtSignature).toBe(SKIP_THOUGHT_SIGNATURE_VALIDATOR);
  });

  it('Cline: text beside a tool call, plain-text tool result, no thinking config for an unconfigured 2.5 Pro', () => {
    expect(translate(clineReadFile.body)).toEqual(clineReadFile.expected);
  });

  it('passes Gemini extras through: safety settings and cached content', () => {
    const translated = translate({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'hi' }],
      extra_body: {
        google: {
          cached_content: 'cachedContents/abc123',
          safety_settings: [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', threshold: 'BLOCK_ONLY_HIGH' }],
        },
      },
    });
    expect(translated.body.cachedContent).toBe('cachedContents/abc123');
    expect(translated.body.safetySettings).toEqual([
      { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', threshold: 'BLOCK_ONLY_HIGH' },
    ]);
  });

  it('Gemini 3: a conversation ending with an assistant message is a 400 naming it, not a round trip', () => {
    let error: unknown;
    try {
      translate({
        model: 'gemini-3-pro-preview',
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: 'Hello! How' },
        ],
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ name: 'InputError', param: 'messages[1]' });
    // 2.5 takes it (and continues the assistant's turn).
    expect(
      translate({
        model: 'gemini-2.5-flash',
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: 'Hello! How' },
        ],
      }).body.contents.at(-1)?.role,
    ).toBe('model');
  });
});
