// How to point each client at gemgate: the settings its own UI asks for, in its own words, or the
// file, environment or code it reads. One list (CLIENT_SETUPS) for the dashboard's "Set up a client"
// and the README; adding a client is adding an entry. test/agent-clis.test.ts runs the command-line
// and code entries as written against a real gateway.

export interface Endpoints {
  /** The gateway's root, where Gemini-dialect (and Anthropic-dialect) clients point. */
  gemini: string;
  /** `…/v1`, where OpenAI-dialect clients point. */
  openai: string;
}

export interface ClientSetup {
  client: string;
  /**
   * What to enter or write, in order, as the client labels it. A value with line breaks is a whole
   * file, environment block or piece of code, copied as one; a value that is a URL gets a Copy button.
   */
  steps: (endpoints: Endpoints, token: string) => Array<{ label: string; value: string }>;
  note?: (endpoints: Endpoints) => string;
}

/** One client's set-up for given endpoints and token. */
export interface Snippet {
  client: string;
  steps: Array<{ label: string; value: string }>;
  note: string;
}

/** What stands for the client token in the snippets: the real one is shown once, on Clients. */
export const TOKEN_PLACEHOLDER = '<your gemgate client token>';

/** The model the snippets name where a client needs one: the fast model every key can use. */
export const SNIPPET_MODEL = 'gemini-2.5-flash';

export const CLIENT_SETUPS: ClientSetup[] = [
  {
    client: 'Cherry Studio',
    steps: (endpoints, token) => [
      { label: 'Provider type', value: 'Gemini' },
      { label: 'API host', value: endpoints.gemini },
      { label: 'API key', value: token },
    ],
    note: () => 'Or provider type OpenAI with the same host: Cherry Studio adds /v1 itself.',
  },
  {
    client: 'ChatBox',
    steps: (endpoints, token) => [
      { label: 'Model provider', value: 'OpenAI API Compatible' },
      { label: 'API host', value: endpoints.openai },
      { label: 'API key', value: token },
    ],
    note: (endpoints) =>
      `Or provider Gemini with host ${endpoints.gemini}; ChatBox then sends the token as ?key=.`,
  },
  {
    client: 'Roo Code',
    steps: (endpoints, token) => [
      { label: 'API provider', value: 'OpenAI Compatible' },
      { label: 'Base URL', value: endpoints.openai },
      { label: 'API key', value: token },
      { label: 'Model', value: SNIPPET_MODEL },
    ],
    note: () => 'Cline takes the same settings.',
  },
  {
    client: 'Codex CLI',
    steps: (endpoints, token) => [
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
    note: () =>
      'Then run codex as usual. Its own provider, not openai_base_url: that one asks for ChatGPT sign-in.',
  },
  {
    client: 'Gemini CLI',
    steps: (endpoints, token) => [
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
    note: () =>
      'The settings file picks API-key sign-in, so gemini starts without asking for a Google login, and a model every key can use (change it at will).',
  },
  {
    client: 'AI SDK',
    steps: (endpoints) => [
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
    note: () =>
      'The default provider speaks the Responses API; gemgate stores responses, so it can refer back to earlier items.',
  },
  {
    client: 'LangChain',
    steps: (endpoints) => [
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
    note: () => 'Chat Completions by default; useResponsesApi: true takes the Responses API.',
  },
  // Anthropic's Messages API: the SDKs add /v1/messages to the host themselves.
  {
    client: 'Claude Code',
    steps: (endpoints, token) => [
      { label: 'ANTHROPIC_BASE_URL', value: endpoints.gemini },
      { label: 'ANTHROPIC_AUTH_TOKEN', value: token },
      { label: 'ANTHROPIC_MODEL', value: 'gemini-2.5-pro' },
      { label: 'ANTHROPIC_DEFAULT_HAIKU_MODEL', value: 'gemini-2.5-flash' },
    ],
    note: () =>
      'Environment variables, set before running claude. Claude ids it sends on its own go to Gemini too: haiku to 2.5 Flash, the others to 2.5 Pro (models.aliases changes that).',
  },
  {
    client: 'Cherry Studio (Anthropic)',
    steps: (endpoints, token) => [
      { label: 'Provider type', value: 'Anthropic' },
      { label: 'API host', value: endpoints.gemini },
      { label: 'API key', value: token },
      { label: 'Model', value: 'gemini-2.5-flash' },
    ],
    note: () => 'Add the Gemini models by id; thinking and tool calls work as with Claude.',
  },
  {
    client: 'Cline (Anthropic)',
    steps: (endpoints, token) => [
      { label: 'API provider', value: 'Anthropic' },
      { label: 'Custom base URL', value: endpoints.gemini },
      { label: 'Anthropic API key', value: token },
    ],
    note: () =>
      'Cline lists only Claude models here: gemgate answers them with Gemini (models.aliases picks which).',
  },
];

/** The set-up of every client for these endpoints (and a token, when one is at hand). */
export function setupSnippets(endpoints: Endpoints, token = TOKEN_PLACEHOLDER): Snippet[] {
  return CLIENT_SETUPS.map((setup) => ({
    client: setup.client,
    steps: setup.steps(endpoints, token),
    note: setup.note?.(endpoints) ?? '',
  }));
}
