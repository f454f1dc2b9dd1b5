// How to point each client at gemgate: the settings its own UI asks for, in its own words, or the
// file, environment or code it reads. One list for the dashboard's "Set up a client" and the README;
// test/agent-clis.test.ts runs the command-line and code entries as written against a real gateway.

export interface Snippet {
  client: string;
  /**
   * What to enter or write, in order. A value with line breaks is a whole file, environment block or
   * piece of code, copied as one.
   */
  steps: Array<{ label: string; value: string }>;
  note: string;
}

/** What stands for the client token in every snippet; the user pastes theirs in its place. */
export const TOKEN_PLACEHOLDER = '<your gemgate client token>';

/** The model the snippets name where a client needs one: the fast model every key can use. */
export const SNIPPET_MODEL = 'gemini-2.5-flash';

export function setupSnippets(endpoints: { gemini: string; openai: string }): Snippet[] {
  const token = TOKEN_PLACEHOLDER;
  return [
    {
      client: 'Cherry Studio',
      steps: [
        { label: 'Provider type', value: 'Gemini' },
        { label: 'API host', value: endpoints.gemini },
        { label: 'API key', value: token },
      ],
      note: 'Or provider type OpenAI with the same host: Cherry Studio adds /v1 itself.',
    },
    {
      client: 'ChatBox',
      steps: [
        { label: 'Model provider', value: 'OpenAI API Compatible' },
        { label: 'API host', value: endpoints.openai },
        { label: 'API key', value: token },
      ],
      note: `Or provider Gemini with host ${endpoints.gemini}; ChatBox then sends the token as ?key=.`,
    },
    {
      client: 'Roo Code',
      steps: [
        { label: 'API provider', value: 'OpenAI Compatible' },
        { label: 'Base URL', value: endpoints.openai },
        { label: 'API key', value: token },
        { label: 'Model', value: SNIPPET_MODEL },
      ],
      note: 'Cline takes the same settings.',
    },
    {
      client: 'Codex CLI',
      steps: [
        {
          label: '~/.codex/config.toml',
          value: [
            `model = "${SNIPPET_MODEL}"`,
            'model_provider = "gemgate"',
            '',
            '[model_providers.gemgate]',
            'name = "gemgate"',
            `base_url = "${endpoints.openai}"`,
            'env_key = "GEMGATE_API_KEY"',
            'wire_api = "responses"',
          ].join('\n'),
        },
        { label: 'Environment', value: `export GEMGATE_API_KEY="${token}"` },
      ],
      note: 'Then run codex as usual. Its own provider, not openai_base_url: that one asks for ChatGPT sign-in.',
    },
    {
      client: 'Gemini CLI',
      steps: [
        {
          label: 'Environment',
          value: [
            `export GOOGLE_GEMINI_BASE_URL="${endpoints.gemini}"`,
            `export GEMINI_API_KEY="${token}"`,
          ].join('\n'),
        },
        {
          label: '~/.gemini/settings.json',
          value: JSON.stringify(
            { security: { auth: { selectedType: 'gemini-api-key' } }, model: { name: SNIPPET_MODEL } },
            null,
            2,
          ),
        },
      ],
      note: 'The settings file picks API-key sign-in, so gemini starts without asking for a Google login, and a model every key can use (change it at will).',
    },
    {
      client: 'AI SDK',
      steps: [
        {
          label: 'Code',
          value: [
            "import { createOpenAI } from '@ai-sdk/openai';",
            '',
            'const gemgate = createOpenAI({',
            `  baseURL: '${endpoints.openai}',`,
            '  apiKey: process.env.GEMGATE_API_KEY,',
            '});',
            `export const model = gemgate('${SNIPPET_MODEL}');`,
          ].join('\n'),
        },
      ],
      note: 'The default provider speaks the Responses API; gemgate stores responses, so it can refer back to earlier items.',
    },
    {
      client: 'LangChain',
      steps: [
        {
          label: 'Code',
          value: [
            "import { ChatOpenAI } from '@langchain/openai';",
            '',
            'export const model = new ChatOpenAI({',
            `  model: '${SNIPPET_MODEL}',`,
            '  apiKey: process.env.GEMGATE_API_KEY,',
            `  configuration: { baseURL: '${endpoints.openai}' },`,
            '});',
          ].join('\n'),
        },
      ],
      note: 'Chat Completions by default; useResponsesApi: true takes the Responses API.',
    },
    // Anthropic's Messages API: the SDKs add /v1/messages to the host themselves.
    {
      client: 'Claude Code',
      steps: [
        { label: 'ANTHROPIC_BASE_URL', value: endpoints.gemini },
        { label: 'ANTHROPIC_AUTH_TOKEN', value: token },
        { label: 'ANTHROPIC_MODEL', value: 'gemini-2.5-pro' },
        { label: 'ANTHROPIC_DEFAULT_HAIKU_MODEL', value: 'gemini-2.5-flash' },
      ],
      note: 'Environment variables, set before running claude. Claude ids it sends on its own go to Gemini too: haiku to 2.5 Flash, the others to 2.5 Pro (models.aliases changes that).',
    },
    {
      client: 'Cherry Studio (Anthropic)',
      steps: [
        { label: 'Provider type', value: 'Anthropic' },
        { label: 'API host', value: endpoints.gemini },
        { label: 'API key', value: token },
        { label: 'Model', value: 'gemini-2.5-flash' },
      ],
      note: 'Add the Gemini models by id; thinking and tool calls work as with Claude.',
    },
    {
      client: 'Cline (Anthropic)',
      steps: [
        { label: 'API provider', value: 'Anthropic' },
        { label: 'Custom base URL', value: endpoints.gemini },
        { label: 'Anthropic API key', value: token },
      ],
      note: 'Cline lists only Claude models here: gemgate answers them with Gemini (models.aliases picks which).',
    },
  ];
}
