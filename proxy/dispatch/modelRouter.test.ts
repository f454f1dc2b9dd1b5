import { describe, expect, it } from 'vitest';
import type { ProviderRecord } from '../store/providers.js';
import { ModelRouter } from './modelRouter.js';

const provider = (name: string, models: string[]): ProviderRecord => ({
  name,
  kind: 'openai-compatible',
  baseUrl: `https://${name}.example/v1`,
  models,
  modelsSource: 'manual',
  continuation: 'prompt',
  preset: null,
  createdAt: 0,
});

describe('ModelRouter: which provider serves a model id', () => {
  const router = new ModelRouter();
  router.load(
    [
      provider('qwen', ['qwen-plus', 'shared-model']),
      provider('deepseek', ['deepseek-chat', 'shared-model']),
    ],
    [
      'fast=qwen/qwen-flash',
      'smart=gemini-2.5-pro',
      'chat=deepseek-chat',
      'claude-sonnet-4-5-20250929=gemini-3-pro-preview',
      'claude-*haiku*=gemini-2.5-flash-lite',
    ],
  );

  it.each([
    ['a Gemini model', 'gemini-2.5-flash', 'gemini', 'gemini-2.5-flash'],
    ["Gemini's own prefixes", 'models/gemini-2.5-flash', 'gemini', 'gemini-2.5-flash'],
    ['gemini/ explicitly', 'gemini/gemini-2.5-pro', 'gemini', 'gemini-2.5-pro'],
    ['provider/model', 'qwen/qwen-max', 'qwen', 'qwen-max'],
    ['a model in a catalogue', 'qwen-plus', 'qwen', 'qwen-plus'],
    ['a model two catalogues list: the older provider', 'shared-model', 'qwen', 'shared-model'],
    ['an alias to provider/model', 'fast', 'qwen', 'qwen-flash'],
    ['an alias to a Gemini model', 'smart', 'gemini', 'gemini-2.5-pro'],
    ["an alias to a catalogue's model", 'chat', 'deepseek', 'deepseek-chat'],
    ['a prefix that is no provider', 'meta-llama/llama-3', 'gemini', 'meta-llama/llama-3'],
    ['an unknown model: Gemini answers it', 'no-such-model', 'gemini', 'no-such-model'],
    ['a Claude id with an alias', 'claude-sonnet-4-5-20250929', 'gemini', 'gemini-3-pro-preview'],
    ['a Claude id an alias with * matches', 'claude-haiku-4-5-20251001', 'gemini', 'gemini-2.5-flash-lite'],
    ['a Claude id without an alias: its default', 'claude-opus-4-1', 'gemini', 'gemini-2.5-pro'],
  ])('%s: %s', (_name, requested, served, model) => {
    const route = router.resolve(requested);
    expect(route.kind === 'gemini' ? 'gemini' : route.provider.name).toBe(served);
    expect(route.model).toBe(model);
  });

  it('forgets a provider removed since', () => {
    const fresh = new ModelRouter();
    fresh.load([provider('qwen', ['qwen-plus'])]);
    fresh.load([]);
    expect(fresh.resolve('qwen-plus')).toEqual({ kind: 'gemini', model: 'qwen-plus' });
  });
});
