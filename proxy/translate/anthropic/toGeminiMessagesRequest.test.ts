import { describe, expect, it } from 'vitest';
import { GROUNDED, groundedAnswer } from '../responses/__fixtures__/grounding.js';
import { claudeCodeAfterToolCall, claudeCodeFirstTurn } from './__fixtures__/claudeCode.js';
import { answerOptions } from './__fixtures__/stream.js';
import { fromGeminiToMessage } from './fromGeminiToMessage.js';
import { parseCountTokensRequest, parseMessagesRequest } from './parseMessagesRequest.js';
import { toGeminiMessagesRequest, toGeminiPrompt } from './toGeminiMessagesRequest.js';

describe('toGeminiMessagesRequest', () => {
  it("Claude Code's first turn, for Gemini 2.5 Pro", () => {
    const { body, stream, parallelToolCalls } = toGeminiMessagesRequest(
      parseMessagesRequest(claudeCodeFirstTurn()),
      'gemini-2.5-pro',
    );
    expect(stream).toBe(true);
    expect(parallelToolCalls).toBe(true);
    expect(body.contents).toEqual([
      {
        role: 'user',
        parts: [
          { text: '<system-reminder>\nAttribution for git commits (shortened).\n</system-reminder>\n' },
          { text: 'List the files here' },
        ],
      },
    ]);
    expect(body.systemInstruction!.parts[0]!.text).toMatch(/^x-anthropic-billing-header[\s\S]*# Environment/);
    expect(body.tools![0]!.functionDeclarations).toHaveLength(24);
    expect(body.toolConfig).toBeUndefined();
    expect(body.generationConfig).toEqual({
      maxOutputTokens: 32000,
      thinkingConfig: { thinkingBudget: 24576, includeThoughts: true },
    });
  });

  it('the turn after a tool call sends the call with its signature and the result after it', () => {
    const after = claudeCodeAfterToolCall(claudeCodeFirstTurn(), {
      thinking: 'I will list them.',
      signature: 'gemini:Q1NJRw==',
      toolUseId: 'toolu_01',
      input: { command: 'ls' },
    });
    const { body } = toGeminiMessagesRequest(parseMessagesRequest(after), 'gemini-3-pro-preview');
    expect(body.contents.slice(1)).toEqual([
      {
        role: 'model',
        parts: [{ functionCall: { name: 'Bash', args: { command: 'ls' } }, thoughtSignature: 'Q1NJRw==' }],
      },
      {
        role: 'user',
        parts: [{ functionResponse: { name: 'Bash', response: { output: 'README.md\npackage.json\nsrc' } } }],
      },
    ]);
    expect(body.generationConfig!.thinkingConfig).toEqual({ thinkingLevel: 'high', includeThoughts: true });
  });

  it('a grounded answer sent back as the assistant turn reaches Gemini as its text only', () => {
    const answer = fromGeminiToMessage(groundedAnswer, undefined, answerOptions());
    expect(answer.content.map((block) => block.type)).toEqual([
      'text',
      'server_tool_use',
      'server_tool_use',
      'web_search_tool_result',
    ]);
    const { body } = toGeminiMessagesRequest(
      parseMessagesRequest({
        model: 'm',
        max_tokens: 10,
        tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 8 }],
        messages: [
          { role: 'user', content: 'Who won Euro 2024?' },
          { role: 'assistant', content: answer.content },
          { role: 'user', content: 'And in 2020?' },
        ],
      }),
      'gemini-2.5-flash',
    );
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Who won Euro 2024?' }] },
      { role: 'model', parts: [{ text: GROUNDED.answer }] },
      { role: 'user', parts: [{ text: 'And in 2020?' }] },
    ]);
    expect(body.tools).toEqual([{ googleSearch: {} }]);
  });

  it('disable_parallel_tool_use: the answer keeps one call', () => {
    const request = parseMessagesRequest({
      model: 'm',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'x' }],
      tools: [{ name: 'f', input_schema: { type: 'object', properties: { a: { type: 'string' } } } }],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
    });
    const translated = toGeminiMessagesRequest(request, 'gemini-2.5-flash');
    expect(translated.parallelToolCalls).toBe(false);
    expect(translated.body.toolConfig).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
  });

  it('count_tokens counts the prompt: no generation config', () => {
    const { max_tokens: _max, ...prompt } = claudeCodeFirstTurn();
    const { body } = toGeminiPrompt(parseCountTokensRequest(prompt), 'gemini-2.5-flash');
    expect(Object.keys(body).sort()).toEqual(['contents', 'systemInstruction', 'tools']);
  });

  it.each<[string, string, Array<Record<string, unknown>>, Record<string, unknown> | undefined, string[]]>([
    [
      'gemini-2.5-flash',
      'the functions only',
      [{ functionDeclarations: expect.any(Array) }],
      undefined,
      ['web_search'],
    ],
    [
      'gemini-3-flash-preview',
      'both, flagged',
      [{ functionDeclarations: expect.any(Array) }, { googleSearch: {} }],
      { includeServerSideToolInvocations: true },
      [],
    ],
  ])(
    'web search beside a function on %s: %s, in the answer and the count alike',
    (model, _what, tools, toolConfig, dropped) => {
      const request = {
        model: 'm',
        messages: [{ role: 'user', content: 'What is new today?' }],
        tools: [
          { type: 'web_search_20250305', name: 'web_search', max_uses: 5 },
          { name: 'f', input_schema: { type: 'object', properties: { a: { type: 'string' } } } },
        ],
      };
      const sent = toGeminiMessagesRequest(parseMessagesRequest({ ...request, max_tokens: 10 }), model);
      const counted = toGeminiPrompt(parseCountTokensRequest(request), model);
      for (const translated of [sent, counted]) {
        expect(translated.body.tools).toEqual(tools);
        expect(translated.body.toolConfig).toEqual(toolConfig);
        expect(translated.droppedTools).toEqual(dropped);
      }
    },
  );
});
