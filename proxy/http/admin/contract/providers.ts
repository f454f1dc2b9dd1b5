/** Upstreams: Gemini (built in) and OpenAI-compatible services. */

export type ContinuationStyle = 'partial' | 'prefix' | 'prompt';

/** An upstream: Gemini (built in) or an OpenAI-compatible service. */
export interface ProviderView {
  name: string;
  kind: 'gemini' | 'openai-compatible';
  baseUrl: string;
  /** Another provider's model ids; Gemini's come from its own catalogue (empty here). */
  models: string[];
  /** `builtin` for Gemini; `pending` until a first key lets gemgate ask the service for its list. */
  modelsSource: 'builtin' | 'manual' | 'fetched' | 'pending';
  /** How a cut stream is continued (docs/RESUME.md); null for Gemini, which has its own engine. */
  continuation: ContinuationStyle | null;
  /** The preset it was made from, if any. */
  preset: string | null;
  keys: number;
  activeKeys: number;
  createdAt: number | null;
}

export interface ProviderPresetView {
  name: string;
  baseUrl: string;
  continuation: ContinuationStyle;
  describe: string;
}

/** GET /admin/api/providers: Gemini first, then the others in the order they were added. */
export interface ProvidersResponse {
  providers: ProviderView[];
  presets: ProviderPresetView[];
}

/**
 * POST /admin/api/providers answers ProviderView (201). The service must be reachable, the name
 * new; otherwise 400 and nothing changes.
 */
export interface AddProviderRequest {
  name: string;
  /** The API root (https://…/v1), or a preset's name. */
  baseUrl: string;
  /** Model ids; absent: listed by the service when its first key is added. */
  models?: string[];
  continuation?: ContinuationStyle;
}

/* DELETE /admin/api/providers/:name removes it with its keys; answers 204. */
