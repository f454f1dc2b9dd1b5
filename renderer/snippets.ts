// How to point each client at gemgate: the settings its own UI (or its config file) asks for, in its
// own words. One entry per client: adding a client is adding an entry to CLIENT_SETUPS.

export interface Endpoints {
  /** The gateway's root, where Gemini-dialect clients point. */
  gemini: string;
  /** `…/v1`, where OpenAI-dialect clients point. */
  openai: string;
}

export interface ClientSetup {
  client: string;
  /** Each setting as the client labels it; a value that is a URL gets a Copy button. */
  steps: (endpoints: Endpoints, token: string) => Array<{ label: string; value: string }>;
  note?: (endpoints: Endpoints) => string;
}

/** What stands for the client token in the snippets: the real one is shown once, on Clients. */
export const TOKEN_PLACEHOLDER = '<your gemgate client token>';

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
      { label: 'Model', value: 'gemini-2.5-flash' },
    ],
    note: () => 'Cline takes the same settings.',
  },
];

/** The set-up of every client for these endpoints (and a token, when one is at hand). */
export function setupSnippets(endpoints: Endpoints, token = TOKEN_PLACEHOLDER) {
  return CLIENT_SETUPS.map((setup) => ({
    client: setup.client,
    steps: setup.steps(endpoints, token),
    note: setup.note?.(endpoints) ?? '',
  }));
}
