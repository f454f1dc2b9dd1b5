import type { GeminiModel } from '../../gemini/types.js';
import type { AnthropicModelInfo, AnthropicModelList } from './types.js';

export interface ModelPage {
  /** Anthropic's `limit`: 1 to 1000, 20 when absent. */
  limit?: number;
  /** List the models after this id (`after_id`)… */
  afterId?: string;
  /** …or before it (`before_id`). */
  beforeId?: string;
}

/**
 * Gemini's models -> Anthropic's `GET /v1/models` page
 * (node_modules/@anthropic-ai/sdk/src/resources/models.ts, ModelInfo; paged by `limit`, `after_id`,
 * `before_id`):
 *
 * | ModelInfo          | Gemini model                                     |
 * | ------------------ | ------------------------------------------------ |
 * | `id`               | its name without `models/`: what clients send    |
 * | `display_name`     | `displayName`, else the id                       |
 * | `created_at`       | 1970-01-01T00:00:00Z: Gemini does not say        |
 * | `max_input_tokens` | `inputTokenLimit`                                |
 * | `max_tokens`       | `outputTokenLimit`                               |
 *
 * Only models that generate text are listed: the Messages API can serve nothing else.
 */
export function toModelList(models: readonly GeminiModel[], page: ModelPage = {}): AnthropicModelList {
  const all = models
    .filter((model) => model.supportedGenerationMethods?.includes('generateContent') ?? true)
    .map(toModelInfo);
  const limit = Math.min(1000, Math.max(1, Math.floor(page.limit ?? 20)));
  let start = 0;
  let end = all.length;
  if (page.afterId !== undefined) start = all.findIndex((model) => model.id === page.afterId) + 1;
  if (page.beforeId !== undefined)
    end = Math.max(
      0,
      all.findIndex((model) => model.id === page.beforeId),
    );
  const data =
    page.beforeId !== undefined
      ? all.slice(Math.max(start, end - limit), end)
      : all.slice(start, start + limit);
  const more = page.beforeId !== undefined ? end - data.length > start : start + data.length < end;
  return { data, has_more: more, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}

function toModelInfo(model: GeminiModel): AnthropicModelInfo {
  const id = model.name.replace(/^models\//, '');
  return {
    type: 'model',
    id,
    display_name: model.displayName ?? id,
    created_at: '1970-01-01T00:00:00Z',
    max_input_tokens: model.inputTokenLimit ?? null,
    max_tokens: model.outputTokenLimit ?? null,
  };
}
