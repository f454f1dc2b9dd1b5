import type { Command } from 'commander';
import type { PriceListing } from '../../usage/priceTable.js';
import { DEFAULT_PRICES_AS_OF, DEFAULT_PRICES_SOURCE } from '../../usage/defaultPrices.js';
import type { ModelPrice } from '../../usage/modelPrice.js';
import { printJson, printLine, printTable } from '../io.js';
import { withServices } from '../session.js';

/** "In use": requests named the model within this many days. */
const IN_USE_DAYS = 30;

interface SetOptions {
  input: string;
  output: string;
  cached?: string;
  longThreshold?: string;
  longInput?: string;
  longOutput?: string;
  longCached?: string;
  tier?: string[];
}

export function registerPriceCommands(program: Command): void {
  const prices = program
    .command('prices')
    .description('the price table costs are computed with (USD per 1M tokens)');

  prices
    .command('list')
    .description(
      `every priced model (shipped defaults and your own prices), and the models used in the last ${IN_USE_DAYS} days that have no price`,
    )
    .option('--json', 'print a JSON object')
    .action((options: { json?: boolean }, command: Command) =>
      withServices(command, ({ prices, usage }) => {
        const listing = prices.list();
        const unpriced = usage.unpriced(Date.now() - IN_USE_DAYS * 86_400_000);
        if (options.json) {
          return printJson({
            currency: 'USD',
            unit: 'per 1M tokens',
            defaultsAsOf: DEFAULT_PRICES_AS_OF,
            defaultsSource: DEFAULT_PRICES_SOURCE,
            prices: listing,
            unpriced: unpriced.map((use) => ({ ...use, lastAt: new Date(use.lastAt).toISOString() })),
          });
        }
        printLine(
          `USD per 1M tokens. Shipped prices as of ${DEFAULT_PRICES_AS_OF} from ${DEFAULT_PRICES_SOURCE}; thoughts are billed as output.`,
        );
        printTable(listing.map(row), '');
        printLine();
        if (unpriced.length === 0) {
          printLine(`Every model used in the last ${IN_USE_DAYS} days has a price.`);
        } else {
          printLine(
            `In use without a price (last ${IN_USE_DAYS} days; their costs show as "no price" until you run \`gemgate prices set MODEL ...\`):`,
          );
          printTable(
            unpriced.map((use) => ({
              model: use.provider === 'gemini' ? use.model : `${use.provider}/${use.model}`,
              requests: String(use.requests),
              'last used': new Date(use.lastAt).toISOString().replace('T', ' ').slice(0, 19),
            })),
            '',
          );
        }
      }),
    );

  prices
    .command('set')
    .description(
      "set a model's price (it wins over the shipped one); a running gateway uses it within a second",
    )
    .argument(
      '<model>',
      "model id, e.g. gemini-2.5-flash (also prices its versions, e.g. gemini-2.5-flash-001); another provider's as provider/model",
    )
    .requiredOption('--input <usd>', 'input (prompt) tokens')
    .requiredOption('--output <usd>', 'output tokens, thoughts included')
    .option('--cached <usd>', 'cached input tokens (default: the input price)')
    .option(
      '--long-threshold <tokens>',
      'prompts above this many tokens use the --long-* prices (Gemini: 200000)',
    )
    .option('--long-input <usd>', 'input price above the threshold')
    .option('--long-output <usd>', 'output price above the threshold')
    .option('--long-cached <usd>', 'cached input price above the threshold')
    .option(
      '--tier <upTo:input:output[:cached]>',
      'a price tier by prompt length, repeatable (Qwen): calls whose prompt is at most upTo tokens pay these rates',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--json', 'print the stored price as JSON')
    .action((model: string, options: SetOptions & { json?: boolean }, command: Command) => {
      const price = {
        model,
        input: number(options.input, '--input'),
        output: number(options.output, '--output'),
        cached: optionalNumber(options.cached, '--cached'),
        longThreshold: optionalNumber(options.longThreshold, '--long-threshold'),
        inputLong: optionalNumber(options.longInput, '--long-input'),
        outputLong: optionalNumber(options.longOutput, '--long-output'),
        cachedLong: optionalNumber(options.longCached, '--long-cached'),
        ...(options.tier ? { tiers: options.tier.map(tierOf) } : {}),
      };
      return withServices(command, ({ prices }) => {
        const stored = prices.set(price);
        if (options.json) return printJson(stored);
        printLine(`${stored.model}: ${describe(stored)}`);
      });
    });

  prices
    .command('reset')
    .description('forget your price for a model: it goes back to the shipped price (or to unpriced)')
    .argument('<model>', 'model id')
    .action((model: string, _options: unknown, command: Command) =>
      withServices(command, ({ prices }) => {
        if (!prices.reset(model)) {
          throw new Error(
            `You have no price of your own for "${model}". \`gemgate prices list\` shows them.`,
          );
        }
        printLine(`reset ${model}`);
      }),
    );
}

/** `--tier 256000:0.4:1.2[:0.08]` -> a tier. */
function tierOf(value: string): { upTo: number; input: number; output: number; cached?: number } {
  const parts = value.split(':');
  if (parts.length < 3 || parts.length > 4) {
    throw new Error(`--tier takes upTo:input:output or upTo:input:output:cached, not "${value}".`);
  }
  const [upTo, input, output, cached] = parts.map((part) => number(part, '--tier'));
  return { upTo: upTo!, input: input!, output: output!, ...(cached === undefined ? {} : { cached }) };
}

function row(price: PriceListing): Record<string, string> {
  const long = price.longThreshold !== undefined;
  if (price.tiers) {
    const tiers = price.tiers;
    return {
      model: price.model,
      input: tiers.map((tier) => fmt(tier.input)).join(' / '),
      output: tiers.map((tier) => fmt(tier.output)).join(' / '),
      cached: tiers.map((tier) => fmt(tier.cached ?? tier.input)).join(' / '),
      'long above': `tiers up to ${tiers.map((tier) => tier.upTo).join(' / ')} tokens`,
      source: price.source === 'user' ? 'yours' : `default ${DEFAULT_PRICES_AS_OF}`,
    };
  }
  return {
    model: price.model,
    input: fmt(price.input) + (long ? ` / ${fmt(price.inputLong ?? price.input)}` : ''),
    output: fmt(price.output) + (long ? ` / ${fmt(price.outputLong ?? price.output)}` : ''),
    cached:
      fmt(price.cached ?? price.input) +
      (long ? ` / ${fmt(price.cachedLong ?? price.cached ?? price.input)}` : ''),
    'long above': long ? `${price.longThreshold} tokens` : '-',
    source: price.source === 'user' ? 'yours' : `default ${DEFAULT_PRICES_AS_OF}`,
  };
}

function describe(price: ModelPrice): string {
  if (price.tiers) {
    return `${price.tiers.map((tier) => `up to ${tier.upTo} prompt tokens: input $${tier.input}, output $${tier.output}${tier.cached === undefined ? '' : `, cached $${tier.cached}`}`).join('; ')} per 1M tokens`;
  }
  const parts = [`input $${price.input}`, `output $${price.output}`];
  if (price.cached !== undefined) parts.push(`cached $${price.cached}`);
  if (price.longThreshold !== undefined) {
    parts.push(
      `above ${price.longThreshold} prompt tokens: input $${price.inputLong ?? price.input}, output $${price.outputLong ?? price.output}` +
        (price.cachedLong !== undefined ? `, cached $${price.cachedLong}` : ''),
    );
  }
  return `${parts.join(', ')} per 1M tokens`;
}

function fmt(value: number): string {
  return `$${value}`;
}

function number(value: string, flag: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed))
    throw new Error(`${flag} must be a number, not "${value}".`);
  return parsed;
}

function optionalNumber(value: string | undefined, flag: string): number | undefined {
  return value === undefined ? undefined : number(value, flag);
}
