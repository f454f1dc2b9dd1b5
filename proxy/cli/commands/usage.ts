import type { Command } from 'commander';
import type { UsageTotals } from '../../usage/usageQueries.js';
import { DEFAULT_PRICES_AS_OF } from '../../usage/defaultPrices.js';
import { localDay, startOfLocalDay } from '../../usage/calendar.js';
import { printJson, printLine, printTable } from '../io.js';
import { withServices } from '../session.js';

/** Without --since: the last 30 days, today included. */
const DEFAULT_DAYS = 30;

export function registerUsageCommand(program: Command): void {
  program
    .command('usage')
    .description('usage and cost: totals per day, provider, model, key and client (local time)')
    .option(
      '--since <date>',
      'from this day (YYYY-MM-DD, local time) or instant (ISO 8601); default: 30 days ago',
    )
    .option('--until <date>', 'up to (not including) this day or instant; default: now')
    .option('--requests <n>', 'also list the latest N requests', parseCount)
    .option('--json', 'print a JSON object')
    .action(
      (options: { since?: string; until?: string; requests?: number; json?: boolean }, command: Command) => {
        const now = Date.now();
        const since =
          options.since === undefined
            ? startOfLocalDay(localDay(now - (DEFAULT_DAYS - 1) * 86_400_000))!
            : parseWhen(options.since, '--since');
        const until = options.until === undefined ? undefined : parseWhen(options.until, '--until');
        return withServices(command, ({ usage }) => {
          // Found once: the summary marks the models without a price, and they are listed below.
          const noPrice = usage.unpriced(since, until);
          const summary = usage.summary(since, until, noPrice);
          const requests = options.requests === undefined ? undefined : usage.recent(options.requests, since);
          if (options.json) {
            return printJson({
              ...summary,
              currency: 'USD',
              pricesAsOf: DEFAULT_PRICES_AS_OF,
              unpricedModels: noPrice,
              ...(requests ? { requests } : {}),
            });
          }
          const unpriced = new Set(noPrice.map((use) => use.model));
          printLine(
            `Usage since ${summary.since}${summary.until ? ` until ${summary.until}` : ''}: ${describe(summary.total)}`,
          );
          printLine(
            `Costs use the price table (shipped prices as of ${DEFAULT_PRICES_AS_OF}; see \`gemgate prices list\`).`,
          );
          if (noPrice.length > 0) {
            printLine(
              `No price for ${noPrice.map((use) => use.model).join(', ')}: their costs are not counted (\`gemgate prices set MODEL\` prices one).`,
            );
          }
          if (summary.total.requests === 0) return;
          section(
            'By day',
            summary.byDay.map((row) => ({ day: row.day, ...columns(row) })),
          );
          section(
            'By provider',
            summary.byProvider.map((row) => ({ provider: row.provider, ...columns(row) })),
          );
          section(
            'By model',
            summary.byModel.map((row) => ({
              model: row.model ?? '-',
              ...columns({ ...row, costUsd: row.costUsd ?? 0 }),
              ...(row.priced ? {} : { cost: 'no price' }),
            })),
          );
          section(
            'By key',
            summary.byKey.map((row) => ({
              key: row.keyId ? `${row.keyId}${row.masked ? ` ${row.masked}` : ' (removed)'}` : '-',
              ...columns(row),
            })),
          );
          section(
            'By client',
            summary.byClient.map((row) => ({
              client: row.clientId ? `${row.name ?? '(deleted)'} ${row.clientId}` : '-',
              ...columns(row),
            })),
          );
          if (requests) {
            section(
              `Latest ${requests.length} requests`,
              requests.map((row) => ({
                at: row.at.replace('T', ' ').slice(0, 19),
                endpoint: row.endpoint,
                model: row.model ?? '-',
                status: String(row.status),
                outcome: row.outcome,
                attempts: String(row.attempts),
                tokens: `${row.promptTokens ?? 0}/${(row.outputTokens ?? 0) + (row.thoughtsTokens ?? 0)}`,
                cost:
                  row.costUsd !== null
                    ? usd(row.costUsd)
                    : row.model !== null && unpriced.has(row.model)
                      ? 'no price'
                      : 'unknown',
                error: row.errorClass ?? '',
              })),
            );
          }
        });
      },
    );
}

function section(title: string, rows: Array<Record<string, string>>): void {
  printLine();
  printLine(`${title}:`);
  printTable(rows, '  (none)');
}

function columns(totals: UsageTotals): Record<string, string> {
  return {
    requests: String(totals.requests),
    errors: String(totals.errors),
    input: String(totals.promptTokens),
    cached: String(totals.cachedTokens),
    output: String(totals.outputTokens),
    thoughts: String(totals.thoughtsTokens),
    cost: `${usd(totals.costUsd)}${totals.unpriced ? ` +${totals.unpriced} unknown` : ''}`,
  };
}

function describe(totals: UsageTotals): string {
  return `${totals.requests} requests, ${totals.errors} errors, ${usd(totals.costUsd)}${totals.unpriced ? ` (+${totals.unpriced} requests of unknown cost: unpriced models, embeddings)` : ''}`;
}

function usd(value: number): string {
  return `$${value.toFixed(value !== 0 && value < 0.01 ? 6 : 2)}`;
}

function parseWhen(value: string, flag: string): number {
  const day = startOfLocalDay(value);
  if (day !== undefined) return day;
  const at = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(at)) {
    throw new Error(`${flag} must be a day (YYYY-MM-DD) or an ISO 8601 instant, not "${value}".`);
  }
  return at;
}

function parseCount(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 10_000) {
    throw new Error(`--requests must be a number from 1 to 10000, not "${value}".`);
  }
  return count;
}
