/**
 * Requests shaped as Claude Code sends them to `POST /v1/messages?beta=true`, recorded from Claude
 * Code 2.1.332 (`claude -p`, ANTHROPIC_BASE_URL on loopback) and from the shapes issue 27 lists for
 * 2.1.197's interactive sessions. Long texts (the system prompt, tool descriptions, reminders) are
 * shortened to what the test needs; every structure is kept: three system blocks (the billing header
 * without cache_control, two with it), user text blocks, a `role: "system"` message with
 * cache_control, adaptive thinking, `output_config.effort`, `context_management`, a JSON-string
 * `metadata.user_id`, 24 tools whose `input_schema`s are JSON Schema 2020-12 (`$schema`,
 * `additionalProperties`, `propertyNames`, `exclusiveMinimum`, `const`, `anyOf`, `format`, `pattern`),
 * one of them deferred (`defer_loading`), and the second turn after a tool call.
 */

export const CLAUDE_CODE_HEADERS = {
  'anthropic-version': '2023-06-01',
  'anthropic-beta':
    'claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27,prompt-caching-scope-2026-01-05,mid-conversation-system-2026-04-07,effort-2025-11-24',
  'anthropic-dangerous-direct-browser-access': 'true',
  'x-app': 'cli',
  'user-agent': 'claude-cli/2.1.332 (external, cli)',
  'accept-encoding': 'gzip, deflate, br, zstd',
} as const;

const SCHEMA_2020_12 = 'https://json-schema.org/draft/2020-12/schema';
const ephemeral = { type: 'ephemeral' } as const;

type Schema = Record<string, unknown>;
const object = (properties: Record<string, Schema>, required: string[] = []): Schema => ({
  $schema: SCHEMA_2020_12,
  type: 'object',
  properties,
  ...(required.length > 0 ? { required } : {}),
  additionalProperties: false,
});
const str = (description: string, extra: Schema = {}): Schema => ({ description, type: 'string', ...extra });
const int = (description: string, extra: Schema = {}): Schema => ({ description, type: 'integer', ...extra });
const bool = (description: string): Schema => ({ description, type: 'boolean' });

const TOOL_SCHEMAS: Array<[name: string, schema: Schema]> = [
  [
    'Agent',
    object(
      {
        description: str('A short (3-5 word) description of the task'),
        prompt: str('The task for the agent to perform'),
        subagent_type: str('The type of specialized agent to use'),
        model: str('Optional model override', { enum: ['sonnet', 'opus', 'haiku'] }),
      },
      ['description', 'prompt'],
    ),
  ],
  [
    'Bash',
    object(
      {
        command: str('The command to execute'),
        timeout: { description: 'Optional timeout in milliseconds', type: 'number', exclusiveMinimum: 0, maximum: 600000 },
        description: str('What this command does, in active voice'),
        run_in_background: bool('Run the command in the background'),
      },
      ['command'],
    ),
  ],
  ['Glob', object({ pattern: str('The glob pattern to match files against'), path: str('The directory to search in') }, ['pattern'])],
  [
    'Grep',
    object(
      {
        pattern: str('The regular expression to search for'),
        path: str('File or directory to search in'),
        output_mode: str('Output mode', { enum: ['content', 'files_with_matches', 'count'] }),
        '-A': int('Lines to show after each match', { minimum: 0 }),
        head_limit: int('Limit output to the first N entries', { exclusiveMinimum: 0 }),
        multiline: bool('Enable multiline mode'),
      },
      ['pattern'],
    ),
  ],
  ['ExitPlanMode', object({ plan: str('The plan to run') })],
  [
    'Read',
    object(
      {
        file_path: str('The absolute path to the file to read'),
        offset: int('The line number to start reading from', { minimum: 0, maximum: 9007199254740991 }),
        limit: int('The number of lines to read', { exclusiveMinimum: 0, maximum: 9007199254740991 }),
        pages: str('Page range for PDF files', { pattern: '^\\d+(-\\d+)?$' }),
      },
      ['file_path'],
    ),
  ],
  [
    'Edit',
    object(
      {
        file_path: str('The absolute path to the file to modify'),
        old_string: str('The text to replace'),
        new_string: str('The text to replace it with'),
        replace_all: { description: 'Replace all occurrences', default: false, type: 'boolean' },
      },
      ['file_path', 'old_string', 'new_string'],
    ),
  ],
  ['Write', object({ file_path: str('The absolute path to the file to write'), content: str('The content') }, ['file_path', 'content'])],
  [
    'NotebookEdit',
    object(
      {
        notebook_path: str('The absolute path to the notebook'),
        cell_id: str('The id of the cell to edit'),
        new_source: str('The new source for the cell'),
        cell_type: str('The cell type', { enum: ['code', 'markdown'] }),
        edit_mode: str('The type of edit', { enum: ['replace', 'insert', 'delete'] }),
      },
      ['notebook_path', 'new_source'],
    ),
  ],
  ['WebFetch', object({ url: str('The URL to fetch content from', { format: 'uri' }), prompt: str('What to extract') }, ['url', 'prompt'])],
  [
    'TodoWrite',
    object(
      {
        todos: {
          description: 'The updated todo list',
          type: 'array',
          items: {
            type: 'object',
            properties: {
              content: str('', { minLength: 1 }),
              status: { type: 'string', enum: ['pending', 'in_progress', 'completed'] },
              activeForm: str('', { minLength: 1 }),
            },
            required: ['content', 'status', 'activeForm'],
            additionalProperties: false,
          },
        },
      },
      ['todos'],
    ),
  ],
  [
    'WebSearch',
    object(
      {
        query: str('The search query to use', { minLength: 2 }),
        allowed_domains: { description: 'Only include results from these domains', type: 'array', items: { type: 'string' } },
      },
      ['query'],
    ),
  ],
  ['BashOutput', object({ bash_id: str('The id of the background shell'), filter: str('A regular expression') }, ['bash_id'])],
  ['KillShell', object({ shell_id: str('The id of the background shell to kill') }, ['shell_id'])],
  ['Skill', object({ skill: str('The name of a skill'), args: str('Optional arguments') }, ['skill'])],
  ['SlashCommand', object({ command: str('The slash command to run, with its arguments') }, ['command'])],
  [
    'AskUserQuestion',
    object(
      {
        questions: {
          type: 'array',
          minItems: 1,
          maxItems: 4,
          items: {
            type: 'object',
            properties: {
              question: str('The question'),
              header: str('A short label', { maxLength: 12 }),
              multiSelect: { type: 'boolean', default: false },
              options: {
                type: 'array',
                items: { type: 'object', properties: { label: str(''), description: str('') }, required: ['label'] },
              },
            },
            required: ['question', 'options'],
          },
        },
        answers: {
          description: 'Answers collected so far',
          type: 'object',
          propertyNames: { type: 'string' },
          additionalProperties: { type: 'string' },
        },
      },
      ['questions'],
    ),
  ],
  ['EnterPlanMode', object({})],
  [
    'ScheduleWakeup',
    object({
      delaySeconds: { description: 'Seconds from now to wake up', type: 'number', exclusiveMinimum: 0 },
      reason: str('Why this delay'),
      stop: bool('Stop the loop instead'),
    }),
  ],
  [
    'ListMcpResources',
    object({ server: str('Optional server name to filter by'), cursor: str('The cursor of the next page', { maxLength: 256 }) }),
  ],
  ['ReadMcpResource', object({ server: str('The MCP server name'), uri: str('The resource URI', { format: 'uri' }) }, ['server', 'uri'])],
  [
    'mcp__playwright__browser_navigate_to_the_page_and_wait_until_the_network_is_idle',
    object({ url: str('The URL to navigate to', { format: 'uri' }) }, ['url']),
  ],
  [
    'ReportFindings',
    object(
      {
        level: { const: 'review' },
        findings: {
          type: 'array',
          maxItems: 32,
          items: {
            type: 'object',
            properties: {
              file: str('Repo-relative path'),
              line: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'null' }] },
              severity: str('How bad', { enum: ['low', 'medium', 'high'] }),
            },
            required: ['file', 'severity'],
            additionalProperties: false,
          },
        },
      },
      ['findings'],
    ),
  ],
  ['ToolSearch', object({ query: str('Query to find deferred tools'), max_results: { type: 'number', default: 5 } }, ['query'])],
];

export const CLAUDE_CODE_TOOLS = [
  ...TOOL_SCHEMAS.map(([name, input_schema]) => ({
    name,
    description: `${name}: what it does, and when to use it (shortened).`,
    input_schema,
  })),
  {
    name: 'DeferredToolPlaceholder',
    description: 'Tools that are loaded on demand (ToolSearch).',
    input_schema: { type: 'object', properties: {} },
    defer_loading: true,
  },
];

export const CLAUDE_CODE_SYSTEM = [
  { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.332.1c9; cc_entrypoint=cli;' },
  { type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude.", cache_control: ephemeral },
  {
    type: 'text',
    text: '\nYou are an interactive CLI tool that helps users with software engineering tasks. (shortened)',
    cache_control: ephemeral,
  },
];

/** The first turn: `claude -p "List the files here"`. */
export function claudeCodeFirstTurn(model = 'claude-sonnet-4-5-20250929', prompt = 'List the files here') {
  return {
    model,
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: '<system-reminder>\nAttribution for git commits (shortened).\n</system-reminder>\n' },
          { type: 'text', text: prompt, cache_control: ephemeral },
        ],
      },
      {
        role: 'system',
        content: [
          {
            type: 'text',
            text: '# Environment\n - Primary working directory: /home/user/project\n - Platform: linux (shortened)',
            cache_control: ephemeral,
          },
        ],
      },
    ],
    system: CLAUDE_CODE_SYSTEM,
    tools: CLAUDE_CODE_TOOLS,
    metadata: {
      user_id: JSON.stringify({ device_id: '02fcf17fba62649f', account_uuid: '', session_id: 'ac0b94e5-7b4b-4ec4' }),
    },
    max_tokens: 32000,
    thinking: { type: 'adaptive' },
    context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
    output_config: { effort: 'high' },
    stream: true,
  };
}

/**
 * The second turn, after the model called Bash: Claude Code sends the thinking block back as
 * `{type, thinking, signature}` and the tool_use as `{type, id, name, input}` only, then the
 * tool_result with `tool_use_id`, `content`, `is_error` and `cache_control`.
 */
export function claudeCodeAfterToolCall(
  first: ReturnType<typeof claudeCodeFirstTurn>,
  assistant: { thinking: string; signature: string; toolUseId: string; input: Record<string, unknown> },
  output = 'README.md\npackage.json\nsrc',
) {
  return {
    ...first,
    messages: [
      ...first.messages,
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: assistant.thinking, signature: assistant.signature },
          { type: 'tool_use', id: assistant.toolUseId, name: 'Bash', input: assistant.input },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: assistant.toolUseId, content: output, is_error: false, cache_control: ephemeral },
        ],
      },
    ],
  };
}
