import fc from 'fast-check';
import {
  cherryStudioFollowUp,
  codexShellStep,
  openaiSdkToolRoundTrip,
} from '../../proxy/translate/responses/__fixtures__/requests.js';
import { encodeReasoningCarrier } from '../../proxy/translate/responses/reasoningCarrier.js';
import { PNG_1X1_BASE64 } from '../../proxy/translate/openai/__fixtures__/media.js';
import { anyText, functionName, MODELS, mutatedBodies, schema, wrongValue } from './arbitraries.js';

/**
 * Request generators for POST /v1/responses: structured requests from the shapes Responses clients
 * send (strings or items, function calls and their outputs, reasoning items, hosted tools gemgate
 * refuses, unknown parameters), plausible ones that should reach Gemini, and real client bodies
 * with a field or three mutated.
 */

const model = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...MODELS, 'gemini-3-flash-preview', 'gemini-2.0-flash-lite') },
  { weight: 1, arbitrary: anyText },
);

const callId = fc.constantFrom('call_1', 'call_2', 'call_3');
const imageUrl = fc.oneof(
  fc.constant(`data:image/png;base64,${PNG_1X1_BASE64}`),
  fc.constant('data:image/png;base64,!!!'),
  fc.constant('https://img.example/cat.png'),
  fc.constant('https://img.example/dead.png'),
  fc.constant('ftp://img.example/cat.png'),
  anyText,
);

const contentPart = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant('input_text'), text: anyText }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('output_text'), text: anyText }) },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        type: fc.constant('input_image'),
        image_url: imageUrl,
        file_id: fc.string({ maxLength: 6 }),
        detail: fc.constantFrom('auto', 'low'),
      },
      { requiredKeys: ['type'] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        type: fc.constant('input_file'),
        file_data: fc.constantFrom(`data:application/pdf;base64,${PNG_1X1_BASE64}`, 'AAAA', ''),
        filename: fc.constantFrom('a.pdf', 'b.txt'),
        file_url: fc.constant('https://x/a.pdf'),
      },
      { requiredKeys: ['type'] },
    ),
  },
);

const content = fc.oneof(anyText, fc.array(contentPart, { maxLength: 3 }));

const item = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record(
      {
        type: fc.constant('message'),
        role: fc.constantFrom('user', 'assistant', 'system', 'developer', 'tool'),
        content,
      },
      { requiredKeys: ['role', 'content'] },
    ),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('function_call'),
      call_id: callId,
      name: functionName,
      arguments: fc.oneof(fc.constantFrom('{}', '{"q":"x"}', '', '{', '[]'), anyText),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('function_call_output'),
      call_id: callId,
      output: fc.oneof(
        anyText,
        fc.constantFrom('{"ok":true}', '[1]'),
        fc.array(contentPart, { maxLength: 2 }),
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('reasoning'),
      id: fc.constant('rs_1'),
      summary: fc.array(fc.record({ type: fc.constant('summary_text'), text: anyText }), { maxLength: 2 }),
      encrypted_content: fc.oneof(
        fc.constant(encodeReasoningCarrier(new Map([['call_1', 'CiwBjz1rX9MJ4l0WpKk7Q==']]))),
        fc.constant('gemgate.1.%%%'),
        fc.constant('gAAAAABopenai'),
        fc.constant(null),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      { type: 'item_reference', id: 'msg_1' },
      { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'x' } },
      { type: 'computer_call', id: 'cu_1', call_id: 'c' },
      { type: 'hologram' },
    ),
  },
);

const tool = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record(
      {
        type: fc.constant('function'),
        name: functionName,
        description: anyText,
        parameters: schema,
        strict: fc.boolean(),
      },
      { requiredKeys: ['type', 'name'] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        type: fc.constantFrom('web_search', 'web_search_preview'),
        search_context_size: fc.constantFrom('low', 'high'),
        filters: fc.record({ allowed_domains: fc.array(fc.constant('example.com'), { maxLength: 1 }) }),
      },
      { requiredKeys: ['type'] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      { type: 'file_search', vector_store_ids: ['vs_1'] },
      { type: 'mcp', server_label: 'x' },
    ),
  },
);

/** A Responses request built from what clients send; every field optional but the model. */
export const responsesRequest: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    model,
    input: fc.oneof(anyText, fc.array(item, { minLength: 1, maxLength: 6 })),
    instructions: fc.oneof(anyText, fc.constant(null)),
    stream: fc.boolean(),
    store: fc.boolean(),
    previous_response_id: fc.constantFrom('resp_nope', '', 'x'),
    max_output_tokens: fc.integer({ min: -1, max: 100_000 }),
    temperature: fc.double({ min: -1, max: 3, noNaN: true }),
    top_p: fc.double({ min: 0, max: 1, noNaN: true }),
    metadata: fc.dictionary(fc.string({ maxLength: 70 }), fc.string({ maxLength: 10 }), { maxKeys: 18 }),
    tools: fc.array(tool, { maxLength: 3 }),
    tool_choice: fc.oneof(
      fc.constantFrom('none', 'auto', 'required'),
      fc.record({ type: fc.constant('function'), name: functionName }),
      fc.record({
        type: fc.constant('allowed_tools'),
        mode: fc.constantFrom('auto', 'required'),
        tools: fc.array(fc.record({ type: fc.constant('function'), name: functionName }), { maxLength: 2 }),
      }),
      fc.constant({ type: 'web_search_preview' }),
    ),
    parallel_tool_calls: fc.boolean(),
    text: fc.record(
      {
        format: fc.oneof(
          fc.constant({ type: 'text' }),
          fc.constant({ type: 'json_object' }),
          fc.record({
            type: fc.constant('json_schema'),
            name: fc.string({ maxLength: 8 }),
            schema,
            strict: fc.boolean(),
          }),
        ),
        verbosity: fc.constantFrom('low', 'high'),
      },
      { requiredKeys: [] },
    ),
    reasoning: fc.record(
      {
        effort: fc.constantFrom('none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max', 'extreme'),
        summary: fc.constantFrom('auto', 'concise', 'detailed', 'none'),
      },
      { requiredKeys: [] },
    ),
    include: fc.array(
      fc.constantFrom('reasoning.encrypted_content', 'message.output_text.logprobs', 'nope'),
      { maxLength: 2 },
    ),
    background: fc.boolean(),
    truncation: fc.constantFrom('auto', 'disabled'),
    prompt_cache_key: fc.string({ maxLength: 8 }),
    user: fc.string({ maxLength: 8 }),
    unknown_parameter: wrongValue,
  },
  { requiredKeys: ['model'] },
);

const plainText = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 60 })
  .filter((text) => text.trim() !== '');

/** Requests that should mostly get an answer: valid values, ending with a user turn. */
export const plausibleResponsesRequest: fc.Arbitrary<Record<string, unknown>> = fc
  .record(
    {
      model: fc.constantFrom(...MODELS),
      instructions: fc.option(plainText, { nil: undefined }),
      turns: fc.array(fc.tuple(plainText, plainText), { maxLength: 2 }),
      last: fc.oneof(
        plainText,
        fc.array(
          fc.oneof(
            fc.record({ type: fc.constant('input_text'), text: plainText }),
            fc.constant({ type: 'input_image', image_url: `data:image/png;base64,${PNG_1X1_BASE64}` }),
          ),
          { minLength: 1, maxLength: 3 },
        ),
      ),
      stream: fc.boolean(),
      temperature: fc.double({ min: 0, max: 2, noNaN: true }),
      max_output_tokens: fc.integer({ min: 1, max: 8192 }),
      reasoning: fc.record(
        {
          effort: fc.constantFrom('none', 'low', 'medium', 'high'),
          summary: fc.constantFrom('auto', 'detailed'),
        },
        { requiredKeys: [] },
      ),
      text: fc.constantFrom({ format: { type: 'text' } }, { format: { type: 'json_object' } }),
    },
    { requiredKeys: ['model', 'turns', 'last'] },
  )
  .map(({ turns, last, ...rest }) => ({
    ...rest,
    input: [
      ...turns.flatMap(([user, assistant]) => [
        { role: 'user', content: user },
        { role: 'assistant', content: [{ type: 'output_text', text: assistant }] },
      ]),
      { role: 'user', content: last },
    ],
  }));

export const RESPONSES_CLIENT_BODIES: ReadonlyArray<{ name: string; body: unknown }> = [
  { name: 'openai SDK tool round trip', body: openaiSdkToolRoundTrip },
  { name: 'Codex shell step', body: codexShellStep },
  { name: 'Cherry Studio follow-up', body: cherryStudioFollowUp },
];

/** Anything at all: any JSON value, a structured request, a plausible one, or a mutated real one. */
export const anyResponsesBody: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 1, arbitrary: fc.jsonValue() },
  { weight: 4, arbitrary: responsesRequest },
  { weight: 3, arbitrary: plausibleResponsesRequest },
  { weight: 4, arbitrary: mutatedBodies(RESPONSES_CLIENT_BODIES) },
);
