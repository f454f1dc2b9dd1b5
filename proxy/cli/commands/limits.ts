import type { Command } from 'commander';
import { LimitsAdmin, type LimitRule } from '../limitsAdmin.js';
import { LIMIT_FIELDS, type LimitField, type ResolvedLimit } from '../../pool/limits.js';
import { formatTime, printJson, printLine, printTable } from '../io.js';
import { withServices } from '../session.js';

/** A limit as shown: a number, "unlimited", or (in a rule) "-" when it inherits. */
const show = (value: number | null): string =>
  value === null ? '-' : value === Infinity ? 'unlimited' : String(value);
/** JSON has no Infinity: "unlimited"; null means the rule inherits the field. */
const json = (value: number | null): number | string | null => (value === Infinity ? 'unlimited' : value);
const day = (at: number) => new Date(at).toISOString().slice(0, 10);

/** A limit's source for JSON: `default`, `rule` or `learned` (with when and the tier Google named). */
function sourceJson(limit: ResolvedLimit): Record<string, unknown> {
  if (limit.source !== 'learned') return { source: limit.source };
  return {
    source: 'learned',
    learnedAt: new Date(limit.learnedAt ?? 0).toISOString(),
    tier: limit.tier ?? null,
  };
}

/** "rpd learned 2026-12-07 (FreeTier)": the limits in force that are not the built-in defaults. */
function sourceText(sources: Record<LimitField, ResolvedLimit>): string {
  const parts = LIMIT_FIELDS.flatMap((field) => {
    const limit = sources[field];
    if (limit.source === 'rule') return [`${field} your rule`];
    if (limit.source === 'learned')
      return [`${field} from Google ${day(limit.learnedAt ?? 0)}${limit.tier ? ` (${limit.tier})` : ''}`];
    return [];
  });
  return parts.length === 0 ? 'defaults' : parts.join(', ');
}

const RULE_SOURCE: Record<LimitRule['source'], string> = {
  default: 'free-tier default',
  override: 'your rule',
  learned: 'learned from Google',
};

export function registerLimitCommands(program: Command): void {
  const limits = program
    .command('limits')
    .description(
      'quota limits per project and model (RPM, TPM, RPD); gemgate skips a project at its limit instead of calling it',
    );

  limits
    .command('list')
    .description(
      'list the free-tier defaults, your rules and the limits learned from Google; with --model, every project’s limits, where they come from, and use',
    )
    .option('--model <model>', "show each project's limits in force for this model, and what it used")
    .option('--json', 'print JSON')
    .action((options: { model?: string; json?: boolean }, command: Command) => {
      return withServices(command, ({ store }) => {
        const admin = new LimitsAdmin(store);
        if (options.model !== undefined) {
          const rows = admin.standing(options.model);
          if (options.json) {
            return printJson(
              rows.map((row) => ({
                ...row,
                limits: { rpm: json(row.limits.rpm), tpm: json(row.limits.tpm), rpd: json(row.limits.rpd) },
                sources: {
                  rpm: sourceJson(row.sources.rpm),
                  tpm: sourceJson(row.sources.tpm),
                  rpd: sourceJson(row.sources.rpd),
                },
                coolingUntil: row.coolingUntil === null ? null : new Date(row.coolingUntil).toISOString(),
              })),
            );
          }
          return printTable(
            rows.map((row) => ({
              project: row.project,
              id: row.projectId,
              account: row.account,
              rpm: `${row.minuteRequests}/${show(row.limits.rpm)}`,
              rpd: `${row.dayRequests}/${show(row.limits.rpd)}`,
              tpm: show(row.limits.tpm),
              'limits from': sourceText(row.sources),
              cooling: row.coolingUntil === null ? '' : `until ${formatTime(row.coolingUntil)}`,
            })),
            'No projects yet.',
          );
        }
        const rules = admin.rules();
        if (options.json) {
          return printJson(
            rules.map((rule) => ({
              ...rule,
              rpm: json(rule.rpm),
              tpm: json(rule.tpm),
              rpd: json(rule.rpd),
              ...(rule.learnedAt === undefined ? {} : { learnedAt: new Date(rule.learnedAt).toISOString() }),
            })),
          );
        }
        printTable(
          rules.map((rule) => ({
            source:
              RULE_SOURCE[rule.source] + (rule.learnedAt === undefined ? '' : ` ${day(rule.learnedAt)}`),
            project: rule.project ?? 'every project',
            model: rule.model,
            rpm: show(rule.rpm),
            tpm: show(rule.tpm),
            rpd: show(rule.rpd),
          })),
          '',
        );
      });
    });

  limits
    .command('set')
    .description(
      'set limits for a model (or family, e.g. gemini-2.5-*, or *) on every project or one project',
    )
    .requiredOption('--model <model>', 'model id, family pattern ending in *, or * for every model')
    .option(
      '--project <id>',
      'only this project: its id, Google Cloud project id, or the id of one of its keys',
    )
    .option('--rpm <n>', 'requests per minute: a number, unlimited, or default (inherit)')
    .option('--tpm <n>', 'input tokens per minute: a number, unlimited, or default')
    .option('--rpd <n>', 'requests per day (Pacific time): a number, unlimited, or default')
    .action(
      (
        options: { model: string; project?: string; rpm?: string; tpm?: string; rpd?: string },
        command: Command,
      ) => {
        return withServices(command, ({ store }) => {
          const rule = new LimitsAdmin(store).set(options);
          printLine(
            `${rule.model} on ${options.project ?? 'every project'}: rpm ${show(rule.rpm)}, tpm ${show(rule.tpm)}, rpd ${show(rule.rpd)}`,
          );
        });
      },
    );

  limits
    .command('reset')
    .description('remove your rule for a model (and project), going back to the defaults')
    .requiredOption('--model <model>', 'model id or pattern, as given to `limits set`')
    .option('--project <id>', 'the project the rule is for')
    .action((options: { model: string; project?: string }, command: Command) => {
      return withServices(command, ({ store }) => {
        new LimitsAdmin(store).reset(options);
        printLine(`removed the rule for ${options.model} on ${options.project ?? 'every project'}`);
      });
    });

  limits
    .command('resume')
    .description(
      'use a project again that a spending limit stopped (after you raised its cap or bought credits)',
    )
    .requiredOption(
      '--project <id>',
      'the project: its id, Google Cloud project id, or the id of one of its keys',
    )
    .action((options: { project: string }, command: Command) => {
      return withServices(command, ({ store }) => {
        const project = new LimitsAdmin(store).resume(options.project);
        printLine(`project ${project.label} (${project.id}) is used again`);
      });
    });

  limits
    .command('forget')
    .description(
      'forget the limits learned from Google (say, after a project moved to a paid tier); the defaults and your rules apply until the next 429',
    )
    .option('--project <id>', 'only this project')
    .option('--model <model>', 'only this model')
    .action((options: { project?: string; model?: string }, command: Command) => {
      return withServices(command, ({ store }) => {
        const count = new LimitsAdmin(store).forget(options);
        printLine(`forgot ${count} learned limit${count === 1 ? '' : 's'}`);
      });
    });
}
