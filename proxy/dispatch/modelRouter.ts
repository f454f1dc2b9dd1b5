import { GEMINI_PROVIDER, type ProviderRecord } from '../store/providers.js';
import { geminiForClaude } from '../models/claudeModels.js';

/** Where a model id goes: Gemini, or another provider (with the id that provider knows it by). */
export type ModelRoute =
  { kind: 'gemini'; model: string } | { kind: 'provider'; provider: ProviderRecord; model: string };

/** `models/…` and `google/…` are Gemini's own prefixes, which clients send; gemgate drops them. */
function withoutGeminiPrefixes(model: string): string {
  let name = model.trim();
  for (;;) {
    const stripped = name.replace(/^(models|google)\//, '');
    if (stripped === name) return name;
    name = stripped;
  }
}

/**
 * Decides which provider serves a model id, the same way for every route:
 *
 * | the client names                             | it goes to                                      |
 * | -------------------------------------------- | ----------------------------------------------- |
 * | an alias of `models.aliases`                 | what the alias names, read by the rows below    |
 * | a name an alias with `*` matches (the first) | the same                                        |
 * | `NAME/model`, NAME a provider                | that provider, as `model`                        |
 * | `gemini/model`                               | Gemini, as `model`                               |
 * | a model in a provider's model list           | that provider (the oldest one, when two list it) |
 * | a Claude id (`claude-…`)                     | Gemini, as the model of its weight (models/claudeModels.ts) |
 * | anything else                                | Gemini, which answers 404 to a model it lacks   |
 *
 * Gemini's own names never collide with a provider prefix: `gemini`, `google` and `models` cannot
 * be provider names.
 */
export class ModelRouter {
  private byName = new Map<string, ProviderRecord>();
  private byModel = new Map<string, ProviderRecord>();
  private aliases = new Map<string, string>();
  /** Aliases whose name has a `*` (any run of characters), in the order given. */
  private patterns: Array<[RegExp, string]> = [];
  private list: readonly ProviderRecord[] = [];

  /** Takes the providers (oldest first) and `alias=target` pairs; called again after every change. */
  load(providers: readonly ProviderRecord[], aliases: readonly string[] = []): void {
    this.list = providers;
    this.byName = new Map(providers.map((provider) => [provider.name, provider]));
    this.byModel = new Map();
    for (const provider of providers) {
      for (const model of provider.models) if (!this.byModel.has(model)) this.byModel.set(model, provider);
    }
    const pairs = aliases.map((pair): [string, string] => {
      const at = pair.indexOf('=');
      return [pair.slice(0, at), pair.slice(at + 1)];
    });
    this.aliases = new Map(pairs.filter(([name]) => !name.includes('*')));
    this.patterns = pairs
      .filter(([name]) => name.includes('*'))
      .map(([name, target]) => [globPattern(name), target]);
  }

  providers(): readonly ProviderRecord[] {
    return this.list;
  }

  resolve(requested: string): ModelRoute {
    const name = withoutGeminiPrefixes(requested);
    const target =
      this.aliases.get(name) ?? this.patterns.find(([pattern]) => pattern.test(name))?.[1] ?? name;
    const slash = target.indexOf('/');
    if (slash > 0) {
      const prefix = target.slice(0, slash);
      const rest = target.slice(slash + 1);
      if (prefix === GEMINI_PROVIDER) return { kind: 'gemini', model: withoutGeminiPrefixes(rest) };
      const provider = this.byName.get(prefix);
      if (provider && rest.length > 0) return { kind: 'provider', provider, model: rest };
    }
    const listed = this.byModel.get(target);
    if (listed) return { kind: 'provider', provider: listed, model: target };
    return { kind: 'gemini', model: geminiForClaude(target) ?? target };
  }
}

/** `claude-*haiku*` -> a RegExp matching the whole name, `*` standing for any run of characters. */
function globPattern(name: string): RegExp {
  const escaped = name.split('*').map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}
