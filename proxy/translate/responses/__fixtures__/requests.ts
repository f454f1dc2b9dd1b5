/**
 * Responses request bodies as real clients send them to POST /v1/responses, mid-conversation.
 * Signatures, ids and image data are shortened stand-ins: gemgate only carries them.
 */
import { encodeReasoningCarrier } from '../reasoningCarrier.js';

const weatherParameters = {
  type: 'object',
  properties: { city: { type: 'string' } },
  required: ['city'],
  additionalProperties: false,
};

/**
 * The `openai` SDK's documented function-calling loop (https://platform.openai.com/docs/guides/function-calling,
 * "Function calling steps"): the second request resends the input, every output item of the first
 * response as the SDK parsed it (ids, statuses, and the SDK's own `parsed_arguments`), then the
 * function's output. gemgate's reasoning item carries the call's thought signature.
 */
export const openaiSdkToolRoundTrip = {
  model: 'gemini-3-flash-preview',
  input: [
    { role: 'user', content: 'What is the weather in Paris?' },
    {
      type: 'reasoning',
      id: 'rs_1',
      summary: [],
      encrypted_content: encodeReasoningCarrier(new Map([['call_1', 'CtEBsig1']])),
      status: 'completed',
    },
    {
      type: 'function_call',
      id: 'fc_1',
      call_id: 'call_1',
      name: 'get_weather',
      arguments: '{"city":"Paris"}',
      status: 'completed',
      parsed_arguments: { city: 'Paris' },
    },
    { type: 'function_call_output', call_id: 'call_1', output: '{"temperature":21,"unit":"C"}' },
  ],
  tools: [
    {
      type: 'function',
      name: 'get_weather',
      description: 'Weather for a city',
      strict: true,
      parameters: weatherParameters,
    },
  ],
};

/**
 * Codex CLI with a Gemini model behind a `wire_api = "responses"` provider, second step of a turn:
 * base instructions, the environment as a developer/user message, the shell call and its output.
 * Fields from codex-rs codex-api src/common.rs (ResponsesApiRequest: instructions, tool_choice
 * "auto", parallel_tool_calls, store false, stream true, include reasoning.encrypted_content,
 * prompt_cache_key, text.verbosity, client_metadata) and protocol src/models.rs (ResponseItem:
 * message with input_text/output_text, function_call, function_call_output, reasoning).
 */
export const codexShellStep = {
  model: 'gemini-2.5-pro',
  instructions: 'You are Codex, a coding agent running in a terminal.',
  input: [
    {
      type: 'message',
      role: 'developer',
      content: [{ type: 'input_text', text: '<permissions instructions>workspace-write</permissions instructions>' }],
    },
    {
      type: 'message',
      role: 'user',
      content: [{ type: 'input_text', text: '<environment_context><cwd>/work/app</cwd></environment_context>' }],
    },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'List the files.' }] },
    {
      type: 'reasoning',
      id: 'rs_7',
      summary: [{ type: 'summary_text', text: '**Listing files**' }],
      content: null,
      encrypted_content: null,
    },
    {
      type: 'function_call',
      name: 'shell',
      arguments: '{"command":["ls","-la"],"workdir":"/work/app"}',
      call_id: 'call_shell_1',
    },
    {
      type: 'function_call_output',
      call_id: 'call_shell_1',
      output: 'total 8\n-rw-r--r-- 1 me me 12 README.md\n',
    },
  ],
  tools: [
    {
      type: 'function',
      name: 'shell',
      description: 'Runs a shell command and returns its output.',
      strict: false,
      parameters: {
        type: 'object',
        properties: {
          command: { type: 'array', items: { type: 'string' } },
          workdir: { type: 'string' },
          timeout_ms: { type: 'number' },
        },
        required: ['command'],
        additionalProperties: false,
      },
    },
  ],
  tool_choice: 'auto',
  parallel_tool_calls: false,
  reasoning: { effort: 'medium', summary: 'auto' },
  store: false,
  stream: true,
  include: ['reasoning.encrypted_content'],
  prompt_cache_key: '0199a1b2-thread',
  text: { verbosity: 'medium' },
  client_metadata: { 'x-codex-turn': '2' },
};

/**
 * Cherry Studio's "OpenAI-Response" provider type: the AI SDK's OpenAI Responses provider with
 * `store: false` (CherryHQ/cherry-studio src/renderer/src/aiCore/utils/options.ts,
 * buildOpenAIProviderOptions), so history goes in full (vercel/ai packages/openai/src/responses/
 * convert-to-openai-responses-input.ts: system message as a string, user parts input_text and
 * input_image with a data URL, earlier answers as assistant messages with output_text and their
 * item id, reasoning items with encrypted_content and summary).
 */
export const cherryStudioFollowUp = {
  model: 'gemini-2.5-flash',
  input: [
    { role: 'system', content: 'You are a helpful assistant.' },
    {
      role: 'user',
      content: [
        { type: 'input_text', text: 'What is on this picture?' },
        { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=' },
      ],
    },
    {
      type: 'reasoning',
      id: 'rs_2',
      encrypted_content: null,
      summary: [{ type: 'summary_text', text: '**Looking at the picture**' }],
    },
    { role: 'assistant', content: [{ type: 'output_text', text: 'A single pixel.' }], id: 'msg_2' },
    { role: 'user', content: [{ type: 'input_text', text: 'What colour is it?' }] },
  ],
  temperature: 0.7,
  max_output_tokens: 4096,
  reasoning: { effort: 'low', summary: 'auto' },
  include: ['reasoning.encrypted_content'],
  store: false,
  stream: true,
};

/**
 * Codex CLI 0.171 in its default configuration (a `wire_api = "responses"` provider), its first
 * request of a turn as recorded against gemgate, shortened: the instructions and most tools cut, the
 * namespace tool of its sub-agent functions and the `web_search` tool it always sends kept as sent
 * (`external_web_access` included), with its request fields (`store: false`, `client_metadata`).
 */
export const codexNamespaceTurn = {
  model: 'gemini-2.5-flash',
  stream: true,
  input: [
    {
      type: 'message',
      id: 'msg_2edc7b31-299e-5993-8dba-fffdc2da3fcc',
      role: 'developer',
      content: [{ type: 'input_text', text: 'You are a coding agent running in the Codex CLI.' }],
    },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Close agent 7.' }] },
  ],
  tools: [
    {
      type: 'function',
      name: 'exec_command',
      description: 'Runs a command in a PTY, returning output or a session ID for ongoing interaction.',
      strict: false,
      parameters: {
        type: 'object',
        properties: { cmd: { type: 'string', description: 'Shell command to execute.' } },
        required: ['cmd'],
        additionalProperties: false,
      },
    },
    {
      type: 'namespace',
      name: 'multi_agent_v1',
      description: 'Tools for spawning and managing sub-agents.',
      tools: [
        {
          type: 'function',
          name: 'close_agent',
          description: 'Close an agent and any open descendants when they are no longer needed.',
          strict: false,
          parameters: {
            type: 'object',
            properties: { target: { type: 'string', description: 'Agent id to close.' } },
            required: ['target'],
            additionalProperties: false,
          },
        },
        {
          type: 'function',
          name: 'resume_agent',
          description: 'Resume a previously closed agent by id.',
          strict: false,
          parameters: {
            type: 'object',
            properties: { id: { type: 'string' } },
            required: ['id'],
            additionalProperties: false,
          },
        },
      ],
    },
    { type: 'web_search', external_web_access: false },
  ],
  tool_choice: 'auto',
  parallel_tool_calls: true,
  reasoning: { summary: 'auto' },
  store: false,
  include: ['reasoning.encrypted_content'],
  prompt_cache_key: '01a25062-6c54-7c11-8573-4f56dce2d10d',
  client_metadata: { turn_id: '01a25062-6c94-7cd0-bdfe-1e2218f1576d' },
};
