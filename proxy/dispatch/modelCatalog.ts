import type { GeminiModel, ListModelsResponse } from '../gemini/types.js';
import type { UpstreamDispatcher } from './upstreamDispatcher.js';
import type { ApiVersion } from '../upstream/geminiClient.js';
import { readJsonBody } from '../upstream/geminiClient.js';

/** The model list changes a few times a year; a few minutes of caching spares a call per client refresh. */
const TTL_MS = 5 * 60_000;

/** Gemini's model list, fetched (all pages) with a key from the pool and cached briefly. */
export class ModelCatalog {
  private readonly cache = new Map<ApiVersion, { at: number; models: Promise<GeminiModel[]> }>();

  constructor(
    private readonly dispatcher: UpstreamDispatcher,
    private readonly now: () => number = Date.now,
  ) {}

  list(apiVersion: ApiVersion): Promise<GeminiModel[]> {
    const cached = this.cache.get(apiVersion);
    if (cached && this.now() - cached.at < TTL_MS) return cached.models;
    const models = this.fetchAll(apiVersion);
    this.cache.set(apiVersion, { at: this.now(), models });
    models.catch(() => this.cache.delete(apiVersion));
    return models;
  }

  private async fetchAll(apiVersion: ApiVersion): Promise<GeminiModel[]> {
    const models: GeminiModel[] = [];
    let pageToken: string | undefined;
    do {
      const query = new URLSearchParams({ pageSize: '1000', ...(pageToken ? { pageToken } : {}) });
      const opened = await this.dispatcher.get(`${apiVersion}/models?${query}`, 'models.list');
      const page = (await readJsonBody(opened.response.body)) as ListModelsResponse | undefined;
      models.push(...(page?.models ?? []));
      pageToken = page?.nextPageToken || undefined;
    } while (pageToken);
    return models;
  }
}
