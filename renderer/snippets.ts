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
  ];
}
