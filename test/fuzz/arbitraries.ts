import fc from 'fast-check';
import { chatboxImageAndToolCall } from '../../proxy/translate/openai/__fixtures__/requests/chatbox.js';
import {
  cherryGemini25ExtraBody,
  cherryGemini3ToolRoundTrip,
} from '../../proxy/translate/openai/__fixtures__/requests/cherryStudio.js';
import { clineReadFile } from '../../proxy/translate/openai/__fixtures__/requests/cline.js';
import { rooCodeToolResult } from '../../proxy/translate/openai/__fixtures__/requests/rooCode.js';
import { PNG_1X1_BASE64 } from '../../proxy/translate/openai/__fixtures__/media.js';

/**
 * Request generators for the fuzz tests: any JSON, real client bodies with one part mutated, and
 * structured requests built from the shapes clients send, with wrong types, huge strings, deep
 * nesting and every corner of Unicode mixed in.
 */

/** Strings a client might send, including the awkward ones. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) }, // lone surrogates included
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\u0000', '\u202e', '🙂'.repeat(50), 'a\r\nb') },
  { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 300_000 }).map((n) => 'x'.repeat(n)) },
);

/** A value nested `depth` levels deep in arrays or objects. */
export function deeplyNested(depth: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { a: value };
  return value;
}

const anyJson = fc.jsonValue({ maxDepth: 4 });
const deep = fc.integer({ min: 50, max: 2000 }).map((depth) => deeplyNested(depth));
/** A value to put where a field's value was: anything JSON, often of the wrong type. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: anyJson },
  { weight: 2, arbitrary: anyText },
  { weight: 1, arbitrary: fc.constantFrom(null, true, 0, -1, 1e308, [], {}, [null], [{}]) },
  { weight: 1, arbitrary: deep },
);

export const MODELS = [
  'gemini-2.5-flash',
  'gemini-2.5-pro',
  'gemini-2.5-flash-lite',
  'gemini-3-pro-preview',
  'models/gemini-2.5-flash',
  'gemini-2.0-flash',
];
const model = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...MODELS) },
  { weight: 1, arbitrary: anyText },
);

export const functionName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('read_file', 'execute_command', 'web_search', 'list', 'a.b:c-d') },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,20}$/) },
  { weight: 1, arbitrary: anyText },
);

/** JSON Schema as clients write it for tool parameters, from plain to hostile. */
export const schema: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record(
      {
        type: fc.constantFrom('string', 'number', 'integer', 'boolean', 'null', ['string', 'null']),
        description: anyText,
        enum: fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
        const: anyJson,
      },
      { requiredKeys: ['type'] },
    ),
    fc.record(
      {
        type: fc.constant('object'),
        properties: fc.dictionary(fc.string({ maxLength: 8 }), tie('node'), { maxKeys: 3 }),
        required: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
        additionalProperties: fc.oneof(fc.boolean(), tie('node')),
        $schema: fc.constant('http://json-schema.org/draft-07/schema#'),
      },
      { requiredKeys: ['type', 'properties'] },
    ),
    fc.record({ type: fc.constant('array'), items: tie('node') }),
    fc.record({ anyOf: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ oneOf: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ $ref: fc.constant('#/$defs/x'), $defs: fc.record({ x: tie('node') }) }),
  ),
})).node;

const tool = fc.record({
  type: fc.constant('function'),
  function: fc.record(
    { name: functionName, description: anyText, parameters: schema, strict: fc.boolean() },
    { requiredKeys: ['name'] },
  ),
});

const imageUrl = fc.oneof(
  fc.constant(`data:image/png;base64,${PNG_1X1_BASE64}`),
  fc.constant('data:image/png;base64,!!!not-base64'),
  fc.constant('data:image/png;base64'),
  fc.constant('data:;base64,AAAA'),
  fc.constant('data:image/png,%E0%A4%A'),
  fc.constant('https://img.example/cat.png'),
  fc.constant('ftp://img.example/cat.png'),
  anyText,
);

const userPart = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant('text'), text: anyText }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('image_url'),
      image_url: fc.oneof(
        fc.record({ url: imageUrl, detail: fc.constantFrom('auto', 'low', 'high') }),
        imageUrl,
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('input_audio'),
      input_audio: fc.record({
        data: fc.constantFrom('AAAA', '', '%%%'),
        format: fc.constantFrom('wav', 'mp3', 'x'),
      }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('file'),
      file: fc.record(
        {
          file_data: fc.constantFrom(`data:application/pdf;base64,${PNG_1X1_BASE64}`, 'AAAA', ''),
          file_id: fc.string({ maxLength: 8 }),
          filename: fc.string({ maxLength: 8 }),
        },
        { requiredKeys: [] },
      ),
    }),
  },
);

const toolCallId = fc.constantFrom('call_1', 'call_2', 'call_3');
const toolCall = fc.record(
  {
    id: toolCallId,
    type: fc.constant('function'),
    function: fc.record({
      name: functionName,
      arguments: fc.oneof(
        fc.constantFrom('{}', '{"path":"a.ts"}', '', '{', 'null', '[]', '"x"', '{"a":{"b":[1,2,{}]}}'),
        anyText,
        fc.dictionary(fc.string({ maxLength: 5 }), anyJson, { maxKeys: 3 }),
      ),
    }),
    extra_content: fc.record({
      google: fc.record({
        thought_signature: fc.constantFrom('CiwBjz1rX9MJ4l0WpKk7Q==', '', 'skip_thought_signature_validator'),
      }),
    }),
  },
  { requiredKeys: ['id', 'function'] },
);

const message = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      role: fc.constant('system'),
      content: fc.oneof(
        anyText,
        fc.array(fc.record({ type: fc.constant('text'), text: anyText }), { maxLength: 2 }),
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ role: fc.constant('developer'), content: anyText }) },
  {
    weight: 6,
    arbitrary: fc.record(
      {
        role: fc.constant('user'),
        content: fc.oneof(anyText, fc.array(userPart, { maxLength: 4 })),
        name: fc.string({ maxLength: 5 }),
      },
      { requiredKeys: ['role', 'content'] },
    ),
  },
  {
    weight: 4,
    arbitrary: fc.record(
      {
        role: fc.constant('assistant'),
        content: fc.oneof(
          anyText,
          fc.constant(null),
          fc.array(
            fc.oneof(
              fc.record({ type: fc.constant('text'), text: anyText }),
              fc.record({ type: fc.constant('refusal'), refusal: anyText }),
            ),
            { maxLength: 2 },
          ),
        ),
        tool_calls: fc.array(toolCall, { maxLength: 3 }),
        function_call: fc.record({ name: functionName, arguments: fc.constantFrom('{}', '{"a":1}', 'x') }),
      },
      { requiredKeys: ['role'] },
    ),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      role: fc.constant('tool'),
      tool_call_id: toolCallId,
      content: fc.oneof(
        anyText,
        fc.constantFrom('{"ok":true}', '[1,2]', 'null', ''),
        fc.array(fc.record({ type: fc.constant('text'), text: anyText }), { maxLength: 2 }),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      role: fc.constant('function'),
      name: functionName,
      content: fc.oneof(anyText, fc.constant(null)),
    }),
  },
);

const thinkingConfig = fc.record(
  {
    thinking_budget: fc.integer({ min: -2, max: 40_000 }),
    thinkingBudget: fc.integer({ min: -2, max: 40_000 }),
    thinking_level: fc.constantFrom('low', 'high', 'LOW', 'medium', 'x'),
    include_thoughts: fc.boolean(),
  },
  { requiredKeys: [] },
);

/** A Chat Completions request built from the shapes real clients send; every field optional but two. */
export const chatRequest: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    model,
    messages: fc.array(message, { minLength: 1, maxLength: 6 }),
    stream: fc.boolean(),
    stream_options: fc.record({ include_usage: fc.boolean() }),
    max_tokens: fc.integer({ min: -1, max: 100_000 }),
    max_completion_tokens: fc.integer({ min: 1, max: 100_000 }),
    temperature: fc.double({ min: -1, max: 3, noNaN: true }),
    top_p: fc.double({ min: 0, max: 1, noNaN: true }),
    top_k: fc.integer({ min: 1, max: 100 }),
    n: fc.integer({ min: 1, max: 3 }),
    seed: fc.integer(),
    presence_penalty: fc.double({ min: -2, max: 2, noNaN: true }),
    frequency_penalty: fc.double({ min: -2, max: 2, noNaN: true }),
    stop: fc.oneof(anyText, fc.array(fc.string({ maxLength: 5 }), { maxLength: 6 })),
    response_format: fc.oneof(
      fc.constant({ type: 'text' }),
      fc.constant({ type: 'json_object' }),
      fc.record({
        type: fc.constant('json_schema'),
        json_schema: fc.record(
          { name: fc.string({ maxLength: 8 }), schema, strict: fc.boolean() },
          { requiredKeys: [] },
        ),
      }),
    ),
    tools: fc.array(tool, { maxLength: 3 }),
    tool_choice: fc.oneof(
      fc.constantFrom('none', 'auto', 'required'),
      fc.record({ type: fc.constant('function'), function: fc.record({ name: functionName }) }),
      fc.record({
        type: fc.constant('allowed_tools'),
        allowed_tools: fc.record({
          mode: fc.constantFrom('auto', 'required'),
          tools: fc.array(
            fc.record({ type: fc.constant('function'), function: fc.record({ name: functionName }) }),
            { maxLength: 2 },
          ),
        }),
      }),
    ),
    parallel_tool_calls: fc.boolean(),
    reasoning_effort: fc.constantFrom('none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'auto'),
    extra_body: fc.record({
      google: fc.record(
        { thinking_config: thinkingConfig, cached_content: fc.string({ maxLength: 8 }) },
        { requiredKeys: [] },
      ),
    }),
    user: fc.string({ maxLength: 8 }),
    store: fc.boolean(),
  },
  { requiredKeys: ['model', 'messages'] },
);

export const CLIENT_BODIES: ReadonlyArray<{ name: string; body: unknown }> = [
  { name: 'Cherry Studio, Gemini 3 tool round trip', body: cherryGemini3ToolRoundTrip.body },
  { name: 'Cherry Studio, Gemini 2.5 extra_body', body: cherryGemini25ExtraBody.body },
  { name: 'ChatBox image and tool call', body: chatboxImageAndToolCall.body },
  { name: 'Cline read_file', body: clineReadFile.body },
  { name: 'Roo Code tool result', body: rooCodeToolResult.body },
];

type Path = Array<string | number>;

/** Every path to a value inside `value` (the root excluded), down to a depth where clients' fields end. */
function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (prefix.length >= 12) return out;
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      out.push([...prefix, i]);
      pathsOf(item, [...prefix, i], out);
    });
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      out.push([...prefix, key]);
      pathsOf(item, [...prefix, key], out);
    }
  }
  return out;
}

type Mutation =
  { kind: 'replace'; value: unknown } | { kind: 'delete' } | { kind: 'wrap' } | { kind: 'duplicate' };

/** A copy of `body` with one mutation at `path`; only the containers along the path are copied. */
function mutate(body: unknown, path: Path, mutation: Mutation): unknown {
  const [key, ...rest] = path;
  const container = (Array.isArray(body) ? [...body] : { ...(body as object) }) as Record<
    string | number,
    unknown
  >;
  if (rest.length > 0) {
    container[key!] = mutate(container[key!], rest, mutation);
    return container;
  }
  switch (mutation.kind) {
    case 'replace':
      container[key!] = mutation.value;
      break;
    case 'delete':
      if (Array.isArray(container)) container.splice(key as number, 1);
      else delete container[key!];
      break;
    case 'wrap':
      container[key!] = [container[key!]];
      break;
    case 'duplicate':
      if (Array.isArray(container)) container.splice(key as number, 0, container[key!]);
      else container[`${String(key)}_copy`] = container[key!];
      break;
  }
  return container;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: wrongValue.map((value) => ({ kind: 'replace' as const, value })) },
  { weight: 2, arbitrary: fc.constant({ kind: 'delete' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'wrap' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'duplicate' as const }) },
);

/** A real client's body with one to three of its fields mutated. */
export const mutatedClientBody: fc.Arbitrary<unknown> = mutatedBodies(CLIENT_BODIES);

/** One of `bodies` with one to three of its fields mutated (replaced, deleted, wrapped, duplicated). */
export function mutatedBodies(bodies: ReadonlyArray<{ body: unknown }>): fc.Arbitrary<unknown> {
  return fc.constantFrom(...bodies).chain(({ body }) => {
    const paths = pathsOf(body);
    return fc
      .array(fc.tuple(fc.nat({ max: paths.length - 1 }), mutation), { minLength: 1, maxLength: 3 })
      .map((steps) =>
        steps.reduce<unknown>((current, [index, step]) => {
          const available = pathsOf(current);
          if (available.length === 0) return current;
          return mutate(current, available[index % available.length]!, step);
        }, body),
      );
  });
}

const plainText = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 60 })
  .filter((text) => text.trim() !== '');

/**
 * Requests that should mostly get an answer: valid shapes and values, ending with a user turn,
 * with unicode text, tools, images and Gemini extras, so the fuzz reaches Gemini and back.
 */
export const plausibleChatRequest: fc.Arbitrary<Record<string, unknown>> = fc
  .record(
    {
      model: fc.constantFrom(...MODELS),
      system: fc.option(plainText, { nil: undefined }),
      turns: fc.array(fc.tuple(plainText, plainText), { maxLength: 2 }),
      last: fc.oneof(
        plainText,
        fc.array(
          fc.oneof(
            fc.record({ type: fc.constant('text'), text: plainText }),
            fc.constant({ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_1X1_BASE64}` } }),
          ),
          { minLength: 1, maxLength: 3 },
        ),
      ),
      stream: fc.boolean(),
      include_usage: fc.boolean(),
      tools: fc.array(tool, { maxLength: 2 }),
      temperature: fc.double({ min: 0, max: 2, noNaN: true }),
      max_tokens: fc.integer({ min: 1, max: 8192 }),
      reasoning_effort: fc.constantFrom('none', 'low', 'medium', 'high', 'auto'),
      response_format: fc.constantFrom({ type: 'text' }, { type: 'json_object' }),
    },
    { requiredKeys: ['model', 'turns', 'last'] },
  )
  .map(({ model, system, turns, last, include_usage, ...rest }) => ({
    model,
    messages: [
      ...(system ? [{ role: 'system', content: system }] : []),
      ...turns.flatMap(([user, assistant]) => [
        { role: 'user', content: user },
        { role: 'assistant', content: assistant },
      ]),
      { role: 'user', content: last },
    ],
    ...(include_usage !== undefined ? { stream_options: { include_usage } } : {}),
    ...rest,
  }));

/** Anything at all: any JSON value, a structured request, a plausible one, or a mutated real one. */
export const anyChatBody: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 2, arbitrary: fc.jsonValue() },
  { weight: 4, arbitrary: chatRequest },
  { weight: 2, arbitrary: plausibleChatRequest },
  { weight: 4, arbitrary: mutatedClientBody },
);
