/**
 * Models Google shut down: their endpoints answer 404, so a request for one can only fail. Known
 * here so the client is told plainly which model is gone and since when, and so no shipped price,
 * limit or trait is kept for them.
 *
 * | model id prefix           | shut down  | source |
 * | ------------------------- | ---------- | ------ |
 * | `gemini-2.0-flash`        | 2026-06-01 | firebase.google.com/docs/ai-logic ("Gemini 2.0 Flash and Flash-Lite models will shut down on June 1, 2026", page updated 2026-05-13) |
 * | `gemini-3-pro-preview`    | 2026-03-09 | ai.google.dev/gemini-api/docs/deprecations (3 Pro Preview → 3.1 Pro Preview) |
 * | `imagen-4.0-`             | 2026-08-17 | the Gemini API changelog as the issue quotes it (August 2026); azmym/gemini-mcp v0.2.1 ("Google discontinues all Imagen 4 endpoints on 2026-08-17") |
 * | `imagen-3.0-`             | 2025-11-10 | ai.google.dev/gemini-api/docs/deprecations (imagen-3.0-generate-002) |
 *
 * Read 2026-12-07. A prefix matches the id itself or the id followed by `-` (`gemini-2.0-flash-001`,
 * `gemini-2.0-flash-lite`), or, ending in `-`, any id it starts.
 */
const RETIRED: ReadonlyArray<{ prefix: string; since: string }> = [
  { prefix: 'gemini-2.0-flash', since: '2026-06-01' },
  { prefix: 'gemini-3-pro-preview', since: '2026-03-09' },
  { prefix: 'imagen-4.0-', since: '2026-08-17' },
  { prefix: 'imagen-3.0-', since: '2025-11-10' },
];

/** The day (YYYY-MM-DD) Google shut the model down, or undefined for a model not known to be retired. */
export function retiredSince(model: string): string | undefined {
  const id = model.replace(/^models\//, '');
  for (const { prefix, since } of RETIRED) {
    const matches = prefix.endsWith('-')
      ? id.startsWith(prefix)
      : id === prefix || id.startsWith(`${prefix}-`);
    if (matches) return since;
  }
  return undefined;
}
