// How to point each client at gemgate: the settings its own UI asks for, in its own words.

export interface Snippet {
  client: string;
  steps: Array<{ label: string; value: string }>;
  note: string;
}

export function setupSnippets(endpoints: { gemini: string; openai: string }): Snippet[] {
  const token = '<your gemgate client token>';
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
        { label: 'Model', value: 'gemini-2.5-flash' },
      ],
      note: 'Cline takes the same settings.',
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
