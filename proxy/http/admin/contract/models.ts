/** The models the pool can serve, for pickers. */

export interface PoolModelView {
  /** As a client names it: `gemini-2.5-flash`, `qwen-plus`. */
  id: string;
  /** `gemini`, or the provider that serves it. */
  provider: string;
  /** Gemini's own name for it ("Gemini 2.5 Flash"), when it has one. */
  displayName: string | null;
}

/** GET /admin/api/models: Gemini's catalogue (through the pool, cached a few minutes) and each provider's models. */
export interface ModelsResponse {
  models: PoolModelView[];
  /** Why Gemini's models are missing (no key can list them, Gemini unreachable); null when they are listed. */
  geminiUnavailable: string | null;
}
